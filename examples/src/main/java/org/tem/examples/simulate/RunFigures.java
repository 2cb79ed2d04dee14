package org.tem.examples.simulate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tem.api.ProsumerSchedule;
import org.tem.api.Series;
import org.tem.api.Solution;
import org.tem.api.Vpp;

/**
 * The numbers the reports show, derived once from a run's finished days: costs per prosumer and regime,
 * pairwise trades, energy bought and sold per hour, the VPP's grid import, and the two prosumers of the
 * trading chart. Not thread-safe; immutable after construction.
 */
final class RunFigures {
    /** A trade smaller than this (kWh) counts as no trade when choosing the net buyer and seller. */
    static final double TRADE_EPSILON_KWH = 1e-6;

    final List<String> ids;
    /** Cost over the run per prosumer, in {@link #ids} order: coordinated, no P2P, central. */
    final double[] coordinatedCost;
    final double[] noP2pCost;
    final double[] centralCost;
    /** P2P energy bought and sold per prosumer and hour of the run (day-major), kWh, both {@code >= 0}. */
    final double[][] bought;
    final double[][] sold;
    /** The VPP's grid import per hour of the run, kWh: coordinated, no P2P. */
    final double[] gridCoordinated;
    final double[] gridNoP2p;
    /** The prosumer with the largest net P2P import over the run, if any bought more than it sold. */
    final Optional<String> netBuyer;
    /** The prosumer with the largest net P2P export over the run, if any sold more than it bought. */
    final Optional<String> netSeller;

    RunFigures(List<DayRecord> days) {
        this.ids = days.isEmpty() ? List.of() : ids(days.get(0).vpp());
        int n = ids.size();
        int hours = days.size() * slots(days);
        coordinatedCost = new double[n];
        noP2pCost = new double[n];
        centralCost = new double[n];
        bought = new double[n][hours];
        sold = new double[n][hours];
        gridCoordinated = new double[hours];
        gridNoP2p = new double[hours];
        int offset = 0;
        for (DayRecord day : days) {
            if (!ids(day.vpp()).equals(ids)) {
                throw new IllegalArgumentException("days: day " + (day.day() + 1) + " has other prosumers than day 1");
            }
            int slots = day.vpp().horizon().slots();
            add(coordinatedCost, day.coordinated());
            add(noP2pCost, day.noP2p());
            add(centralCost, day.central());
            double[][][] pairs = pairTrades(day.vpp(), day.coordinated());
            for (int u = 0; u < n; u++) {
                for (int v = u + 1; v < n; v++) {
                    double[] trade = pairs[u][v];
                    if (trade == null) {
                        continue;
                    }
                    for (int t = 0; t < slots; t++) {
                        double q = trade[t];
                        if (q > 0) {
                            bought[u][offset + t] += q;
                            sold[v][offset + t] += q;
                        } else {
                            sold[u][offset + t] -= q;
                            bought[v][offset + t] -= q;
                        }
                    }
                }
            }
            addGrid(gridCoordinated, offset, slots, day.coordinated());
            addGrid(gridNoP2p, offset, slots, day.noP2p());
            offset += slots;
        }
        double[] net = new double[n];
        for (int u = 0; u < n; u++) {
            for (int h = 0; h < hours; h++) {
                net[u] += bought[u][h] - sold[u][h];
            }
        }
        int buyer = -1;
        int seller = -1;
        for (int u = 0; u < n; u++) {
            if (net[u] > TRADE_EPSILON_KWH && (buyer < 0 || net[u] > net[buyer])) {
                buyer = u;
            }
            if (net[u] < -TRADE_EPSILON_KWH && (seller < 0 || net[u] < net[seller])) {
                seller = u;
            }
        }
        netBuyer = buyer < 0 ? Optional.empty() : Optional.of(ids.get(buyer));
        netSeller = seller < 0 ? Optional.empty() : Optional.of(ids.get(seller));
    }

    /** @return the number of hours (slots) of the run's finished days */
    int hours() {
        return gridCoordinated.length;
    }

    /**
     * @param id a prosumer id
     * @return its index in {@link #ids}
     */
    int index(String id) {
        int u = ids.indexOf(id);
        if (u < 0) {
            throw new IllegalArgumentException("unknown prosumer '" + id + "'");
        }
        return u;
    }

    /** @return the total P2P energy bought by prosumer {@code u} over the run, kWh */
    double totalBought(int u) {
        double s = 0;
        for (double q : bought[u]) {
            s += q;
        }
        return s;
    }

    /** @return the total P2P energy sold by prosumer {@code u} over the run, kWh */
    double totalSold(int u) {
        double s = 0;
        for (double q : sold[u]) {
            s += q;
        }
        return s;
    }

    static double sum(double[] values) {
        double s = 0;
        for (double v : values) {
            s += v;
        }
        return s;
    }

    /**
     * The reciprocal trade of every pair: {@code trade[u][v][t] = (p_uv[t] − p_vu[t]) / 2} for
     * {@code u < v} (positive = u bought from v), so both sides' reports count equally and the result is
     * exactly reciprocal; a side that reports nothing counts as the exact opposite of the other. Null
     * where the pair has no trade link (and for {@code u >= v}).
     *
     * @param vpp the day
     * @param solution its schedules
     * @return the trades, prosumer indices in VPP order
     */
    static double[][][] pairTrades(Vpp vpp, Solution solution) {
        int n = vpp.size();
        int slots = vpp.horizon().slots();
        List<Map<String, double[]>> trades = new ArrayList<>(n);
        for (int u = 0; u < n; u++) {
            trades.add(solution.schedule(vpp.prosumers().get(u).id()).trades());
        }
        double[][][] out = new double[n][n][];
        for (int u = 0; u < n; u++) {
            String uid = vpp.prosumers().get(u).id();
            for (int v = u + 1; v < n; v++) {
                String vid = vpp.prosumers().get(v).id();
                double[] uv = trades.get(u).get(vid);
                double[] vu = trades.get(v).get(uid);
                if (uv == null && vu == null) {
                    continue;
                }
                double[] q = new double[slots];
                for (int t = 0; t < slots; t++) {
                    double a = uv == null ? -vu[t] : uv[t];
                    double b = vu == null ? -uv[t] : vu[t];
                    q[t] = (a - b) / 2;
                }
                out[u][v] = q;
            }
        }
        return out;
    }

    private static List<String> ids(Vpp vpp) {
        List<String> out = new ArrayList<>(vpp.size());
        vpp.prosumers().forEach(p -> out.add(p.id()));
        return out;
    }

    private static int slots(List<DayRecord> days) {
        return days.isEmpty() ? 0 : days.get(0).vpp().horizon().slots();
    }

    private void add(double[] cost, Solution solution) {
        if (solution.schedules().isEmpty()) {
            java.util.Arrays.fill(cost, Double.NaN);
            return;
        }
        for (int u = 0; u < ids.size(); u++) {
            cost[u] += solution.schedule(ids.get(u)).cost();
        }
    }

    private static void addGrid(double[] grid, int offset, int slots, Solution solution) {
        if (solution.schedules().isEmpty()) {
            java.util.Arrays.fill(grid, offset, offset + slots, Double.NaN);
            return;
        }
        for (ProsumerSchedule s : solution.schedules()) {
            double[] g = s.series(Series.GRID);
            for (int t = 0; t < g.length; t++) {
                grid[offset + t] += g[t];
            }
        }
    }
}
