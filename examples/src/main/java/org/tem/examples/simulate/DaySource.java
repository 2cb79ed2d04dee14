package org.tem.examples.simulate;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.tem.api.Vpp;
import org.tem.examples.data.CommunityData;
import org.tem.examples.data.CommunityVpp;
import org.tem.examples.synthetic.SyntheticScenario;

/**
 * Where a simulation's days come from: the VPP of each day of the run, built with the stored energy
 * each battery starts the day with. Implementations are immutable and thread-safe.
 */
public interface DaySource {
    /** @return one line saying what the data are, for reports */
    String description();

    /**
     * @return the attribution the data's licences require in a report, one paragraph per entry (plain
     *     text); empty when none is required
     */
    List<String> attribution();

    /** @return the unit of every cost, for reports: {@code "USD"} or {@code "currency units"} */
    String currency();

    /** @return the number of prosumers of every day's VPP */
    int prosumers();

    /**
     * @param day a day of the run, from 0
     * @return its date
     */
    LocalDate date(int day);

    /**
     * @param day a day of the run, from 0
     * @param slot a slot of the day, {@code 0 <= slot < 24}
     * @return the local start of that slot, with its UTC offset
     */
    OffsetDateTime slotStart(int day, int slot);

    /**
     * The VPP of a day.
     *
     * @param day a day of the run, from 0
     * @param initialSocKwh the stored energy each battery starts the day with, kWh, by prosumer id;
     *     a prosumer with a battery that is absent starts from its default
     * @return the VPP
     * @throws IllegalArgumentException if the day is outside the source, an id has no battery, or an
     *     energy is outside its battery's {@code [min, capacity]} by more than
     *     {@link CommunityVpp#SOC_TOLERANCE_KWH}
     */
    Vpp vpp(int day, Map<String, Double> initialSocKwh);

    /**
     * Real data: the prosumers {@link CommunityVpp} makes from the data, day {@code d} of the run being
     * {@code start + d}.
     *
     * @param community the data and parameters
     * @param start the run's first date
     * @param prosumers the number of prosumers, {@code 1 <= prosumers <= community.maxProsumers()}
     * @param days the run's length, {@code >= 1}; the last date must be in the data
     * @return the source
     * @throws IllegalArgumentException naming the value when a date or a count is out of range
     */
    static DaySource real(CommunityVpp community, LocalDate start, int prosumers, int days) {
        CommunityData data = community.data();
        if (prosumers < 1 || prosumers > community.maxProsumers()) {
            throw new IllegalArgumentException("prosumers: must be in [1, " + community.maxProsumers() + "], was "
                    + prosumers);
        }
        if (days < 1) {
            throw new IllegalArgumentException("days: must be >= 1, was " + days);
        }
        if (start.isBefore(data.firstDate()) || start.isAfter(data.lastDate())) {
            throw new IllegalArgumentException("start: the data cover " + data.firstDate() + " to " + data.lastDate()
                    + ", was " + start);
        }
        long last = start.toEpochDay() + days - 1;
        if (last > data.lastDate().toEpochDay()) {
            throw new IllegalArgumentException("days: " + days + " days from " + start + " end after the data's last day "
                    + data.lastDate() + " (at most " + (data.lastDate().toEpochDay() - start.toEpochDay() + 1) + ")");
        }
        return new RealDays(community, start, prosumers, days);
    }

    /**
     * Synthetic data: {@link SyntheticScenario} with the time-of-use tariff, day {@code d} of the run
     * being the generator's day {@code d}, dated {@code start + d}; slots start on the hour, at UTC.
     *
     * @param prosumers the number of homes, {@code >= 1}
     * @param seed the generator's seed
     * @param start the date of the run's first day (a label only: the generator has no calendar)
     * @return the source
     * @throws IllegalArgumentException if {@code prosumers < 1}
     */
    static DaySource synthetic(int prosumers, long seed, LocalDate start) {
        if (prosumers < 1) {
            throw new IllegalArgumentException("prosumers: must be >= 1, was " + prosumers);
        }
        return new SyntheticDays(prosumers, seed, Objects.requireNonNull(start, "start"));
    }
}
