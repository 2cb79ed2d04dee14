package org.tem.benchmarks.harness;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.tem.api.Solution;
import org.tem.api.SolveStatus;
import org.tem.api.Topology;
import org.tem.api.Vpp;
import org.tem.examples.ledger.PoaLedgerAdmmSolver;
import org.tem.examples.synthetic.SyntheticScenario;
import org.tem.solver.admm.AdmmListener;
import org.tem.solver.admm.AdmmOptions;
import org.tem.solver.admm.AdmmSolver;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code admm-scale}: one ADMM round of the synthetic day through a proof-of-authority network
 * ({@link PoaLedgerAdmmSolver}: {@code N} validators, the operator on a node of its own and the
 * meters sharing {@code --meter-nodes} normal nodes, one discrete-event simulator, virtual time) for
 * growing numbers of prosumers, pool and bilateral: iterations, steady wall and virtual time per
 * iteration, totals, blocks and transactions of the round. A round stopped by
 * {@code --max-iterations} is also run in process to convergence (its iterates are the ledger's
 * bit for bit), and the ledger's total is extrapolated from the steady time per iteration.
 */
@Command(name = "admm-scale", mixinStandardHelpOptions = true,
        description = "ADMM rounds on a PoA network (simulated) for growing numbers of prosumers.")
final class AdmmScaleCommand implements Callable<Integer> {

    @Option(names = "--validators", defaultValue = "5", description = "validators (default ${DEFAULT-VALUE})")
    int validators = 5;

    @Option(names = "--topologies", split = ",", defaultValue = "pool,bilateral",
            description = "which topologies to run (default ${DEFAULT-VALUE})")
    List<String> topologies = new ArrayList<>();

    @Option(names = "--pool", split = ",", defaultValue = "10,20,50,100,200,500,1000", description = "pool sizes (default ${DEFAULT-VALUE})")
    List<Integer> poolSizes = new ArrayList<>();

    @Option(names = "--bilateral", split = ",", defaultValue = "10,20,50,100", description = "bilateral sizes (default ${DEFAULT-VALUE})")
    List<Integer> bilateralSizes = new ArrayList<>();

    @Option(names = "--max-prosumers", defaultValue = "1000", description = "skip sizes above this (default ${DEFAULT-VALUE})")
    int maxProsumers = 1_000;

    @Option(names = "--max-iterations", defaultValue = "10000", description = "the round's iteration cap (default ${DEFAULT-VALUE})")
    int maxIterations = 10_000;

    @Option(names = "--eps-abs", defaultValue = "1e-5",
            description = "absolute tolerance, kWh (default ${DEFAULT-VALUE}, as the in-process scaling table)")
    double epsAbs = 1e-5;

    @Option(names = "--eps-rel", defaultValue = "1e-4", description = "relative tolerance (default ${DEFAULT-VALUE})")
    double epsRel = 1e-4;

    @Option(names = "--meter-nodes", defaultValue = "4",
            description = "normal nodes the meters share, 0 for one node per meter (default ${DEFAULT-VALUE})")
    int meterNodes = 4;

    @Option(names = "--seed", defaultValue = "1", description = "scenario and network seed (default ${DEFAULT-VALUE})")
    long seed = 1;

    @Option(names = "--out", defaultValue = "bench-out", description = "output directory (default ${DEFAULT-VALUE})")
    Path out = Path.of("bench-out");

    @Option(names = "--extrapolate", defaultValue = "true", negatable = true, fallbackValue = "true",
            description = "for a round stopped at --max-iterations, also run the same round in process"
                    + " (its iterates are the ledger's bit for bit) for the iterations it needs, and"
                    + " extrapolate the ledger's total time from its steady time per iteration (default ${DEFAULT-VALUE})")
    boolean extrapolate = true;

    @Override
    public Integer call() {
        Report report = new Report("admm-scale", "topology", "prosumers", "validators", "meter_nodes", "status",
                "iterations", "wall_s", "wall_ms_per_iteration", "virtual_s", "virtual_ms_per_iteration", "blocks",
                "transactions", "submissions_per_iteration", "in_process_iterations", "extrapolated_wall_s",
                "extrapolated_virtual_s");
        List<String> headlines = new ArrayList<>();
        for (Topology topology : List.of(Topology.POOL, Topology.BILATERAL)) {
            if (!topologies.contains(topology.label())) {
                continue;
            }
            List<Integer> sizes = topology == Topology.POOL ? poolSizes : bilateralSizes;
            for (int n : sizes) {
                if (n > maxProsumers) {
                    continue;
                }
                run(topology, n, report, headlines);
            }
        }
        report.write(out, "ADMM rounds on " + validators + " PoA validators", "prosumers", true, "topology",
                List.of("wall_ms_per_iteration", "virtual_ms_per_iteration"), "ms per iteration");
        headlines.forEach(System.out::println);
        return 0;
    }

    /**
     * One round of {@code n} prosumers. The time per iteration is the steady one, from the first
     * iteration's report to the last's (the first iteration also carries the operator's permissions
     * and registrations of every meter, 2n transactions, and the JIT's warm-up): wall clock at the
     * reports, and in virtual time between the blocks that closed those iterations (a report comes
     * once that block is final, and after the last iteration the chain only seals the empty blocks
     * that make it final, which would inflate a short run's figure); submissions per iteration
     * likewise leave out those 2n + 1 set-up calls.
     */
    private void run(Topology topology, int n, Report report, List<String> headlines) {
        Vpp vpp = SyntheticScenario.of(n, seed).topology(topology).build();
        AdmmOptions options = AdmmOptions.DEFAULT.withTolerances(epsAbs, epsRel).withMaxIterations(maxIterations);
        // wall nanos, virtual millis and iteration at the first and the last report
        long[] first = new long[3];
        long[] last = new long[3];
        PoaLedgerAdmmSolver solver = new PoaLedgerAdmmSolver(options, validators, AdmmListener.NONE, seed)
                .withMeterNodes(meterNodes);
        long start = System.nanoTime();
        Solution s;
        long blocks;
        long transactions;
        double virtual;
        try (PoaLedgerAdmmSolver.Session session = solver.open(vpp.prosumers().stream().map(p -> p.id()).toList())) {
            s = session.solve(vpp, 0, iteration -> {
                long[] at = first[0] == 0 ? first : last;
                at[0] = System.nanoTime();
                at[1] = session.observedMillis();
                at[2] = iteration.iteration();
                if (at == first) {
                    System.arraycopy(first, 0, last, 0, 3);
                }
            });
            blocks = session.blocks();
            transactions = session.transactions();
            virtual = session.virtualMillis() / 1e3;
        }
        double wall = (System.nanoTime() - start) / 1e9;
        int it = Math.max(1, s.iterations());
        long steady = last[2] - first[2];
        double wallPerIteration = steady > 0 ? (last[0] - first[0]) / 1e6 / steady : 1e3 * wall / it;
        double virtualPerIteration = steady > 0 ? (double) (last[1] - first[1]) / steady : 1e3 * virtual / it;
        double submissions = (double) (transactions - 2L * n - 1) / it;
        String inProcess = "";
        String extrapolatedWall = "";
        String extrapolatedVirtual = "";
        if (extrapolate && s.status() == SolveStatus.MAX_ITERATIONS) {
            Solution full = new AdmmSolver(options.withMaxIterations(10_000),
                    Runtime.getRuntime().availableProcessors(), AdmmListener.NONE).solve(vpp);
            inProcess = String.valueOf(full.iterations());
            // the run's own total, plus the missing iterations at the steady rate
            extrapolatedWall = Report.format(wall + wallPerIteration / 1e3 * (full.iterations() - it));
            extrapolatedVirtual = Report.format(virtual + virtualPerIteration / 1e3 * (full.iterations() - it));
        }
        report.row(topology.label(), n, validators, meterNodes, s.status().label(), s.iterations(), wall,
                wallPerIteration, virtual, virtualPerIteration, blocks, transactions, submissions,
                inProcess, extrapolatedWall, extrapolatedVirtual);
        report.markdown(out, List.of("topology", "prosumers", "status", "iterations", "wall (s)",
                "wall per iteration (ms)", "virtual per iteration (ms)", "blocks", "transactions",
                "submissions per iteration", "in-process iterations", "extrapolated wall (s)",
                "extrapolated virtual (s)"), List.of(topology.label(), String.valueOf(n), s.status().label(),
                String.valueOf(s.iterations()), Report.format(wall), Report.format(wallPerIteration),
                Report.format(virtualPerIteration), String.valueOf(blocks),
                String.valueOf(transactions), Report.format(submissions), inProcess.isEmpty() ? "—" : inProcess,
                extrapolatedWall.isEmpty() ? "—" : extrapolatedWall,
                extrapolatedVirtual.isEmpty() ? "—" : extrapolatedVirtual));
        headlines.add(String.format(Locale.ROOT,
                "admm-scale %s %d prosumers on %d validators (meters on %s): %s after %d iterations, %.2f s wall"
                        + " (%.1f ms per iteration), %.1f s virtual (%.1f ms per iteration), %d blocks,"
                        + " %d transactions (%.1f submissions per iteration)%s",
                topology.label(), n, validators, meterNodes == 0 ? "a node each" : meterNodes + " nodes",
                s.status().label(), s.iterations(), wall, wallPerIteration, virtual, virtualPerIteration,
                blocks, transactions, submissions, inProcess.isEmpty() ? ""
                        : "; in process it needs " + inProcess + " iterations: ≈" + extrapolatedWall
                                + " s wall, ≈" + extrapolatedVirtual + " s virtual on the ledger"));
    }
}
