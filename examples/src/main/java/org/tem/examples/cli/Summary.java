package org.tem.examples.cli;

import java.io.PrintStream;
import java.util.Locale;
import org.tem.api.CostCategory;
import org.tem.api.ProsumerSchedule;
import org.tem.api.Series;
import org.tem.api.Solution;
import org.tem.api.Vpp;

/** A short human-readable summary of a solution. */
final class Summary {
    private Summary() {
    }

    static void print(Vpp vpp, Solution s, PrintStream out) {
        out.printf(Locale.ROOT, "%s: %s%s, %d prosumers x %d slots, %s topology, %.3f s%n", s.method(),
                s.status().label(), s.message().isEmpty() ? "" : " (" + s.message() + ")", vpp.size(),
                vpp.horizon().slots(), vpp.market().topology().label(), s.seconds());
        if (s.schedules().isEmpty()) {
            return;
        }
        double imported = 0;
        double traded = 0;
        double renewable = 0;
        double[] parts = new double[CostCategory.STANDARD.size()];
        for (ProsumerSchedule p : s.schedules()) {
            for (double g : p.series(Series.GRID)) {
                imported += g;
            }
            for (double r : p.series(Series.RENEWABLE)) {
                renewable += r;
            }
            for (double q : p.netTrade()) {
                traded += Math.max(0, q);
            }
            for (int k = 0; k < parts.length; k++) {
                parts[k] += p.costBreakdown().get(CostCategory.STANDARD.get(k));
            }
        }
        out.printf(Locale.ROOT, "total cost %.4f | grid import %.2f kWh, renewable used %.2f kWh, P2P traded %.2f kWh%n",
                s.totalCost(), imported, renewable, traded);
        StringBuilder line = new StringBuilder("cost breakdown:");
        for (int k = 0; k < parts.length; k++) {
            line.append(String.format(Locale.ROOT, " %s %.4f", CostCategory.STANDARD.get(k), parts[k]));
        }
        out.println(line);
        if (s.iterations() > 0) {
            out.printf(Locale.ROOT, "iterations %d, primal residual %.2e, dual residual %.2e%n", s.iterations(),
                    s.primalResidual(), s.dualResidual());
        }
    }
}
