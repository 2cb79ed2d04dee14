package org.tem.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.tem.api.Solution;
import org.tem.api.Topology;
import org.tem.api.Vpp;
import org.tem.examples.synthetic.SyntheticScenario;
import org.tem.solver.CentralSolver;
import org.tem.solver.admm.AdmmListener;
import org.tem.solver.admm.AdmmOptions;
import org.tem.solver.admm.AdmmRun;
import org.tem.solver.admm.AdmmSolver;
import org.tem.solver.admm.WarmStart;

/**
 * The ADMM table of benchmarks/README.md ("ADMM"): runs {@link AdmmSolver} — the production path,
 * with the honest result (every home re-solved with its settled trades fixed) — for named option sets
 * on synthetic days, and prints one Markdown row per day and method: status, iterations, the true
 * cost's gap to the central optimum, and wall time. All in one JVM.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar org.tem.benchmarks.AdmmTable DAYS METHOD...
 *   DAYS    b10:5-12 (bilateral, 10 homes, seeds 5 to 12), p10:5-12, p100:1-2; time-of-use on even
 *           seeds; several separated by commas. With "warm" as the first METHOD, each seed runs days
 *           0, 1, 2, ... (DAYS gives seed:days, e.g. b10:5x4 = seed 5, days 0-3), cold and warm.
 *   METHOD  name=key:value/key:value..., keys rho, adapt, acc, relax, epsabs, epsrel, rule
 *           (standard|paper|settled), max
 * </pre>
 */
public final class AdmmTable {
    private AdmmTable() {
    }

    /** A named option set. */
    record Method(String name, AdmmOptions options) {
        static Method parse(String spec) {
            int eq = spec.indexOf('=');
            String name = spec.substring(0, eq);
            AdmmOptions o = AdmmOptions.DEFAULT;
            for (String kv : spec.substring(eq + 1).split("/")) {
                if (kv.isEmpty()) {
                    continue;
                }
                String[] p = kv.split(":");
                switch (p[0]) {
                    case "rho" -> o = o.withRho(Double.parseDouble(p[1]));
                    case "adapt" -> o = o.withAdaptiveRho(Double.parseDouble(p[1]) != 0);
                    case "acc" -> o = o.withAcceleration(Double.parseDouble(p[1]) != 0);
                    case "relax" -> o = o.withRelaxation(Double.parseDouble(p[1]));
                    case "epsabs" -> o = o.withTolerances(Double.parseDouble(p[1]), o.epsRel());
                    case "epsrel" -> o = o.withTolerances(o.epsAbs(), Double.parseDouble(p[1]));
                    case "rule" -> o = o.withRule(AdmmOptions.StoppingRule.valueOf(p[1].toUpperCase(Locale.ROOT)));
                    case "max" -> o = o.withMaxIterations(Integer.parseInt(p[1]));
                    default -> throw new IllegalArgumentException(kv);
                }
            }
            return new Method(name, o);
        }
    }

    /**
     * @param args days, then methods
     */
    public static void main(String[] args) {
        int threads = Integer.parseInt(System.getProperty("threads", "2"));
        boolean warm = args.length > 1 && args[1].startsWith("warm");
        List<Method> methods = new ArrayList<>();
        for (int i = warm ? 2 : 1; i < args.length; i++) {
            methods.add(Method.parse(args[i]));
        }
        System.out.println("| day | method | status | iterations | true gap | seconds |");
        System.out.println("|---|---|---|---|---|---|");
        for (String spec : args[0].split(",")) {
            String[] parts = spec.split(":");
            Topology topology = parts[0].charAt(0) == 'p' ? Topology.POOL : Topology.BILATERAL;
            int homes = Integer.parseInt(parts[0].substring(1));
            if (warm) {
                String[] sd = parts[1].split("x");
                long seed = Long.parseLong(sd[0]);
                int days = Integer.parseInt(sd[1]);
                for (Method m : methods) {
                    WarmStart start = WarmStart.COLD;
                    for (int d = 0; d < days; d++) {
                        Vpp vpp = SyntheticScenario.of(homes, seed).topology(topology).timeOfUse(seed % 2 == 0).day(d)
                                .build();
                        double optimum = new CentralSolver().solve(vpp).totalCost();
                        String day = parts[0] + " seed " + seed + " day " + d;
                        row(day, m.name + " cold", new AdmmSolver(m.options, threads, AdmmListener.NONE)
                                .run(vpp, WarmStart.COLD), optimum);
                        AdmmRun run = new AdmmSolver(m.options, threads, AdmmListener.NONE).run(vpp, start);
                        row(day, m.name + " warm", run, optimum);
                        start = run.next();
                    }
                }
                continue;
            }
            String[] range = parts[1].split("-");
            int from = Integer.parseInt(range[0]);
            int to = range.length > 1 ? Integer.parseInt(range[1]) : from;
            for (int seed = from; seed <= to; seed++) {
                boolean tou = seed % 2 == 0;
                Vpp vpp = SyntheticScenario.of(homes, seed).topology(topology).timeOfUse(tou).build();
                Solution central = new CentralSolver().solve(vpp);
                String day = parts[0] + " seed " + seed + (tou ? " ToU" : "");
                for (Method m : methods) {
                    row(day, m.name, new AdmmSolver(m.options, threads, AdmmListener.NONE).run(vpp, WarmStart.COLD),
                            central.totalCost());
                }
            }
        }
    }

    private static void row(String day, String method, AdmmRun run, double optimum) {
        Solution s = run.solution();
        double gap = (s.totalCost() - optimum) / Math.abs(optimum);
        System.out.printf(Locale.ROOT, "| %s | %s | %s | %d | %s | %.1f |%n", day, method, s.status().label(),
                s.iterations(), Double.isNaN(gap) ? "—" : String.format(Locale.ROOT, "%.1e", gap), s.seconds());
        System.out.flush();
    }
}
