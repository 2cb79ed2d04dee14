package org.tem.solver.admm;

import org.tem.api.Horizon;
import org.tem.api.Market;
import org.tem.api.Prosumer;
import org.tem.api.Vpp;

/**
 * The paper's case for tests of tem-solver: 10 homes over 24 hourly slots, bilateral, with PV,
 * batteries and flexible loads, built with the DSL (tem-solver cannot see the examples module's
 * synthetic generator, which is tested against it there).
 */
final class PaperCase {
    private PaperCase() {
    }

    static Vpp tenHomes() {
        Horizon h = Horizon.hourly(24);
        java.util.Random rng = new java.util.Random(2021);
        Vpp.Builder vpp = Vpp.builder().horizon(h);
        double[] ancillary = new double[24];
        for (int t = 0; t < 24; t++) {
            ancillary[t] = 0.01 + 0.03 * Math.exp(-Math.pow((t - 15) / 4.0, 2));
        }
        vpp.market(Market.builder().p2pPrice(0.15).ancillaryPrice(ancillary).build());
        for (int u = 0; u < 10; u++) {
            double[] load = new double[24];
            double[] pv = new double[24];
            double kwp = 3 + 5 * rng.nextDouble();
            for (int t = 0; t < 24; t++) {
                double x = t + 0.5;
                load[t] = 0.3 + 0.6 * Math.exp(-Math.pow((x - 7.5) / 1.1, 2)) + 1.0 * Math.exp(-Math.pow((x - 19) / 1.8, 2))
                        + 0.05 * rng.nextDouble();
                pv[t] = x > 6 && x < 19 ? kwp * 0.8 * Math.pow(Math.sin(Math.PI * (x - 6) / 13), 1.3) : 0;
            }
            double[] washer = new double[24];
            washer[9 + rng.nextInt(10)] = 0.7;
            double capacity = 5 + 8 * rng.nextDouble();
            Prosumer.Builder b = Prosumer.builder("h" + (u + 1)).horizon(h)
                    .grid(g -> g.energyRate(0.25).peakRate(0.5).maxImportKwh(12))
                    .inflexibleLoadKwh(load)
                    .flexibleLoad(f -> f.preferredKwh(washer).bounds(0, 2).comfortWeight(0.5));
            if (u % 5 < 3) {
                b.renewable(r -> r.forecastKwh(pv));
            }
            if (u % 5 < 2) {
                b.battery(bt -> bt.capacityKwh(capacity).minSocKwh(0.5).initialSocKwh(capacity / 2).maxChargeKwh(3)
                        .maxDischargeKwh(3).efficiency(0.95).wearCost(0.02));
            }
            vpp.prosumer(b.build());
        }
        return vpp.build();
    }
}
