package org.tem.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One prosumer's schedule over the horizon with its cost (docs/model.md eq. 1).
 *
 * <p>{@link #series()} holds every reported series ({@link Series}: grid, renewable, flexibleLoad,
 * charge, discharge, soc, reserve, and any a custom component reports), kWh per slot, zeros for a
 * DER the prosumer does not have. {@link #trades()} maps each peer id to {@code p_uv[t]} (positive =
 * bought from the peer); {@link #netTrade()} is {@code Σ_v p_uv[t]} (in the pool topology, the pool
 * trade {@code q_u[t]}). {@link #cost()} equals the sum of {@link #costBreakdown()}, which always
 * holds the six {@link CostCategory#STANDARD} categories.
 *
 * <p>Immutable: the arrays and maps are copied in and out.
 *
 * @param id the prosumer id
 * @param series the schedule series by name, each of horizon length
 * @param peakKwh {@code m}: the largest grid import of any slot
 * @param netTrade {@code Σ_v p_uv[t]}, kWh per slot
 * @param trades {@code p_uv[t]} by peer id
 * @param costBreakdown cost by category, currency
 * @param cost the total cost, currency
 */
public record ProsumerSchedule(String id, Map<String, double[]> series, double peakKwh, double[] netTrade,
        Map<String, double[]> trades, Map<String, Double> costBreakdown, double cost) {

    /**
     * Creates the record; copies every array and map.
     *
     * @param id the prosumer id
     * @param series the schedule series by name, each of horizon length
     * @param peakKwh {@code m}: the largest grid import of any slot
     * @param netTrade {@code Σ_v p_uv[t]}, kWh per slot
     * @param trades {@code p_uv[t]} by peer id
     * @param costBreakdown cost by category, currency
     * @param cost the total cost, currency
     */
    public ProsumerSchedule {
        series = copy(series);
        netTrade = netTrade.clone();
        trades = copy(trades);
        costBreakdown = Collections.unmodifiableMap(new LinkedHashMap<>(costBreakdown));
    }

    private static Map<String, double[]> copy(Map<String, double[]> in) {
        Map<String, double[]> out = new LinkedHashMap<>();
        in.forEach((k, v) -> out.put(k, v.clone()));
        return Collections.unmodifiableMap(out);
    }

    /**
     * @param name a series name (see {@link Series})
     * @return a copy of the series, or zeros of the horizon's length when the prosumer has none
     */
    public double[] series(String name) {
        double[] s = series.get(name);
        return s != null ? s.clone() : new double[netTrade.length];
    }

    /** @return a deep copy of the series map */
    @Override
    public Map<String, double[]> series() {
        return copy(series);
    }

    /** @return a copy of the net trade */
    @Override
    public double[] netTrade() {
        return netTrade.clone();
    }

    /** @return a deep copy of the trade map */
    @Override
    public Map<String, double[]> trades() {
        return copy(trades);
    }
}
