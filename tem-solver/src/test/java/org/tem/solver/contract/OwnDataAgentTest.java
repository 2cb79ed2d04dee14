package org.tem.solver.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tem.api.Market;
import org.tem.api.Prosumer;
import org.tem.api.Topology;
import org.tem.api.Vpp;
import org.tem.solver.LocalProblem;
import org.tem.solver.VppsForAdmm;
import org.tem.solver.admm.AdmmOptions;
import org.tem.solver.admm.LocalAgent;
import org.tem.solver.admm.TradingAgent;

/**
 * A meter's agent compiled from its own prosumer, its own tariff and the round's configuration
 * ({@link RoundConfig#agentFor}) is the agent compiled from the whole VPP ({@link LocalAgent#of(Vpp, int)}),
 * bit for bit: same links, same limits, same proposals and settled schedules.
 */
class OwnDataAgentTest {

    private static void sameAgent(Vpp vpp, String what) {
        RoundConfig config = RoundConfig.of(vpp, AdmmOptions.DEFAULT, 100, 5_000);
        for (int u = 0; u < vpp.size(); u++) {
            Prosumer own = vpp.prosumers().get(u);
            // the tariff the meter holds: the VPP's ancillary prices, but its own idea of the P2P
            // price and topology, which the round overrides
            Market tariff = vpp.market().toBuilder().p2pPrice(vpp.market().p2pPrice() + 0.5)
                    .topology(Topology.BILATERAL).build();
            LocalProblem fromVpp = LocalProblem.of(vpp, u);
            LocalProblem fromOwn = config.problemFor(own, tariff);
            String at = what + " prosumer " + u;
            assertEquals(fromVpp.links(), fromOwn.links(), at);
            assertBits(fromVpp.tradeLimits(), fromOwn.tradeLimits(), at + " limits");
            LocalAgent a = LocalAgent.of(vpp, u);
            LocalAgent b = config.agentFor(own, tariff);
            Random rng = new Random(u);
            int links = a.links();
            int slots = vpp.horizon().slots();
            boolean[] frozen = new boolean[links];
            for (int step = 0; step < 3; step++) {
                double[][] target = new double[links][slots];
                double[][] lambda = new double[links][slots];
                for (int k = 0; k < links; k++) {
                    for (int t = 0; t < slots; t++) {
                        target[k][t] = Math.min(fromVpp.tradeLimits()[k], rng.nextDouble() - 0.5);
                        lambda[k][t] = 0.1 * (rng.nextDouble() - 0.5);
                    }
                }
                if (step == 2 && links > 0) {
                    frozen[0] = true;
                }
                TradingAgent.Proposal pa = a.propose(1.0 + step, target, lambda, frozen);
                TradingAgent.Proposal pb = b.propose(1.0 + step, target, lambda, frozen);
                assertTrue(pa.solved(), at);
                for (int k = 0; k < links; k++) {
                    assertBits(pa.trades()[k], pb.trades()[k], at + " step " + step + " link " + k);
                }
                assertEquals(Double.doubleToRawLongBits(a.schedule().cost()),
                        Double.doubleToRawLongBits(b.schedule().cost()), at + " cost");
            }
            double[][] none = new double[links][slots];
            assertEquals(Double.doubleToRawLongBits(a.settle(none).schedule().orElseThrow().cost()),
                    Double.doubleToRawLongBits(b.settle(none).schedule().orElseThrow().cost()), at + " settled");
        }
    }

    private static void assertBits(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Double.doubleToRawLongBits(expected[i]), Double.doubleToRawLongBits(actual[i]),
                    what + " [" + i + "]");
        }
    }

    @Test
    void bilateralAgentFromOwnDataIsBitIdenticalToTheOneFromTheWholeVpp() {
        sameAgent(VppsForAdmm.vpp(4, 3, 11, Topology.BILATERAL), "bilateral");
    }

    @Test
    void poolAgentFromOwnDataIsBitIdenticalToTheOneFromTheWholeVpp() {
        sameAgent(VppsForAdmm.vpp(4, 3, 12, Topology.POOL), "pool");
    }

    @Test
    void agentWithDeclaredLimitsAndSparsePeersIsBitIdenticalToTheOneFromTheWholeVpp() {
        for (long seed = 1; seed <= 4; seed++) {
            Vpp vpp = VppsForAdmm.vpp(5, 3, seed, seed % 2 == 0 ? Topology.POOL : Topology.BILATERAL, true, true);
            sameAgent(vpp, "limits seed " + seed);
        }
    }

    @Test
    void declaredLimitsReallyDifferBetweenLinksInTheLimitsCase() {
        // guards the test above: with limits the links do not all carry the cap
        boolean differs = false;
        for (long seed = 1; seed <= 4; seed++) {
            Vpp vpp = VppsForAdmm.vpp(5, 3, seed, Topology.BILATERAL, true, true);
            for (int u = 0; u < vpp.size(); u++) {
                for (double l : LocalProblem.of(vpp, u).tradeLimits()) {
                    differs |= l != vpp.tradeCapKwh();
                }
            }
        }
        assertTrue(differs);
    }

    @Test
    void aMeterRefusesARoundThatIsNotItsOwn() {
        Vpp vpp = VppsForAdmm.vpp(3, 3, 5, Topology.BILATERAL);
        RoundConfig config = RoundConfig.of(vpp, AdmmOptions.DEFAULT, 100, 5_000);
        Prosumer own = vpp.prosumers().get(0);
        Prosumer stranger = Prosumer.builder("stranger").horizon(own.horizon()).grid(g -> g.energyRate(0.3)).build();
        assertThrows(IllegalArgumentException.class, () -> config.agentFor(stranger, vpp.market()));
        Prosumer otherLimit = own.toBuilder().maxTradeKwh(1.25).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> config.agentFor(otherLimit, vpp.market()));
        assertTrue(e.getMessage().contains("trade limit"), e.getMessage());
        Vpp longer = VppsForAdmm.vpp(3, 4, 5, Topology.BILATERAL);
        assertThrows(IllegalArgumentException.class, () -> config.agentFor(longer.prosumers().get(0), vpp.market()));
        assertThrows(IllegalArgumentException.class, () -> LocalProblem.of(own, vpp.market(), List.of("p1", "p1"),
                new double[] {1, 1}, false));
        assertThrows(IllegalArgumentException.class, () -> LocalProblem.of(own, vpp.market(), List.of("p1"),
                new double[] {Double.NaN}, false));
    }
}
