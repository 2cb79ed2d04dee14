package org.tem.examples.synthetic;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;
import org.tem.api.Horizon;
import org.tem.api.Market;
import org.tem.api.Prosumer;
import org.tem.api.Topology;
import org.tem.api.Vpp;

/**
 * The built-in data of tem: a synthetic but realistic day of a residential VPP, fully determined
 * by its options and seed (the same options give the same scenario on any machine).
 *
 * <p>What it draws, per day and per home (hourly slots):
 * <ul>
 *   <li><b>Weather</b>, shared by all homes of a day: clear (45 %), partly cloudy (35 %) or
 *       overcast (20 %), giving a clearness index of about 0.9, 0.6 or 0.25, with hourly
 *       fluctuation (stronger on partly cloudy days).</li>
 *   <li><b>Rooftop PV</b> on 60 % of homes, 3–8 kWp: a bell between sunrise (≈6 h) and sunset
 *       (≈19 h), {@code sin(π·(h − sunrise)/(sunset − sunrise))^1.3}, times kWp, a performance ratio
 *       of 0.8, the day's clearness and a little per-home noise.</li>
 *   <li><b>Household load</b> (inflexible): a night base of 0.2–0.45 kWh, a morning peak around
 *       7–8 h and a larger evening peak around 18–20 h (Gaussian bumps), with 5 % noise.</li>
 *   <li><b>Flexible appliances</b> on 80 % of homes: a washer run (two slots of 0.5–0.9 kWh) and on
 *       half of those a dryer run right after (1.0–1.4 kWh), preferred to start between 9 h and
 *       20 h; bounds 0 to 1.5–2.5 kWh per slot; comfort weight 0.1–1.0 per kWh².</li>
 *   <li><b>A home battery</b> on 40 % of homes: 5–13.5 kWh, minimum 5–10 %, starting at 30–60 %,
 *       2.5–5 kWh per slot, one-way efficiency 0.92–0.97, wear 0.01–0.03 per kWh.</li>
 *   <li><b>Tariff</b>: flat 0.25 per kWh or, with {@code timeOfUse}, 0.14 (0–7 h), 0.24 and 0.38
 *       (16–21 h); a peak rate of 0.5 per kWh of the day's largest hourly import; import limit
 *       12 kWh per slot. P2P price 0.15 per kWh; an ancillary price of 0.01–0.045 per kWh with an
 *       afternoon bump.</li>
 * </ul>
 * Day {@code d} of a seed draws its weather and noise from {@code (seed, d)}; homes keep their
 * equipment across days.
 */
public final class SyntheticScenario {
    private final int prosumers;
    private final long seed;
    private final Topology topology;
    private final boolean timeOfUse;
    private final int day;

    private SyntheticScenario(int prosumers, long seed, Topology topology, boolean timeOfUse, int day) {
        this.prosumers = prosumers;
        this.seed = seed;
        this.topology = topology;
        this.timeOfUse = timeOfUse;
        this.day = day;
    }

    /**
     * @param prosumers the number of homes, at least 1
     * @param seed the seed
     * @return a generator for day 0, bilateral topology, flat tariff
     * @throws IllegalArgumentException if {@code prosumers < 1}
     */
    public static SyntheticScenario of(int prosumers, long seed) {
        if (prosumers < 1) {
            throw new IllegalArgumentException("prosumers: must be >= 1, was " + prosumers);
        }
        return new SyntheticScenario(prosumers, seed, Topology.BILATERAL, false, 0);
    }

    /**
     * @param value the trading topology
     * @return a copy with that topology
     */
    public SyntheticScenario topology(Topology value) {
        return new SyntheticScenario(prosumers, seed, value, timeOfUse, day);
    }

    /**
     * @param value true for the three-level time-of-use tariff
     * @return a copy with that tariff choice
     */
    public SyntheticScenario timeOfUse(boolean value) {
        return new SyntheticScenario(prosumers, seed, topology, value, day);
    }

    /**
     * @param value the day index, {@code >= 0}
     * @return a copy for that day
     * @throws IllegalArgumentException if negative
     */
    public SyntheticScenario day(int value) {
        if (value < 0) {
            throw new IllegalArgumentException("day: must be >= 0, was " + value);
        }
        return new SyntheticScenario(prosumers, seed, topology, timeOfUse, value);
    }

    /** @return the VPP of that day */
    public Vpp build() {
        Horizon horizon = Horizon.hourly(24);
        RandomGenerator homesRng = new Well19937c(new int[] {(int) seed, (int) (seed >>> 32), 0x7e3});
        RandomGenerator dayRng = new Well19937c(new int[] {(int) seed, (int) (seed >>> 32), 0x5eed, day});
        double clearness = weather(dayRng);
        double fluctuation = clearness < 0.4 ? 0.10 : clearness < 0.8 ? 0.30 : 0.06;
        double[] cloud = new double[24];
        for (int h = 0; h < 24; h++) {
            cloud[h] = clamp(clearness * (1 + fluctuation * dayRng.nextGaussian()), 0.05, 1.0);
        }
        double[] rate = new double[24];
        for (int h = 0; h < 24; h++) {
            rate[h] = !timeOfUse ? 0.25 : h < 7 ? 0.14 : h >= 16 && h < 21 ? 0.38 : 0.24;
        }
        double[] ancillary = new double[24];
        for (int h = 0; h < 24; h++) {
            ancillary[h] = round(0.01 + 0.035 * Math.exp(-Math.pow((h - 15) / 4.0, 2)) + 0.002 * dayRng.nextDouble());
        }
        List<Prosumer> homes = new ArrayList<>();
        for (int u = 0; u < prosumers; u++) {
            homes.add(home("h" + (u + 1), horizon, homesRng, dayRng, cloud, rate));
        }
        return Vpp.builder().horizon(horizon)
                .market(Market.builder().p2pPrice(0.15).ancillaryPrice(ancillary).topology(topology).build())
                .prosumers(homes).build();
    }

    private static double weather(RandomGenerator rng) {
        double r = rng.nextDouble();
        return r < 0.45 ? 0.9 : r < 0.80 ? 0.6 : 0.25;
    }

    private Prosumer home(String id, Horizon horizon, RandomGenerator homes, RandomGenerator days, double[] cloud,
            double[] rate) {
        // Equipment: drawn from the homes stream so it stays the same on every day.
        boolean hasPv = homes.nextDouble() < 0.6;
        double kwp = uniform(homes, 3, 8);
        double base = uniform(homes, 0.2, 0.45);
        double morning = uniform(homes, 0.3, 0.8);
        double morningHour = uniform(homes, 6.8, 8.2);
        double evening = uniform(homes, 0.7, 1.4);
        double eveningHour = uniform(homes, 18, 20);
        boolean hasWasher = homes.nextDouble() < 0.8;
        boolean hasDryer = homes.nextDouble() < 0.5;
        double washKwh = uniform(homes, 0.5, 0.9);
        double dryKwh = uniform(homes, 1.0, 1.4);
        double flexMax = uniform(homes, 1.5, 2.5);
        double comfort = uniform(homes, 0.1, 1.0);
        boolean hasBattery = homes.nextDouble() < 0.4;
        double capacity = uniform(homes, 5, 13.5);
        double minFrac = uniform(homes, 0.05, 0.10);
        double initFrac = uniform(homes, 0.3, 0.6);
        double power = uniform(homes, 2.5, 5);
        double eta = uniform(homes, 0.92, 0.97);
        double wear = uniform(homes, 0.01, 0.03);

        double[] load = new double[24];
        for (int h = 0; h < 24; h++) {
            double x = h + 0.5;
            double v = base + morning * Math.exp(-Math.pow((x - morningHour) / 1.1, 2))
                    + evening * Math.exp(-Math.pow((x - eveningHour) / 1.8, 2));
            load[h] = round(Math.max(0.05, v * (1 + 0.05 * days.nextGaussian())));
        }
        double[] pv = new double[24];
        double sunrise = 6.0;
        double sunset = 19.0;
        for (int h = 0; h < 24; h++) {
            double x = h + 0.5;
            if (x > sunrise && x < sunset) {
                double shape = Math.pow(Math.sin(Math.PI * (x - sunrise) / (sunset - sunrise)), 1.3);
                pv[h] = round(Math.max(0, kwp * 0.8 * shape * cloud[h] * (1 + 0.03 * days.nextGaussian())));
            }
        }
        Prosumer.Builder b = Prosumer.builder(id).horizon(horizon)
                .grid(g -> g.energyRate(rate).peakRate(0.5).maxImportKwh(12))
                .inflexibleLoadKwh(load);
        if (!timeOfUse) {
            b.grid(g -> g.energyRate(0.25).peakRate(0.5).maxImportKwh(12));
        }
        if (hasPv) {
            b.renewable(r -> r.forecastKwh(pv));
        }
        if (hasWasher) {
            int start = 9 + (int) Math.floor(days.nextDouble() * 11);
            double[] preferred = new double[24];
            preferred[start] = round(washKwh);
            preferred[Math.min(23, start + 1)] += round(washKwh);
            if (hasDryer && start + 2 < 24) {
                preferred[start + 2] = round(dryKwh);
            }
            double max = Math.max(flexMax, max(preferred));
            b.flexibleLoad(f -> f.preferredKwh(preferred).bounds(0, round(max)).comfortWeight(round(comfort)));
        }
        if (hasBattery) {
            b.battery(bt -> bt.capacityKwh(round(capacity)).minSocKwh(round(minFrac * capacity))
                    .initialSocKwh(round(initFrac * capacity)).maxChargeKwh(round(power)).maxDischargeKwh(round(power))
                    .efficiency(round(eta)).wearCost(round(wear)));
        }
        return b.build();
    }

    private static double uniform(RandomGenerator rng, double lo, double hi) {
        return lo + (hi - lo) * rng.nextDouble();
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    private static double max(double[] values) {
        double m = 0;
        for (double v : values) {
            m = Math.max(m, v);
        }
        return m;
    }

    /** Four decimals: keeps files readable and parsing exact. */
    private static double round(double v) {
        return Math.round(v * 1e4) / 1e4;
    }
}
