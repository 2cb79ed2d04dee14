package org.tem.examples.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tem.api.CostCategory;
import org.tem.api.ProsumerSchedule;
import org.tem.api.Series;
import org.tem.api.SolveStatus;
import org.tem.api.Solution;

class ResultWriterTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static ProsumerSchedule schedule(String id, String peer, double sign) {
        Map<String, double[]> series = new LinkedHashMap<>();
        series.put(Series.GRID, new double[] {1.0, 2.0});
        series.put(Series.SOC, new double[] {3.0, 4.0});
        series.put("heatPump", new double[] {0.5, 0.25});
        Map<String, Double> breakdown = new LinkedHashMap<>();
        for (String c : CostCategory.STANDARD) {
            breakdown.put(c, 0.0);
        }
        breakdown.put(CostCategory.GRID, 0.75);
        breakdown.put(CostCategory.P2P, 0.12 * sign);
        return new ProsumerSchedule(id, series, 2.0, new double[] {sign, -sign}, Map.of(peer, new double[] {sign, -sign}),
                breakdown, 0.75 + 0.12 * sign);
    }

    private static Solution solution(String method, SolveStatus status, String message, List<ProsumerSchedule> list,
            double total) {
        return new Solution(method, status, message, list, total, 87, 3.1e-7, 2.2e-7, 0.41);
    }

    @Test
    void central_hasNoIterationsOrResiduals() {
        JsonNode json = ResultWriter.toJson(solution("central", SolveStatus.OPTIMAL, "",
                List.of(schedule("a", "b", 1), schedule("b", "a", -1)), 1.5));
        assertEquals("central", json.path("method").asText());
        assertEquals("optimal", json.path("status").asText());
        assertEquals(1.5, json.path("totalCost").doubleValue());
        assertEquals(0.41, json.path("seconds").doubleValue());
        assertFalse(json.has("iterations"));
        assertFalse(json.has("primalResidual"));
        assertFalse(json.has("dualResidual"));
        assertFalse(json.has("message"), "no message when there is nothing to say");
    }

    @Test
    void admm_reportsIterationsAndResiduals() {
        JsonNode json = ResultWriter.toJson(solution("admm", SolveStatus.MAX_ITERATIONS, "iteration cap",
                List.of(schedule("a", "b", 1)), 0.87));
        assertEquals("max-iterations", json.path("status").asText());
        assertEquals(87, json.path("iterations").intValue());
        assertEquals(3.1e-7, json.path("primalResidual").doubleValue());
        assertEquals(2.2e-7, json.path("dualResidual").doubleValue());
        assertEquals("iteration cap", json.path("message").asText());
    }

    /** No iteration produced a residual (NaN): the field is left out, never written as a string. */
    @Test
    void admm_withoutResiduals_omitsThem() {
        Solution noIteration = new Solution("admm", SolveStatus.NUMERICAL_ERROR, "local problem failed",
                List.of(), Double.NaN, 1, Double.NaN, Double.NaN, 0.1);
        JsonNode json = ResultWriter.toJson(noIteration);
        assertEquals(1, json.path("iterations").intValue());
        assertFalse(json.has("primalResidual"), json.toString());
        assertFalse(json.has("dualResidual"), json.toString());
    }

    @Test
    void infeasible_hasStatusAndMessageButNoCostOrSchedules() {
        JsonNode json = ResultWriter.toJson(solution("central", SolveStatus.INFEASIBLE,
                "infeasible: prosumer h3 cannot balance", List.of(), Double.NaN));
        assertEquals("infeasible", json.path("status").asText());
        assertTrue(json.path("message").asText().contains("h3"));
        assertFalse(json.has("totalCost"), "NaN is not JSON: the total is left out");
        assertEquals(0, json.path("prosumers").size());
    }

    @Test
    void prosumer_hasEveryStandardSeriesCostBreakdownAndTrades() {
        JsonNode p = ResultWriter.toJson(solution("central", SolveStatus.OPTIMAL, "",
                List.of(schedule("a", "b", 1), schedule("b", "a", -1)), 1.5)).path("prosumers").get(1);
        assertEquals("b", p.path("id").asText());
        assertEquals(0.63, p.path("cost").doubleValue(), 1e-12);
        List<String> categories = new ArrayList<>();
        p.path("costBreakdown").fieldNames().forEachRemaining(categories::add);
        assertEquals(CostCategory.STANDARD, categories);
        for (String name : Series.STANDARD) {
            assertEquals(2, p.path(name).size(), name);
        }
        // a series the prosumer lacks is zeros; one it has is copied; a custom one is kept
        assertEquals(0.0, p.path(Series.CHARGE).get(1).doubleValue());
        assertEquals(4.0, p.path(Series.SOC).get(1).doubleValue());
        assertEquals(0.25, p.path("heatPump").get(1).doubleValue());
        assertEquals(-1.0, p.path("netTrade").get(0).doubleValue());
        assertEquals(1.0, p.path("trades").path("a").get(1).doubleValue());
    }

    @Test
    void write_endsWithANewlineAndParses() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ResultWriter.write(solution("central", SolveStatus.OPTIMAL, "", List.of(schedule("a", "b", 1)), 0.87), out);
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.endsWith("\n"));
        assertEquals("a", MAPPER.readTree(text).path("prosumers").get(0).path("id").asText());
    }
}
