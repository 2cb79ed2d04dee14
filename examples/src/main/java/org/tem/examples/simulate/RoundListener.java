package org.tem.examples.simulate;

import org.tem.solver.admm.AdmmIteration;

/**
 * Receives the progress of one coordination round, on the thread that runs it. A listener may throw
 * an unchecked exception to abandon the round; the coordinator lets it propagate.
 */
public interface RoundListener {
    /** A listener that ignores every report. */
    RoundListener NONE = iteration -> { };

    /**
     * Called after each iteration of an iterative method (never for {@code central}).
     *
     * @param iteration the iteration's residuals and ρ
     */
    void onIteration(AdmmIteration iteration);

    /**
     * Called by a method that runs on a ledger when the chain grows; in-process methods never call it.
     *
     * @param blocks the blocks sealed so far in this round, {@code >= 0}
     */
    default void onBlocks(long blocks) {
    }
}
