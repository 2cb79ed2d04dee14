package org.tem.solver;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tem.api.Battery;
import org.tem.api.CostCategory;
import org.tem.api.FlexibleLoad;
import org.tem.api.Prosumer;
import org.tem.api.ProsumerSchedule;
import org.tem.api.Renewable;
import org.tem.api.Series;
import org.tem.api.Solution;
import org.tem.api.Topology;
import org.tem.api.Vpp;

/**
 * An independent statement of MODEL.md for tests: checks every constraint of a schedule and
 * recomputes every cost from the schedule and the prosumer's data, without the compiler.
 */
final class ModelCheck {
    private ModelCheck() {
    }

    /** @return MODEL.md's cost of a schedule by category, recomputed from the data */
    static Map<String, Double> costs(Vpp vpp, Prosumer p, ProsumerSchedule s) {
        int slots = vpp.horizon().slots();
        double[] g = s.series(Series.GRID);
        double grid = 0;
        double peak = 0;
        for (int t = 0; t < slots; t++) {
            grid += p.grid().energyRate(t) * g[t];
            peak = Math.max(peak, g[t]);
        }
        double discomfort = 0;
        for (FlexibleLoad f : p.components(FlexibleLoad.class)) {
            double[] lref = f.preferredKwh();
            double[] l = s.series(Series.FLEXIBLE_LOAD);
            for (int t = 0; t < slots; t++) {
                discomfort += f.comfortWeight() * (l[t] - lref[t]) * (l[t] - lref[t]);
            }
        }
        double wear = 0;
        double ancillary = 0;
        if (p.battery().isPresent()) {
            double[] c = s.series(Series.CHARGE);
            double[] d = s.series(Series.DISCHARGE);
            double[] e = s.series(Series.RESERVE);
            for (int t = 0; t < slots; t++) {
                wear += p.battery().get().wearCost() * (c[t] + d[t]);
                ancillary -= vpp.market().ancillaryPrice(t) * e[t];
            }
        }
        double p2p = 0;
        for (double q : s.netTrade()) {
            p2p += vpp.market().p2pPrice() * q;
        }
        return Map.of(CostCategory.GRID, grid, CostCategory.PEAK, p.grid().peakRate() * peak,
                CostCategory.DISCOMFORT, discomfort, CostCategory.BATTERY_WEAR, wear, CostCategory.P2P, p2p,
                CostCategory.ANCILLARY, ancillary);
    }

    /** @return the sum of the recomputed costs of every prosumer */
    static double socialCost(Vpp vpp, Solution solution) {
        double total = 0;
        for (Prosumer p : vpp.prosumers()) {
            for (double v : costs(vpp, p, solution.schedule(p.id())).values()) {
                total += v;
            }
        }
        return total;
    }

    /**
     * @param tol feasibility tolerance, kWh
     * @return every violation found (empty when the solution satisfies MODEL.md)
     */
    static List<String> violations(Vpp vpp, Solution solution, double tol) {
        return violations(vpp, solution, tol, tol);
    }

    /**
     * @param tol feasibility tolerance of each prosumer's own constraints, kWh
     * @param couplingTol tolerance of reciprocity (bilateral) or of the zero sum (pool), kWh
     * @return every violation found
     */
    static List<String> violations(Vpp vpp, Solution solution, double tol, double couplingTol) {
        List<String> errors = new ArrayList<>();
        int slots = vpp.horizon().slots();
        double total = 0;
        double[] poolSum = new double[slots];
        for (int u = 0; u < vpp.size(); u++) {
            Prosumer p = vpp.prosumers().get(u);
            ProsumerSchedule s = solution.schedule(p.id());
            String id = p.id();
            double[] g = s.series(Series.GRID);
            double[] r = s.series(Series.RENEWABLE);
            double[] l = s.series(Series.FLEXIBLE_LOAD);
            double[] c = s.series(Series.CHARGE);
            double[] d = s.series(Series.DISCHARGE);
            double[] b = s.series(Series.SOC);
            double[] e = s.series(Series.RESERVE);
            double[] net = s.netTrade();
            double[] lif = p.inflexibleLoadKwh();
            double[] rhat = new double[slots];
            for (Renewable ren : p.components(Renewable.class)) {
                double[] f = ren.forecastKwh();
                for (int t = 0; t < slots; t++) {
                    rhat[t] += f[t];
                }
            }
            for (int t = 0; t < slots; t++) {
                check(errors, g[t] >= -tol && g[t] <= p.grid().maxImportKwh() + tol, id, "grid bounds", t, g[t]);
                check(errors, r[t] >= -tol && r[t] <= rhat[t] + tol, id, "renewable bounds", t, r[t]);
                double balance = l[t] + lif[t] + c[t] - r[t] - g[t] - d[t] - net[t];
                check(errors, Math.abs(balance) <= tol, id, "balance", t, balance);
            }
            double flexTotal = 0;
            double flexPreferred = 0;
            for (FlexibleLoad f : p.components(FlexibleLoad.class)) {
                double[] pref = f.preferredKwh();
                for (int t = 0; t < slots; t++) {
                    flexPreferred += pref[t];
                    check(errors, l[t] >= f.minKwh(t) - tol && l[t] <= f.maxKwh(t) + tol, id, "flexible bounds", t, l[t]);
                }
            }
            for (double v : l) {
                flexTotal += v;
            }
            check(errors, Math.abs(flexTotal - flexPreferred) <= tol * slots, id, "flexible energy conserved", -1,
                    flexTotal - flexPreferred);
            if (p.battery().isPresent()) {
                Battery bat = p.battery().get();
                double prev = bat.initialSocKwh();
                for (int t = 0; t < slots; t++) {
                    double expected = prev + bat.efficiency() * c[t] - d[t] / bat.efficiency();
                    check(errors, Math.abs(b[t] - expected) <= tol, id, "battery dynamics", t, b[t] - expected);
                    check(errors, c[t] >= -tol && c[t] <= bat.maxChargeKwh() + tol, id, "charge bounds", t, c[t]);
                    check(errors, d[t] >= -tol && d[t] <= bat.maxDischargeKwh() + tol, id, "discharge bounds", t, d[t]);
                    check(errors, b[t] >= bat.minSocKwh() - tol && b[t] <= bat.capacityKwh() + tol, id, "soc bounds", t, b[t]);
                    check(errors, e[t] >= -tol && e[t] <= b[t] - bat.minSocKwh() + tol, id, "reserve", t, e[t]);
                    prev = b[t];
                }
                check(errors, b[slots - 1] >= bat.terminalSocKwh() - tol, id, "terminal soc", slots - 1, b[slots - 1]);
            } else {
                for (int t = 0; t < slots; t++) {
                    check(errors, c[t] == 0 && d[t] == 0 && e[t] == 0, id, "battery flows without a battery", t, c[t]);
                }
            }
            if (vpp.market().topology() == Topology.BILATERAL) {
                double[] sum = new double[slots];
                for (var entry : s.trades().entrySet()) {
                    int v = vpp.indexOf(entry.getKey());
                    check(errors, vpp.peersOf(u).contains(v), id, "trade with a non-peer " + entry.getKey(), -1, 0);
                    double[] mine = entry.getValue();
                    double[] theirs = solution.schedule(entry.getKey()).trades().get(id);
                    for (int t = 0; t < slots; t++) {
                        sum[t] += mine[t];
                        check(errors, Math.abs(mine[t]) <= vpp.tradeLimitKwh(u, v) + tol, id, "trade limit", t, mine[t]);
                        check(errors, theirs != null && Math.abs(mine[t] + theirs[t]) <= couplingTol, id,
                                "reciprocity with " + entry.getKey(), t, theirs == null ? Double.NaN : mine[t] + theirs[t]);
                    }
                }
                for (int t = 0; t < slots; t++) {
                    check(errors, Math.abs(sum[t] - net[t]) <= tol, id, "net trade = sum of trades", t, sum[t] - net[t]);
                }
            } else {
                for (int t = 0; t < slots; t++) {
                    poolSum[t] += net[t];
                    check(errors, Math.abs(net[t]) <= vpp.poolTradeLimitKwh(u) + tol, id, "pool trade limit", t, net[t]);
                }
            }
            Map<String, Double> costs = costs(vpp, p, s);
            double cost = 0;
            for (var entry : costs.entrySet()) {
                double reported = s.costBreakdown().get(entry.getKey());
                double scale = 1 + Math.abs(entry.getValue());
                check(errors, Math.abs(reported - entry.getValue()) <= 1e-6 * scale, id,
                        "cost " + entry.getKey() + " reported " + reported + " recomputed", -1, entry.getValue());
                cost += entry.getValue();
            }
            check(errors, Math.abs(s.cost() - cost) <= 1e-6 * (1 + Math.abs(cost)), id, "cost recomputed", -1, cost);
            total += s.cost();
        }
        if (vpp.market().topology() == Topology.POOL) {
            for (int t = 0; t < slots; t++) {
                check(errors, Math.abs(poolSum[t]) <= couplingTol * vpp.size(), "pool", "trades sum to zero", t, poolSum[t]);
            }
        }
        check(errors, Math.abs(solution.totalCost() - total) <= 1e-9 * (1 + Math.abs(total)), "vpp", "total cost", -1,
                solution.totalCost() - total);
        return errors;
    }

    private static void check(List<String> errors, boolean ok, String who, String what, int t, double value) {
        if (!ok) {
            errors.add(who + ": " + what + (t >= 0 ? " at slot " + t : "") + " (" + value + ")");
        }
    }
}
