package org.tem.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.tem.api.Fixtures.rejects;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResultRecordsTest {

    private static ProsumerSchedule schedule(String id, Map<String, double[]> series, double[] net,
            Map<String, double[]> trades, Map<String, Double> breakdown) {
        return new ProsumerSchedule(id, series, 1.0, net, trades, breakdown, 2.0);
    }

    @Test
    void prosumerSchedule_copiesArraysAndMapsIn() {
        double[] grid = {1, 2};
        double[] net = {0.5, -0.5};
        double[] toB = {0.5, -0.5};
        Map<String, double[]> series = new HashMap<>(Map.of(Series.GRID, grid));
        Map<String, double[]> trades = new HashMap<>(Map.of("b", toB));
        Map<String, Double> breakdown = new HashMap<>(Map.of(CostCategory.GRID, 2.0));
        ProsumerSchedule s = schedule("a", series, net, trades, breakdown);
        grid[0] = 9;
        net[0] = 9;
        toB[0] = 9;
        series.put(Series.SOC, new double[] {1, 1});
        trades.put("c", new double[] {1, 1});
        breakdown.put(CostCategory.PEAK, 5.0);
        assertArrayEquals(new double[] {1, 2}, s.series(Series.GRID));
        assertArrayEquals(new double[] {0.5, -0.5}, s.netTrade());
        assertArrayEquals(new double[] {0.5, -0.5}, s.trades().get("b"));
        assertEquals(1, s.series().size());
        assertEquals(1, s.trades().size());
        assertEquals(Map.of(CostCategory.GRID, 2.0), s.costBreakdown());
    }

    @Test
    void prosumerSchedule_returnsCopiesThatCannotChangeIt() {
        ProsumerSchedule s = schedule("a", Map.of(Series.GRID, new double[] {1, 2}), new double[] {0, 0},
                Map.of("b", new double[] {0, 0}), new LinkedHashMap<>(Map.of(CostCategory.GRID, 2.0)));
        s.series(Series.GRID)[0] = 9;
        s.series().get(Series.GRID)[1] = 9;
        s.netTrade()[0] = 9;
        s.trades().get("b")[0] = 9;
        assertArrayEquals(new double[] {1, 2}, s.series(Series.GRID));
        assertArrayEquals(new double[] {0, 0}, s.netTrade());
        assertArrayEquals(new double[] {0, 0}, s.trades().get("b"));
        assertThrows(UnsupportedOperationException.class, () -> s.series().put("x", new double[2]));
        assertThrows(UnsupportedOperationException.class, () -> s.costBreakdown().put("x", 1.0));
    }

    @Test
    void prosumerSchedule_seriesItDoesNotHaveIsZerosOfHorizonLength() {
        ProsumerSchedule s = schedule("a", Map.of(), new double[3], Map.of(), Map.of());
        assertArrayEquals(new double[3], s.series(Series.SOC));
    }

    @Test
    void solution_copiesTheScheduleListAndFindsById() {
        ProsumerSchedule a = schedule("a", Map.of(), new double[1], Map.of(), Map.of());
        List<ProsumerSchedule> list = new ArrayList<>(List.of(a));
        Solution s = new Solution("central", SolveStatus.OPTIMAL, "", list, 2.0, 0, Double.NaN, Double.NaN, 0.1);
        list.clear();
        assertEquals(1, s.schedules().size());
        assertEquals(a, s.schedule("a"));
        rejects("no schedule", () -> s.schedule("b"), "'b'");
        assertThrows(UnsupportedOperationException.class, () -> s.schedules().clear());
    }
}
