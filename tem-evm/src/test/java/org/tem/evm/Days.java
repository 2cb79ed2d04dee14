package org.tem.evm;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.tem.api.Horizon;
import org.tem.api.Market;
import org.tem.api.Prosumer;
import org.tem.api.Topology;
import org.tem.api.Vpp;

/** Small residential days for the EVM tests, built through the DSL: PV, loads, some batteries and flexible loads. */
final class Days {
    private Days() {
    }

    static Vpp day(int homes, int slots, long seed, Topology topology) {
        Horizon h = Horizon.hourly(slots);
        Random rng = new Random(seed);
        double[] ancillary = new double[slots];
        for (int t = 0; t < slots; t++) {
            ancillary[t] = round(0.05 * rng.nextDouble());
        }
        List<Prosumer> list = new ArrayList<>();
        for (int u = 0; u < homes; u++) {
            list.add(home("h" + (u + 1), h, rng));
        }
        return Vpp.builder().horizon(h)
                .market(Market.builder().p2pPrice(0.15).ancillaryPrice(ancillary).topology(topology).build())
                .prosumers(list).build();
    }

    private static Prosumer home(String id, Horizon h, Random rng) {
        int slots = h.slots();
        double[] load = new double[slots];
        double[] pv = new double[slots];
        for (int t = 0; t < slots; t++) {
            load[t] = round(0.3 + 1.2 * rng.nextDouble());
            pv[t] = round(2.5 * Math.max(0, Math.sin(Math.PI * (t + 0.5) / slots)) * rng.nextDouble());
        }
        double rate = round(0.18 + 0.14 * rng.nextDouble());
        Prosumer.Builder b = Prosumer.builder(id).horizon(h).grid(g -> g.energyRate(rate).peakRate(0.3))
                .inflexibleLoadKwh(load);
        if (rng.nextInt(3) > 0) {
            b.renewable(r -> r.forecastKwh(pv));
        }
        if (rng.nextBoolean()) {
            double[] pref = new double[slots];
            pref[rng.nextInt(slots)] = round(0.5 + rng.nextDouble());
            b.flexibleLoad(f -> f.preferredKwh(pref).bounds(0, 2).comfortWeight(0.5));
        }
        if (rng.nextInt(3) == 0) {
            b.battery(bt -> bt.capacityKwh(8).minSocKwh(0.5).initialSocKwh(3).maxChargeKwh(2).maxDischargeKwh(2)
                    .efficiency(0.95).wearCost(0.02));
        }
        return b.build();
    }

    private static double round(double v) {
        return Math.round(v * 1e4) / 1e4;
    }
}
