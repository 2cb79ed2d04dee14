package org.tem.solver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.tem.api.ProsumerSchedule;
import org.tem.api.Solution;
import org.tem.api.SolveStatus;
import org.tem.api.Topology;
import org.tem.api.Vpp;
import org.tem.solver.admm.AdmmLinks;
import org.tem.solver.admm.AdmmOptions;
import org.tem.solver.contract.RoundConfig;

/** Central, in-process ADMM and the coordination contract bound every trade link by the same limit. */
class TradeLimitAgreementTest {

    /** Three homes: one declares 0.8 kWh, the others nothing; the market caps undeclared links at 0.05 kWh. */
    private static Vpp vpp(Topology topology) {
        Vpp base = VppsForAdmm.vpp(3, 4, 21, topology);
        Vpp.Builder b = Vpp.builder().horizon(base.horizon())
                .market(base.market().toBuilder().tradeCapKwh(0.05).build());
        for (int u = 0; u < base.size(); u++) {
            b.prosumer(u == 0 ? base.prosumers().get(u).toBuilder().maxTradeKwh(0.8).build() : base.prosumers().get(u));
        }
        return b.build();
    }

    @Test
    void localProblemsAdmmLinksAndTheRoundConfigDeriveTheSameLimits() {
        for (Topology topology : Topology.values()) {
            Vpp vpp = vpp(topology);
            AdmmLinks links = AdmmLinks.of(vpp);
            AdmmLinks onChain = RoundConfig.of(vpp, AdmmOptions.DEFAULT, 100, 60_000).links();
            for (int u = 0; u < vpp.size(); u++) {
                double[] local = LocalProblem.of(vpp, u).tradeLimits();
                for (int k = links.start(u); k < links.end(u); k++) {
                    double expected = topology == Topology.POOL ? vpp.poolTradeLimitKwh(u)
                            : vpp.tradeLimitKwh(u, links.to(k));
                    assertEquals(expected, links.limit(k), topology + " link " + k);
                    assertEquals(expected, onChain.limit(k), topology + " link " + k);
                    assertEquals(expected, local[k - links.start(u)], topology + " link " + k);
                }
            }
            if (topology == Topology.BILATERAL) {
                assertEquals(0.8, vpp.tradeLimitKwh(0, 1), "a declared limit bounds the pair");
                assertEquals(0.05, vpp.tradeLimitKwh(1, 2), "the cap bounds a pair that declares none");
            }
        }
    }

    @Test
    void theCentralOptimumRespectsTheCapAndTheCapBinds() {
        for (Topology topology : Topology.values()) {
            Vpp vpp = vpp(topology);
            Solution central = new CentralSolver().solve(vpp);
            assertEquals(SolveStatus.OPTIMAL, central.status(), central.message());
            double largestCapped = 0;
            for (int u = 0; u < vpp.size(); u++) {
                ProsumerSchedule s = central.schedules().get(u);
                if (topology == Topology.POOL) {
                    for (double q : s.netTrade()) {
                        assertTrue(Math.abs(q) <= vpp.poolTradeLimitKwh(u) + 1e-7, "pool trade " + q);
                        if (u > 0) {
                            largestCapped = Math.max(largestCapped, Math.abs(q));
                        }
                    }
                } else {
                    for (int v : vpp.peersOf(u)) {
                        for (double p : s.trades().get(vpp.prosumers().get(v).id())) {
                            assertTrue(Math.abs(p) <= vpp.tradeLimitKwh(u, v) + 1e-7, "trade " + p);
                            if (u > 0 && v > 0) {
                                largestCapped = Math.max(largestCapped, Math.abs(p));
                            }
                        }
                    }
                }
            }
            assertEquals(0.05, largestCapped, 1e-6, topology + ": the cap binds somewhere (else this test proves nothing)");
        }
    }
}
