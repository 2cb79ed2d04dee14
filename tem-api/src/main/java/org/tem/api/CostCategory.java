package org.tem.api;

import java.util.List;

/**
 * The names of the cost categories of docs/model.md equation (1), as used in a
 * {@link ProsumerSchedule#costBreakdown()} and in result files. A custom component may report a
 * category of its own; these six are always present in a breakdown.
 */
public final class CostCategory {
    /** {@code Σ α[t]·g[t]}: grid energy. */
    public static final String GRID = "grid";
    /** {@code β·m}: the peak charge. */
    public static final String PEAK = "peak";
    /** {@code w·Σ (l[t] − lref[t])²}: discomfort of shifting flexible load. */
    public static final String DISCOMFORT = "discomfort";
    /** {@code κ·Σ (c[t] + d[t])}: battery wear. */
    public static final String BATTERY_WEAR = "batteryWear";
    /** {@code π·Σ p_uv[t]}: P2P payments (negative when selling). */
    public static final String P2P = "p2p";
    /** {@code −Σ πAS[t]·e[t]}: the ancillary-service reward, a negative cost. */
    public static final String ANCILLARY = "ancillary";

    /** The six standard categories in the order of docs/model.md. */
    public static final List<String> STANDARD = List.of(GRID, PEAK, DISCOMFORT, BATTERY_WEAR, P2P, ANCILLARY);

    private CostCategory() {
    }
}
