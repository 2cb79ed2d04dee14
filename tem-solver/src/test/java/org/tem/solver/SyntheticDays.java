package org.tem.solver;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.tem.api.Horizon;
import org.tem.api.Market;
import org.tem.api.Prosumer;
import org.tem.api.Topology;
import org.tem.api.Vpp;

/**
 * Realistic residential days for tests, the same recipe as the CLI's {@code tem scenario} generator
 * (which lives in the examples module, out of reach here) over {@link Random} instead of its RNG, so
 * the days are alike in shape but not identical: PV on 60 % of homes (3-8 kWp, a daily bell times the
 * day's clearness), morning and evening load peaks, washer/dryer runs on 80 % as flexible loads,
 * batteries on 40 %, a flat 0.25 or time-of-use 0.14/0.24/0.38 tariff with a 0.5 peak rate and a 12 kWh
 * import limit, P2P price 0.15 and an afternoon ancillary price. No trade limits (the CLI's default).
 */
final class SyntheticDays {
    private SyntheticDays() {
    }

    /**
     * @param homes the number of homes
     * @param seed the seed
     * @param topology the trading topology
     * @param timeOfUse true for the three-level tariff
     * @return one 24-slot day
     */
    static Vpp day(int homes, long seed, Topology topology, boolean timeOfUse) {
        Horizon horizon = Horizon.hourly(24);
        Random rng = new Random(seed);
        double r0 = rng.nextDouble();
        double clearness = r0 < 0.45 ? 0.9 : r0 < 0.80 ? 0.6 : 0.25;
        double fluctuation = clearness < 0.4 ? 0.10 : clearness < 0.8 ? 0.30 : 0.06;
        double[] cloud = new double[24];
        for (int h = 0; h < 24; h++) {
            cloud[h] = Math.max(0.05, Math.min(1.0, clearness * (1 + fluctuation * rng.nextGaussian())));
        }
        double[] rate = new double[24];
        double[] ancillary = new double[24];
        for (int h = 0; h < 24; h++) {
            rate[h] = !timeOfUse ? 0.25 : h < 7 ? 0.14 : h >= 16 && h < 21 ? 0.38 : 0.24;
            ancillary[h] = round(0.01 + 0.035 * Math.exp(-Math.pow((h - 15) / 4.0, 2)) + 0.002 * rng.nextDouble());
        }
        List<Prosumer> list = new ArrayList<>();
        for (int u = 0; u < homes; u++) {
            list.add(home("h" + (u + 1), horizon, rng, cloud, rate));
        }
        return Vpp.builder().horizon(horizon)
                .market(Market.builder().p2pPrice(0.15).ancillaryPrice(ancillary).topology(topology).build())
                .prosumers(list).build();
    }

    private static Prosumer home(String id, Horizon horizon, Random rng, double[] cloud, double[] rate) {
        boolean hasPv = rng.nextDouble() < 0.6;
        double kwp = uniform(rng, 3, 8);
        double base = uniform(rng, 0.2, 0.45);
        double morning = uniform(rng, 0.3, 0.8);
        double morningHour = uniform(rng, 6.8, 8.2);
        double evening = uniform(rng, 0.7, 1.4);
        double eveningHour = uniform(rng, 18, 20);
        boolean hasWasher = rng.nextDouble() < 0.8;
        boolean hasDryer = rng.nextDouble() < 0.5;
        double washKwh = uniform(rng, 0.5, 0.9);
        double dryKwh = uniform(rng, 1.0, 1.4);
        double flexMax = uniform(rng, 1.5, 2.5);
        double comfort = uniform(rng, 0.1, 1.0);
        boolean hasBattery = rng.nextDouble() < 0.4;
        double capacity = uniform(rng, 5, 13.5);
        double minFrac = uniform(rng, 0.05, 0.10);
        double initFrac = uniform(rng, 0.3, 0.6);
        double power = uniform(rng, 2.5, 5);
        double eta = uniform(rng, 0.92, 0.97);
        double wear = uniform(rng, 0.01, 0.03);
        double[] load = new double[24];
        double[] pv = new double[24];
        for (int h = 0; h < 24; h++) {
            double x = h + 0.5;
            double v = base + morning * Math.exp(-Math.pow((x - morningHour) / 1.1, 2))
                    + evening * Math.exp(-Math.pow((x - eveningHour) / 1.8, 2));
            load[h] = round(Math.max(0.05, v * (1 + 0.05 * rng.nextGaussian())));
            if (x > 6 && x < 19) {
                double shape = Math.pow(Math.sin(Math.PI * (x - 6) / 13.0), 1.3);
                pv[h] = round(Math.max(0, kwp * 0.8 * shape * cloud[h] * (1 + 0.03 * rng.nextGaussian())));
            }
        }
        Prosumer.Builder b = Prosumer.builder(id).horizon(horizon)
                .grid(g -> g.energyRate(rate).peakRate(0.5).maxImportKwh(12))
                .inflexibleLoadKwh(load);
        if (hasPv) {
            b.renewable(r -> r.forecastKwh(pv));
        }
        if (hasWasher) {
            int start = 9 + rng.nextInt(11);
            double[] preferred = new double[24];
            preferred[start] = round(washKwh);
            preferred[Math.min(23, start + 1)] += round(washKwh);
            if (hasDryer && start + 2 < 24) {
                preferred[start + 2] = round(dryKwh);
            }
            double max = flexMax;
            for (double v : preferred) {
                max = Math.max(max, v);
            }
            double bound = round(max);
            b.flexibleLoad(f -> f.preferredKwh(preferred).bounds(0, bound).comfortWeight(round(comfort)));
        }
        if (hasBattery) {
            b.battery(bt -> bt.capacityKwh(round(capacity)).minSocKwh(round(minFrac * capacity))
                    .initialSocKwh(round(initFrac * capacity)).maxChargeKwh(round(power))
                    .maxDischargeKwh(round(power)).efficiency(round(eta)).wearCost(round(wear)));
        }
        return b.build();
    }

    private static double uniform(Random rng, double lo, double hi) {
        return lo + (hi - lo) * rng.nextDouble();
    }

    private static double round(double v) {
        return Math.round(v * 1e4) / 1e4;
    }
}
