package org.tem.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tem.api.CostCategory;
import org.tem.api.Prosumer;
import org.tem.api.Series;
import org.tem.api.Vpp;
import org.tem.examples.scenario.ScenarioJson;
import org.tem.examples.scenario.ScenarioReader;
import org.tem.examples.scenario.ScenarioWriter;
import org.tem.examples.synthetic.SyntheticScenario;
import picocli.CommandLine;

class TemCommandTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Path SHARED_EXAMPLE = Path.of("../../shared/spec/example-scenario.json");
    /** The optimum of the shared example, from an independent interior-point solver (docs/formats.md). */
    private static final double SHARED_EXAMPLE_OPTIMUM = -12.176339;

    /** The outcome of one run: exit code and what went to the command line's out and err writers. */
    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = TemCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private static Path writeScenario(Path dir, String name, String json) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, json);
        return file;
    }

    private static JsonNode readJson(Path file) throws IOException {
        return MAPPER.readTree(file.toFile());
    }

    private static void assertNoStackTrace(String text) {
        assertFalse(text.contains("\tat ") || text.contains("Exception"), "no stack trace expected:\n" + text);
    }

    // ---------------------------------------------------------------- help

    @Test
    void help_ofTemExitsZeroAndStatesUnitsAndExitCodes() {
        Run r = run("--help");
        assertEquals(TemCommand.OK, r.code());
        assertTrue(r.out().contains("kWh"), r.out());
        assertTrue(r.out().contains("Exit codes"), r.out());
        assertTrue(r.out().contains("solve") && r.out().contains("scenario") && r.out().contains("demo"), r.out());
    }

    @ParameterizedTest
    @ValueSource(strings = {"scenario", "solve", "demo"})
    void help_ofEverySubcommandExitsZeroAndStatesUnits(String subcommand) {
        Run r = run(subcommand, "--help");
        assertEquals(TemCommand.OK, r.code());
        assertTrue(r.out().contains("Usage: tem " + subcommand), r.out());
        assertTrue(r.out().contains("kWh"), r.out());
    }

    @Test
    void help_subcommandShowsTheSameAsHelpOption() {
        Run r = run("help", "solve");
        assertEquals(TemCommand.OK, r.code());
        assertTrue(r.out().contains("--scenario"), r.out());
    }

    @Test
    void version_isPrinted() {
        Run r = run("--version");
        assertEquals(TemCommand.OK, r.code());
        assertTrue(r.out().startsWith("tem "), r.out());
    }

    @Test
    void unknownOptionIsBadInput() {
        Run r = run("solve", "--scenari", "x.json");
        assertEquals(TemCommand.BAD_INPUT, r.code());
        assertTrue(r.err().contains("--scenari"), r.err());
    }

    // ---------------------------------------------------------------- scenario

    @Test
    void scenario_writesAReadableFileEqualToTheGenerator(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("nested/dir/s.json");
        Run r = run("scenario", "--prosumers", "3", "--seed", "5", "--out", out.toString());
        assertEquals(TemCommand.OK, r.code(), r.err());
        Vpp vpp = ScenarioReader.read(out);
        assertEquals(3, vpp.size());
        assertEquals(List.of("h1", "h2", "h3"), vpp.prosumers().stream().map(Prosumer::id).toList());
        assertEquals(ScenarioWriter.toJson(SyntheticScenario.of(3, 5).build()), readJson(out));
        // no temporary file is left next to it
        try (var files = Files.list(out.getParent())) {
            assertEquals(List.of(out), files.toList());
        }
    }

    @Test
    void scenario_passesTopologyTariffAndDay(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("s.json");
        Run r = run("scenario", "--prosumers", "2", "--seed", "9", "--day", "2", "--topology", "pool", "--time-of-use",
                "--out", out.toString());
        assertEquals(TemCommand.OK, r.code(), r.err());
        assertEquals(ScenarioWriter.toJson(SyntheticScenario.of(2, 9).day(2).topology(org.tem.api.Topology.POOL)
                .timeOfUse(true).build()), readJson(out));
    }

    @Test
    void scenario_overwritesAnExistingFile(@TempDir Path dir) throws IOException {
        Path out = writeScenario(dir, "s.json", "old");
        assertEquals(TemCommand.OK, run("scenario", "--prosumers", "1", "--out", out.toString()).code());
        assertEquals(1, ScenarioReader.read(out).size());
    }

    @Test
    void scenario_withoutProsumersIsBadInput() {
        Run r = run("scenario");
        assertEquals(TemCommand.BAD_INPUT, r.code());
        assertTrue(r.err().contains("--prosumers"), r.err());
    }

    @Test
    void scenario_withZeroProsumersIsBadInputNamingTheOption() {
        Run r = run("scenario", "--prosumers", "0");
        assertEquals(TemCommand.BAD_INPUT, r.code());
        assertTrue(r.err().contains("prosumers"), r.err());
        assertNoStackTrace(r.err());
    }

    @Test
    void scenario_withAnUnknownTopologyIsBadInput() {
        Run r = run("scenario", "--prosumers", "2", "--topology", "mesh");
        assertEquals(TemCommand.BAD_INPUT, r.code());
        assertTrue(r.err().contains("mesh"), r.err());
        assertNoStackTrace(r.err());
    }

    // ---------------------------------------------------------------- solve: bad input

    @Test
    void solve_missingFileIsBadInput(@TempDir Path dir) {
        Path absent = dir.resolve("absent.json");
        Run r = run("solve", "--scenario", absent.toString(), "--quiet");
        assertEquals(TemCommand.BAD_INPUT, r.code());
        assertTrue(r.err().contains("absent.json"), r.err());
        assertNoStackTrace(r.err());
    }

    @Test
    void solve_invalidScenarioIsBadInputNamingTheFieldWithoutAStackTrace(@TempDir Path dir) throws IOException {
        Path file = writeScenario(dir, "bad.json", ScenarioJson.small(root ->
                ScenarioJson.at(root, "/prosumers/0/battery").put("efficiency", 1.2)));
        Path result = dir.resolve("result.json");
        Run r = run("solve", "--scenario", file.toString(), "--out", result.toString());
        assertEquals(TemCommand.BAD_INPUT, r.code());
        assertTrue(r.err().contains("prosumers[0].battery.efficiency: must be in (0, 1], was 1.2"), r.err());
        assertNoStackTrace(r.err());
        assertFalse(Files.exists(result), "no result file for bad input");
    }

    @Test
    void solve_invalidScenarioThroughRunPrintsOnlyTheMessageToStandardError(@TempDir Path dir) throws IOException {
        Path file = writeScenario(dir, "bad.json", ScenarioJson.small(root ->
                ScenarioJson.at(root, "/prosumers/1/renewable").put("kwp", 5)));
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.err;
        int code;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            code = TemCommand.run("solve", "--scenario", file.toString(), "--out", dir.resolve("r.json").toString());
        } finally {
            System.setErr(original);
        }
        String err = captured.toString(StandardCharsets.UTF_8);
        assertEquals(TemCommand.BAD_INPUT, code);
        assertTrue(err.contains("prosumers[1].renewable.kwp: unknown field"), err);
        assertNoStackTrace(err);
    }

    @Test
    void solve_malformedJsonIsBadInput(@TempDir Path dir) throws IOException {
        Path file = writeScenario(dir, "bad.json", "{\"horizon\": ");
        Run r = run("solve", "--scenario", file.toString(), "--quiet");
        assertEquals(TemCommand.BAD_INPUT, r.code());
        assertTrue(r.err().contains("not valid JSON"), r.err());
        assertNoStackTrace(r.err());
    }

    @Test
    void solve_unknownMethodOrQpSolverIsBadInput(@TempDir Path dir) throws IOException {
        Path file = writeScenario(dir, "s.json", ScenarioJson.small(root -> { }));
        Run method = run("solve", "--scenario", file.toString(), "--method", "magic", "--quiet");
        assertEquals(TemCommand.BAD_INPUT, method.code());
        assertTrue(method.err().contains("--method"), method.err());
        Run qp = run("solve", "--scenario", file.toString(), "--qp-solver", "gurobi", "--quiet");
        assertEquals(TemCommand.BAD_INPUT, qp.code());
        assertTrue(qp.err().contains("--qp-solver"), qp.err());
    }

    // ---------------------------------------------------------------- solve: outcomes

    /** Two homes: "needy" needs 5 kWh a slot but may import 2 and trade 0.5; "donor" is comfortable. */
    private static String infeasibleScenario() {
        ObjectNode root = MAPPER.createObjectNode();
        root.putObject("horizon").put("slots", 3);
        root.putObject("tariff").put("energyRate", 0.25).put("peakRate", 0.5);
        ArrayNode list = root.putArray("prosumers");
        ObjectNode needy = list.addObject().put("id", "needy").put("maxTrade", 0.5);
        needy.putArray("inflexibleLoad").add(5.0).add(5.0).add(5.0);
        needy.putObject("tariff").put("maxImport", 2.0);
        ObjectNode donor = list.addObject().put("id", "donor");
        donor.putArray("inflexibleLoad").add(0.5).add(0.5).add(0.5);
        return root.toString();
    }

    @Test
    void solve_infeasibleScenarioExitsThreeAndStillWritesTheResultNamingTheProsumer(@TempDir Path dir)
            throws IOException {
        Path file = writeScenario(dir, "infeasible.json", infeasibleScenario());
        Path result = dir.resolve("result.json");
        Run r = run("solve", "--scenario", file.toString(), "--out", result.toString(), "--quiet");
        assertEquals(TemCommand.INFEASIBLE, r.code(), r.err());
        JsonNode json = readJson(result);
        assertEquals("central", json.path("method").asText());
        assertEquals("infeasible", json.path("status").asText());
        String message = json.path("message").asText();
        assertTrue(message.contains("needy"), json.toString());
        assertFalse(message.contains("donor"), json.toString());
        assertNoStackTrace(r.err());
    }

    @Test
    void solve_validScenarioExitsZeroAndWritesTheFilesMdResult(@TempDir Path dir) throws IOException {
        Path file = writeScenario(dir, "s.json", ScenarioJson.small(root -> { }));
        Path result = dir.resolve("result.json");
        Run r = run("solve", "--scenario", file.toString(), "--out", result.toString(), "--quiet");
        assertEquals(TemCommand.OK, r.code(), r.err());
        JsonNode json = readJson(result);
        Vpp vpp = ScenarioReader.read(file);
        assertResultFile(json, vpp);
    }

    /**
     * A generated day of four homes, pool topology, time of use: the result must meet docs/model.md's
     * 1e-6 kWh feasibility like the tiny scenarios do.
     */
    @Test
    void solve_syntheticPoolScenarioIsFeasibleToTheModelTolerance(@TempDir Path dir) throws IOException {
        Path scenario = dir.resolve("s.json");
        assertEquals(TemCommand.OK, run("scenario", "--prosumers", "4", "--seed", "3", "--topology", "pool",
                "--time-of-use", "--out", scenario.toString()).code());
        Path result = dir.resolve("r.json");
        Run r = run("solve", "--scenario", scenario.toString(), "--out", result.toString(), "--quiet");
        assertEquals(TemCommand.OK, r.code(), r.err());
        assertResultFile(readJson(result), ScenarioReader.read(scenario));
    }

    @Test
    void solve_admmWritesIterationsAndResidualsAndMatchesTheCentralCost(@TempDir Path dir) throws IOException {
        Path file = writeScenario(dir, "s.json", ScenarioJson.small(root -> { }));
        Path central = dir.resolve("central.json");
        Path admm = dir.resolve("admm.json");
        assertEquals(TemCommand.OK, run("solve", "--scenario", file.toString(), "--out", central.toString(), "--quiet").code());
        Run r = run("solve", "--scenario", file.toString(), "--method", "admm", "--eps-abs", "1e-7", "--eps-rel", "1e-6",
                "--out", admm.toString(), "--quiet");
        assertEquals(TemCommand.OK, r.code(), r.err());
        JsonNode json = readJson(admm);
        assertEquals("admm", json.path("method").asText());
        assertEquals("optimal", json.path("status").asText());
        assertTrue(json.path("iterations").asInt() > 0, json.toString());
        assertTrue(json.path("primalResidual").isNumber() && json.path("dualResidual").isNumber(), json.toString());
        double optimum = readJson(central).path("totalCost").doubleValue();
        assertEquals(optimum, json.path("totalCost").doubleValue(), 1e-4 * Math.max(1, Math.abs(optimum)));
    }

    @Test
    void solve_admmWithANonPositiveRhoIsBadInput(@TempDir Path dir) throws IOException {
        Path file = writeScenario(dir, "s.json", ScenarioJson.small(root -> { }));
        Run r = run("solve", "--scenario", file.toString(), "--method", "admm", "--rho", "0", "--quiet");
        assertEquals(TemCommand.BAD_INPUT, r.code());
        assertTrue(r.err().contains("rho"), r.err());
        assertNoStackTrace(r.err());
    }

    @Test
    void solve_aSilentMeterIsExcludedTradesNothingAndLedgerMatchesAdmm(@TempDir Path dir) throws IOException {
        Path file = writeScenario(dir, "s.json", ScenarioJson.small(root -> { }));
        Path admm = dir.resolve("admm.json");
        Path ledger = dir.resolve("ledger.json");
        Run a = run("solve", "--scenario", file.toString(), "--method", "admm", "--silent", "b@1", "--out",
                admm.toString(), "--quiet");
        assertEquals(TemCommand.OK, a.code(), a.err());
        Run l = run("solve", "--scenario", file.toString(), "--method", "ledger", "--silent", "b@1", "--out",
                ledger.toString(), "--quiet");
        assertEquals(TemCommand.OK, l.code(), l.err());
        JsonNode json = readJson(admm);
        assertTrue(json.path("message").asText().contains("excluded for missing their deadlines: b"), json.toString());
        for (JsonNode p : json.path("prosumers")) {
            if (p.path("id").asText().equals("b")) {
                for (JsonNode v : p.path("netTrade")) {
                    assertEquals(0.0, v.doubleValue(), 0.0);
                }
            }
        }
        assertEquals(json.path("totalCost").doubleValue(), readJson(ledger).path("totalCost").doubleValue(), 0.0);
        assertEquals(json.path("iterations").asInt(), readJson(ledger).path("iterations").asInt());
    }

    @Test
    void solve_ledgerOnValidatorsMatchesAdmmAndSaysWhatTheNetworkDid(@TempDir Path dir) throws IOException {
        Path file = writeScenario(dir, "s.json", ScenarioJson.small(root -> { }));
        Path admm = dir.resolve("admm.json");
        Path ledger = dir.resolve("ledger.json");
        // A few iterations keep it short (the round ends at its cap); the comparison is exact.
        List<String> loose = List.of("--max-iterations", "6");
        List<String> a = new java.util.ArrayList<>(List.of("solve", "--scenario", file.toString(), "--method", "admm",
                "--out", admm.toString(), "--quiet"));
        a.addAll(loose);
        Run inProcess = run(a.toArray(String[]::new));
        List<String> l = new java.util.ArrayList<>(List.of("solve", "--scenario", file.toString(), "--method", "ledger",
                "--validators", "3", "--transport", "memory", "--out", ledger.toString(), "--quiet"));
        l.addAll(loose);
        Run r = run(l.toArray(String[]::new));
        assertEquals(inProcess.code(), r.code(), r.err());
        JsonNode onChain = readJson(ledger);
        assertEquals(readJson(admm).path("status").asText(), onChain.path("status").asText());
        assertEquals(readJson(admm).path("totalCost").doubleValue(), onChain.path("totalCost").doubleValue(), 0.0);
        assertEquals(readJson(admm).path("iterations").asInt(), onChain.path("iterations").asInt());
        String message = onChain.path("message").asText();
        assertTrue(message.matches(".*on 3 validators and \\d+ nodes in memory: \\d+ blocks, \\d+ transactions, "
                + "[0-9.]+ s virtual, [0-9.]+ s wall.*"), message);
    }

    @Test
    void solve_ledgerOverTcpMatchesAdmmAndSaysWhatTheNetworkDid(@TempDir Path dir) throws IOException {
        Path file = writeScenario(dir, "s.json", ScenarioJson.small(root -> { }));
        Path admm = dir.resolve("admm.json");
        Path ledger = dir.resolve("ledger.json");
        // A few iterations keep it short (the round ends at its cap); the comparison is exact.
        Run inProcess = run("solve", "--scenario", file.toString(), "--method", "admm", "--out", admm.toString(),
                "--quiet", "--max-iterations", "6");
        Run r = run("solve", "--scenario", file.toString(), "--method", "ledger", "--validators", "1", "--transport",
                "tcp", "--out", ledger.toString(), "--quiet", "--max-iterations", "6");
        assertEquals(inProcess.code(), r.code(), r.err());
        JsonNode onChain = readJson(ledger);
        assertEquals(readJson(admm).path("status").asText(), onChain.path("status").asText());
        assertEquals(readJson(admm).path("totalCost").doubleValue(), onChain.path("totalCost").doubleValue(), 0.0);
        assertEquals(readJson(admm).path("iterations").asInt(), onChain.path("iterations").asInt());
        String message = onChain.path("message").asText();
        assertTrue(message.matches(".*on 1 validators and \\d+ nodes over TCP loopback \\(chains in memory\\): \\d+ "
                + "blocks, \\d+ transactions, [0-9.]+ s wall.*"), message);
    }

    @Test
    void solve_networkOptionsOutsideTheirUseAreBadInput(@TempDir Path dir) throws IOException {
        Path file = writeScenario(dir, "s.json", ScenarioJson.small(root -> { }));
        List<List<String>> bad = List.of(
                List.of("--method", "admm", "--validators", "3"),
                List.of("--method", "ledger", "--validators", "0"),
                List.of("--method", "ledger", "--validators", "3", "--transport", "udp"),
                List.of("--method", "ledger", "--transport", "tcp"),
                List.of("--method", "ledger", "--validators", "3", "--silent", "b@1"));
        for (List<String> args : bad) {
            List<String> all = new java.util.ArrayList<>(List.of("solve", "--scenario", file.toString(), "--quiet"));
            all.addAll(args);
            Run r = run(all.toArray(String[]::new));
            assertEquals(TemCommand.BAD_INPUT, r.code(), args.toString());
            assertNoStackTrace(r.err());
        }
    }

    @Test
    void solve_badSilentEntriesAndMissLimitsAreBadInput(@TempDir Path dir) throws IOException {
        Path file = writeScenario(dir, "s.json", ScenarioJson.small(root -> { }));
        for (String entry : List.of("nobody@3", "b", "b@0", "b@x", "@2")) {
            Run r = run("solve", "--scenario", file.toString(), "--method", "admm", "--silent", entry, "--quiet");
            assertEquals(TemCommand.BAD_INPUT, r.code(), entry);
            assertTrue(r.err().contains("--silent"), r.err());
            assertNoStackTrace(r.err());
        }
        Run r = run("solve", "--scenario", file.toString(), "--method", "admm", "--miss-limit", "0", "--quiet");
        assertEquals(TemCommand.BAD_INPUT, r.code());
        assertTrue(r.err().contains("missLimit"), r.err());
    }

    @Test
    void solve_sharedExampleReachesTheIndependentOptimum(@TempDir Path dir) throws IOException {
        Assumptions.assumeTrue(Files.isRegularFile(SHARED_EXAMPLE), "shared example scenario not present");
        Path result = dir.resolve("r.json");
        Run r = run("solve", "--scenario", SHARED_EXAMPLE.toString(), "--out", result.toString(), "--quiet");
        assertEquals(TemCommand.OK, r.code(), r.err());
        JsonNode json = readJson(result);
        assertResultFile(json, ScenarioReader.read(SHARED_EXAMPLE));
        assertEquals(SHARED_EXAMPLE_OPTIMUM, json.path("totalCost").doubleValue(), 1e-4);
    }

    @Test
    void solve_printsASummaryOnStandardErrorUnlessQuiet(@TempDir Path dir) throws IOException {
        Path file = writeScenario(dir, "s.json", ScenarioJson.small(root -> { }));
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.err;
        int code;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            code = TemCommand.run("solve", "--scenario", file.toString(), "--out", dir.resolve("r.json").toString());
        } finally {
            System.setErr(original);
        }
        assertEquals(TemCommand.OK, code);
        String err = captured.toString(StandardCharsets.UTF_8);
        assertTrue(err.startsWith("central: optimal"), err);
        assertTrue(err.contains("total cost"), err);
    }

    @Test
    void solve_writesToStandardOutputByDefault(@TempDir Path dir) throws IOException {
        Path file = writeScenario(dir, "s.json", ScenarioJson.small(root -> { }));
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        int code;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            code = TemCommand.run("solve", "--scenario", file.toString(), "--quiet");
        } finally {
            System.setOut(original);
        }
        assertEquals(TemCommand.OK, code);
        JsonNode json = MAPPER.readTree(captured.toString(StandardCharsets.UTF_8));
        assertEquals("optimal", json.path("status").asText());
    }

    /** Checks a result file against docs/formats.md and, to 1e-6 kWh, against the scenario's own limits. */
    private static void assertResultFile(JsonNode json, Vpp vpp) {
        int slots = vpp.horizon().slots();
        assertEquals("central", json.path("method").asText());
        assertEquals("optimal", json.path("status").asText());
        assertFalse(json.has("iterations"), "no iterations for central");
        assertFalse(json.has("primalResidual"), "no residuals for central");
        assertTrue(json.path("seconds").isNumber());
        assertTrue(json.path("totalCost").isNumber(), json.toString());
        JsonNode list = json.path("prosumers");
        assertEquals(vpp.size(), list.size());
        double total = 0;
        for (int u = 0; u < vpp.size(); u++) {
            Prosumer p = vpp.prosumers().get(u);
            JsonNode s = list.get(u);
            String id = p.id();
            assertEquals(id, s.path("id").asText());
            double cost = s.path("cost").doubleValue();
            total += cost;
            JsonNode breakdown = s.path("costBreakdown");
            double sum = 0;
            for (String category : CostCategory.STANDARD) {
                assertTrue(breakdown.path(category).isNumber(), id + " lacks " + category);
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = breakdown.fields(); it.hasNext();) {
                sum += it.next().getValue().doubleValue();
            }
            assertEquals(cost, sum, 1e-9, id + ": cost vs breakdown");
            for (String name : Series.STANDARD) {
                assertEquals(slots, s.path(name).size(), id + "." + name);
            }
            assertEquals(slots, s.path("netTrade").size(), id + ".netTrade");
            for (Iterator<Map.Entry<String, JsonNode>> it = s.path("trades").fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                assertEquals(slots, e.getValue().size(), id + ".trades." + e.getKey());
            }
            assertFeasible(p, s, slots);
        }
        assertEquals(total, json.path("totalCost").doubleValue(), 1e-9 * Math.max(1, Math.abs(total)));
        if (vpp.market().topology() == org.tem.api.Topology.BILATERAL) {
            assertReciprocalTrades(list, vpp);
        } else {
            for (int t = 0; t < slots; t++) {
                double pool = 0;
                for (int u = 0; u < vpp.size(); u++) {
                    pool += list.get(u).path("netTrade").get(t).doubleValue();
                }
                assertEquals(0.0, pool, 1e-6, "pool trades of slot " + t + " sum to zero");
            }
        }
    }

    /** Balance (docs/model.md eq. 2) and the grid and battery limits, to docs/model.md's 1e-6 kWh. */
    private static void assertFeasible(Prosumer p, JsonNode s, int slots) {
        double tol = 1e-6;
        double[] lif = p.inflexibleLoadKwh();
        double maxImport = p.grid().maxImportKwh();
        for (int t = 0; t < slots; t++) {
            double g = s.path(Series.GRID).get(t).doubleValue();
            double r = s.path(Series.RENEWABLE).get(t).doubleValue();
            double l = s.path(Series.FLEXIBLE_LOAD).get(t).doubleValue();
            double c = s.path(Series.CHARGE).get(t).doubleValue();
            double d = s.path(Series.DISCHARGE).get(t).doubleValue();
            double q = s.path("netTrade").get(t).doubleValue();
            String at = p.id() + " slot " + t;
            assertEquals(0.0, l + lif[t] + c - (r + g + d + q), tol, "balance of " + at);
            assertTrue(g >= -tol && g <= maxImport + tol, "grid of " + at + ": " + g);
            assertTrue(c >= -tol && d >= -tol, "charge/discharge of " + at);
        }
        p.battery().ifPresent(b -> {
            double prev = b.initialSocKwh();
            for (int t = 0; t < slots; t++) {
                double soc = s.path(Series.SOC).get(t).doubleValue();
                double c = s.path(Series.CHARGE).get(t).doubleValue();
                double d = s.path(Series.DISCHARGE).get(t).doubleValue();
                String at = p.id() + " slot " + t;
                assertEquals(prev + b.efficiency() * c - d / b.efficiency(), soc, tol, "soc dynamics of " + at);
                assertTrue(soc >= b.minSocKwh() - tol && soc <= b.capacityKwh() + tol, "soc of " + at + ": " + soc);
                prev = soc;
            }
            assertTrue(prev >= b.terminalSocKwh() - tol, p.id() + " terminal soc " + prev);
        });
    }

    /** Bilateral trades are reciprocal ({@code p_uv = -p_vu}) and sum to the net trade, to 1e-6 kWh. */
    private static void assertReciprocalTrades(JsonNode list, Vpp vpp) {
        int slots = vpp.horizon().slots();
        for (int u = 0; u < vpp.size(); u++) {
            JsonNode trades = list.get(u).path("trades");
            String id = vpp.prosumers().get(u).id();
            double[] sum = new double[slots];
            for (int v : vpp.peersOf(u)) {
                String peer = vpp.prosumers().get(v).id();
                JsonNode mine = trades.path(peer);
                JsonNode theirs = list.get(v).path("trades").path(id);
                assertEquals(slots, mine.size(), id + " trades with " + peer);
                for (int t = 0; t < slots; t++) {
                    assertEquals(-theirs.get(t).doubleValue(), mine.get(t).doubleValue(), 1e-6,
                            id + "/" + peer + " slot " + t);
                    sum[t] += mine.get(t).doubleValue();
                }
            }
            for (int t = 0; t < slots; t++) {
                assertEquals(sum[t], list.get(u).path("netTrade").get(t).doubleValue(), 1e-6, id + " net trade " + t);
            }
            // a prosumer lists no trade with a non-peer
            for (Iterator<String> names = trades.fieldNames(); names.hasNext();) {
                String peer = names.next();
                assertTrue(vpp.peersOf(u).contains(vpp.indexOf(peer)), id + " trades with non-peer " + peer);
            }
        }
    }
}
