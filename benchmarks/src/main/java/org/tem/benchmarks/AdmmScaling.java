package org.tem.benchmarks;

import java.util.Locale;
import org.tem.api.Solution;
import org.tem.api.Topology;
import org.tem.api.Vpp;
import org.tem.examples.synthetic.SyntheticScenario;
import org.tem.solver.CentralSolver;
import org.tem.solver.admm.AdmmListener;
import org.tem.solver.admm.AdmmOptions;
import org.tem.solver.admm.AdmmSolver;

/**
 * The ADMM scaling harness (a macro benchmark, not JMH): iterations and wall time to converge on a
 * synthetic day for a list of VPP sizes, with fixed and adaptive ρ, and the gap to the central
 * optimum where the central problem is small enough to solve.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar org.tem.benchmarks.AdmmScaling bilateral 10,50,100
 * java -cp benchmarks/target/benchmarks.jar org.tem.benchmarks.AdmmScaling pool 10,100,1000
 * </pre>
 *
 * Prints one Markdown table row per run. Optional third argument: {@code fixed}, {@code adaptive}
 * or {@code both} (default); fourth: ε_rel (default 1e-4); fifth: {@code accelerated} or {@code plain}.
 */
public final class AdmmScaling {
    private AdmmScaling() {
    }

    /**
     * @param args topology, comma-separated sizes, [fixed|adaptive|both], [eps-rel], [accelerated|plain]
     */
    public static void main(String[] args) {
        Topology topology = Topology.fromLabel(args.length > 0 ? args[0] : "bilateral");
        String[] sizes = (args.length > 1 ? args[1] : "10").split(",");
        String modes = args.length > 2 ? args[2] : "both";
        double epsRel = args.length > 3 ? Double.parseDouble(args[3]) : 1e-4;
        boolean accelerated = args.length <= 4 || args[4].equals("accelerated");
        int threads = Runtime.getRuntime().availableProcessors();
        System.out.println("| topology | prosumers | ρ | iterations | seconds | status | gap to central |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (String size : sizes) {
            int n = Integer.parseInt(size.trim());
            Vpp vpp = SyntheticScenario.of(n, 1).topology(topology).build();
            double central = Double.NaN;
            if ((topology == Topology.POOL ? n <= 200 : n <= 50)) {
                central = new CentralSolver().solve(vpp).totalCost();
            }
            for (boolean adaptive : new boolean[] {false, true}) {
                if (modes.equals("fixed") && adaptive || modes.equals("adaptive") && !adaptive) {
                    continue;
                }
                AdmmOptions options = AdmmOptions.DEFAULT.withAdaptiveRho(adaptive).withTolerances(1e-5, epsRel)
                        .withAcceleration(accelerated).withMaxIterations(10_000);
                long start = System.nanoTime();
                Solution s = new AdmmSolver(options, threads, AdmmListener.NONE).solve(vpp);
                double seconds = (System.nanoTime() - start) / 1e9;
                String gap = Double.isNaN(central) ? "—"
                        : String.format(Locale.ROOT, "%.1e", Math.abs(s.totalCost() - central) / Math.abs(central));
                System.out.printf(Locale.ROOT, "| %s | %d | %s | %d | %.2f | %s | %s |%n", topology.label(), n,
                        adaptive ? "adaptive" : "fixed " + options.rho(), s.iterations(), seconds, s.status().label(), gap);
            }
        }
    }
}
