package org.tem.solver.admm;

import java.util.Objects;
import java.util.Optional;
import org.tem.api.ProsumerSchedule;

/**
 * One prosumer's schedule once its trades are settled: its own problem re-solved with every trade
 * fixed to the settled trades ({@link AdmmState#settledTrades()};
 * {@link org.tem.solver.LocalProblem#absorbing}),
 * or the reason it has none. This is the schedule the prosumer can actually follow, and its cost is
 * the true cost of the round for it. It stays on the prosumer's side (a meter keeps it; the
 * coordinator only learns the cost through {@link TradingAgent#absorb}). Immutable.
 *
 * @param id the prosumer id
 * @param schedule the schedule (trades exactly the settled ones, every balance within
 *     {@link org.tem.solver.LocalProblem#ABSORB_TOLERANCE_KWH}); empty when the prosumer cannot absorb
 *     its settled trades
 * @param reason why there is no schedule (for example {@code "cannot absorb its settled trades (primal
 *     infeasible)"}); empty when there is one
 */
public record SettledSchedule(String id, Optional<ProsumerSchedule> schedule, String reason) {

    /**
     * Checks that exactly one of schedule and reason is given.
     *
     * @param id the prosumer id
     * @param schedule the schedule, or empty
     * @param reason the reason there is none, or empty
     * @throws IllegalArgumentException when both or neither are given
     */
    public SettledSchedule {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(reason, "reason");
        if (schedule.isPresent() == !reason.isEmpty()) {
            throw new IllegalArgumentException("reason: give a schedule or a reason, not both or neither");
        }
    }

    /** @return true when the prosumer absorbs its settled trades */
    public boolean absorbed() {
        return schedule.isPresent();
    }
}
