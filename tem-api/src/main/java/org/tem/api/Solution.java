package org.tem.api;

import java.util.List;

/**
 * The result of solving a VPP: status, schedules, total cost and solver statistics.
 *
 * @param method how it was solved: {@code "central"}, {@code "admm"} or {@code "ledger"}
 * @param status the outcome
 * @param message a human-readable explanation (names the prosumer for an infeasible one); empty
 *     when optimal, except for a note on how an optimal solution was reached when that is worth
 *     knowing (the central solver's fallback)
 * @param schedules one per prosumer, in the VPP's order (empty when infeasible)
 * @param totalCost {@code Σ_u cost_u}, currency (NaN when infeasible)
 * @param iterations iterations of a distributed method; 0 for {@code central}
 * @param primalResidual final primal residual of a distributed method; NaN for {@code central}
 * @param dualResidual final dual residual of a distributed method; NaN for {@code central}
 * @param seconds wall time of the solve
 */
public record Solution(String method, SolveStatus status, String message, List<ProsumerSchedule> schedules,
        double totalCost, int iterations, double primalResidual, double dualResidual, double seconds) {

    /**
     * Creates the record; copies the schedule list.
     *
     * @param method how it was solved: {@code "central"}, {@code "admm"} or {@code "ledger"}
     * @param status the outcome
     * @param message a human-readable explanation (names the prosumer for an infeasible one); empty
     *     when optimal, except for a note on how an optimal solution was reached when that is worth
     *     knowing (the central solver's fallback)
     * @param schedules one per prosumer, in the VPP's order (empty when infeasible)
     * @param totalCost {@code Σ_u cost_u}, currency (NaN when infeasible)
     * @param iterations iterations of a distributed method; 0 for {@code central}
     * @param primalResidual final primal residual of a distributed method; NaN for {@code central}
     * @param dualResidual final dual residual of a distributed method; NaN for {@code central}
     * @param seconds wall time of the solve
     */
    public Solution {
        schedules = List.copyOf(schedules);
    }

    /**
     * @param id a prosumer id
     * @return that prosumer's schedule
     * @throws IllegalArgumentException if there is none
     */
    public ProsumerSchedule schedule(String id) {
        for (ProsumerSchedule s : schedules) {
            if (s.id().equals(id)) {
                return s;
            }
        }
        throw new IllegalArgumentException("no schedule for prosumer '" + id + "'");
    }
}
