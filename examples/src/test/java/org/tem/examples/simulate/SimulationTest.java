package org.tem.examples.simulate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tem.api.Prosumer;
import org.tem.api.Series;
import org.tem.api.SolveStatus;
import org.tem.examples.data.CommunityData;
import org.tem.examples.data.CommunityParams;
import org.tem.examples.data.CommunityVpp;
import org.tem.solver.admm.AdmmOptions;

/**
 * A small simulation through the in-process {@code admm} coordinator (3 prosumers of the embedded real
 * data, 2 days), run once: each day against the central optimum, the baselines' meaning, the battery
 * carry-over, and every output file.
 */
class SimulationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LocalDate START = LocalDate.of(2016, 8, 1);
    private static final int PROSUMERS = 3;
    private static final int DAYS = 2;

    @TempDir
    static Path out;

    private static SimulationRun run;

    @BeforeAll
    static void simulate() throws IOException {
        CommunityVpp community = CommunityVpp.of(CommunityData.embedded(), CommunityParams.defaults());
        DaySource source = DaySource.real(community, START, PROSUMERS, DAYS);
        run = new Simulation(source, DAYS, InProcessCoordinator.admm(AdmmOptions.DEFAULT, 2), out,
                SimulationListener.NONE).run();
    }

    @Test
    void everyDayIsOptimalAndWithin1e4OfTheCentralOptimum() {
        assertEquals(SimulationRun.State.COMPLETE, run.state());
        assertEquals(DAYS, run.days().size());
        for (DayRecord d : run.days()) {
            assertEquals(SolveStatus.OPTIMAL, d.coordinated().status(), d.coordinated().message());
            assertEquals("admm", d.coordinated().method());
            assertEquals("central", d.central().method());
            assertTrue(d.coordinated().iterations() > 0);
            assertEquals(d.coordinated().iterations(), d.convergence().size(), "every iteration was collected");
            double central = d.central().totalCost();
            assertEquals(central, d.coordinated().totalCost(), 1e-4 * Math.abs(central), "day " + d.date());
        }
        assertTrue(run.allOptimal());
    }

    @Test
    void noP2pCostsAtLeastTheCentralOptimumEveryDay() {
        for (DayRecord d : run.days()) {
            assertEquals(SolveStatus.OPTIMAL, d.noP2p().status());
            assertEquals(PROSUMERS, d.noP2p().schedules().size());
            double central = d.central().totalCost();
            assertTrue(d.noP2p().totalCost() >= central - 1e-7 * Math.abs(central),
                    "day " + d.date() + ": no P2P " + d.noP2p().totalCost() + " < central " + central);
            for (var s : d.noP2p().schedules()) {
                assertTrue(s.trades().values().stream().flatMapToDouble(Arrays::stream).allMatch(q -> q == 0),
                        "a prosumer alone trades nothing");
            }
        }
    }

    @Test
    void eachBatteryStartsTheNextDayWithTheEnergyItEndedTheDayBefore() {
        DayRecord first = run.days().get(0);
        DayRecord second = run.days().get(1);
        int batteries = 0;
        for (Prosumer p : second.vpp().prosumers()) {
            if (p.battery().isEmpty()) {
                continue;
            }
            batteries++;
            double[] soc = first.coordinated().schedule(p.id()).series(Series.SOC);
            assertEquals(soc[soc.length - 1], p.battery().get().initialSocKwh(), 1e-12, p.id());
        }
        assertTrue(batteries > 0, "the first three homes have batteries");
        double defaultInitial = CommunityParams.defaults().battery().initialSocKwh();
        for (Prosumer p : first.vpp().prosumers()) {
            p.battery().ifPresent(b -> assertEquals(defaultInitial, b.initialSocKwh(), 0.0));
        }
    }

    @Test
    void eachDaysResultFileParsesAndMatchesTheDay() throws IOException {
        for (DayRecord d : run.days()) {
            JsonNode result = JSON.readTree(out.resolve("days/" + d.date() + ".json").toFile());
            assertEquals("admm", result.get("method").asText());
            assertEquals("optimal", result.get("status").asText());
            assertEquals(d.coordinated().totalCost(), result.get("totalCost").asDouble(), 1e-12);
            assertEquals(d.coordinated().iterations(), result.get("iterations").asInt());
            assertEquals(PROSUMERS, result.get("prosumers").size());
        }
    }

    @Test
    void schedulesCsvHasItsHeaderAndOneRowPerDaySlotAndProsumer() throws IOException {
        List<String> lines = Files.readAllLines(out.resolve(RunReports.SCHEDULES), StandardCharsets.UTF_8);
        assertEquals(String.join(",", CsvReports.SCHEDULE_COLUMNS), lines.get(0));
        assertEquals(DAYS * 24 * PROSUMERS, lines.size() - 1);
        for (String line : lines.subList(1, lines.size())) {
            assertEquals(CsvReports.SCHEDULE_COLUMNS.size(), line.split(",", -1).length, line);
        }
        String[] first = lines.get(1).split(",");
        assertEquals("1", first[0]);
        assertEquals(START.toString(), first[1]);
        assertEquals("0", first[2]);
        assertEquals("2016-08-01T00:00-07:00", first[3]);
    }

    @Test
    void tradesCsvHoldsEveryPairEveryHourAndAddsUpToEachProsumersNetTrade() throws IOException {
        List<String> lines = Files.readAllLines(out.resolve(RunReports.TRADES), StandardCharsets.UTF_8);
        assertEquals(String.join(",", CsvReports.TRADE_COLUMNS), lines.get(0));
        int pairs = PROSUMERS * (PROSUMERS - 1) / 2;
        assertEquals(DAYS * 24 * pairs, lines.size() - 1);
        Map<String, Double> netBought = new HashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            assertEquals(CsvReports.TRADE_COLUMNS.size(), f.length, line);
            double q = Double.parseDouble(f[6]);
            netBought.merge(f[0] + "/" + f[2] + "/" + f[4], q, Double::sum);
            netBought.merge(f[0] + "/" + f[2] + "/" + f[5], -q, Double::sum);
        }
        for (DayRecord d : run.days()) {
            for (Prosumer p : d.vpp().prosumers()) {
                double[] net = d.coordinated().schedule(p.id()).netTrade();
                for (int t = 0; t < 24; t++) {
                    // the CSV holds the reciprocal average; a side's own report differs by the primal residual
                    assertEquals(net[t], netBought.get((d.day() + 1) + "/" + t + "/" + p.id()), 1e-3,
                            p.id() + " day " + (d.day() + 1) + " slot " + t);
                }
            }
        }
    }

    @Test
    void summaryJsonHoldsTheRunTheRegimesAndEveryDay() throws IOException {
        JsonNode s = JSON.readTree(out.resolve(RunReports.SUMMARY_JSON).toFile());
        assertEquals("complete", s.get("state").asText());
        assertEquals("admm", s.get("method").asText());
        assertEquals(PROSUMERS, s.get("prosumers").asInt());
        assertEquals(DAYS, s.get("daysRequested").asInt());
        assertEquals(DAYS, s.get("daysFinished").asInt());
        assertTrue(s.get("wallSeconds").asDouble() > 0);
        assertTrue(s.get("ledger").isNull(), "no ledger figures for an in-process method");
        double coordinated = run.days().stream().mapToDouble(d -> d.coordinated().totalCost()).sum();
        double alone = run.days().stream().mapToDouble(d -> d.noP2p().totalCost()).sum();
        double central = run.days().stream().mapToDouble(d -> d.central().totalCost()).sum();
        assertEquals(coordinated, s.get("costs").get("coordinated").asDouble(), 1e-9);
        assertEquals(alone, s.get("costs").get("noP2p").asDouble(), 1e-9);
        assertEquals(central, s.get("costs").get("central").asDouble(), 1e-9);
        assertEquals(alone - coordinated, s.get("costs").get("saving").asDouble(), 1e-9);
        assertEquals(DAYS, s.get("iterations").get("perDay").size());
        assertEquals(PROSUMERS, s.get("perProsumer").size());
        double perProsumer = 0;
        for (JsonNode p : s.get("perProsumer")) {
            perProsumer += p.get("coordinated").asDouble();
        }
        assertEquals(coordinated, perProsumer, 1e-9, "per-prosumer costs add up to the total");
        assertEquals(DAYS, s.get("days").size());
        JsonNode day = s.get("days").get(1);
        assertEquals("2016-08-02", day.get("date").asText());
        assertEquals("days/2016-08-02.json", day.get("file").asText());
        assertEquals(run.days().get(1).coordinated().iterations(), day.get("iterations").asInt());
        assertTrue(day.get("ledger").isNull());
    }

    @Test
    void theNetBuyerAndSellerAreTheProsumersThatBoughtAndSoldTheMostNetEnergy() throws IOException {
        JsonNode s = JSON.readTree(out.resolve(RunReports.SUMMARY_JSON).toFile());
        String buyer = null;
        String seller = null;
        double most = 0;
        double least = 0;
        for (JsonNode p : s.get("perProsumer")) {
            double net = p.get("p2pBoughtKwh").asDouble() - p.get("p2pSoldKwh").asDouble();
            if (net > most) {
                most = net;
                buyer = p.get("id").asText();
            }
            if (net < least) {
                least = net;
                seller = p.get("id").asText();
            }
        }
        assertTrue(buyer != null && seller != null, "3 homes with PV and batteries trade in August");
        assertEquals(buyer, s.get("netBuyer").asText());
        assertEquals(seller, s.get("netSeller").asText());
    }

    @Test
    void summaryMarkdownHasTheRegimeDayAndProsumerTables() throws IOException {
        String md = Files.readString(out.resolve(RunReports.SUMMARY_MD));
        assertTrue(md.contains("| regime | total cost | against no P2P |"), md);
        assertTrue(md.contains("| 2 | 2016-08-02 | optimal |"), md);
        for (Prosumer p : run.days().get(0).vpp().prosumers()) {
            assertTrue(md.contains("| " + p.id()), p.id());
        }
        assertTrue(md.contains("CityLearn") && md.contains("CC BY 4.0"), "the data's attribution");
    }

    @Test
    void everyChartIsAPngOfTheDocumentedSize() throws IOException {
        check(RunReports.CHART_TRADING, 1, 2);
        check(RunReports.CHART_CONVERGENCE, 1, 2);
        check(RunReports.CHART_COSTS, 1, 1);
        check(RunReports.CHART_GRID, 1, 1);
    }

    private static void check(String file, int columns, int rows) throws IOException {
        byte[] bytes = Files.readAllBytes(out.resolve(file));
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, Arrays.copyOf(bytes, 8), file);
        BufferedImage image = ImageIO.read(out.resolve(file).toFile());
        assertEquals(Charts.WIDTH * Charts.SCALE * columns, image.getWidth(), file);
        assertEquals(Charts.HEIGHT * Charts.SCALE * rows, image.getHeight(), file);
    }

    @Test
    void reportHtmlIsSelfContainedWithItsChartsAndTables() throws IOException {
        String html = Files.readString(out.resolve(RunReports.REPORT_HTML));
        assertTrue(html.startsWith("<!DOCTYPE html>"));
        for (String chart : List.of(RunReports.CHART_TRADING, RunReports.CHART_COSTS, RunReports.CHART_GRID,
                RunReports.CHART_CONVERGENCE)) {
            String uri = "data:image/png;base64,"
                    + java.util.Base64.getEncoder().encodeToString(Files.readAllBytes(out.resolve(chart)));
            assertTrue(html.contains("<img src=\"" + uri + "\""), chart + " embedded, byte for byte");
        }
        for (String table : List.of("summary", "days", "prosumers")) {
            assertTrue(html.contains("<table id=\"" + table + "\">"), table);
        }
        assertTrue(html.contains("<td>coordinated (admm)</td>"));
        assertTrue(html.contains("<td>2016-08-02</td>"), "dates are text, left-aligned");
        assertTrue(html.contains("<th class=\"num\">iterations</th>"), "numbers are right-aligned");
        assertFalse(html.contains("<script"), "no script");
        assertFalse(html.contains("<link"), "no external stylesheet");
        assertFalse(html.matches("(?s).*(src|href)=\"(?!data:).*"), "every src is a data URI and there is no link");
        assertFalse(html.contains("url("), "no CSS resource");
    }

    @Test
    void outputFilesGetTheUsualPermissionsAndNoTemporaryFileIsLeft() throws IOException {
        try (var files = Files.list(out)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().startsWith(AtomicFiles.TEMP_PREFIX)));
        }
        if (Files.getFileStore(out).supportsFileAttributeView("posix")) {
            Path probe = Files.createTempDirectory("tem-probe").resolve("probe");
            Files.createFile(probe);
            assertEquals(Files.getPosixFilePermissions(probe),
                    Files.getPosixFilePermissions(out.resolve(RunReports.SUMMARY_JSON)),
                    "a report file is created like any other file (not owner-only, as temporary files are)");
        }
    }
}
