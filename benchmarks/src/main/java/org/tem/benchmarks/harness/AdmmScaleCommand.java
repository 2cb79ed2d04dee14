package org.tem.benchmarks.harness;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.tem.api.Solution;
import org.tem.api.Topology;
import org.tem.api.Vpp;
import org.tem.examples.ledger.PoaLedgerAdmmSolver;
import org.tem.examples.synthetic.SyntheticScenario;
import org.tem.solver.admm.AdmmListener;
import org.tem.solver.admm.AdmmOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code admm-scale}: one ADMM round of the synthetic day through a proof-of-authority network
 * ({@link PoaLedgerAdmmSolver}: {@code N} validators, the operator and every meter on a normal node
 * of its own, one discrete-event simulator, virtual time) for growing numbers of prosumers, pool
 * and bilateral: iterations, wall and virtual time per iteration and in all, blocks and
 * transactions of the round.
 */
@Command(name = "admm-scale", mixinStandardHelpOptions = true,
        description = "ADMM rounds on a PoA network (simulated) for growing numbers of prosumers.")
final class AdmmScaleCommand implements Callable<Integer> {

    @Option(names = "--validators", defaultValue = "5", description = "validators (default ${DEFAULT-VALUE})")
    int validators = 5;

    @Option(names = "--pool", split = ",", defaultValue = "10,20,50,100,200,500,1000", description = "pool sizes (default ${DEFAULT-VALUE})")
    List<Integer> poolSizes = new ArrayList<>();

    @Option(names = "--bilateral", split = ",", defaultValue = "10,20,50,100", description = "bilateral sizes (default ${DEFAULT-VALUE})")
    List<Integer> bilateralSizes = new ArrayList<>();

    @Option(names = "--max-prosumers", defaultValue = "1000", description = "skip sizes above this (default ${DEFAULT-VALUE})")
    int maxProsumers = 1_000;

    @Option(names = "--max-iterations", defaultValue = "10000", description = "the round's iteration cap (default ${DEFAULT-VALUE})")
    int maxIterations = 10_000;

    @Option(names = "--seed", defaultValue = "1", description = "scenario and network seed (default ${DEFAULT-VALUE})")
    long seed = 1;

    @Option(names = "--out", defaultValue = "bench-out", description = "output directory (default ${DEFAULT-VALUE})")
    Path out = Path.of("bench-out");

    @Override
    public Integer call() {
        Report report = new Report("admm-scale", "topology", "prosumers", "validators", "status", "iterations",
                "wall_s", "wall_ms_per_iteration", "virtual_s", "virtual_ms_per_iteration", "blocks", "transactions",
                "transactions_per_iteration");
        List<String> headlines = new ArrayList<>();
        for (Topology topology : List.of(Topology.POOL, Topology.BILATERAL)) {
            List<Integer> sizes = topology == Topology.POOL ? poolSizes : bilateralSizes;
            for (int n : sizes) {
                if (n > maxProsumers) {
                    continue;
                }
                Vpp vpp = SyntheticScenario.of(n, seed).topology(topology).build();
                PoaLedgerAdmmSolver solver = new PoaLedgerAdmmSolver(
                        AdmmOptions.DEFAULT.withMaxIterations(maxIterations), validators, AdmmListener.NONE, seed);
                long start = System.nanoTime();
                Solution s = solver.solve(vpp);
                double wall = (System.nanoTime() - start) / 1e9;
                int it = Math.max(1, s.iterations());
                double virtual = solver.virtualMillis() / 1e3;
                report.row(topology.label(), n, validators, s.status().label(), s.iterations(), wall, 1e3 * wall / it,
                        virtual, 1e3 * virtual / it, solver.blocks(), solver.transactions(),
                        (double) solver.transactions() / it);
                report.markdown(out, List.of("topology", "prosumers", "validators", "status", "iterations",
                        "wall (s)", "wall per iteration (ms)", "virtual (s)", "blocks", "transactions",
                        "transactions per iteration"), List.of(topology.label(), String.valueOf(n),
                        String.valueOf(validators), s.status().label(), String.valueOf(s.iterations()),
                        Report.format(wall), Report.format(1e3 * wall / it), Report.format(virtual),
                        String.valueOf(solver.blocks()), String.valueOf(solver.transactions()),
                        Report.format((double) solver.transactions() / it)));
                headlines.add(String.format(Locale.ROOT,
                        "admm-scale %s %d prosumers on %d validators: %s after %d iterations, %.2f s wall"
                                + " (%.1f ms per iteration), %.1f s virtual, %d blocks, %d transactions",
                        topology.label(), n, validators, s.status().label(), s.iterations(), wall, 1e3 * wall / it,
                        virtual, solver.blocks(), solver.transactions()));
            }
        }
        report.write(out, "ADMM rounds on " + validators + " PoA validators", "prosumers", true, "topology",
                List.of("wall_ms_per_iteration", "virtual_ms_per_iteration"), "ms per iteration");
        headlines.forEach(System.out::println);
        return 0;
    }
}
