package org.tem.examples.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Checks shared by the tests that run {@code tem simulate} on a ledger and compare it with other runs. */
final class SimulationChecks {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SimulationChecks() {
    }

    /**
     * The run completed, every day is optimal with at least one iteration, and each day's true cost is
     * within 1e-4 (relative) of the central optimum.
     *
     * @param summary the run's {@code summary.json}
     * @param stdout what the run printed
     * @param days the days asked for
     */
    static void everyDayOptimalWithin1e4OfCentral(JsonNode summary, String stdout, int days) {
        assertTrue(stdout.contains("complete: " + days + " of " + days + " days"), stdout);
        assertEquals("ledger", summary.get("method").asText());
        assertEquals(days, summary.get("days").size());
        for (JsonNode day : summary.get("days")) {
            assertEquals("optimal", day.get("status").asText(), day.toString());
            assertTrue(day.get("iterations").asInt() > 0);
            double central = day.get("costs").get("central").asDouble();
            double ledger = day.get("costs").get("coordinated").asDouble();
            assertEquals(central, ledger, 1e-4 * Math.abs(central), day.get("date").asText());
        }
    }

    /**
     * Every day's result file of one run equals the other run's, each number bit for bit (the files write
     * doubles in their shortest round-trip form), apart from the method, the message and the wall time.
     *
     * @param run the first run's output directory
     * @param other the other run's output directory
     * @param days the days both ran
     * @throws IOException if a file cannot be read
     */
    static void sameDayResults(Path run, Path other, int days) throws IOException {
        JsonNode summary = JSON.readTree(run.resolve(RunReports.SUMMARY_JSON).toFile());
        JsonNode otherSummary = JSON.readTree(other.resolve(RunReports.SUMMARY_JSON).toFile());
        for (int d = 0; d < days; d++) {
            ObjectNode a = (ObjectNode) JSON.readTree(run.resolve(summary.get("days").get(d).get("file").asText())
                    .toFile());
            ObjectNode b = (ObjectNode) JSON.readTree(other.resolve(otherSummary.get("days").get(d).get("file")
                    .asText()).toFile());
            for (ObjectNode result : List.of(a, b)) {
                result.remove(List.of("method", "message", "seconds"));
            }
            assertEquals(b.get("iterations"), a.get("iterations"), "day " + (d + 1) + ": iterations");
            assertEquals(b, a, "day " + (d + 1) + ": the results differ");
        }
        assertEquals(otherSummary.get("iterations"), summary.get("iterations"));
    }

    /**
     * Each day's ledger figures: one submission per meter per iteration at least, blocks, confirmation
     * delays with {@code 0 < p50 <= p99}, and a payment for every prosumer, summing to exactly zero; the
     * run's transactions and blocks are the days' sums.
     *
     * @param summary the run's {@code summary.json}
     * @param prosumers the prosumers of the run
     */
    static void ledgerFiguresAddUpAndSettlementsSumToZero(JsonNode summary, int prosumers) {
        long transactions = 0;
        long blocks = 0;
        for (JsonNode day : summary.get("days")) {
            JsonNode l = day.get("ledger");
            assertTrue(l.isObject(), day.toString());
            assertTrue(l.get("transactions").asLong() >= (long) prosumers * day.get("iterations").asInt(),
                    l.toString());
            assertTrue(l.get("blocks").asLong() > 0);
            double p50 = l.get("confirmationP50Seconds").asDouble();
            double p99 = l.get("confirmationP99Seconds").asDouble();
            assertTrue(p50 > 0 && p50 <= p99, l.toString());
            long sum = 0;
            int count = 0;
            for (Iterator<Map.Entry<String, JsonNode>> it = l.get("settlementMinorUnits").fields(); it.hasNext(); ) {
                sum += it.next().getValue().asLong();
                count++;
            }
            assertEquals(prosumers, count, "a payment for every prosumer");
            assertEquals(0, sum, "the settlement of " + day.get("date").asText() + " sums to zero");
            transactions += l.get("transactions").asLong();
            blocks += l.get("blocks").asLong();
        }
        assertEquals(transactions, summary.get("ledger").get("transactions").asLong());
        assertEquals(blocks, summary.get("ledger").get("blocks").asLong());
    }
}
