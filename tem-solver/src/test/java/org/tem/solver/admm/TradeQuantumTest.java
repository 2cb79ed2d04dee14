package org.tem.solver.admm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** The quantum of traded energy: exact round trips, idempotence, range, and the step's use of it. */
class TradeQuantumTest {

    /** Every whole number of units in range comes back from its kWh value unchanged. */
    @Property(tries = 2_000)
    void unitsOfKwhOfUnitsIsTheIdentity(@ForAll @LongRange(min = -TradeQuantum.MAX_UNITS,
            max = TradeQuantum.MAX_UNITS) long units) {
        assertEquals(units, TradeQuantum.units(TradeQuantum.kwh(units)));
    }

    /** Quantising twice changes nothing, bit for bit, anywhere in the range. */
    @Property(tries = 2_000)
    void quantisationIsIdempotent(@ForAll @DoubleRange(min = -1e6, max = 1e6) double kwh) {
        double once = TradeQuantum.quantise(kwh);
        assertEquals(Double.doubleToRawLongBits(once), Double.doubleToRawLongBits(TradeQuantum.quantise(once)));
        assertEquals(0.0, Math.abs(once - kwh), 5e-10 + Math.ulp(kwh));
    }

    /** Idempotence at the edges: the range's ends, ties, tiny values and the sign of zero. */
    @Test
    void edgesQuantiseAsDocumented() {
        assertEquals(TradeQuantum.MAX_UNITS, TradeQuantum.units(TradeQuantum.MAX_KWH));
        assertEquals(-TradeQuantum.MAX_UNITS, TradeQuantum.units(-TradeQuantum.MAX_KWH));
        assertEquals(2, TradeQuantum.units(2.5e-9), "ties go to even");
        assertEquals(-2, TradeQuantum.units(-2.5e-9), "symmetric");
        assertEquals(0L, Double.doubleToRawLongBits(TradeQuantum.quantise(-0.0)), "always +0.0");
        assertEquals(0L, Double.doubleToRawLongBits(TradeQuantum.quantise(-4e-10)), "always +0.0");
        assertEquals(1e-9, TradeQuantum.quantise(6e-10));
        assertEquals(0.123456789, TradeQuantum.quantise(0.1234567891));
        Random rng = new Random(3);
        for (int i = 0; i < 100_000; i++) {
            double x = (rng.nextDouble() - 0.5) * Math.pow(10, rng.nextInt(16) - 9);
            double q = TradeQuantum.quantise(x);
            assertEquals(q, TradeQuantum.quantise(q));
            assertEquals(-q == 0 ? 0.0 : -q, TradeQuantum.quantise(-x));
        }
    }

    @Test
    void nonFiniteAndOutOfRangeValuesAreRefused() {
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
            Math.nextUp(1e6), -1.000001e6, Double.MAX_VALUE}) {
            assertThrows(IllegalArgumentException.class, () -> TradeQuantum.units(bad), String.valueOf(bad));
        }
        assertThrows(IllegalArgumentException.class, () -> TradeQuantum.kwh(TradeQuantum.MAX_UNITS + 1));
        assertThrows(IllegalArgumentException.class, () -> TradeQuantum.kwh(Long.MIN_VALUE));
        assertThrows(IllegalArgumentException.class, () -> TradeQuantum.quantiseBound(-1));
        assertThrows(IllegalArgumentException.class, () -> TradeQuantum.quantiseBound(Double.NaN));
        assertEquals(TradeQuantum.MAX_KWH, TradeQuantum.quantiseBound(Double.POSITIVE_INFINITY));
    }

    /**
     * The step takes trades in quantised: a run fed raw doubles and a run fed the same doubles
     * quantised beforehand (what a ledger decodes) hold bit-identical states after every step.
     */
    @Test
    void aStepFedRawTradesEqualsAStepFedQuantisedTradesBitForBit() {
        for (boolean pool : new boolean[] {true, false}) {
            int n = 4;
            int slots = 5;
            java.util.List<String> ids = java.util.List.of("a", "b", "c", "d");
            java.util.List<java.util.List<Integer>> peers = java.util.List.of(java.util.List.of(1, 2, 3),
                    java.util.List.of(0, 2, 3), java.util.List.of(0, 1, 3), java.util.List.of(0, 1, 2));
            AdmmLinks links = AdmmLinks.of(ids, slots, pool, peers, new double[] {10, 10, 10, 10}, 10);
            AdmmState raw = new AdmmState(links, AdmmOptions.DEFAULT);
            AdmmState quantised = new AdmmState(links, AdmmOptions.DEFAULT);
            Random rng = new Random(pool ? 1 : 2);
            for (int k = 0; k < 30; k++) {
                double[][] p = new double[links.size()][slots];
                for (double[] row : p) {
                    for (int t = 0; t < slots; t++) {
                        row[t] = (rng.nextDouble() - 0.5) * 6;
                    }
                }
                AdmmIteration a = raw.step(p);
                AdmmIteration b = quantised.step(TradeQuantum.quantise(p));
                assertEquals(a.withElapsed(0), b.withElapsed(0));
                assertArrayEquals(raw.encode(), quantised.encode(), "iteration " + (k + 1) + (pool ? " pool" : " bilateral"));
            }
            assertEquals(n, links.prosumers());
        }
    }

    /** A trade just inside a limit that is not a whole number of units is accepted, one unit beyond is not. */
    @Test
    void limitsAreJudgedQuantised() {
        java.util.List<String> ids = java.util.List.of("a", "b");
        AdmmLinks links = AdmmLinks.of(ids, 1, true, java.util.List.of(), new double[] {0.1234567891, 0.1234567891},
                10);
        AdmmState s = new AdmmState(links, AdmmOptions.DEFAULT);
        s.checkSubmission(0, new double[][] {{0.1234567894}});
        s.checkSubmission(0, new double[][] {{-0.1234567894}});
        assertThrows(IllegalArgumentException.class, () -> s.checkSubmission(0, new double[][] {{0.1234567901}}));
    }
}
