package org.tem.examples.simulate;

import java.time.LocalDate;
import org.tem.solver.admm.AdmmIteration;

/**
 * Follows a {@link Simulation} (a progress bar, log lines, a test). Every call comes from the thread
 * that runs the simulation; every method does nothing by default.
 */
public interface SimulationListener {
    /** A listener that ignores everything. */
    SimulationListener NONE = new SimulationListener() {
    };

    /**
     * @param method the coordination method
     * @param source the days' source
     * @param days the days asked for
     */
    default void onRunStart(String method, DaySource source, int days) {
    }

    /**
     * @param day the day's index, from 0
     * @param date its date
     */
    default void onDayStart(int day, LocalDate date) {
    }

    /**
     * @param day the day's index, from 0
     * @param iteration the round's latest iteration
     */
    default void onIteration(int day, AdmmIteration iteration) {
    }

    /**
     * @param day the day's index, from 0
     * @param blocks the blocks sealed so far in the day's round
     */
    default void onBlocks(int day, long blocks) {
    }

    /** @param record the finished day, its outputs written */
    default void onDayDone(DayRecord record) {
    }

    /**
     * Something the user should know that does not stop the run (a chart that could not be drawn).
     *
     * @param message the warning, one line
     */
    default void onWarning(String message) {
    }

    /** @param run the run at its end, its outputs written */
    default void onRunEnd(SimulationRun run) {
    }
}
