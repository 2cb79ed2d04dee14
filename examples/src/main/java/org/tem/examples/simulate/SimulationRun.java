package org.tem.examples.simulate;

import java.util.List;
import java.util.Objects;
import org.tem.api.SolveStatus;

/**
 * A simulation's result so far, or at its end: the finished days and how the run stands.
 *
 * @param method the coordination method
 * @param source the days' source
 * @param requestedDays the days asked for
 * @param days the finished days, in order; unmodifiable
 * @param state how the run stands
 * @param failure why the run stopped early when {@code state} is {@link State#FAILED}; empty otherwise
 * @param wallSeconds wall time from the run's start to this snapshot (the end of the last finished day and its
 *     files; not the charts drawn after), seconds
 */
public record SimulationRun(String method, DaySource source, int requestedDays, List<DayRecord> days, State state,
        String failure, double wallSeconds) {

    /** How a run stands. */
    public enum State {
        /** More days are to come (a snapshot written after a day). */
        RUNNING("running"),
        /** Every requested day finished. */
        COMPLETE("complete"),
        /** Stopped on request (Ctrl-C) after the finished days. */
        INTERRUPTED("interrupted"),
        /** A day could not be coordinated; the finished days before it stand. */
        FAILED("failed");

        private final String label;

        State(String label) {
            this.label = label;
        }

        /** @return the lower-case name used in reports */
        public String label() {
            return label;
        }
    }

    /**
     * Copies the day list.
     *
     * @param method the coordination method
     * @param source the days' source
     * @param requestedDays the days asked for
     * @param days the finished days
     * @param state how the run stands
     * @param failure why the run failed, or empty
     * @param wallSeconds wall time so far, seconds
     */
    public SimulationRun {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(failure, "failure");
        days = List.copyOf(days);
    }

    /** @return true when the run is complete and every day's coordinated solution is optimal */
    public boolean allOptimal() {
        return state == State.COMPLETE && days.stream().allMatch(d -> d.coordinated().status() == SolveStatus.OPTIMAL);
    }
}
