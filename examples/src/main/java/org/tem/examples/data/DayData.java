package org.tem.examples.data;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * One day of a {@link CommunityData}: 24 consecutive one-hour slots, for every home its load and PV
 * energy per slot with a {@link Flag} each, and the wind energy per kW of turbine. Slot {@code t}
 * covers the hour that starts at {@link #slotStart(int)}. Energies are kWh in the slot; values are
 * the data's whole Wh divided by 1000. Immutable and thread-safe; every array returned is a copy.
 */
public final class DayData {
    /** The number of slots of a day. */
    public static final int SLOTS = 24;

    private final LocalDate date;
    private final OffsetDateTime[] starts;
    private final List<Home> homes;
    private final Map<String, Integer> index;
    private final double[][] loadKwh;
    private final double[][] pvKwh;
    private final Flag[][] flags;
    private final double[] windKwhPerKw;
    private final Flag[] windFlags;

    DayData(LocalDate date, OffsetDateTime[] starts, List<Home> homes, Map<String, Integer> index, double[][] loadKwh,
            double[][] pvKwh, Flag[][] flags, double[] windKwhPerKw, Flag[] windFlags) {
        this.date = date;
        this.starts = starts;
        this.homes = homes;
        this.index = index;
        this.loadKwh = loadKwh;
        this.pvKwh = pvKwh;
        this.flags = flags;
        this.windKwhPerKw = windKwhPerKw;
        this.windFlags = windFlags;
    }

    /**
     * @return the day's date: the data's first date plus the day index (the local date of all 24
     *     slots, or of 23 of them where the UTC offset differs from the data's first hour)
     */
    public LocalDate date() {
        return date;
    }

    /**
     * @param t a slot, {@code 0 <= t < 24}
     * @return the local start time of the slot, with its UTC offset (daylight or standard time)
     * @throws IndexOutOfBoundsException if {@code t} is outside the day
     */
    public OffsetDateTime slotStart(int t) {
        return starts[java.util.Objects.checkIndex(t, SLOTS)];
    }

    /**
     * @param t a slot, {@code 0 <= t < 24}
     * @return the local clock hour (0-23) at which the slot starts
     * @throws IndexOutOfBoundsException if {@code t} is outside the day
     */
    public int localHour(int t) {
        return slotStart(t).getHour();
    }

    /** @return the homes, in the data's order; unmodifiable */
    public List<Home> homes() {
        return homes;
    }

    /**
     * @param home a home id
     * @return its load (consumption) per slot, kWh, each {@code >= 0}
     * @throws IllegalArgumentException if there is no such home
     */
    public double[] loadKwh(String home) {
        return loadKwh[indexOf(home)].clone();
    }

    /**
     * @param home a home id
     * @return its rooftop PV generation per slot, kWh, each {@code >= 0}
     * @throws IllegalArgumentException if there is no such home
     */
    public double[] pvKwh(String home) {
        return pvKwh[indexOf(home)].clone();
    }

    /**
     * @param home a home id
     * @param t a slot, {@code 0 <= t < 24}
     * @return how the home's values of that slot were obtained
     * @throws IllegalArgumentException if there is no such home
     * @throws IndexOutOfBoundsException if {@code t} is outside the day
     */
    public Flag flag(String home, int t) {
        return flags[indexOf(home)][java.util.Objects.checkIndex(t, SLOTS)];
    }

    /** @return the wind energy per kW of rated turbine power per slot, kWh per kW (a capacity factor) */
    public double[] windKwhPerKw() {
        return windKwhPerKw.clone();
    }

    /**
     * @param t a slot, {@code 0 <= t < 24}
     * @return {@link Flag#MEASURED} or {@link Flag#FILLED}
     * @throws IndexOutOfBoundsException if {@code t} is outside the day
     */
    public Flag windFlag(int t) {
        return windFlags[java.util.Objects.checkIndex(t, SLOTS)];
    }

    private int indexOf(String home) {
        Integer h = index.get(home);
        if (h == null) {
            throw new IllegalArgumentException("home: unknown home '" + home + "'");
        }
        return h;
    }

    @Override
    public String toString() {
        return "DayData[" + date + ", from " + starts[0] + ", " + homes.size() + " homes, wind "
                + Arrays.stream(windKwhPerKw).sum() + " kWh/kW]";
    }
}
