package org.tem.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tem.api.Fixtures.filled;
import static org.tem.api.Fixtures.home;
import static org.tem.api.Fixtures.rejects;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VppBuilderTest {

    private static Vpp vpp(Prosumer... prosumers) {
        return Vpp.builder().prosumers(List.of(prosumers)).build();
    }

    @Test
    void build_keepsProsumerOrderAndIndexes() {
        Vpp v = vpp(home("a").build(), home("b").build(), home("c").build());
        assertEquals(3, v.size());
        assertEquals(List.of("a", "b", "c"), v.prosumers().stream().map(Prosumer::id).toList());
        assertEquals(2, v.indexOf("c"));
        rejects("unknown prosumer", () -> v.indexOf("zz"), "'zz'");
    }

    @Test
    void build_takesTheHorizonOfTheFirstProsumerByDefault() {
        Prosumer a = Prosumer.builder("a").horizon(Horizon.hourly(12)).grid(g -> g.energyRate(0.1)).build();
        assertEquals(Horizon.hourly(12), vpp(a).horizon());
    }

    @Test
    void build_defaultsToABilateralMarketWhereEveryoneTradesWithEveryone() {
        Vpp v = vpp(home("a").build(), home("b").build(), home("c").build());
        assertEquals(Topology.BILATERAL, v.market().topology());
        assertEquals(List.of(1, 2), v.peersOf(0));
        assertEquals(List.of(0, 2), v.peersOf(1));
        assertEquals(List.of(0, 1), v.peersOf(2));
    }

    @Test
    void build_rejectsAnEmptyVpp() {
        rejects("prosumers", () -> Vpp.builder().build(), "at least one");
    }

    @Test
    void build_rejectsDuplicateProsumerId() {
        rejects("prosumers[2].id", () -> vpp(home("a").build(), home("b").build(), home("a").build()), "duplicate",
                "'a'");
    }

    @Test
    void build_rejectsHorizonsThatDiffer() {
        Prosumer shortDay = Prosumer.builder("b").horizon(Horizon.hourly(12)).grid(g -> g.energyRate(0.1)).build();
        rejects("prosumers[1].horizon", () -> vpp(home("a").build(), shortDay), "slots=24", "slots=12");
    }

    @Test
    void build_rejectsAProsumerWhoseHorizonDiffersFromTheExplicitOne() {
        rejects("prosumers[0].horizon",
                () -> Vpp.builder().horizon(new Horizon(24, 0.5)).prosumer(home("a").build()).build(), "0.5", "1.0");
    }

    @Test
    void build_rejectsAncillaryPriceOfWrongLength() {
        rejects("market.ancillaryPrice", () -> Vpp.builder().market(m -> m.ancillaryPrice(filled(23, 0.01)))
                .prosumer(home("a").build()).build(), "24", "23");
    }

    @Test
    void build_rejectsAnUnknownPeer() {
        rejects("prosumers[0].peers", () -> vpp(home("a").peers("b", "x").build(), home("b").build()),
                "unknown peer", "'x'");
    }

    @Test
    void build_rejectsAsymmetricPeers() {
        // a lists b, b lists only c
        IllegalArgumentException e = rejects("prosumers[0].peers",
                () -> vpp(home("a").peers("b").build(), home("b").peers("c").build(), home("c").peers("b").build()),
                "'b'", "'a'", "symmetric");
        assertTrue(e.getMessage().contains("not the other way round"), e.getMessage());
    }

    @Test
    void build_acceptsPeersListedOnOneSideWhenTheOtherTradesWithEveryone() {
        Vpp v = vpp(home("a").peers("b").build(), home("b").build(), home("c").peers("b").build());
        assertEquals(List.of(1), v.peersOf(0));
        assertEquals(List.of(0, 2), v.peersOf(1));
        assertEquals(List.of(1), v.peersOf(2));
    }

    @Test
    void build_rejectsAnAllPeersProsumerNotListedBackByARestrictedOne() {
        // a trades with everyone (b and c), but c lists only b: asymmetric
        rejects("prosumers[0].peers", () -> vpp(home("a").build(), home("b").build(), home("c").peers("b").build()),
                "'c'", "symmetric");
    }

    @Test
    void build_rejectsPeersWithThePoolTopology() {
        rejects("prosumers[0].peers", () -> Vpp.builder().market(m -> m.topology(Topology.POOL))
                .prosumer(home("a").peers("b").build()).prosumer(home("b").peers("a").build()).build(),
                "bilateral");
    }

    @Test
    void peersOf_isSortedByIndexAndUnmodifiable() {
        Vpp v = vpp(home("a").peers("c", "b").build(), home("b").peers("a").build(), home("c").peers("a").build());
        assertEquals(List.of(1, 2), v.peersOf(0));
        assertThrows(UnsupportedOperationException.class, () -> v.peersOf(0).add(1));
    }

    @Test
    void peersOf_isEmptyInThePoolTopology() {
        Vpp v = Vpp.builder().market(m -> m.topology(Topology.POOL)).prosumer(home("a").build())
                .prosumer(home("b").build()).build();
        assertEquals(List.of(), v.peersOf(0));
        assertEquals(List.of(), v.peersOf(1));
    }

    @Test
    void tradeLimitKwh_isTheSmallerOfTheTwo() {
        Vpp v = vpp(home("a").maxTradeKwh(2).build(), home("b").maxTradeKwh(5).build(), home("c").build());
        assertEquals(2.0, v.tradeLimitKwh(0, 1));
        assertEquals(2.0, v.tradeLimitKwh(1, 0));
        assertEquals(5.0, v.tradeLimitKwh(1, 2));
    }

    @Test
    void tradeLimitKwh_fallsBackToTheDefaultCapScaledBySlotLength() {
        Vpp hourly = vpp(home("a").build(), home("b").build());
        assertEquals(Market.DEFAULT_TRADE_CAP_KW, hourly.tradeCapKwh());
        assertEquals(Market.DEFAULT_TRADE_CAP_KW, hourly.tradeLimitKwh(0, 1));
        assertEquals(Market.DEFAULT_TRADE_CAP_KW, hourly.poolTradeLimitKwh(0));
        Horizon quarter = new Horizon(96, 0.25);
        Vpp quarterly = Vpp.builder().horizon(quarter)
                .prosumer(Prosumer.builder("a").horizon(quarter).grid(g -> g.energyRate(0.25).peakRate(0.5)).build())
                .prosumer(Prosumer.builder("b").horizon(quarter).grid(g -> g.energyRate(0.25).peakRate(0.5)).build())
                .build();
        assertEquals(Market.DEFAULT_TRADE_CAP_KW * 0.25, quarterly.tradeLimitKwh(0, 1));
    }

    @Test
    void tradeLimitKwh_usesTheMarketCapOnlyWhereNoProsumerDeclaresALimit() {
        Vpp v = Vpp.builder().market(m -> m.tradeCapKwh(4)).prosumer(home("a").maxTradeKwh(9).build())
                .prosumer(home("b").build()).prosumer(home("c").build()).build();
        assertEquals(4.0, v.tradeCapKwh());
        assertEquals(9.0, v.tradeLimitKwh(0, 1), "a declared limit wins over the cap");
        assertEquals(4.0, v.tradeLimitKwh(1, 2));
        assertEquals(9.0, v.withTopology(Topology.POOL).poolTradeLimitKwh(0));
        assertEquals(4.0, v.withTopology(Topology.POOL).poolTradeLimitKwh(2));
    }

    @Test
    void tradeCap_rejectsNegativeNonFiniteAndAboveTheMaximum() {
        rejects("market.maxTrade", () -> Market.builder().tradeCapKwh(-1), "-1.0");
        rejects("market.maxTrade", () -> Market.builder().tradeCapKwh(Double.POSITIVE_INFINITY), "Infinity");
        rejects("market.maxTrade", () -> Market.builder().tradeCapKwh(Double.NaN), "NaN");
        rejects("market.maxTrade", () -> Market.builder().tradeCapKwh(2 * Market.MAX_TRADE_KWH), "2000000.0");
        assertEquals(0.0, Market.builder().tradeCapKwh(0).build().tradeCapKwh().getAsDouble());
    }

    @Test
    void withTopology_poolDropsPeerListsAndKeepsEverythingElse() {
        Vpp bilateral = Vpp.builder().market(m -> m.p2pPrice(0.12).ancillaryPrice(filled(0.02)))
                .prosumer(home("a").peers("b").maxTradeKwh(3).build()).prosumer(home("b").peers("a").build()).build();
        Vpp pool = bilateral.withTopology(Topology.POOL);
        assertEquals(Topology.POOL, pool.market().topology());
        assertEquals(0.12, pool.market().p2pPrice());
        assertEquals(0.02, pool.market().ancillaryPrice(5));
        assertEquals(Optional.empty(), pool.prosumers().get(0).peers());
        assertEquals(3.0, pool.prosumers().get(0).maxTradeKwh());
        assertEquals(List.of(), pool.peersOf(0));
        // the original is unchanged
        assertEquals(Topology.BILATERAL, bilateral.market().topology());
        assertEquals(Optional.of(List.of("b")), bilateral.prosumers().get(0).peers());
    }

    @Test
    void withTopology_bilateralFromPoolMakesEveryPairTrade() {
        Vpp pool = Vpp.builder().market(m -> m.topology(Topology.POOL)).prosumer(home("a").build())
                .prosumer(home("b").build()).prosumer(home("c").build()).build();
        Vpp bilateral = pool.withTopology(Topology.BILATERAL);
        assertEquals(Topology.BILATERAL, bilateral.market().topology());
        assertEquals(List.of(0, 2), bilateral.peersOf(1));
    }

    @Test
    void withTopology_sameTopologyKeepsPeerLists() {
        Vpp v = vpp(home("a").peers("b").build(), home("b").peers("a").build(), home("c").peers().build());
        Vpp same = v.withTopology(Topology.BILATERAL);
        assertEquals(List.of(1), same.peersOf(0));
        assertEquals(List.of(), same.peersOf(2));
    }

    @Test
    void prosumers_isUnmodifiableAndTheBuilderListIsCopied() {
        List<Prosumer> list = new ArrayList<>(List.of(home("a").build(), home("b").build()));
        Vpp.Builder b = Vpp.builder().prosumers(list);
        Vpp v = b.build();
        list.add(home("c").build());
        b.prosumer(home("d").build());
        assertEquals(2, v.size());
        assertThrows(UnsupportedOperationException.class, () -> v.prosumers().remove(0));
    }

    @Test
    void toBuilder_derivesAVariant() {
        Vpp v = vpp(home("a").build());
        Vpp w = v.toBuilder().prosumer(home("b").build()).build();
        assertEquals(1, v.size());
        assertEquals(2, w.size());
        assertSame(v.market(), w.market());
        assertEquals(v.horizon(), w.horizon());
    }

    @Test
    void builder_rejectsNulls() {
        assertThrows(NullPointerException.class, () -> Vpp.builder().prosumer(null));
        assertThrows(NullPointerException.class, () -> Vpp.builder().horizon(null));
        assertThrows(NullPointerException.class, () -> Vpp.builder().market((Market) null));
    }
}
