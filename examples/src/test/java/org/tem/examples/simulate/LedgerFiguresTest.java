package org.tem.examples.simulate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LedgerFiguresTest {
    @Test
    void percentilesAreNearestRankOverTheSortedDelays() {
        double[] delays = new double[100];
        for (int i = 0; i < 100; i++) {
            delays[i] = 100 - i; // 100 … 1, unsorted on purpose
        }
        LedgerFigures f = new LedgerFigures(100, 10, delays, Map.of());
        assertEquals(50, f.confirmationP50(), 0.0);
        assertEquals(99, f.confirmationP99(), 0.0);
        assertEquals(1, f.confirmationSeconds()[0], 0.0);
        assertEquals(1.0, new LedgerFigures(1, 1, new double[] {1.0}, Map.of()).confirmationP99(), 0.0);
        assertTrue(Double.isNaN(new LedgerFigures(0, 0, new double[0], Map.of()).confirmationP50()));
    }

    @Test
    void theDelaysAreCopiedInAndOut() {
        double[] delays = {0.3, 0.1};
        LedgerFigures f = new LedgerFigures(2, 1, delays, Map.of());
        delays[0] = 99;
        f.confirmationSeconds()[0] = 99;
        assertArrayEquals(new double[] {0.1, 0.3}, f.confirmationSeconds(), 0.0);
    }

    @Test
    void aSettlementThatDoesNotSumToZeroIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new LedgerFigures(1, 1, new double[0], Map.of("a", 5L, "b", -4L)));
        assertTrue(e.getMessage().startsWith("settlementMinorUnits: must sum to 0, was 1"), e.getMessage());
    }

    @Test
    void aSettlementWhoseSumOverflowsIsRejectedNotWrapped() {
        // Long.MAX_VALUE + 2 + Long.MAX_VALUE wraps to 0 in long arithmetic
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new LedgerFigures(1, 1, new double[0], new java.util.TreeMap<>(Map.of("a", Long.MAX_VALUE,
                        "b", 2L, "c", Long.MAX_VALUE))));
        assertTrue(e.getMessage().contains("overflows"), e.getMessage());
    }

    @Test
    void negativeCountsAndBadDelaysAreRejectedNamingTheField() {
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new LedgerFigures(-1, 0, new double[0], Map.of())).getMessage().startsWith("transactions:"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new LedgerFigures(0, -1, new double[0], Map.of())).getMessage().startsWith("blocks:"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new LedgerFigures(1, 1, new double[] {-0.1}, Map.of())).getMessage()
                .startsWith("confirmationSeconds:"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new LedgerFigures(1, 1, new double[] {Double.NaN}, Map.of())).getMessage()
                .startsWith("confirmationSeconds:"));
    }
}
