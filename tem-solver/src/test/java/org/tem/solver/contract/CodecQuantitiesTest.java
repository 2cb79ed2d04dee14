package org.tem.solver.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tem.api.contract.ContractException;
import org.tem.solver.admm.TradeQuantum;

/** Trades as quantities: the round trip is the quantisation, sizes are as documented, hostile shapes cost nothing. */
class CodecQuantitiesTest {

    /** Writing and reading back gives exactly the quantised matrix, and re-encoding it gives the same bytes. */
    @Test
    void aRoundTripIsTheQuantisationAndReEncodingIsStable() {
        Random rng = new Random(5);
        for (int i = 0; i < 2_000; i++) {
            int rows = 1 + rng.nextInt(9);
            int cols = 1 + rng.nextInt(24);
            double[][] m = new double[rows][cols];
            for (double[] row : m) {
                for (int t = 0; t < cols; t++) {
                    row[t] = switch (rng.nextInt(4)) {
                        case 0 -> 0.0;
                        case 1 -> (rng.nextDouble() - 0.5) * 6;
                        case 2 -> (rng.nextDouble() - 0.5) * 2e6;
                        default -> rng.nextBoolean() ? TradeQuantum.MAX_KWH : -TradeQuantum.MAX_KWH;
                    };
                }
            }
            byte[] bytes = Codec.rowsToQuantities(m);
            double[][] back = Codec.quantitiesToRows(bytes, rows, cols);
            double[][] q = TradeQuantum.quantise(m);
            for (int r = 0; r < rows; r++) {
                assertArrayEquals(q[r], back[r]);
            }
            assertArrayEquals(bytes, Codec.rowsToQuantities(back));
            assertTrue(bytes.length <= rows * cols * Codec.MAX_VARINT_BYTES);
        }
    }

    /** Values up to ±0.134 kWh take 4 bytes, up to ±17 kWh 5, zero and small steps one byte. */
    @Test
    void sizesAreAsDocumented() {
        assertEquals(1, Codec.rowsToQuantities(new double[][] {{0.0}}).length);
        assertEquals(1, Codec.rowsToQuantities(new double[][] {{-63e-9}}).length);
        assertEquals(4, Codec.rowsToQuantities(new double[][] {{0.134217727}}).length);
        assertEquals(4, Codec.rowsToQuantities(new double[][] {{-0.134217728}}).length);
        assertEquals(5, Codec.rowsToQuantities(new double[][] {{17.0}}).length);
        assertEquals(8, Codec.rowsToQuantities(new double[][] {{TradeQuantum.MAX_KWH}}).length);
        // after the first entry of a row only the step counts: 5 bytes, then 1 byte for +1 unit
        assertEquals(6, Codec.rowsToQuantities(new double[][] {{1.0, 1.000000001}}).length);
        // each row starts afresh
        assertEquals(10, Codec.rowsToQuantities(new double[][] {{1.0}, {1.0}}).length);
        // the largest step, from −10^6 to +10^6 kWh, still fits 8 bytes
        assertEquals(16, Codec.rowsToQuantities(new double[][] {{-TradeQuantum.MAX_KWH, TradeQuantum.MAX_KWH}}).length);
    }

    /** A shape that claims more entries than bytes, or more bytes than 8 per entry, is refused before allocating. */
    @Test
    void shapesThatDoNotFitThePayloadAreRefused() {
        assertThrows(ContractException.class, () -> Codec.quantitiesToRows(new byte[16], Integer.MAX_VALUE,
                Integer.MAX_VALUE));
        assertThrows(ContractException.class, () -> Codec.quantitiesToRows(new byte[0], Integer.MAX_VALUE, 0));
        assertThrows(ContractException.class, () -> Codec.quantitiesToRows(new byte[5], 2, 3));
        assertThrows(ContractException.class, () -> Codec.quantitiesToRows(new byte[49], 2, 3));
        assertThrows(ContractException.class, () -> Codec.quantitiesToRows(new byte[1], 0, 0));
        assertEquals(0, Codec.quantitiesToRows(new byte[0], 0, 0).length);
        assertThrows(IllegalArgumentException.class, () -> Codec.rowsToQuantities(new double[][] {{1, 2}, {3}}));
        assertThrows(IllegalArgumentException.class, () -> Codec.rowsToQuantities(new double[][] {{Double.NaN}}));
    }
}
