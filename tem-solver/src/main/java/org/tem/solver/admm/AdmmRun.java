package org.tem.solver.admm;

import java.util.Objects;
import org.tem.api.Solution;

/**
 * The result of {@link AdmmSolver#run}: the {@link Solution}, the coordinator's view of how the run
 * ended, and the warm start for the next run (the next day's round of the same VPP). Immutable.
 *
 * @param solution the solution (schedules re-solved with the settled trades, their true cost)
 * @param outcome how the run ended, as the coordinator saw it (trades, prices, residual history)
 * @param next the final prices and settled trades, to start the next run from; {@link WarmStart#COLD}
 *     when a prosumer's local problem failed or a price went beyond {@link WarmStart#MAX_PRICE}
 */
public record AdmmRun(Solution solution, AdmmOutcome outcome, WarmStart next) {

    /**
     * @param solution the solution
     * @param outcome the outcome
     * @param next the warm start for the next run
     */
    public AdmmRun {
        Objects.requireNonNull(solution, "solution");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(next, "next");
    }
}
