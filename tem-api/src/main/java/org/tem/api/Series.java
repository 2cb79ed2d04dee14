package org.tem.api;

import java.util.List;

/**
 * The names of the per-slot schedule series of docs/model.md, as reported in a {@link ProsumerSchedule}
 * and in result files. All are kWh in the slot. A custom component may report a series of its own.
 */
public final class Series {
    /** {@code g[t]}: energy imported from the grid. */
    public static final String GRID = "grid";
    /** {@code r[t]}: renewable energy used (after curtailment). */
    public static final String RENEWABLE = "renewable";
    /** {@code l[t]}: flexible-appliance energy (summed over flexible loads). */
    public static final String FLEXIBLE_LOAD = "flexibleLoad";
    /** {@code c[t]}: battery charge, drawn from the home bus. */
    public static final String CHARGE = "charge";
    /** {@code d[t]}: battery discharge, delivered to the home bus. */
    public static final String DISCHARGE = "discharge";
    /** {@code b[t]}: battery energy at the end of slot t. */
    public static final String SOC = "soc";
    /** {@code e[t]}: stored energy held in reserve for ancillary service. */
    public static final String RESERVE = "reserve";

    /** The standard series in the order of the result file. */
    public static final List<String> STANDARD = List.of(GRID, RENEWABLE, FLEXIBLE_LOAD, CHARGE, DISCHARGE, SOC, RESERVE);

    private Series() {
    }
}
