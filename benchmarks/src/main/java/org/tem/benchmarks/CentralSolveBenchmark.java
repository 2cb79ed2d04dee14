package org.tem.benchmarks;

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
import org.tem.solver.CentralSolver;
import org.tem.solver.qp.OjAlgoSolver;
import org.tem.solver.qp.OsqpSolver;

/**
 * The central problem (MODEL.md eq. 3) of a synthetic day, compiled and solved from scratch each
 * call: 10 and 50 homes, bilateral and pool, with the default (sparse interior point, OSQP as
 * fallback), OSQP alone and ojAlgo. ojAlgo and OSQP on the large cases take minutes per solve; run
 * them with {@code -p prosumers=10}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 7)
@Fork(1)
public class CentralSolveBenchmark {
    @Param({"10", "50"})
    public int prosumers;

    @Param({"bilateral", "pool"})
    public String topology;

    @Param({"ipm", "osqp", "ojalgo"})
    public String solver;

    private Vpp vpp;

    @Setup(Level.Trial)
    public void setUp() {
        vpp = SyntheticScenario.of(prosumers, 1).topology(Topology.fromLabel(topology)).build();
    }

    @Benchmark
    public Solution solve() {
        CentralSolver central = switch (solver) {
            case "ipm" -> new CentralSolver();
            case "osqp" -> new CentralSolver(new OsqpSolver());
            default -> new CentralSolver(new OjAlgoSolver());
        };
        return central.solve(vpp);
    }
}
