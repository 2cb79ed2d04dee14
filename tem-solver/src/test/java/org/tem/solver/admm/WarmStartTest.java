package org.tem.solver.admm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class WarmStartTest {
    private static AdmmLinks allPairs(List<String> ids, int slots) {
        List<List<Integer>> peers = new java.util.ArrayList<>();
        for (int u = 0; u < ids.size(); u++) {
            List<Integer> mine = new java.util.ArrayList<>();
            for (int v = 0; v < ids.size(); v++) {
                if (v != u) {
                    mine.add(v);
                }
            }
            peers.add(mine);
        }
        double[] none = new double[ids.size()];
        java.util.Arrays.fill(none, Double.POSITIVE_INFINITY);
        return AdmmLinks.of(ids, slots, false, peers, none, 50);
    }

    private static double[][] tagged(AdmmLinks links) {
        double[][] out = new double[links.size()][links.slots()];
        for (int k = 0; k < links.size(); k++) {
            java.util.Arrays.fill(out[k], 10 * links.from(k) + links.to(k) + 0.5);
        }
        return out;
    }

    @Test
    void linksAreMatchedByTheIdsOfTheirEndsSoHomesMayJoinOrLeave() {
        AdmmLinks yesterday = allPairs(List.of("a", "b", "c"), 2);
        WarmStart warm = WarmStart.of(yesterday, tagged(yesterday), tagged(yesterday));
        // today "b" left, "d" joined, and the order changed
        AdmmLinks today = allPairs(List.of("c", "d", "a"), 2);
        double[][] prices = warm.pricesFor(today);
        for (int k = 0; k < today.size(); k++) {
            String from = today.ids().get(today.from(k));
            String to = today.ids().get(today.to(k));
            if (from.equals("d") || to.equals("d")) {
                assertArrayEquals(new double[2], prices[k], 0.0, from + ">" + to + " is new: it starts at zero");
            } else {
                int u = List.of("a", "b", "c").indexOf(from);
                int v = List.of("a", "b", "c").indexOf(to);
                assertArrayEquals(new double[] {10 * u + v + 0.5, 10 * u + v + 0.5}, prices[k], 0.0, from + ">" + to);
            }
        }
        assertEquals(6, warm.links());
        assertTrue(WarmStart.COLD.cold());
        assertArrayEquals(new double[2], WarmStart.COLD.tradesFor(today)[0], 0.0);
    }

    @Test
    void aWarmStartRefusesOtherShapesOtherHorizonsAndPricesBeyondItsBound() {
        AdmmLinks links = allPairs(List.of("a", "b"), 2);
        assertThrows(IllegalArgumentException.class, () -> WarmStart.of(links, new double[1][2], new double[2][2]));
        assertThrows(IllegalArgumentException.class, () -> WarmStart.of(links, new double[2][3], new double[2][2]));
        double[][] huge = new double[2][2];
        huge[1][1] = 2 * WarmStart.MAX_PRICE;
        assertThrows(IllegalArgumentException.class, () -> WarmStart.of(links, huge, new double[2][2]));
        double[][] nan = new double[2][2];
        nan[0][0] = Double.NaN;
        assertThrows(IllegalArgumentException.class, () -> WarmStart.of(links, new double[2][2], nan));
        WarmStart warm = WarmStart.of(links, new double[2][2], new double[2][2]);
        assertThrows(IllegalArgumentException.class, () -> warm.pricesFor(allPairs(List.of("a", "b"), 3)));
    }
}
