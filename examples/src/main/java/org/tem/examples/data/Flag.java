package org.tem.examples.data;

/**
 * What an hourly value is: measured, or filled in by a documented rule. The label is the text of the
 * {@code flag} column of the data files (empty for {@link #MEASURED}).
 */
public enum Flag {
    /** As measured (published upstream); the {@code flag} column is empty. */
    MEASURED(""),
    /**
     * The home's load was a gap upstream and was filled: the mean of the same local clock hour on the
     * nearest earlier and later days where it was measured (the home's PV is as measured).
     */
    LOAD_FILLED("load_filled"),
    /**
     * The second 01:00 of the day daylight saving time ends: the source has one row for the two
     * clock hours, so the values of the first (01:00 PDT) are repeated for the second (01:00 PST).
     */
    DST_COPY("dst_copy"),
    /** A wind hour with no measurement, filled by the documented gap rule. */
    FILLED("filled");

    private final String label;

    Flag(String label) {
        this.label = label;
    }

    /** @return the text of the {@code flag} column for this value ({@code ""} for measured) */
    public String label() {
        return label;
    }

    /** @return true unless the value is {@link #MEASURED} */
    public boolean isFilled() {
        return this != MEASURED;
    }
}
