package org.tem.solver.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tem.api.Market;
import org.tem.solver.admm.AdmmLinks;

/** Exact settlement at the extremes of admissible input (issue 7, break 4). */
class SettlementTest {

    static AdmmLinks links(int n, int slots, boolean pool) {
        List<String> ids = new ArrayList<>();
        List<List<Integer>> peers = new ArrayList<>();
        for (int u = 0; u < n; u++) {
            ids.add("h" + u);
            List<Integer> mine = new ArrayList<>();
            for (int v = 0; v < n; v++) {
                if (v != u && !pool) {
                    mine.add(v);
                }
            }
            peers.add(mine);
        }
        double[] none = new double[n];
        Arrays.fill(none, Double.POSITIVE_INFINITY);
        return AdmmLinks.of(ids, slots, pool, peers, none, Market.MAX_TRADE_KWH);
    }

    @Test
    void break4_bilateralAtTheLargestTradesPricesAndSlotsIsExactAndZeroSum() {
        int slots = RoundConfig.MAX_SLOTS;
        AdmmLinks links = links(3, slots, false);
        double[][] trades = new double[links.size()][slots];
        for (int k = 0; k < links.size(); k++) {
            // 0 buys everything it can from 1 and 2; 1 buys from 2
            double sign = links.from(k) < links.to(k) ? 1 : -1;
            Arrays.fill(trades[k], sign * Market.MAX_TRADE_KWH);
        }
        long[] pay = Settlement.payments(links, trades, RoundConfig.MAX_PRICE, RoundConfig.MAX_MINOR_UNITS);
        long perPair = 1_440L * 1_000_000L * 1_000L * 1_000L; // 1.44e15 minor units, exactly
        assertArrayEquals(new long[] {2 * perPair, 0, -2 * perPair}, pay);
    }

    @Test
    void break4_bilateralRoundsHalfToEvenOnTheExactAmount() {
        AdmmLinks links = links(2, 1, false);
        // 0.125 kWh at 0.2 per kWh in cents is 2.5 cents exactly in binary? 0.2 is not: the exact
        // product of the doubles is just above 2.5, so it rounds up to 3; 0.625 kWh at 4 cents is 2.5 → 2
        assertArrayEquals(new long[] {3, -3}, Settlement.payments(links, new double[][] {{0.125}, {-0.125}}, 0.2, 100));
        assertArrayEquals(new long[] {2, -2}, Settlement.payments(links, new double[][] {{0.625}, {-0.625}}, 4, 1));
        assertArrayEquals(new long[] {-2, 2}, Settlement.payments(links, new double[][] {{-0.625}, {0.625}}, 4, 1));
    }

    @Test
    void break4_poolSpreadsAnyShortfallIncludingANegativeOneAndALargeOne() {
        AdmmLinks links = links(3, 1, true);
        // exact amounts 2 + 3 − 4 = +1: the floors overshoot, a unit must be taken back
        long[] pay = Settlement.payments(links, new double[][] {{2}, {3}, {-4}}, 1, 1);
        assertEquals(0, Arrays.stream(pay).sum());
        assertArrayEquals(new long[] {2, 3, -5}, pay, "the unit comes from the smallest remainder, highest index");
        // a shortfall of many more units than prosumers
        long[] big = Settlement.payments(links, new double[][] {{-10.5}, {-10.5}, {0}}, 1, 1);
        assertEquals(0, Arrays.stream(big).sum());
        // floors −11, −11, 0: 22 units short, 7 each and the extra one to the first 0.5 remainder
        assertArrayEquals(new long[] {-3, -4, 7}, big);
        // the largest pool amounts
        AdmmLinks wide = links(2, RoundConfig.MAX_SLOTS, true);
        double[][] q = new double[2][RoundConfig.MAX_SLOTS];
        Arrays.fill(q[0], Market.MAX_TRADE_KWH);
        Arrays.fill(q[1], -Market.MAX_TRADE_KWH);
        long[] max = Settlement.payments(wide, q, -RoundConfig.MAX_PRICE, RoundConfig.MAX_MINOR_UNITS);
        assertArrayEquals(new long[] {-1_440_000_000_000_000L, 1_440_000_000_000_000L}, max);
    }

    @Test
    void fixedPointIsExactForNormalSubnormalAndExtremeDoubles() {
        for (double x : new double[] {1.0, -0.1, 0.7, Double.MIN_VALUE, -Double.MIN_NORMAL, Double.MAX_VALUE, 1e6,
            Math.nextUp(1.0), -0.0}) {
            BigDecimal expected = new BigDecimal(x).multiply(new BigDecimal(java.math.BigInteger.TWO.pow(1074)));
            assertEquals(0, expected.compareTo(new BigDecimal(Settlement.fixed(x))), "x = " + x);
        }
    }

    @Test
    void poolRemaindersGoToTheLargestFractionsFirst() {
        AdmmLinks links = links(3, 1, true);
        // exact amounts 0.7, 0.2, −0.9: floors 0, 0, −1 sum to −1, so one unit goes to the 0.7
        long[] pay = Settlement.payments(links, new double[][] {{0.7}, {0.2}, {-0.9}}, 1, 1);
        assertArrayEquals(new long[] {1, 0, -1}, pay);
        assertEquals(new BigDecimal("0.7").compareTo(new BigDecimal(0.7)) != 0, true, "0.7 is not exact in binary");
    }
}
