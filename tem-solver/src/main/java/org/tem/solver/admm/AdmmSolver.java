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
 * {@link AdmmCoordinator}, and the schedules each agent keeps. The result reaches the central
 * optimum to the tolerances of the options; each schedule is feasible on its own and trades are
 * reciprocal within the final primal residual.
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
     * @param vpp the VPP
     * @return the solution, method {@code "admm"}
     */
    public Solution solve(Vpp vpp) {
        long start = System.nanoTime();
        AdmmLinks links = AdmmLinks.of(vpp);
        List<LocalAgent> agents = new ArrayList<>(vpp.size());
        for (int u = 0; u < vpp.size(); u++) {
            agents.add(LocalAgent.of(vpp, u));
        }
        ExecutorService executor = threads > 1 ? Executors.newFixedThreadPool(threads, daemon()) : null;
        AdmmOutcome outcome;
        try {
            outcome = new AdmmCoordinator(links, agents, options, executor, silence).run(listener);
        } finally {
            if (executor != null) {
                executor.shutdownNow();
            }
        }
        return solution("admm", links, agents, outcome, (System.nanoTime() - start) / 1e9);
    }

    /**
     * Turns the end of a run into a {@link Solution}: each agent's own schedule (feasible on its
     * own; for an excluded prosumer, its schedule without any trading), pool trades allocated
     * pairwise, the last residuals, and a status naming a failed prosumer. A run that converged
     * with exclusions is optimal for the prosumers that stayed, and its message names the
     * excluded; a run that excluded everybody is {@link SolveStatus#ABANDONED}.
     *
     * @param method the method name for the result ({@code "admm"}, {@code "ledger"})
     * @param links the links of the run
     * @param agents the agents, in link order (asked for their schedules)
     * @param outcome how the run ended
     * @param seconds wall time
     * @return the solution
     */
    public static Solution solution(String method, AdmmLinks links, List<LocalAgent> agents, AdmmOutcome outcome,
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
        java.util.Set<String> excluded = new java.util.HashSet<>(outcome.excluded());
        List<ProsumerSchedule> schedules = new ArrayList<>();
        for (LocalAgent a : agents) {
            if (excluded.contains(a.id())) {
                java.util.Optional<ProsumerSchedule> alone = a.isolatedSchedule();
                if (alone.isEmpty()) {
                    return new Solution(method, SolveStatus.INFEASIBLE, "prosumer " + a.id()
                            + ": excluded from the round, and its problem without trading is not solvable", List.of(),
                            Double.NaN, outcome.iterations(), primal, dual, seconds);
                }
                schedules.add(alone.get());
            } else {
                schedules.add(a.schedule());
            }
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
        String message = outcome.reason();
        if (!outcome.excluded().isEmpty() && outcome.status() != AdmmOutcome.Status.ABANDONED) {
            message = (message.isEmpty() ? "" : message + "; ") + "excluded for missing their deadlines: "
                    + String.join(", ", outcome.excluded());
        }
        return new Solution(method, status, message, schedules, total, outcome.iterations(), primal, dual, seconds);
    }

    private static java.util.concurrent.ThreadFactory daemon() {
        return r -> {
            Thread t = new Thread(r, "tem-admm-agent");
            t.setDaemon(true);
            return t;
        };
    }
}
