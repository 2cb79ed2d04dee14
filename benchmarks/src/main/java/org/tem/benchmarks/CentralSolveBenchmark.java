package org.tem.benchmarks;

import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.tem.api.Solution;
import org.tem.api.Topology;
import org.tem.api.Vpp;
import org.tem.examples.synthetic.SyntheticScenario;
import org.tem.solver.CentralProblem;
import org.tem.solver.CentralSolver;
import org.tem.solver.qp.IpmSolver;
import org.tem.solver.qp.OjAlgoSolver;
import org.tem.solver.qp.OsqpSolver;
import org.tem.solver.qp.QpProblem;
import org.tem.solver.qp.QpResult;

/**
 * The central problem (docs/model.md eq. 3) of a synthetic day, the same day {@code tem scenario} writes,
 * compiled and solved from scratch each call (what {@code tem solve --method central} does after reading
 * the file), warm in JMH: {@code dayCase} is {@code topology-homes} (pool 10 to 200, bilateral 10 to 50),
 * {@code tariff} flat or time-of-use, {@code solver} the default ({@code ipm}: the interior point with
 * the OSQP fallback), {@code osqp} alone or {@code ojalgo}; OSQP and ojAlgo take minutes on the large
 * cases, so run them with {@code -p dayCase=pool-10}.
 *
 * <p>{@link #main} measures iterations, and a single solve in a fresh JVM.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 7)
@Fork(1)
public class CentralSolveBenchmark {
    /** {@code topology-homes}. */
    @Param({"pool-10", "pool-50", "pool-100", "pool-200", "bilateral-10", "bilateral-20", "bilateral-50"})
    public String dayCase;

    /** {@code flat} or {@code tou}. */
    @Param({"flat"})
    public String tariff;

    /** {@code ipm} (the default central solver), {@code osqp} or {@code ojalgo}. */
    @Param({"ipm"})
    public String solver;

    private Vpp vpp;

    /** Builds the day (seed 1) once per trial. */
    @Setup(Level.Trial)
    public void setUp() {
        vpp = day(dayCase, tariff.equals("tou"), 1);
    }

    /** @return the solution of one compile-and-solve */
    @Benchmark
    public Solution solve() {
        CentralSolver central = switch (solver) {
            case "ipm" -> new CentralSolver();
            case "osqp" -> new CentralSolver(new OsqpSolver());
            case "ojalgo" -> new CentralSolver(new OjAlgoSolver());
            default -> throw new IllegalArgumentException("solver: ipm, osqp or ojalgo, was " + solver);
        };
        return central.solve(vpp);
    }

    static Vpp day(String dayCase, boolean timeOfUse, long seed) {
        String[] parts = dayCase.split("-");
        return SyntheticScenario.of(Integer.parseInt(parts[1]), seed).topology(Topology.fromLabel(parts[0]))
                .timeOfUse(timeOfUse).build();
    }

    /**
     * Two measurements outside JMH. {@code iterations [case…]} prints, for every case (default: all of
     * {@link #dayCase}'s values) and both tariffs of seeds 1-3, the interior point's iterations, status and
     * solver time in one JVM (the first solve includes the JIT's warm-up). {@code cold CASE [tou]} solves
     * seed 1 of one case once, as the first thing this JVM does after building the day, like
     * {@code tem solve --method central} in a fresh JVM, and prints the solution's {@code seconds} (wall)
     * and the CPU time of the solving thread, which a busy machine disturbs less than the wall time.
     *
     * @param args {@code iterations [case…]} or {@code cold CASE [tou]}
     */
    public static void main(String[] args) {
        if (args.length >= 2 && args[0].equals("cold")) {
            Vpp vpp = day(args[1], args.length > 2 && args[2].equals("tou"), 1);
            java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
            long cpu = threads.getCurrentThreadCpuTime();
            Solution s = new CentralSolver().solve(vpp);
            cpu = threads.getCurrentThreadCpuTime() - cpu;
            System.out.printf(Locale.ROOT, "%s %s: %s, seconds %.3f, thread CPU %.3f s%s%n", args[1],
                    args.length > 2 ? args[2] : "flat", s.status(), s.seconds(), cpu / 1e9,
                    s.message().isEmpty() ? "" : " (" + s.message() + ")");
            return;
        }
        String[] cases = args.length > 1 ? java.util.Arrays.copyOfRange(args, 1, args.length)
                : new String[] {"pool-10", "pool-50", "pool-100", "pool-200", "bilateral-10", "bilateral-20",
                    "bilateral-50"};
        System.out.println("case          tariff seed variables rows   status   iterations solver-ms");
        for (String c : cases) {
            for (boolean tou : new boolean[] {false, true}) {
                for (long seed = 1; seed <= 3; seed++) {
                    QpProblem problem = new CentralProblem(day(c, tou, seed)).problem();
                    QpResult r = new IpmSolver().solve(problem);
                    System.out.printf(Locale.ROOT, "%-13s %-6s %4d %9d %6d %-8s %10d %9.1f%n", c, tou ? "tou" : "flat",
                            seed, problem.variables(), problem.rows(), r.status(), r.iterations(), r.nanos() / 1e6);
                }
            }
        }
    }
}
