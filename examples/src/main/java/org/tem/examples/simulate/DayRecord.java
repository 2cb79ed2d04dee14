package org.tem.examples.simulate;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import org.tem.api.Solution;
import org.tem.api.Vpp;
import org.tem.solver.admm.AdmmIteration;

/**
 * One finished day of a simulation: the coordinated outcome and the two baselines on the same VPP.
 *
 * @param day the day's index in the run, from 0
 * @param date the day's date
 * @param vpp the day's VPP (batteries starting from the previous day's final energy)
 * @param outcome the coordinated round's outcome
 * @param noP2p every prosumer alone, no P2P trading
 * @param central the central optimum (the coordinated solution itself when the method is {@code central})
 * @param convergence the round's iterations in order (empty for {@code central}); unmodifiable
 * @param coordinationSeconds wall time of the round, seconds
 * @param baselineSeconds wall time of the two baselines, seconds
 */
public record DayRecord(int day, LocalDate date, Vpp vpp, DayOutcome outcome, Solution noP2p, Solution central,
        List<AdmmIteration> convergence, double coordinationSeconds, double baselineSeconds) {
    /**
     * Copies the iteration list.
     *
     * @param day the day's index in the run, from 0
     * @param date the day's date
     * @param vpp the day's VPP
     * @param outcome the coordinated round's outcome
     * @param noP2p every prosumer alone
     * @param central the central optimum
     * @param convergence the round's iterations in order
     * @param coordinationSeconds wall time of the round, seconds
     * @param baselineSeconds wall time of the two baselines, seconds
     */
    public DayRecord {
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(vpp, "vpp");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(noP2p, "noP2p");
        Objects.requireNonNull(central, "central");
        convergence = List.copyOf(convergence);
    }

    /** @return the coordinated solution, {@code outcome().solution()} */
    public Solution coordinated() {
        return outcome.solution();
    }

    /**
     * @return the coordinated cost's relative distance from the central optimum,
     *     {@code (coordinated − central) / |central|}; NaN when either is missing
     */
    public double gapToCentral() {
        return (coordinated().totalCost() - central.totalCost()) / Math.abs(central.totalCost());
    }
}
