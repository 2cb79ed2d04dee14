package org.tem.examples.simulate;

import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;
import org.tem.api.Vpp;

/**
 * What a {@link DayCoordinator} is given for one day.
 *
 * @param day the day's index in the run, from 0
 * @param date the day's date
 * @param vpp the day's VPP, batteries starting from the energy they ended the previous day with
 * @param previous the previous day's outcome (its schedules and trades, its ledger figures, and
 *     {@link DayOutcome#next()}: the prices and settled trades the in-process {@code admm} method
 *     starts the day from); empty on the first day
 */
public record DayInput(int day, LocalDate date, Vpp vpp, Optional<DayOutcome> previous) {
    /**
     * Checks the values.
     *
     * @param day the day's index in the run, from 0
     * @param date the day's date
     * @param vpp the day's VPP
     * @param previous the previous day's outcome; empty on the first day
     * @throws IllegalArgumentException if {@code day < 0}, or a previous outcome is given for day 0
     */
    public DayInput {
        if (day < 0) {
            throw new IllegalArgumentException("day: must be >= 0, was " + day);
        }
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(vpp, "vpp");
        Objects.requireNonNull(previous, "previous");
        if (day == 0 && previous.isPresent()) {
            throw new IllegalArgumentException("previous: day 0 has no previous day");
        }
    }
}
