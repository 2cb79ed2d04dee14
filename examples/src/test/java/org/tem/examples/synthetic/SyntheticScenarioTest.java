package org.tem.examples.synthetic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tem.api.Battery;
import org.tem.api.FlexibleLoad;
import org.tem.api.GridConnection;
import org.tem.api.Prosumer;
import org.tem.api.Renewable;
import org.tem.api.Topology;
import org.tem.api.Vpp;
import org.tem.examples.scenario.ScenarioWriter;

class SyntheticScenarioTest {
    /** Large enough for the documented shares to show within a few percent; pool keeps the VPP build linear. */
    private static final int MANY = 2000;
    private static Vpp many;

    @BeforeAll
    static void buildMany() {
        many = SyntheticScenario.of(MANY, 20240601L).topology(Topology.POOL).build();
    }

    private static String json(SyntheticScenario s) {
        return ScenarioWriter.toJson(s.build()).toString();
    }

    private static double share(long count) {
        return (double) count / MANY;
    }

    @Test
    void sameSeedGivesIdenticalJson() {
        assertEquals(json(SyntheticScenario.of(8, 77)), json(SyntheticScenario.of(8, 77)));
        assertEquals(json(SyntheticScenario.of(5, 3).timeOfUse(true).topology(Topology.POOL).day(4)),
                json(SyntheticScenario.of(5, 3).timeOfUse(true).topology(Topology.POOL).day(4)));
    }

    @Test
    void differentSeedGivesDifferentJson() {
        assertNotEquals(json(SyntheticScenario.of(8, 77)), json(SyntheticScenario.of(8, 78)));
        // seeds that differ only in the high 32 bits differ too
        assertNotEquals(json(SyntheticScenario.of(8, 1)), json(SyntheticScenario.of(8, 1 + (1L << 32))));
    }

    @Test
    void buildHasTheRequestedShape() {
        Vpp vpp = SyntheticScenario.of(5, 1).build();
        assertEquals(5, vpp.size());
        assertEquals(24, vpp.horizon().slots());
        assertEquals(1.0, vpp.horizon().slotHours());
        assertEquals(Topology.BILATERAL, vpp.market().topology());
        assertEquals(List.of("h1", "h2", "h3", "h4", "h5"), vpp.prosumers().stream().map(Prosumer::id).toList());
        assertEquals(Topology.POOL, SyntheticScenario.of(5, 1).topology(Topology.POOL).build().market().topology());
    }

    @Test
    void of_rejectsNoProsumers() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SyntheticScenario.of(0, 1));
        assertTrue(e.getMessage().startsWith("prosumers") && e.getMessage().contains("0"), e.getMessage());
    }

    @Test
    void day_rejectsNegative() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SyntheticScenario.of(1, 1).day(-1));
        assertTrue(e.getMessage().startsWith("day") && e.getMessage().contains("-1"), e.getMessage());
    }

    @Test
    void otherDayKeepsEquipmentAndChangesLoads() {
        Vpp d0 = SyntheticScenario.of(30, 5).build();
        Vpp d1 = SyntheticScenario.of(30, 5).day(1).build();
        boolean loadsDiffer = false;
        for (int u = 0; u < 30; u++) {
            Prosumer p = d0.prosumers().get(u);
            Prosumer q = d1.prosumers().get(u);
            assertEquals(p.battery().map(Battery::toString), q.battery().map(Battery::toString));
            assertEquals(p.components(Renewable.class).size(), q.components(Renewable.class).size());
            assertEquals(p.components(FlexibleLoad.class).size(), q.components(FlexibleLoad.class).size());
            loadsDiffer |= !java.util.Arrays.equals(p.inflexibleLoadKwh(), q.inflexibleLoadKwh());
        }
        assertTrue(loadsDiffer);
    }

    @Test
    void tariffAndTopologyDoNotChangeTheData() {
        Vpp flat = SyntheticScenario.of(10, 8).build();
        Vpp tou = SyntheticScenario.of(10, 8).timeOfUse(true).topology(Topology.POOL).build();
        for (int u = 0; u < 10; u++) {
            assertArrayEquals(flat.prosumers().get(u).inflexibleLoadKwh(), tou.prosumers().get(u).inflexibleLoadKwh());
            assertEquals(flat.prosumers().get(u).battery().map(Battery::toString),
                    tou.prosumers().get(u).battery().map(Battery::toString));
        }
    }

    @Test
    void flatTariffIsAQuarterEverywhere() {
        for (Prosumer p : SyntheticScenario.of(4, 2).build().prosumers()) {
            GridConnection g = p.grid();
            for (int t = 0; t < 24; t++) {
                assertEquals(0.25, g.energyRate(t));
            }
            assertEquals(0.5, g.peakRate());
            assertEquals(12.0, g.maxImportKwh());
        }
    }

    @Test
    void timeOfUseTariffHasThreeLevels() {
        GridConnection g = SyntheticScenario.of(2, 2).timeOfUse(true).build().prosumers().get(1).grid();
        for (int t = 0; t < 24; t++) {
            double expected = t < 7 ? 0.14 : t >= 16 && t < 21 ? 0.38 : 0.24;
            assertEquals(expected, g.energyRate(t), "slot " + t);
        }
        assertEquals(0.5, g.peakRate());
    }

    @Test
    void marketHasP2pPriceAndAnAfternoonAncillaryBump() {
        Vpp vpp = SyntheticScenario.of(2, 6).build();
        assertEquals(0.15, vpp.market().p2pPrice());
        for (int t = 0; t < 24; t++) {
            double a = vpp.market().ancillaryPrice(t);
            assertTrue(a >= 0.01 && a <= 0.047, "slot " + t + ": " + a);
        }
        assertTrue(vpp.market().ancillaryPrice(15) > vpp.market().ancillaryPrice(3) + 0.02);
    }

    @Test
    void pvIsZeroAtNightAndPositiveAtNoon() {
        int withPv = 0;
        for (Prosumer p : many.prosumers()) {
            for (Renewable r : p.components(Renewable.class)) {
                withPv++;
                double[] pv = r.forecastKwh();
                for (int h = 0; h < 24; h++) {
                    if (h < 6 || h >= 19) {
                        assertEquals(0.0, pv[h], p.id() + " slot " + h);
                    }
                }
                assertTrue(pv[12] > 0, p.id());
                // at most kWp 8 times the performance ratio 0.8 and a little noise
                for (double v : pv) {
                    assertTrue(v <= 8 * 0.8 * 1.2, p.id() + ": " + v);
                }
            }
        }
        assertTrue(withPv > 0);
    }

    @Test
    void loadHasAnEveningPeakAboveTheNightBase() {
        for (Prosumer p : many.prosumers()) {
            double[] load = p.inflexibleLoadKwh();
            double night = Math.max(Math.max(load[1], load[2]), load[3]);
            double evening = Math.max(Math.max(load[17], load[18]), Math.max(load[19], load[20]));
            assertTrue(evening > night + 0.4, p.id() + ": evening " + evening + ", night " + night);
            // the night base is 0.2-0.45 kWh with 5 % noise
            assertTrue(night > 0.15 && night < 0.6, p.id() + ": night " + night);
            for (double v : load) {
                assertTrue(v > 0, p.id());
            }
        }
    }

    @Test
    void equipmentSharesMatchTheDocumentation() {
        long pv = many.prosumers().stream().filter(p -> !p.components(Renewable.class).isEmpty()).count();
        long flexible = many.prosumers().stream().filter(p -> !p.components(FlexibleLoad.class).isEmpty()).count();
        long battery = many.prosumers().stream().filter(p -> p.battery().isPresent()).count();
        long dryer = many.prosumers().stream().flatMap(p -> p.components(FlexibleLoad.class).stream())
                .filter(f -> java.util.Arrays.stream(f.preferredKwh()).filter(v -> v > 0).count() == 3).count();
        // binomial standard deviations at N = 2000 are about 1.1 %; allow about four of them
        assertEquals(0.60, share(pv), 0.045, "PV share");
        assertEquals(0.80, share(flexible), 0.04, "flexible-load share");
        assertEquals(0.40, share(battery), 0.045, "battery share");
        assertEquals(0.50, (double) dryer / flexible, 0.06, "dryer share among washers");
    }

    @Test
    void flexibleLoadsFollowTheDocumentedRanges() {
        for (Prosumer p : many.prosumers()) {
            for (FlexibleLoad f : p.components(FlexibleLoad.class)) {
                double[] pref = f.preferredKwh();
                int first = -1;
                double total = 0;
                for (int t = 0; t < 24; t++) {
                    if (pref[t] > 0 && first < 0) {
                        first = t;
                    }
                    total += pref[t];
                    assertTrue(pref[t] <= f.maxKwh(t), p.id() + ": preferred above max at " + t);
                }
                assertTrue(first >= 9 && first <= 20, p.id() + ": starts at " + first);
                assertTrue(total >= 1.0 - 1e-9 && total <= 3.2 + 1e-9, p.id() + ": total " + total);
                assertTrue(f.hasFlatBounds());
                assertEquals(0.0, f.minKwh(0));
                assertTrue(f.maxKwh(0) >= 1.5 - 1e-9 && f.maxKwh(0) <= 2.5 + 1e-9, p.id() + ": max " + f.maxKwh(0));
                assertTrue(f.comfortWeight() >= 0.1 - 1e-9 && f.comfortWeight() <= 1.0 + 1e-9, p.id());
            }
        }
    }

    @Test
    void batteriesFollowTheDocumentedRanges() {
        for (Prosumer p : many.prosumers()) {
            p.battery().ifPresent(b -> {
                double cap = b.capacityKwh();
                String id = p.id() + ": " + b;
                assertTrue(cap >= 5 && cap <= 13.5, id);
                assertTrue(b.minSocKwh() >= 0.05 * cap - 1e-3 && b.minSocKwh() <= 0.10 * cap + 1e-3, id);
                assertTrue(b.initialSocKwh() >= 0.3 * cap - 1e-3 && b.initialSocKwh() <= 0.6 * cap + 1e-3, id);
                assertEquals(b.initialSocKwh(), b.terminalSocKwh(), id);
                assertTrue(b.maxChargeKwh() >= 2.5 && b.maxChargeKwh() <= 5, id);
                assertEquals(b.maxChargeKwh(), b.maxDischargeKwh(), id);
                assertTrue(b.efficiency() >= 0.92 && b.efficiency() <= 0.97, id);
                assertTrue(b.wearCost() >= 0.01 && b.wearCost() <= 0.03, id);
            });
        }
    }

    @Test
    void weatherVariesAcrossDays() {
        // noon PV of one home over many days takes the three clearness levels: the spread is wide
        double lo = Double.MAX_VALUE;
        double hi = 0;
        SyntheticScenario s = SyntheticScenario.of(10, 31);
        int home = -1;
        Vpp first = s.build();
        for (int u = 0; u < first.size() && home < 0; u++) {
            if (!first.prosumers().get(u).components(Renewable.class).isEmpty()) {
                home = u;
            }
        }
        assertTrue(home >= 0, "test setup: a home with PV");
        for (int day = 0; day < 40; day++) {
            double noon = s.day(day).build().prosumers().get(home).components(Renewable.class).get(0).forecastKwh()[12];
            lo = Math.min(lo, noon);
            hi = Math.max(hi, noon);
        }
        assertTrue(hi > 2.5 * lo, "noon PV from " + lo + " to " + hi);
    }
}
