package org.tem.solver.admm;

import java.util.List;

/**
 * The end of an ADMM run as the coordinator knows it: only trades and residuals.
 *
 * @param status how the run ended
 * @param iterations iterations done
 * @param history one report per iteration
 * @param trades the last proposed trades {@code p} (links × slots)
 * @param auxiliary the settled trades ({@link AdmmState#settledTrades()}, links × slots): what a
 *     ledger settles, reciprocal, within every link's limit, zero on frozen links
 * @param failedAgent the id of the agent that could not solve its problem; empty otherwise
 * @param reason what went wrong; empty when converged
 * @param excluded the ids of the prosumers the deadline rule excluded, in the links' order
 * @param prices the last price corrections {@code λ} (links × slots, {@link AdmmState#duals()}), for a
 *     warm start of the next run; empty (no rows) where the run's driver does not have them
 */
public record AdmmOutcome(Status status, int iterations, List<AdmmIteration> history, double[][] trades,
        double[][] auxiliary, String failedAgent, String reason, List<String> excluded, double[][] prices) {

    /** How a run ended. */
    public enum Status {
        /** The stopping test passed. */
        CONVERGED,
        /** The iteration cap was reached first. */
        MAX_ITERATIONS,
        /** An agent could not solve its local problem. */
        AGENT_FAILED,
        /** The deadline rule excluded every prosumer: nothing was traded. */
        ABANDONED
    }

    /**
     * Copies the history.
     *
     * @param status how the run ended
     * @param iterations iterations done
     * @param history one report per iteration
     * @param trades the last proposed trades
     * @param auxiliary the last reciprocal trades
     * @param failedAgent the failing agent's id, or empty
     * @param reason what went wrong, or empty
     * @param excluded the excluded prosumers' ids
     * @param prices the last price corrections, or no rows
     */
    public AdmmOutcome {
        history = List.copyOf(history);
        excluded = List.copyOf(excluded);
    }

    /**
     * An outcome without prices (a driver that does not see them).
     *
     * @param status how the run ended
     * @param iterations iterations done
     * @param history one report per iteration
     * @param trades the last proposed trades
     * @param auxiliary the settled trades
     * @param failedAgent the failing agent's id, or empty
     * @param reason what went wrong, or empty
     * @param excluded the excluded prosumers' ids
     */
    public AdmmOutcome(Status status, int iterations, List<AdmmIteration> history, double[][] trades,
            double[][] auxiliary, String failedAgent, String reason, List<String> excluded) {
        this(status, iterations, history, trades, auxiliary, failedAgent, reason, excluded, new double[0][]);
    }

    /** @return the last iteration's report, or null before any */
    public AdmmIteration last() {
        return history.isEmpty() ? null : history.get(history.size() - 1);
    }
}
