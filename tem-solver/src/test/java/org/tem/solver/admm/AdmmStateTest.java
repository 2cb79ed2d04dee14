package org.tem.solver.admm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tem.api.Topology;
import org.tem.api.Vpp;
import org.tem.solver.VppsForAdmm;

class AdmmStateTest {

    @Test
    void sameSubmissionsGiveBitIdenticalStates() {
        Vpp vpp = VppsForAdmm.vpp(4, 3, 11, Topology.BILATERAL);
        AdmmLinks links = AdmmLinks.of(vpp);
        AdmmState a = new AdmmState(links, AdmmOptions.DEFAULT);
        AdmmState b = new AdmmState(links, AdmmOptions.DEFAULT);
        Random rng = new Random(5);
        for (int i = 0; i < 30; i++) {
            double[][] p = new double[links.size()][links.slots()];
            for (double[] row : p) {
                for (int t = 0; t < row.length; t++) {
                    row[t] = rng.nextGaussian();
                }
            }
            AdmmIteration x = a.step(p);
            AdmmIteration y = b.step(p);
            assertEquals(Double.doubleToRawLongBits(x.primalResidual()), Double.doubleToRawLongBits(y.primalResidual()));
            assertEquals(Double.doubleToRawLongBits(a.rho()), Double.doubleToRawLongBits(b.rho()));
        }
        double[][] la = a.lambda(0, links.size());
        double[][] lb = b.lambda(0, links.size());
        for (int k = 0; k < la.length; k++) {
            assertTrue(java.util.Arrays.equals(la[k], lb[k]));
        }
    }

    @Test
    void rejectsWrongShapesAndNonFiniteTrades() {
        Vpp vpp = VppsForAdmm.vpp(3, 2, 1, Topology.POOL);
        AdmmState s = new AdmmState(AdmmLinks.of(vpp), AdmmOptions.DEFAULT);
        assertThrows(IllegalArgumentException.class, () -> s.step(new double[2][2]));
        assertThrows(IllegalArgumentException.class, () -> s.step(new double[3][5]));
        double[][] nan = new double[3][2];
        nan[1][1] = Double.NaN;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.step(nan));
        assertTrue(e.getMessage().startsWith("trades[0][1]: must be finite"), e.getMessage());
        assertEquals(0, s.iteration());
    }

    private static double[][] randomTrades(AdmmLinks links, Random rng, double scale) {
        double[][] p = new double[links.size()][links.slots()];
        for (int k = 0; k < p.length; k++) {
            for (int t = 0; t < p[k].length; t++) {
                p[k][t] = Math.max(-links.limit(k), Math.min(links.limit(k), scale * rng.nextGaussian()));
            }
        }
        return p;
    }

    private static boolean[] allBut(int n, int... silent) {
        boolean[] answered = new boolean[n];
        java.util.Arrays.fill(answered, true);
        for (int u : silent) {
            answered[u] = false;
        }
        return answered;
    }

    private static void assertAllZero(double[][] rows, int from, int to, String what) {
        for (int k = from; k < to; k++) {
            for (double v : rows[k]) {
                assertEquals(0.0, v, 0.0, what + " of link " + k);
            }
        }
    }

    @Test
    void aProsumerSilentWhenIterationOneClosesIsExcludedAndItsLinksAndItsPeersLinksToItAreFrozen() {
        Vpp vpp = VppsForAdmm.vpp(4, 3, 2, Topology.BILATERAL);
        AdmmLinks links = AdmmLinks.of(vpp);
        AdmmState s = new AdmmState(links, AdmmOptions.DEFAULT);
        Random rng = new Random(8);
        s.step(randomTrades(links, rng, 1.0), allBut(4, 2));
        assertTrue(s.excluded(2));
        assertEquals(java.util.List.of(2), s.excluded());
        for (int k = 0; k < links.size(); k++) {
            boolean touches = links.from(k) == 2 || links.to(k) == 2;
            assertEquals(touches, s.frozen(k, k + 1)[0], "link " + k);
            if (touches) {
                assertAllZero(s.iterate(), k, k + 1, "p'");
                assertAllZero(s.lambda(0, links.size()), k, k + 1, "λ");
                assertAllZero(s.auxiliary(0, links.size()), k, k + 1, "broadcast p'");
            }
        }
        // a peer must now submit zero on its link to the excluded prosumer; the excluded one may not submit
        double[][] next = randomTrades(links, rng, 1.0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> s.step(next, allBut(4, 2)));
        assertTrue(e.getMessage().contains("frozen"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> s.step(next, allBut(4)));
        assertEquals(1, s.iteration(), "a rejected step changes nothing");
        for (int k = 0; k < links.size(); k++) {
            if (s.frozen(k, k + 1)[0]) {
                next[k] = new double[links.slots()];
            }
        }
        s.step(next, allBut(4, 2));
        assertEquals(2, s.iteration());
    }

    @Test
    void theLastSubmissionStandsUntilKConsecutiveMissesThenTheProsumerIsExcluded() {
        Vpp vpp = VppsForAdmm.vpp(3, 2, 3, Topology.POOL);
        AdmmLinks links = AdmmLinks.of(vpp);
        AdmmOptions options = AdmmOptions.DEFAULT.withMissLimit(3).withAcceleration(false);
        AdmmState s = new AdmmState(links, options);
        Random rng = new Random(9);
        double[][] first = randomTrades(links, rng, 1.0);
        s.step(first, allBut(3));
        for (int miss = 1; miss <= 2; miss++) {
            s.step(randomTrades(links, rng, 1.0), allBut(3, 1));
            assertFalse(s.excluded(1), "after " + miss + " misses");
            assertEquals(miss, s.misses(1));
            assertTrue(java.util.Arrays.equals(TradeQuantum.quantise(first[1]), s.standingTrades()[1]),
                    "its last submission stands (quantised to whole units, as every proposal is taken in)");
        }
        s.step(randomTrades(links, rng, 1.0), allBut(3, 1));
        assertTrue(s.excluded(1), "excluded at the third consecutive miss");
        assertAllZero(s.standingTrades(), 1, 2, "standing trades");
        assertAllZero(s.iterate(), 1, 2, "p'");
        // the pool's projection now runs over prosumers 0 and 2 only
        double[][] p = new double[3][2];
        p[0] = new double[] {1.0, -0.5};
        p[2] = new double[] {0.0, 0.25};
        s.step(p, allBut(3, 1));
        double[][] z = s.iterate();
        for (int t = 0; t < 2; t++) {
            assertEquals(0.0, z[0][t] + z[2][t], 1e-12, "zero sum over the active prosumers");
            assertEquals(0.0, z[1][t], 0.0);
        }
    }

    @Test
    void answeringAgainResetsTheMissCount() {
        Vpp vpp = VppsForAdmm.vpp(3, 2, 3, Topology.POOL);
        AdmmLinks links = AdmmLinks.of(vpp);
        AdmmState s = new AdmmState(links, AdmmOptions.DEFAULT.withMissLimit(2));
        Random rng = new Random(10);
        s.step(randomTrades(links, rng, 1.0), allBut(3));
        s.step(randomTrades(links, rng, 1.0), allBut(3, 0));
        s.step(randomTrades(links, rng, 1.0), allBut(3));
        assertEquals(0, s.misses(0));
        s.step(randomTrades(links, rng, 1.0), allBut(3, 0));
        assertFalse(s.excluded(0), "two misses, but not consecutive");
    }

    @Test
    void aPoolWithOneActiveProsumerLeftFreezesEveryLink() {
        Vpp vpp = VppsForAdmm.vpp(2, 2, 4, Topology.POOL);
        AdmmLinks links = AdmmLinks.of(vpp);
        AdmmState s = new AdmmState(links, AdmmOptions.DEFAULT);
        s.step(randomTrades(links, new Random(11), 1.0), allBut(2, 1));
        assertTrue(s.frozen(0, 1)[0], "nobody is left to trade with");
        assertFalse(s.abandoned());
        AdmmIteration it = s.step(new double[2][2], allBut(2, 1));
        assertFalse(it.converged(), "the residual test passes at once, and the candidate awaits confirmation");
        assertTrue(s.candidate(), "nothing to coordinate: zero trades are reciprocal at once");
        boolean[] absorbs = {true, false};
        assertTrue(s.step(new double[2][2], allBut(2, 1), absorbs).converged(), "confirmed by the one active prosumer");
    }

    @Test
    void whenEverybodyIsExcludedTheRunIsAbandonedAndNotConverged() {
        Vpp vpp = VppsForAdmm.vpp(3, 2, 5, Topology.BILATERAL);
        AdmmLinks links = AdmmLinks.of(vpp);
        AdmmState s = new AdmmState(links, AdmmOptions.DEFAULT);
        AdmmIteration it = s.step(new double[links.size()][], new boolean[3]);
        assertTrue(s.abandoned());
        assertFalse(it.converged());
        assertTrue(Double.isNaN(it.primalResidual()));
        assertThrows(IllegalStateException.class, () -> s.step(new double[links.size()][links.slots()]));
    }

    @Test
    void tradesBeyondTheLinkLimitAreRejectedAndChangeNothing() {
        Vpp vpp = VppsForAdmm.vpp(3, 2, 6, Topology.BILATERAL);
        AdmmLinks links = AdmmLinks.of(vpp);
        AdmmState s = new AdmmState(links, AdmmOptions.DEFAULT);
        byte[] before = s.encode();
        double[][] p = new double[links.size()][links.slots()];
        p[0][1] = 1.7e308;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.step(p));
        assertTrue(e.getMessage().contains("beyond ±" + TradeQuantum.MAX_KWH + " kWh"), e.getMessage());
        assertTrue(java.util.Arrays.equals(before, s.encode()));
        // within the representable range but one unit beyond the link's limit
        double limit = TradeQuantum.quantiseBound(links.limit(0));
        p[0][1] = limit + 1.0 / TradeQuantum.UNITS_PER_KWH;
        e = assertThrows(IllegalArgumentException.class, () -> s.step(p));
        assertTrue(e.getMessage().contains("beyond the link's limit"), e.getMessage());
        assertTrue(java.util.Arrays.equals(before, s.encode()));
        // exactly at the (quantised) limit is accepted
        p[0][1] = limit;
        s.step(p);
        assertEquals(1, s.iteration());
    }

    @Test
    void anEncodedStateContinuesBitIdenticallyWithItsExclusions() {
        Vpp vpp = VppsForAdmm.vpp(4, 3, 7, Topology.BILATERAL);
        AdmmLinks links = AdmmLinks.of(vpp);
        AdmmOptions options = AdmmOptions.DEFAULT.withRelaxation(1.6);
        AdmmState a = new AdmmState(links, options);
        Random rng = new Random(12);
        a.step(randomTrades(links, rng, 1.0), allBut(4, 3));
        for (int i = 0; i < 5; i++) {
            double[][] p = randomTrades(links, rng, 1.0);
            for (int k = 0; k < links.size(); k++) {
                if (a.frozen(k, k + 1)[0]) {
                    p[k] = new double[links.slots()];
                }
            }
            a.step(p, i == 2 ? allBut(4, 0, 3) : allBut(4, 3));
        }
        AdmmState b = AdmmState.decode(links, options, a.encode());
        assertTrue(java.util.Arrays.equals(a.encode(), b.encode()));
        double[][] p = randomTrades(links, rng, 1.0);
        for (int k = 0; k < links.size(); k++) {
            if (a.frozen(k, k + 1)[0]) {
                p[k] = new double[links.slots()];
            }
        }
        AdmmIteration x = a.step(p, allBut(4, 3));
        AdmmIteration y = b.step(p, allBut(4, 3));
        assertEquals(Double.doubleToRawLongBits(x.dualResidual()), Double.doubleToRawLongBits(y.dualResidual()));
        assertTrue(java.util.Arrays.equals(a.encode(), b.encode()));
    }

    @Test
    void decodeChecksTheLengthBeforeAllocatingAndRejectsImpossibleValues() {
        Vpp vpp = VppsForAdmm.vpp(3, 2, 8, Topology.POOL);
        AdmmLinks links = AdmmLinks.of(vpp);
        byte[] good = new AdmmState(links, AdmmOptions.DEFAULT).encode();
        assertEquals(AdmmState.encodedSize(links), good.length);
        assertThrows(IllegalArgumentException.class,
                () -> AdmmState.decode(links, AdmmOptions.DEFAULT, java.util.Arrays.copyOf(good, good.length - 1)));
        assertThrows(IllegalArgumentException.class,
                () -> AdmmState.decode(links, AdmmOptions.DEFAULT, java.util.Arrays.copyOf(good, good.length + 8)));
        byte[] badFlag = good.clone();
        badFlag[4 * 4 + 8 + 4] = 7; // the converged flag
        assertThrows(IllegalArgumentException.class, () -> AdmmState.decode(links, AdmmOptions.DEFAULT, badFlag));
        byte[] nan = good.clone();
        java.nio.ByteBuffer.wrap(nan).putDouble(nan.length - 8, Double.NaN);
        assertThrows(IllegalArgumentException.class, () -> AdmmState.decode(links, AdmmOptions.DEFAULT, nan));
    }

    @Test
    void linksOfAProsumerAreContiguousAndReversible() {
        Vpp vpp = VppsForAdmm.vpp(5, 2, 3, Topology.BILATERAL);
        AdmmLinks links = AdmmLinks.of(vpp);
        int[] reverse = links.reverse();
        assertEquals(20, links.size());
        for (int u = 0; u < 5; u++) {
            for (int k = links.start(u); k < links.end(u); k++) {
                assertEquals(u, links.from(k));
                assertEquals(links.to(k), links.from(reverse[k]));
                assertEquals(k, reverse[reverse[k]]);
            }
        }
    }

    @Test
    void optionsRejectOutOfRangeValues() {
        assertThrows(IllegalArgumentException.class, () -> AdmmOptions.DEFAULT.withRho(0));
        assertThrows(IllegalArgumentException.class, () -> AdmmOptions.DEFAULT.withRho(2e6));
        assertThrows(IllegalArgumentException.class, () -> AdmmOptions.DEFAULT.withRho(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> AdmmOptions.DEFAULT.withRelaxation(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> AdmmOptions.DEFAULT.withMaxIterations(100_001));
        assertThrows(IllegalArgumentException.class, () -> AdmmOptions.DEFAULT.withMissLimit(0));
        assertThrows(IllegalArgumentException.class, () -> AdmmOptions.DEFAULT.withPaperRule(Double.POSITIVE_INFINITY));
        assertEquals(AdmmOptions.StoppingRule.PAPER, AdmmOptions.StoppingRule.fromCode(
                AdmmOptions.StoppingRule.PAPER.code()));
        assertThrows(IllegalArgumentException.class, () -> AdmmOptions.StoppingRule.fromCode(0));
        assertThrows(IllegalArgumentException.class, () -> AdmmOptions.DEFAULT.withRelaxation(2.0));
        assertThrows(IllegalArgumentException.class, () -> AdmmOptions.DEFAULT.withMaxIterations(0));
        assertThrows(IllegalArgumentException.class, () -> AdmmOptions.DEFAULT.withTolerances(-1, 1e-4));
        assertThrows(IllegalArgumentException.class, () -> AdmmOptions.DEFAULT.withPaperRule(0));
    }

    /** Two prosumers, one pool link each, 2 slots: zero trades pass the residual test at once. */
    private static AdmmState twoInAPool(AdmmOptions options) {
        return new AdmmState(AdmmLinks.of(VppsForAdmm.vpp(2, 2, 4, Topology.POOL)), options);
    }

    @Test
    void underTheSettledRuleARunEndsOnlyWhenEveryActiveProsumerConfirmsTheCandidate() {
        AdmmState s = twoInAPool(AdmmOptions.DEFAULT);
        assertEquals(AdmmOptions.StoppingRule.SETTLED, AdmmOptions.DEFAULT.rule());
        boolean[] both = {true, true};
        AdmmIteration first = s.step(new double[2][2], both, new boolean[] {true, true});
        assertFalse(first.converged(), "iteration 1: the residual test passes, nobody has seen a candidate yet");
        assertTrue(s.candidate());
        AdmmIteration refused = s.step(new double[2][2], both, new boolean[] {true, false});
        assertFalse(refused.converged(), "one prosumer cannot absorb the candidate: the run goes on");
        assertEquals(2, s.iteration());
        assertTrue(s.candidate(), "the step ran, passed the test again, and made a new candidate");
        AdmmIteration silent = s.step(new double[2][2], new boolean[] {true, false}, new boolean[] {true, true});
        assertFalse(silent.converged(), "a silent prosumer confirms nothing, whatever its flag says");
        AdmmIteration confirmed = s.step(new double[2][2], both, both);
        assertTrue(confirmed.converged());
        assertTrue(s.converged());
        assertEquals(4, s.iteration(), "the confirming iteration counts");
        assertFalse(s.candidate());
    }

    @Test
    void aConfirmingStepLeavesTheSettledTradesThoseThatWereConfirmed() {
        AdmmState s = twoInAPool(AdmmOptions.DEFAULT.withTolerances(1.0, 1.0));
        boolean[] both = {true, true};
        s.step(new double[][] {{0.5, -0.25}, {-0.5, 0.25}}, both);
        assertTrue(s.candidate());
        double[][] candidate = s.settledTrades();
        // the confirming submissions differ, but the run settles the candidate the prosumers confirmed
        AdmmIteration it = s.step(new double[][] {{0.1, 0.1}, {-0.3, 0.2}}, both, both);
        assertTrue(it.converged());
        assertTrue(java.util.Arrays.deepEquals(candidate, s.settledTrades()));
        assertTrue(java.util.Arrays.deepEquals(new double[][] {{0.5, -0.25}, {-0.5, 0.25}}, candidate));
    }

    @Test
    void underTheStandardRuleTheResidualTestAloneEndsTheRun() {
        AdmmState s = twoInAPool(AdmmOptions.DEFAULT.withRule(AdmmOptions.StoppingRule.STANDARD));
        assertTrue(s.step(new double[2][2], new boolean[] {true, true}).converged());
        assertFalse(s.candidate());
    }

    @Test
    void theEncodingKeepsACandidateAndTheResidualsSoADecodedStateConfirmsBitIdentically() {
        AdmmLinks links = AdmmLinks.of(VppsForAdmm.vpp(2, 2, 4, Topology.POOL));
        AdmmOptions options = AdmmOptions.DEFAULT.withTolerances(1.0, 1.0);
        AdmmState s = new AdmmState(links, options);
        s.step(new double[][] {{0.5, -0.25}, {-0.5, 0.2}}, new boolean[] {true, true});
        assertTrue(s.candidate());
        AdmmState copy = AdmmState.decode(links, options, s.encode());
        assertTrue(copy.candidate());
        boolean[] both = {true, true};
        AdmmIteration a = s.step(new double[2][2], both, both);
        AdmmIteration b = copy.step(new double[2][2], both, both);
        assertTrue(a.converged() && b.converged());
        assertEquals(a, b);
        assertTrue(Double.isFinite(a.primalResidual()), "the confirming step reports the last residuals");
    }

    @Test
    void aWarmStartSetsThePricesAndProjectsTheTradesOntoBoundedReciprocalTrades() {
        Vpp vpp = VppsForAdmm.vpp(3, 2, 9, Topology.BILATERAL, true, false);
        AdmmLinks links = AdmmLinks.of(vpp);
        Random rng = new Random(12);
        double[][] prices = randomTrades(links, rng, 0.1);
        double[][] trades = new double[links.size()][links.slots()];
        for (double[] row : trades) {
            for (int t = 0; t < row.length; t++) {
                row[t] = 100 * rng.nextGaussian(); // far beyond every limit, and not reciprocal
            }
        }
        AdmmState s = new AdmmState(links, AdmmOptions.DEFAULT, WarmStart.of(links, prices, trades));
        assertTrue(java.util.Arrays.deepEquals(prices, s.duals()));
        assertTrue(java.util.Arrays.deepEquals(prices, s.lambda(0, links.size())));
        double[][] start = s.iterate();
        int[] reverse = links.reverse();
        for (int k = 0; k < links.size(); k++) {
            for (int t = 0; t < links.slots(); t++) {
                assertEquals(0.0, start[k][t] + start[reverse[k]][t], 0.0);
                assertTrue(Math.abs(start[k][t]) <= links.limit(k));
            }
        }
        assertEquals(0, s.iteration());
        assertTrue(java.util.Arrays.deepEquals(new double[links.size()][links.slots()], s.standingTrades()),
                "nothing stands before the first submissions");
    }

    /**
     * Trades of 0.5 kWh in every slot on every link of prosumers 0 and 1 (bought on the lower id's
     * side), zero on prosumer 2's: what two peers propose while a third is still in the round.
     */
    private static double[][] tradingWithEveryone(AdmmLinks links) {
        double[][] p = new double[links.size()][links.slots()];
        for (int k = 0; k < links.size(); k++) {
            if (links.from(k) == 2) {
                continue;
            }
            boolean buys = links.pool() ? links.from(k) == 0 : links.from(k) < links.to(k);
            java.util.Arrays.fill(p[k], buys ? 0.5 : -0.5);
        }
        return p;
    }

    @Test
    void aStepThatExcludesSomebodyNeverEndsTheRunWhateverTheRule() {
        // Loose tolerances: without the rule, the residual test would pass in the excluding step itself
        // and the run would end on trades proposed while prosumer 2 was still in the round.
        for (Topology topology : new Topology[] {Topology.BILATERAL, Topology.POOL}) {
            AdmmLinks links = AdmmLinks.of(VppsForAdmm.vpp(3, 2, 10, topology));
            for (AdmmOptions.StoppingRule rule : new AdmmOptions.StoppingRule[] {AdmmOptions.StoppingRule.STANDARD,
                AdmmOptions.StoppingRule.PAPER}) {
                AdmmOptions options = rule == AdmmOptions.StoppingRule.PAPER ? AdmmOptions.DEFAULT.withPaperRule(1e6)
                        : AdmmOptions.DEFAULT.withTolerances(1e6, 1.0).withRule(rule);
                String what = topology + ", " + rule;
                AdmmState s = new AdmmState(links, options);
                AdmmIteration first = s.step(tradingWithEveryone(links), new boolean[] {true, true, false});
                assertTrue(s.excluded(2), what);
                assertFalse(first.converged(), what + ": the step that excluded prosumer 2 does not end the run");
                assertFalse(s.converged(), what);
                AdmmIteration second = s.step(new double[links.size()][links.slots()],
                        new boolean[] {true, true, false});
                assertTrue(second.converged(), what + ": the next step, answered without prosumer 2, may");
            }
        }
    }

    @Test
    void underTheSettledRuleAStepThatExcludesAfterMissesMakesNoCandidate() {
        for (Topology topology : new Topology[] {Topology.BILATERAL, Topology.POOL}) {
            AdmmLinks links = AdmmLinks.of(VppsForAdmm.vpp(3, 2, 10, topology));
            AdmmState s = new AdmmState(links, AdmmOptions.DEFAULT.withTolerances(1e6, 1.0));
            boolean[] all = {true, true, true};
            boolean[] twoAnswer = {true, true, false};
            s.step(tradingWithEveryone(links), all);
            assertTrue(s.candidate(), topology + ": the residual test passes at once");
            for (int miss = 1; miss < AdmmOptions.DEFAULT_MISS_LIMIT; miss++) {
                // prosumer 2 is silent, so nobody confirms: the run goes on, its last trades stand
                assertFalse(s.step(tradingWithEveryone(links), twoAnswer, all).converged(), topology + " miss " + miss);
                assertTrue(s.candidate(), topology + " miss " + miss);
                assertFalse(s.excluded(2));
            }
            AdmmIteration excluding = s.step(tradingWithEveryone(links), twoAnswer, all);
            assertTrue(s.excluded(2), topology.toString());
            assertFalse(excluding.converged(), topology.toString());
            assertFalse(s.candidate(), topology + ": no candidate from the step that excluded prosumer 2");
            assertFalse(s.step(new double[links.size()][links.slots()], twoAnswer, all).converged(),
                    topology + ": the next step makes the candidate");
            assertTrue(s.candidate(), topology.toString());
            assertTrue(s.step(new double[links.size()][links.slots()], twoAnswer, all).converged(),
                    topology + ": and the one after confirms it");
        }
    }
}
