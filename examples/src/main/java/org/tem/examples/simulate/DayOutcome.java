package org.tem.examples.simulate;

import java.util.Objects;
import java.util.Optional;
import org.tem.api.Solution;
import org.tem.solver.admm.WarmStart;

/**
 * What a {@link DayCoordinator} returns for one day.
 *
 * @param solution the day's schedules and cost; {@link Solution#iterations()} is the round's
 *     iteration count (0 for {@code central})
 * @param ledger the ledger's figures for a method that runs on a ledger; empty for an in-process one
 * @param next where the next day's in-process ADMM round starts: the day's final prices and settled
 *     trades ({@link org.tem.solver.admm.AdmmRun#next()}) when its round converged, else
 *     {@link WarmStart#COLD}; always cold for a method that keeps its warm start elsewhere (a ledger
 *     method keeps it on its chain) or has none ({@code central})
 */
public record DayOutcome(Solution solution, Optional<LedgerFigures> ledger, WarmStart next) {
    /**
     * @param solution the day's solution
     * @param ledger the ledger's figures, or empty
     * @param next the next day's warm start, {@link WarmStart#COLD} for none
     */
    public DayOutcome {
        Objects.requireNonNull(solution, "solution");
        Objects.requireNonNull(ledger, "ledger");
        Objects.requireNonNull(next, "next");
    }

    /**
     * An outcome that hands no warm start on.
     *
     * @param solution the day's solution
     * @param ledger the ledger's figures, or empty
     */
    public DayOutcome(Solution solution, Optional<LedgerFigures> ledger) {
        this(solution, ledger, WarmStart.COLD);
    }

    /**
     * @param solution the day's solution
     * @return the outcome of an in-process method (no ledger figures, no warm start)
     */
    public static DayOutcome inProcess(Solution solution) {
        return new DayOutcome(solution, Optional.empty());
    }

    /**
     * @param solution the day's solution
     * @param next where the next day's round starts
     * @return the outcome of an in-process method (no ledger figures) that hands on a warm start
     */
    public static DayOutcome inProcess(Solution solution, WarmStart next) {
        return new DayOutcome(solution, Optional.empty(), next);
    }
}
