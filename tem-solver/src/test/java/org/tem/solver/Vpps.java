package org.tem.solver;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.tem.api.Horizon;
import org.tem.api.Market;
import org.tem.api.Prosumer;
import org.tem.api.Topology;
import org.tem.api.Vpp;

/** jqwik generators of random valid prosumers and VPPs, built through the real DSL. */
final class Vpps {
    private Vpps() {
    }

    /** A recipe for one prosumer, drawn from a seed so that shrinking stays meaningful. */
    static Prosumer prosumer(String id, Horizon h, long seed, boolean limits) {
        java.util.Random rng = new java.util.Random(seed);
        int slots = h.slots();
        double[] load = new double[slots];
        double[] pv = new double[slots];
        double[] rate = new double[slots];
        for (int t = 0; t < slots; t++) {
            load[t] = round(0.2 + 1.5 * rng.nextDouble());
            pv[t] = rng.nextBoolean() ? round(3 * rng.nextDouble()) : 0.0;
            rate[t] = round(0.1 + 0.3 * rng.nextDouble());
        }
        boolean tou = rng.nextBoolean();
        double flat = round(0.15 + 0.2 * rng.nextDouble());
        double peak = rng.nextInt(3) == 0 ? 0.0 : round(rng.nextDouble());
        Prosumer.Builder b = Prosumer.builder(id).horizon(h)
                .grid(g -> {
                    if (tou) {
                        g.energyRate(rate);
                    } else {
                        g.energyRate(flat);
                    }
                    g.peakRate(peak);
                    if (limits) {
                        g.maxImportKwh(10);
                    }
                })
                .inflexibleLoadKwh(load);
        if (rng.nextInt(3) > 0) {
            b.renewable(r -> r.forecastKwh(pv));
        }
        if (rng.nextBoolean()) {
            double[] pref = new double[slots];
            pref[rng.nextInt(slots)] = round(0.5 + rng.nextDouble());
            double w = round(0.05 + rng.nextDouble());
            b.flexibleLoad(f -> f.preferredKwh(pref).bounds(0, 2).comfortWeight(w));
        }
        if (rng.nextBoolean()) {
            double cap = round(4 + 8 * rng.nextDouble());
            double min = round(0.1 * cap * rng.nextDouble());
            double init = round(min + (cap - min) * rng.nextDouble());
            double eta = round(0.85 + 0.15 * rng.nextDouble());
            double wear = round(0.03 * rng.nextDouble());
            double power = round(1 + 3 * rng.nextDouble());
            b.battery(bt -> bt.capacityKwh(cap).minSocKwh(min).initialSocKwh(init).maxChargeKwh(power)
                    .maxDischargeKwh(power).efficiency(eta).wearCost(wear));
        }
        if (limits && rng.nextBoolean()) {
            b.maxTradeKwh(round(0.5 + 3 * rng.nextDouble()));
        }
        return b.build();
    }

    static Vpp vpp(int n, int slots, long seed, Topology topology, boolean limits, boolean sparsePeers) {
        Horizon h = Horizon.hourly(slots);
        java.util.Random rng = new java.util.Random(seed * 31 + 7);
        double[] as = new double[slots];
        for (int t = 0; t < slots; t++) {
            as[t] = round(0.05 * rng.nextDouble());
        }
        List<Prosumer> list = new ArrayList<>();
        for (int u = 0; u < n; u++) {
            list.add(prosumer("p" + u, h, rng.nextLong(), limits));
        }
        if (sparsePeers && topology == Topology.BILATERAL && n > 2) {
            // a ring: each trades with its two neighbours
            List<Prosumer> ring = new ArrayList<>();
            for (int u = 0; u < n; u++) {
                String prev = "p" + ((u + n - 1) % n);
                String next = "p" + ((u + 1) % n);
                ring.add(list.get(u).toBuilder().peers(prev.equals(next) ? List.of(prev) : List.of(prev, next)).build());
            }
            list = ring;
        }
        double p2p = round(0.05 + 0.2 * rng.nextDouble());
        return Vpp.builder().horizon(h)
                .market(Market.builder().p2pPrice(p2p).ancillaryPrice(as).topology(topology).build())
                .prosumers(list).build();
    }

    /** Random VPPs: 1-8 prosumers, 2-6 slots, either topology, with and without limits and sparse peers. */
    static Arbitrary<Vpp> vpps(int maxProsumers, int maxSlots) {
        return Combinators.combine(Arbitraries.integers().between(1, maxProsumers),
                Arbitraries.integers().between(2, maxSlots), Arbitraries.longs(),
                Arbitraries.of(Topology.values()), Arbitraries.of(true, false), Arbitraries.of(true, false))
                .as(Vpps::vpp);
    }

    static double round(double v) {
        return Math.round(v * 1e4) / 1e4;
    }
}
