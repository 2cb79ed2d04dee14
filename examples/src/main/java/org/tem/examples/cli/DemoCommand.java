package org.tem.examples.cli;

import java.util.concurrent.Callable;
import org.tem.api.Solution;
import org.tem.api.Topology;
import org.tem.api.Vpp;
import org.tem.examples.synthetic.SyntheticScenario;
import org.tem.solver.CentralSolver;
import org.tem.solver.LocalProblem;
import org.tem.solver.qp.OsqpSolver;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tem demo}: the main job until {@code simulate} exists. Generates a synthetic day, solves
 * it centrally with and without P2P trading, and prints a summary.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Generate a synthetic day (built-in data), solve it centrally, and print a summary,",
            "including the saving that P2P trading brings over each home on its own."},
        footer = {"", "Units: energy in kWh per slot, prices in currency per kWh, costs in currency."})
public final class DemoCommand implements Callable<Integer> {
    @Option(names = "--prosumers", defaultValue = "10", description = "Number of homes (default: ${DEFAULT-VALUE}).")
    int prosumers;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--topology", defaultValue = "bilateral", description = "bilateral or pool (default: ${DEFAULT-VALUE}).")
    String topology;

    @Option(names = "--time-of-use", description = "Use the time-of-use tariff.")
    boolean timeOfUse;

    @Override
    public Integer call() {
        Vpp vpp = SyntheticScenario.of(prosumers, seed).topology(Topology.fromLabel(topology)).timeOfUse(timeOfUse)
                .build();
        Solution solution = new CentralSolver().solve(vpp);
        Summary.print(vpp, solution, System.out);
        if (solution.status() == org.tem.api.SolveStatus.OPTIMAL) {
            OsqpSolver qp = new OsqpSolver();
            double alone = 0.0;
            for (var p : vpp.prosumers()) {
                LocalProblem local = LocalProblem.standalone(p, vpp.market());
                alone += local.schedule(qp.solve(local.problem()).x()).cost();
            }
            System.out.printf(java.util.Locale.ROOT, "without P2P trading: %.4f; trading saves %.4f (%.1f %%)%n", alone,
                    alone - solution.totalCost(), 100 * (alone - solution.totalCost()) / Math.abs(alone));
        }
        return solution.status() == org.tem.api.SolveStatus.OPTIMAL ? TemCommand.OK : TemCommand.FAILURE;
    }
}
