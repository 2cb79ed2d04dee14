package org.tem.examples.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
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
        SimulationChecks.everyDayOptimalWithin1e4OfCentral(summary, stdout, DAYS);
    }

    /**
     * The ADMM iterates do not depend on the transport: every day's result file over TCP equals in-process
     * ADMM's — status, iterations, total cost, residuals and every prosumer's cost, series and trades, each
     * number bit for bit (the files write doubles in their shortest round-trip form) — apart from the method,
     * the message and the wall time.
     */
    @Test
    void everyDaysResultIsInProcessAdmmsBitForBit() throws IOException {
        assertEquals("ledger", summary.get("method").asText());
        SimulationChecks.sameDayResults(tcp, admm, DAYS);
    }

    /**
     * Each day's ledger figures: one submission per meter per iteration at least, blocks, confirmation delays
     * stated to be wall-clock time, and a settlement over every prosumer that sums to exactly zero; the
     * run's totals add up.
     */
    @Test
    void eachDaysSettlementSumsToZeroAndTheDelaysAreWallClockTime() throws IOException {
        SimulationChecks.ledgerFiguresAddUpAndSettlementsSumToZero(summary, PROSUMERS);
        for (JsonNode day : summary.get("days")) {
            assertEquals("wall", day.get("ledger").get("confirmationClock").asText());
        }
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
