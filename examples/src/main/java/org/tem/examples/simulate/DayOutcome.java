package org.tem.examples.simulate;

import java.util.Objects;
import java.util.Optional;
import org.tem.api.Solution;

/**
 * What a {@link DayCoordinator} returns for one day.
 *
 * @param solution the day's schedules and cost; {@link Solution#iterations()} is the round's
 *     iteration count (0 for {@code central})
 * @param ledger the ledger's figures for a method that runs on a ledger; empty for an in-process one
 */
public record DayOutcome(Solution solution, Optional<LedgerFigures> ledger) {
    /**
     * @param solution the day's solution
     * @param ledger the ledger's figures, or empty
     */
    public DayOutcome {
        Objects.requireNonNull(solution, "solution");
        Objects.requireNonNull(ledger, "ledger");
    }

    /**
     * @param solution the day's solution
     * @return the outcome of an in-process method (no ledger figures)
     */
    public static DayOutcome inProcess(Solution solution) {
        return new DayOutcome(solution, Optional.empty());
    }
}
