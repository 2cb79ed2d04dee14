package org.tem.solver.contract;

/**
 * A coordination round's public state, as the {@code round} query returns it. Immutable.
 *
 * @param status where the round stands
 * @param iteration the open iteration (the last one once closed), from 1
 * @param rho the ρ of the open iteration (of the last one once closed)
 * @param primalResidual the last closed iteration's primal residual (NaN before any)
 * @param dualResidual its dual residual (NaN before any)
 * @param paperResidual its paper residual (NaN before any)
 * @param submitted submissions received for the open iteration
 * @param deadlineMillis the median block time, ms since the epoch, from which the open iteration
 *     may be advanced without the missing submissions
 * @param active participants not excluded
 */
public record RoundView(RoundStatus status, int iteration, double rho, double primalResidual, double dualResidual,
        double paperResidual, int submitted, long deadlineMillis, int active) {

    /**
     * @param status where the round stands, not null
     * @param iteration the open iteration
     * @param rho ρ
     * @param primalResidual primal residual
     * @param dualResidual dual residual
     * @param paperResidual paper residual
     * @param submitted submissions received
     * @param deadlineMillis deadline in median block time
     * @param active active participants
     * @throws NullPointerException when {@code status} is null
     * @throws IllegalArgumentException when the iteration is below 1 or a count is negative
     */
    public RoundView {
        java.util.Objects.requireNonNull(status, "status");
        if (iteration < 1 || submitted < 0 || active < 0) {
            throw new IllegalArgumentException("round: iteration " + iteration + ", submitted " + submitted
                    + ", active " + active);
        }
    }

    /** @return true while the round collects submissions */
    public boolean open() {
        return status == RoundStatus.OPEN;
    }
}
