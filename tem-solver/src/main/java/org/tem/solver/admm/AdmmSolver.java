package org.tem.solver.admm;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.tem.api.ProsumerSchedule;
import org.tem.api.Solution;
import org.tem.api.SolveStatus;
import org.tem.api.Vpp;
import org.tem.solver.internal.PoolAllocation;

/**
 * Solves a VPP by ADMM in one process: one {@link LocalAgent} per prosumer, an
 * {@link AdmmCoordinator}, and, when the run stops, each prosumer's own problem re-solved with its
 * trades fixed to the settled trades ({@link AdmmState#settledTrades()}, what a ledger settles; none
 * when the run did not converge, since a round stopped at its cap settles no payment). The result
 * reports those schedules — feasible, reciprocal by construction — and their true cost.
 */
public final class AdmmSolver {
    private final AdmmOptions options;
    private final int threads;
    private final AdmmListener listener;
    private final SilenceSchedule silence;

    /**
     * @param options the settings
     * @param threads threads for the local solves (1 = on the caller's thread)
     * @param listener receives a report after every iteration
     * @throws IllegalArgumentException if {@code threads < 1}
     */
    public AdmmSolver(AdmmOptions options, int threads, AdmmListener listener) {
        this(options, threads, listener, SilenceSchedule.NONE);
    }

    /**
     * A solver whose prosumers fall silent as a schedule says (to simulate, or test, the deadline
     * rule exactly as the ledger applies it).
     *
     * @param options the settings
     * @param threads threads for the local solves (1 = on the caller's thread)
     * @param listener receives a report after every iteration
     * @param silence which prosumer (by index in the VPP) is silent in which iteration
     * @throws IllegalArgumentException if {@code threads < 1}
     */
    public AdmmSolver(AdmmOptions options, int threads, AdmmListener listener, SilenceSchedule silence) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads: must be >= 1, was " + threads);
        }
        this.options = java.util.Objects.requireNonNull(options, "options");
        this.threads = threads;
        this.listener = java.util.Objects.requireNonNull(listener, "listener");
        this.silence = java.util.Objects.requireNonNull(silence, "silence");
    }

    /** Default options, one thread per available core, no listener. */
    public AdmmSolver() {
        this(AdmmOptions.DEFAULT, Runtime.getRuntime().availableProcessors(), AdmmListener.NONE);
    }

    /**
     * Solves a VPP from a cold start ({@code λ = 0}, {@code p' = 0}).
     *
     * @param vpp the VPP
     * @return the solution, method {@code "admm"}
     */
    public Solution solve(Vpp vpp) {
        return run(vpp, WarmStart.COLD).solution();
    }

    /**
     * Solves a VPP from a warm start (for instance the previous day's {@link AdmmRun#next()}).
     *
     * @param vpp the VPP
     * @param start where to start
     * @return the solution, method {@code "admm"}
     * @throws IllegalArgumentException when the warm start has another number of slots than the VPP
     */
    public Solution solve(Vpp vpp, WarmStart start) {
        return run(vpp, start).solution();
    }

    /**
     * Solves a VPP from a warm start and returns, with the solution, the warm start for the next
     * run. A multi-day simulation chains the days:
     * <pre>{@code
     * AdmmSolver solver = new AdmmSolver();
     * WarmStart start = WarmStart.COLD;
     * for (Vpp day : days) {
     *     AdmmRun run = solver.run(day, start);
     *     record(run.solution());
     *     start = run.next();
     * }
     * }</pre>
     * Links are matched by prosumer ids, so homes may join or leave between days (a new link starts
     * at zero).
     *
     * @param vpp the VPP
     * @param start where to start ({@link WarmStart#COLD} for none)
     * @return the solution, the coordinator's outcome and the next warm start
     * @throws IllegalArgumentException when the warm start has another number of slots than the VPP
     */
    public AdmmRun run(Vpp vpp, WarmStart start) {
        long t0 = System.nanoTime();
        AdmmLinks links = AdmmLinks.of(vpp);
        AdmmState state = new AdmmState(links, options, start);
        List<LocalAgent> agents = new ArrayList<>(vpp.size());
        for (int u = 0; u < vpp.size(); u++) {
            agents.add(LocalAgent.of(vpp, u));
        }
        ExecutorService executor = threads > 1 ? Executors.newFixedThreadPool(threads, daemon()) : null;
        AdmmOutcome outcome;
        try {
            outcome = new AdmmCoordinator(links, agents, options, executor, silence).run(listener, state);
        } finally {
            if (executor != null) {
                executor.shutdownNow();
            }
        }
        List<SettledSchedule> settled = new ArrayList<>();
        WarmStart next = WarmStart.COLD;
        if (outcome.status() != AdmmOutcome.Status.AGENT_FAILED) {
            // each prosumer, on its own side, re-solves with its settled trades fixed; a run that did
            // not converge settles nothing, so it trades nothing (as the contract keeps zero trades)
            double[][] traded = outcome.status() == AdmmOutcome.Status.CONVERGED ? outcome.auxiliary()
                    : new double[links.size()][links.slots()];
            for (int u = 0; u < agents.size(); u++) {
                settled.add(agents.get(u).settle(java.util.Arrays.copyOfRange(traded, links.start(u), links.end(u))));
            }
            try {
                next = WarmStart.of(links, outcome.prices(), outcome.auxiliary());
            } catch (IllegalArgumentException e) {
                next = WarmStart.COLD; // prices beyond WarmStart.MAX_PRICE: a run that diverged is no guide
            }
        }
        Solution solution = solution("admm", links, settled, outcome, (System.nanoTime() - t0) / 1e9);
        return new AdmmRun(solution, outcome, next);
    }

    /**
     * Turns the end of a run into a {@link Solution}: the schedules each prosumer re-solved with its
     * trades fixed to the settled trades ({@link LocalAgent#settle}), pool trades
     * allocated pairwise, the sum of their true costs, the last residuals, and a status:
     * <ul>
     *   <li>a prosumer whose local problem failed during the run: {@link SolveStatus#INFEASIBLE} or
     *       {@link SolveStatus#NUMERICAL_ERROR}, naming it;</li>
     *   <li>a prosumer that cannot absorb its settled trades: {@link SolveStatus#UNABSORBED}, naming
     *       every such prosumer, with no schedules (there is no schedule everybody can follow);</li>
     *   <li>otherwise {@link SolveStatus#OPTIMAL} when the stopping test passed,
     *       {@link SolveStatus#MAX_ITERATIONS} at the cap, {@link SolveStatus#ABANDONED} when everybody
     *       was excluded. A run with exclusions is optimal for the prosumers that stayed, and its
     *       message names the excluded (their schedules are their own without trading).</li>
     * </ul>
     * Every reported schedule is feasible (each balance within
     * {@link org.tem.solver.LocalProblem#ABSORB_TOLERANCE_KWH}), the trades are exactly the settled ones, so
     * reciprocal by construction, and the total cost is what the VPP pays following them.
     *
     * @param method the method name for the result ({@code "admm"}, {@code "ledger"})
     * @param links the links of the run
     * @param settled each prosumer's schedule with its trades settled, in link order (ignored when an
     *     agent failed)
     * @param outcome how the run ended
     * @param seconds wall time
     * @return the solution
     * @throws IllegalArgumentException when {@code settled} does not match the links
     */
    public static Solution solution(String method, AdmmLinks links, List<SettledSchedule> settled, AdmmOutcome outcome,
            double seconds) {
        AdmmIteration last = outcome.last();
        double primal = last == null ? Double.NaN : last.primalResidual();
        double dual = last == null ? Double.NaN : last.dualResidual();
        if (outcome.status() == AdmmOutcome.Status.AGENT_FAILED) {
            SolveStatus status = outcome.reason().contains("infeasible") ? SolveStatus.INFEASIBLE
                    : SolveStatus.NUMERICAL_ERROR;
            return new Solution(method, status, "prosumer " + outcome.reason(), List.of(), Double.NaN,
                    outcome.iterations(), primal, dual, seconds);
        }
        if (settled.size() != links.prosumers()) {
            throw new IllegalArgumentException("settled: need " + links.prosumers() + " schedules, got " + settled.size());
        }
        java.util.Set<String> excluded = new java.util.HashSet<>(outcome.excluded());
        List<String> unabsorbed = new ArrayList<>();
        List<ProsumerSchedule> schedules = new ArrayList<>();
        for (int u = 0; u < settled.size(); u++) {
            SettledSchedule s = settled.get(u);
            if (!s.id().equals(links.ids().get(u))) {
                throw new IllegalArgumentException("settled[" + u + "]: '" + s.id() + "' is not '" + links.ids().get(u)
                        + "'");
            }
            if (s.absorbed()) {
                schedules.add(s.schedule().get());
            } else {
                unabsorbed.add(s.id() + (excluded.contains(s.id())
                        ? " (excluded from the round, and its problem without trading is not solvable)"
                        : " (" + s.reason() + ")"));
            }
        }
        String message = outcome.reason();
        if (!outcome.excluded().isEmpty() && outcome.status() != AdmmOutcome.Status.ABANDONED) {
            message = join(message, "excluded for missing their deadlines: " + String.join(", ", outcome.excluded()));
        }
        if (!unabsorbed.isEmpty()) {
            message = join(message, "the settled trades leave no feasible schedule for prosumer "
                    + String.join(", ", unabsorbed));
            return new Solution(method, SolveStatus.UNABSORBED, message, List.of(), Double.NaN, outcome.iterations(),
                    primal, dual, seconds);
        }
        if (links.pool()) {
            double[][] q = new double[schedules.size()][];
            for (int u = 0; u < q.length; u++) {
                q[u] = schedules.get(u).netTrade();
            }
            List<Map<String, double[]>> pairs = PoolAllocation.allocate(links.ids(), q);
            for (int u = 0; u < q.length; u++) {
                ProsumerSchedule s = schedules.get(u);
                schedules.set(u, new ProsumerSchedule(s.id(), s.series(), s.peakKwh(), s.netTrade(), pairs.get(u),
                        s.costBreakdown(), s.cost()));
            }
        }
        double total = 0.0;
        for (ProsumerSchedule s : schedules) {
            total += s.cost();
        }
        SolveStatus status = switch (outcome.status()) {
            case CONVERGED -> SolveStatus.OPTIMAL;
            case ABANDONED -> SolveStatus.ABANDONED;
            default -> SolveStatus.MAX_ITERATIONS;
        };
        return new Solution(method, status, message, schedules, total, outcome.iterations(), primal, dual, seconds);
    }

    private static String join(String a, String b) {
        return a.isEmpty() ? b : a + "; " + b;
    }

    private static java.util.concurrent.ThreadFactory daemon() {
        return r -> {
            Thread t = new Thread(r, "tem-admm-agent");
            t.setDaemon(true);
            return t;
        };
    }
}
