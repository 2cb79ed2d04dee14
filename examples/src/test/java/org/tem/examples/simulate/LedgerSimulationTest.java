package org.tem.examples.simulate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tem.examples.cli.TemCommand;
import picocli.CommandLine;

/**
 * {@code tem simulate --prosumers 3 --days 2 --validators 3} (the embedded real data, in memory), run
 * once through the CLI: every day's ledger result against the central optimum, the settlement, and
 * every output file; and against {@code --method admm} of the same days in process, which starts day 2
 * warm from day 1's prices, as the ledger's day 2 starts warm from round 1 on the same chain.
 */
class LedgerSimulationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PROSUMERS = 3;
    private static final int DAYS = 2;

    @TempDir
    static Path dir;

    private static Path out;
    private static int code;
    private static String stdout;
    private static String stderr;
    private static JsonNode summary;
    private static Path admmOut;
    private static int admmCode;

    @BeforeAll
    static void simulate() throws IOException {
        out = dir.resolve("run");
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        CommandLine cl = TemCommand.commandLine();
        cl.setOut(new PrintWriter(o, true));
        cl.setErr(new PrintWriter(e, true));
        code = cl.execute("simulate", "--prosumers", String.valueOf(PROSUMERS), "--days", String.valueOf(DAYS),
                "--validators", "3", "--transport", "memory", "--plain", "--out", out.toString());
        stdout = o.toString();
        stderr = e.toString();
        summary = JSON.readTree(out.resolve(RunReports.SUMMARY_JSON).toFile());
        admmOut = dir.resolve("admm");
        CommandLine admm = TemCommand.commandLine();
        admm.setOut(new PrintWriter(new StringWriter(), true));
        admm.setErr(new PrintWriter(new StringWriter(), true));
        admmCode = admm.execute("simulate", "--prosumers", String.valueOf(PROSUMERS), "--days", String.valueOf(DAYS),
                "--method", "admm", "--plain", "--out", admmOut.toString());
    }

    /**
     * Each day on the ledger is the in-process {@code admm} day bit for bit (iterations, residuals,
     * total cost, every prosumer's cost and trades): day 1 cold on both, day 2 warm on both — the
     * ledger's round 2 started by the contract from round 1's end, in process from day 1's
     * {@code AdmmRun.next()}. Were either day 2 cold, its iterations would differ.
     */
    @Test
    void everyDayOnTheLedgerIsTheInProcessAdmmDayBitForBitWarmStartIncluded() throws IOException {
        assertEquals(0, admmCode);
        SimulationChecks.sameDayResults(out, admmOut, DAYS);
    }

    /** Exit 0, both days optimal, each day's true cost within 1e-4 (relative) of the central optimum. */
    @Test
    void everyDayIsOptimalAndWithin1e4OfTheCentralOptimum() {
        assertEquals(0, code, stderr);
        SimulationChecks.everyDayOptimalWithin1e4OfCentral(summary, stdout, DAYS);
    }

    /**
     * Each day's ledger figures: one submission per meter per iteration at least, blocks, confirmation
     * delays, and a settlement over every prosumer that sums to exactly zero; the run's totals add up.
     */
    @Test
    void eachDaysSettlementSumsToZeroAndTheLedgerFiguresAddUp() {
        SimulationChecks.ledgerFiguresAddUpAndSettlementsSumToZero(summary, PROSUMERS);
        long total = 0;
        for (JsonNode p : summary.get("perProsumer")) {
            total += p.get("settlementMinorUnits").asLong();
        }
        assertEquals(0, total, "the run's settlement sums to zero");
    }

    /** Every output file exists and parses: day results (JSON), CSVs (their columns), PNG charts, the HTML page. */
    @Test
    void everyOutputFileExistsAndParses() throws IOException {
        for (JsonNode day : summary.get("days")) {
            JsonNode result = JSON.readTree(out.resolve(day.get("file").asText()).toFile());
            assertEquals("ledger", result.get("method").asText());
            assertEquals(PROSUMERS, result.get("prosumers").size());
        }
        List<String> schedules = Files.readAllLines(out.resolve(RunReports.SCHEDULES), StandardCharsets.UTF_8);
        assertEquals(String.join(",", CsvReports.SCHEDULE_COLUMNS), schedules.get(0));
        assertEquals(DAYS * 24 * PROSUMERS, schedules.size() - 1);
        List<String> trades = Files.readAllLines(out.resolve(RunReports.TRADES), StandardCharsets.UTF_8);
        assertEquals(String.join(",", CsvReports.TRADE_COLUMNS), trades.get(0));
        for (String line : trades.subList(1, trades.size())) {
            assertEquals(CsvReports.TRADE_COLUMNS.size(), line.split(",", -1).length, line);
        }
        assertTrue(Files.readString(out.resolve(RunReports.SUMMARY_MD)).contains("| regime | total cost |"));
        for (String chart : List.of(RunReports.CHART_TRADING, RunReports.CHART_CONVERGENCE, RunReports.CHART_COSTS,
                RunReports.CHART_GRID)) {
            byte[] bytes = Files.readAllBytes(out.resolve(chart));
            assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, Arrays.copyOf(bytes, 8),
                    chart);
        }
        String html = Files.readString(out.resolve(RunReports.REPORT_HTML));
        assertTrue(html.startsWith("<!DOCTYPE html>"));
        assertTrue(html.contains("<img src=\"data:image/png;base64,"), "charts embedded");
        assertTrue(html.contains("coordinated (ledger)"), "the method named");
    }
}
