package org.tem.api;

/**
 * The scheduling horizon: {@code slots} consecutive time slots of {@code slotHours} hours each.
 * Slot {@code t} (0-based here, {@code t+1} in docs/model.md) covers hours
 * {@code [t·slotHours, (t+1)·slotHours)} from the start of the horizon. Every energy quantity in tem
 * is kWh <em>in the slot</em>. Immutable.
 *
 * @param slots number of slots, at least 1
 * @param slotHours length of a slot in hours, positive
 */
public record Horizon(int slots, double slotHours) {

    /**
     * Creates the record, checking its values.
     *
     * @param slots number of slots, at least 1
     * @param slotHours length of a slot in hours, positive
     * @throws IllegalArgumentException if {@code slots < 1} or {@code slotHours} is not positive
     */
    public Horizon {
        if (slots < 1) {
            throw new IllegalArgumentException("horizon.slots: must be >= 1, was " + slots);
        }
        Checks.positive("horizon.slotHours", slotHours);
    }

    /**
     * A horizon of one-hour slots.
     *
     * @param slots number of slots (24 for a day)
     * @return the horizon
     * @throws IllegalArgumentException if {@code slots < 1}
     */
    public static Horizon hourly(int slots) {
        return new Horizon(slots, 1.0);
    }

    /** @return the length of the horizon in hours */
    public double hours() {
        return slots * slotHours;
    }
}
