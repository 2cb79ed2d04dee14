package org.tem.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tem.api.Fixtures.filled;
import static org.tem.api.Fixtures.home;
import static org.tem.api.Fixtures.rejects;
import static org.tem.api.Fixtures.with;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProsumerBuilderTest {

    @Test
    void build_readsLikeTheDslExample() {
        double[] pv = with(24, 0, 12, 3.0);
        double[] washer = with(24, 0, 10, 0.8);
        double[] base = filled(0.4);
        Prosumer p = Prosumer.builder("house-17")
                .horizon(Horizon.hourly(24))
                .grid(g -> g.energyRate(0.25).peakRate(0.60).maxImportKwh(8))
                .renewable(r -> r.forecastKwh(pv))
                .battery(b -> b.capacityKwh(13.5).socKwh(1.0, 6.0).maxChargeKwh(5).maxDischargeKwh(5)
                        .efficiency(0.95).wearCost(0.03))
                .flexibleLoad(f -> f.preferredKwh(washer).bounds(0, 2).comfortWeight(0.5))
                .inflexibleLoadKwh(base)
                .maxTradeKwh(5)
                .build();
        assertEquals("house-17", p.id());
        assertEquals(8.0, p.grid().maxImportKwh());
        assertEquals(13.5, p.battery().orElseThrow().capacityKwh());
        assertEquals(6.0, p.battery().orElseThrow().terminalSocKwh());
        assertArrayEquals(pv, p.components(Renewable.class).get(0).forecastKwh());
        assertEquals(0.5, p.components(FlexibleLoad.class).get(0).comfortWeight());
        assertArrayEquals(base, p.inflexibleLoadKwh());
        assertEquals(5.0, p.maxTradeKwh());
        // the grid first, then the components in the order added
        List<String> kinds = p.components().stream().map(DerComponent::kind).toList();
        assertEquals(List.of("grid", "renewable", "battery", "flexibleLoad", "inflexibleLoad"), kinds);
    }

    @Test
    void build_defaultsToHourlyDayUnboundedTradeAllPeersAndNoBattery() {
        Prosumer p = Prosumer.builder("a").grid(g -> g.energyRate(0.2)).build();
        assertEquals(Horizon.hourly(24), p.horizon());
        assertEquals(Double.POSITIVE_INFINITY, p.maxTradeKwh());
        assertEquals(Optional.empty(), p.peers());
        assertEquals(Optional.empty(), p.battery());
        assertEquals(Double.POSITIVE_INFINITY, p.grid().maxImportKwh());
        assertArrayEquals(new double[24], p.inflexibleLoadKwh());
    }

    @Test
    void inflexibleLoadKwh_sumsSeveralLoads() {
        Prosumer p = home("a").inflexibleLoadKwh(with(24, 0.1, 3, 1.1)).build();
        assertEquals(0.6, p.inflexibleLoadKwh()[0], 1e-12);
        assertEquals(1.6, p.inflexibleLoadKwh()[3], 1e-12);
    }

    @Test
    void builder_rejectsBlankOrNullId() {
        rejects("id", () -> Prosumer.builder(""), "''");
        rejects("id", () -> Prosumer.builder("  "));
        rejects("id", () -> Prosumer.builder(null), "null");
    }

    @Test
    void build_rejectsMissingTariff() {
        rejects("tariff", () -> Prosumer.builder("a").inflexibleLoadKwh(filled(1)).build(), "must be set");
    }

    @Test
    void build_rejectsTwoBatteries() {
        rejects("battery", () -> home("a").battery(Fixtures::validBattery)
                .battery(b -> b.capacityKwh(5).initialSocKwh(1).maxChargeKwh(1).maxDischargeKwh(1).wearCost(0))
                .build(), "at most one", "2");
    }

    @Test
    void battery_rejectsAnIncompleteBatteryAtOnce() {
        rejects("battery.wearCost", () -> home("a").battery(b -> b.capacityKwh(5).initialSocKwh(1).maxChargeKwh(1)
                .maxDischargeKwh(1)), "must be set");
    }

    @Test
    void build_rejectsTwoRenewablesWithTheSameName() {
        rejects("components", () -> home("a").renewable(r -> r.forecastKwh(filled(1)))
                .renewable(r -> r.forecastKwh(filled(2))).build(), "'renewable'");
    }

    @Test
    void build_rejectsTwoFlexibleLoadsWithTheSameName() {
        rejects("components", () -> home("a").flexibleLoad(f -> f.name("washer").preferredKwh(filled(0)))
                .flexibleLoad(f -> f.name("washer").preferredKwh(filled(0))).build(), "'washer'");
    }

    @Test
    void build_rejectsARenewableAndAFlexibleLoadSharingAName() {
        rejects("components", () -> home("a").renewable(r -> r.name("x").forecastKwh(filled(1)))
                .flexibleLoad(f -> f.name("x").preferredKwh(filled(0))).build(), "'x'");
    }

    @Test
    void build_acceptsTwoUnitsWithDistinctNames() {
        Prosumer p = home("a").renewable(r -> r.name("roof").forecastKwh(filled(1)))
                .renewable(r -> r.name("wind").forecastKwh(filled(2)))
                .flexibleLoad(f -> f.name("washer").preferredKwh(filled(0)))
                .flexibleLoad(f -> f.name("dryer").preferredKwh(filled(0))).build();
        assertEquals(2, p.components(Renewable.class).size());
        assertEquals(2, p.components(FlexibleLoad.class).size());
    }

    @Test
    void build_rejectsForecastLongerThanTheHorizon() {
        rejects("renewable.forecast", () -> home("a").renewable(r -> r.forecastKwh(filled(25, 1))).build(), "24", "25");
    }

    @Test
    void build_rejectsSeriesThatDoNotMatchANonDefaultHorizon() {
        Prosumer.Builder b = Prosumer.builder("a").horizon(Horizon.hourly(12)).grid(g -> g.energyRate(0.2));
        rejects("inflexibleLoad", () -> b.inflexibleLoadKwh(filled(24, 1)).build(), "12", "24");
    }

    @Test
    void build_rejectsPreferredOfWrongLength() {
        rejects("flexibleLoad.preferred", () -> home("a").flexibleLoad(f -> f.preferredKwh(filled(20, 0))).build(),
                "24", "20");
    }

    @Test
    void build_rejectsEnergyRateOfWrongLength() {
        rejects("tariff.energyRate", () -> Prosumer.builder("a").grid(g -> g.energyRate(filled(23, 0.2))).build(),
                "24", "23");
    }

    @Test
    void inflexibleLoadKwh_rejectsNegativeAndNaN() {
        rejects("inflexibleLoad[5]", () -> Prosumer.builder("a").inflexibleLoadKwh(with(24, 0.5, 5, -0.2)), "-0.2");
        rejects("inflexibleLoad[6]", () -> Prosumer.builder("a").inflexibleLoadKwh(with(24, 0.5, 6, Double.NaN)),
                "NaN");
    }

    @Test
    void maxTradeKwh_rejectsNegativeAndNaN() {
        rejects("maxTrade", () -> Prosumer.builder("a").maxTradeKwh(-1), "-1.0");
        rejects("maxTrade", () -> Prosumer.builder("a").maxTradeKwh(Double.NaN), "NaN");
    }

    @Test
    void maxTradeKwh_rejectsFiniteValuesAboveTheMaximum() {
        rejects("maxTrade", () -> Prosumer.builder("a").maxTradeKwh(1.7e308), "1.7E308");
        assertEquals(Market.MAX_TRADE_KWH, home("a").maxTradeKwh(Market.MAX_TRADE_KWH).build().maxTradeKwh());
    }

    @Test
    void maxTradeKwh_acceptsZeroAndInfinity() {
        assertEquals(0.0, home("a").maxTradeKwh(0).build().maxTradeKwh());
        assertEquals(Double.POSITIVE_INFINITY, home("a").maxTradeKwh(3).maxTradeKwh(Double.POSITIVE_INFINITY)
                .build().maxTradeKwh());
    }

    @Test
    void peers_rejectsSelf() {
        rejects("peers", () -> Prosumer.builder("a").peers("b", "a"), "itself", "'a'");
    }

    @Test
    void peers_rejectsDuplicate() {
        rejects("peers", () -> Prosumer.builder("a").peers("b", "c", "b"), "duplicate", "'b'");
    }

    @Test
    void peers_rejectsBlank() {
        rejects("peers", () -> Prosumer.builder("a").peers("b", ""));
    }

    @Test
    void peers_areKeptAndAllPeersClearsThem() {
        assertEquals(Optional.of(List.of("c", "b")), home("a").peers("c", "b").build().peers());
        assertEquals(Optional.empty(), home("a").peers("c", "b").allPeers().build().peers());
    }

    @Test
    void peers_listPassedInIsCopiedAndTheReturnedListIsUnmodifiable() {
        List<String> ids = new ArrayList<>(List.of("b", "c"));
        Prosumer p = home("a").peers(ids).build();
        ids.add("d");
        assertEquals(List.of("b", "c"), p.peers().orElseThrow());
        assertThrows(UnsupportedOperationException.class, () -> p.peers().orElseThrow().add("e"));
    }

    @Test
    void component_rejectsAGridConnection() {
        rejects("component", () -> Prosumer.builder("a").component(GridConnection.builder().build()));
    }

    @Test
    void components_areUnmodifiable() {
        Prosumer p = home("a").build();
        assertThrows(UnsupportedOperationException.class, () -> p.components().clear());
        assertThrows(UnsupportedOperationException.class, () -> p.components(InflexibleLoad.class).clear());
    }

    @Test
    void arraysPassedInOrReturnedDoNotChangeTheModel() {
        double[] load = filled(0.5);
        double[] pv = filled(1.0);
        double[] rates = filled(0.2);
        Prosumer p = Prosumer.builder("a").grid(g -> g.energyRate(rates)).inflexibleLoadKwh(load)
                .renewable(r -> r.forecastKwh(pv)).build();
        load[0] = 9;
        pv[0] = 9;
        rates[0] = 9;
        p.inflexibleLoadKwh()[1] = 9;
        p.components(Renewable.class).get(0).forecastKwh()[1] = 9;
        p.grid().energyRates(p.horizon())[1] = 9;
        assertArrayEquals(filled(0.5), p.inflexibleLoadKwh());
        assertArrayEquals(filled(1.0), p.components(Renewable.class).get(0).forecastKwh());
        assertArrayEquals(filled(0.2), p.grid().energyRates(p.horizon()));
    }

    @Test
    void builderReusedAfterBuildDoesNotChangeTheBuiltProsumer() {
        Prosumer.Builder b = home("a").maxTradeKwh(2);
        Prosumer first = b.build();
        b.maxTradeKwh(7).renewable(r -> r.forecastKwh(filled(1))).peers("z");
        assertEquals(2.0, first.maxTradeKwh());
        assertEquals(2, first.components().size());
        assertEquals(Optional.empty(), first.peers());
    }

    @Test
    void toBuilder_derivesAVariantKeepingEverythingElse() {
        Prosumer p = home("a").battery(Fixtures::validBattery).maxTradeKwh(3).peers("b").build();
        Prosumer q = p.toBuilder().maxTradeKwh(4).build();
        assertEquals("a", q.id());
        assertEquals(4.0, q.maxTradeKwh());
        assertEquals(3.0, p.maxTradeKwh());
        assertEquals(p.components(), q.components());
        assertEquals(p.peers(), q.peers());
        assertInstanceOf(GridConnection.class, q.components().get(0));
        assertTrue(q.battery().isPresent());
    }
}
