package org.tem.examples.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tem.examples.cli.TemCommand;
import picocli.CommandLine;

/**
 * {@code tem simulate --prosumers 3 --days 2 --validators 3 --transport tcp} (the embedded real data, every
 * node on its own loopback port, one network for both days), run once through the CLI, against the central
 * optimum, its own settlement, and {@code --method admm} in process on the same days.
 */
class TcpSimulationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PROSUMERS = 3;
    private static final int DAYS = 2;

    @TempDir
    static Path dir;

    private static Path tcp;
    private static Path admm;
    private static int code;
    private static String stdout;
    private static String stderr;
    private static JsonNode summary;
    private static JsonNode admmSummary;

    @BeforeAll
    static void simulate() throws IOException {
        tcp = dir.resolve("tcp");
        admm = dir.resolve("admm");
        String[] tcpRun = run("simulate", "--prosumers", String.valueOf(PROSUMERS), "--days", String.valueOf(DAYS),
                "--validators", "3", "--transport", "tcp", "--plain", "--out", tcp.toString());
        code = Integer.parseInt(tcpRun[0]);
        stdout = tcpRun[1];
        stderr = tcpRun[2];
        String[] admmRun = run("simulate", "--prosumers", String.valueOf(PROSUMERS), "--days", String.valueOf(DAYS),
                "--method", "admm", "--plain", "--out", admm.toString());
        assertEquals("0", admmRun[0], admmRun[2]);
        summary = JSON.readTree(tcp.resolve(RunReports.SUMMARY_JSON).toFile());
        admmSummary = JSON.readTree(admm.resolve(RunReports.SUMMARY_JSON).toFile());
    }

    private static String[] run(String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        CommandLine cl = TemCommand.commandLine();
        cl.setOut(new PrintWriter(o, true));
        cl.setErr(new PrintWriter(e, true));
        int c = cl.execute(args);
        return new String[] {Integer.toString(c), o.toString(), e.toString()};
    }

    /** Exit 0, both days optimal, each day's true cost within 1e-4 (relative) of the central optimum. */
    @Test
    void everyDayIsOptimalAndWithin1e4OfTheCentralOptimum() {
        assertEquals(0, code, stderr);
        assertTrue(stdout.contains("complete: 2 of 2 days"), stdout);
        assertEquals("ledger", summary.get("method").asText());
        assertEquals(DAYS, summary.get("days").size());
        for (JsonNode day : summary.get("days")) {
            assertEquals("optimal", day.get("status").asText(), day.toString());
            assertTrue(day.get("iterations").asInt() > 0);
            double central = day.get("costs").get("central").asDouble();
            double ledger = day.get("costs").get("coordinated").asDouble();
            assertEquals(central, ledger, 1e-4 * Math.abs(central), day.get("date").asText());
        }
    }

    /**
     * The ADMM iterates do not depend on the transport: every day's result file over TCP equals in-process
     * ADMM's — status, iterations, total cost, residuals and every prosumer's cost, series and trades, each
     * number bit for bit (the files write doubles in their shortest round-trip form) — apart from the method,
     * the message and the wall time.
     */
    @Test
    void everyDaysResultIsInProcessAdmmsBitForBit() throws IOException {
        for (int d = 0; d < DAYS; d++) {
            String file = summary.get("days").get(d).get("file").asText();
            assertEquals(file, admmSummary.get("days").get(d).get("file").asText());
            ObjectNode onTcp = (ObjectNode) JSON.readTree(tcp.resolve(file).toFile());
            ObjectNode inProcess = (ObjectNode) JSON.readTree(admm.resolve(file).toFile());
            assertEquals("ledger", onTcp.get("method").asText());
            for (ObjectNode n : List.of(onTcp, inProcess)) {
                n.remove(List.of("method", "message", "seconds"));
            }
            assertEquals(inProcess, onTcp, file);
        }
        assertEquals(admmSummary.get("iterations"), summary.get("iterations"));
    }

    /**
     * Each day's ledger figures: one submission per meter per iteration at least, blocks, confirmation delays
     * stated to be wall-clock time, and a settlement over every prosumer that sums to exactly zero; the
     * run's totals add up.
     */
    @Test
    void eachDaysSettlementSumsToZeroAndTheDelaysAreWallClockTime() throws IOException {
        long transactions = 0;
        long blocks = 0;
        for (JsonNode day : summary.get("days")) {
            JsonNode l = day.get("ledger");
            assertTrue(l.isObject(), day.toString());
            assertTrue(l.get("transactions").asLong() >= (long) PROSUMERS * day.get("iterations").asInt(), l.toString());
            assertTrue(l.get("blocks").asLong() > 0);
            double p50 = l.get("confirmationP50Seconds").asDouble();
            double p99 = l.get("confirmationP99Seconds").asDouble();
            assertTrue(p50 > 0 && p50 <= p99, l.toString());
            assertEquals("wall", l.get("confirmationClock").asText());
            long sum = 0;
            int count = 0;
            for (Iterator<Map.Entry<String, JsonNode>> it = l.get("settlementMinorUnits").fields(); it.hasNext(); ) {
                sum += it.next().getValue().asLong();
                count++;
            }
            assertEquals(PROSUMERS, count, "a payment for every prosumer");
            assertEquals(0, sum, "the settlement of " + day.get("date").asText() + " sums to zero");
            transactions += l.get("transactions").asLong();
            blocks += l.get("blocks").asLong();
        }
        assertEquals(transactions, summary.get("ledger").get("transactions").asLong());
        assertEquals(blocks, summary.get("ledger").get("blocks").asLong());
        assertEquals("wall", summary.get("ledger").get("confirmationClock").asText());
        assertTrue(Files.readString(tcp.resolve(RunReports.SUMMARY_MD)).contains("(wall-clock time)"),
                "summary.md says which clock the delays are in");
    }

    /** Progress went out as plain log lines, one per finished day at least. */
    @Test
    void progressIsReportedAsPlainLines() {
        assertTrue(stderr.contains("day 1/2"), stderr);
        assertTrue(stderr.contains("day 2/2"), stderr);
    }
}
