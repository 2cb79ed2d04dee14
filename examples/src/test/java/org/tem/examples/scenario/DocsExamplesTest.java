package org.tem.examples.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.tem.api.CostCategory;
import org.tem.api.Solution;
import org.tem.api.SolveStatus;
import org.tem.api.Topology;
import org.tem.api.Vpp;
import org.tem.solver.CentralSolver;
import org.tem.solver.admm.AdmmOptions;
import org.tem.solver.admm.AdmmSolver;
import org.tem.solver.admm.AdmmListener;

/**
 * The examples and the error messages of the project's documentation ({@code docs/formats.md},
 * {@code docs/examples/}), checked against the real reader, solvers and writer, so that the
 * documentation cannot drift from the code: every example scenario is read by
 * {@link ScenarioReader}; every example result has exactly the structure {@link ResultWriter} gives
 * when its scenario is solved again, the same status and the same (unique) optimal cost, and the
 * bookkeeping the documentation promises; the example scenario uses every field the reader knows,
 * and the documentation names each; every error message the documentation quotes is the one the
 * reader gives.
 */
class DocsExamplesTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** The repository's {@code docs} directory, seen from the examples module (the tests' working directory). */
    private static final Path DOCS = Path.of("../docs");
    private static final Path EXAMPLES = DOCS.resolve("examples");

    /** A result example: the scenario it was computed from and the method. */
    private record Example(String scenario, String result, String method) {
    }

    private static final List<Example> RESULTS = List.of(
            new Example("scenario.json", "result-central.json", "central"),
            new Example("scenario.json", "result-admm.json", "admm"),
            new Example("scenario-pool.json", "result-pool-central.json", "central"));

    private static JsonNode json(String file) throws IOException {
        return MAPPER.readTree(EXAMPLES.resolve(file).toFile());
    }

    private static Vpp scenario(String file) throws IOException {
        return ScenarioReader.read(EXAMPLES.resolve(file));
    }

    private static String formatsPage() throws IOException {
        return Files.readString(DOCS.resolve("formats.md"), StandardCharsets.UTF_8);
    }

    private static Solution solve(Vpp vpp, String method) {
        return switch (method) {
            case "central" -> new CentralSolver().solve(vpp);
            case "admm" -> new AdmmSolver(AdmmOptions.DEFAULT, 1, AdmmListener.NONE).solve(vpp);
            default -> throw new IllegalArgumentException("no example method " + method);
        };
    }

    @Test
    void everyJsonFileUnderDocsExamplesIsCheckedHere() throws IOException {
        Set<String> checked = new TreeSet<>();
        for (Example e : RESULTS) {
            checked.add(e.scenario());
            checked.add(e.result());
        }
        Set<String> present = new TreeSet<>();
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".json")).forEach(present::add);
        }
        assertEquals(checked, present, "an example file that no test reads can rot: add it to RESULTS");
    }

    @Test
    void theJsonTheFormatPageShowsIsCopiedFromTheExampleFiles() throws IOException {
        List<String> blocks = new ArrayList<>();
        String[] parts = formatsPage().split("```json\n", -1);
        for (int i = 1; i < parts.length; i++) {
            blocks.add(parts[i].substring(0, parts[i].indexOf("```")));
        }
        assertEquals(2, blocks.size(), "docs/formats.md shows a scenario and the beginning of its result");
        String scenario = Files.readString(EXAMPLES.resolve("scenario.json"), StandardCharsets.UTF_8);
        assertEquals(scenario, blocks.get(0), "the scenario shown is examples/scenario.json");
        String result = Files.readString(EXAMPLES.resolve("result-central.json"), StandardCharsets.UTF_8);
        assertTrue(result.startsWith(blocks.get(1)), "the result shown is the beginning of examples/result-central.json");
    }

    @Test
    void exampleScenariosAreReadByTheRealReader() throws IOException {
        Vpp bilateral = scenario("scenario.json");
        assertEquals(3, bilateral.size());
        assertEquals(Topology.BILATERAL, bilateral.market().topology());
        assertEquals(List.of(1), bilateral.peersOf(0), "pv-home trades with battery-home only");
        assertEquals(8.0, bilateral.tradeLimitKwh(0, 1), "pv-home's own maxTrade bounds its link");
        assertEquals(40.0, bilateral.tradeLimitKwh(1, 2), "no maxTrade on either end: the market's cap");
        Vpp pool = scenario("scenario-pool.json");
        assertEquals(Topology.POOL, pool.market().topology());
        assertEquals(200.0, pool.tradeCapKwh(), "no cap set: 50 kW times the four-hour slot");
    }

    @Test
    void exampleResultsHaveTheWritersStructureStatusAndOptimalCost() throws IOException {
        for (Example e : RESULTS) {
            Vpp vpp = scenario(e.scenario());
            JsonNode documented = json(e.result());
            Solution fresh = solve(vpp, e.method());
            assertEquals(SolveStatus.OPTIMAL, fresh.status(), e.result() + ": " + fresh.message());
            JsonNode written = ResultWriter.toJson(fresh);
            sameStructure(documented, written, e.result());
            assertEquals(e.method(), documented.path("method").textValue(), e.result());
            assertEquals(written.path("status").textValue(), documented.path("status").textValue(), e.result());
            double optimum = "central".equals(e.method()) ? fresh.totalCost() : new CentralSolver().solve(vpp).totalCost();
            double tolerance = "central".equals(e.method()) ? 1e-6 : 1e-4;
            assertEquals(optimum, documented.path("totalCost").doubleValue(), tolerance * Math.abs(optimum),
                    e.result() + ": the documented total cost is not the optimum of its scenario");
        }
    }

    /** Same field names in the same order, same array lengths, same kinds of value; values themselves may differ. */
    private static void sameStructure(JsonNode documented, JsonNode written, String path) {
        assertEquals(written.getNodeType(), documented.getNodeType(), path + ": kind of value");
        if (written.isObject()) {
            List<String> expected = new ArrayList<>();
            written.fieldNames().forEachRemaining(expected::add);
            List<String> actual = new ArrayList<>();
            documented.fieldNames().forEachRemaining(actual::add);
            if (path.endsWith(".trades") && documented.size() == written.size()) {
                // pairwise pool records are in no particular order (docs/formats.md)
                expected.sort(null);
                actual.sort(null);
            }
            assertEquals(expected, actual, path + ": fields");
            for (String name : expected) {
                sameStructure(documented.get(name), written.get(name), path + "." + name);
            }
        } else if (written.isArray()) {
            assertEquals(written.size(), documented.size(), path + ": length");
            for (int i = 0; i < written.size(); i++) {
                sameStructure(documented.get(i), written.get(i), path + "[" + i + "]");
            }
        }
    }

    @Test
    void exampleResultsKeepTheBookkeepingTheFormatPromises() throws IOException {
        for (Example e : RESULTS) {
            JsonNode result = json(e.result());
            boolean pool = scenario(e.scenario()).market().topology() == Topology.POOL;
            double total = 0;
            for (JsonNode p : result.path("prosumers")) {
                String who = e.result() + " " + p.path("id").textValue();
                List<String> categories = new ArrayList<>();
                p.path("costBreakdown").fieldNames().forEachRemaining(categories::add);
                assertEquals(CostCategory.STANDARD, categories, who + ": the six categories in order");
                double sum = 0;
                for (JsonNode c : p.path("costBreakdown")) {
                    sum += c.doubleValue();
                }
                double cost = p.path("cost").doubleValue();
                assertEquals(sum, cost, 1e-12 * (1 + Math.abs(cost)), who + ": cost = sum of the breakdown");
                total += cost;
                for (int t = 0; t < p.path("netTrade").size(); t++) {
                    double traded = 0;
                    for (JsonNode series : p.path("trades")) {
                        traded += series.get(t).doubleValue();
                    }
                    double tolerance = "central".equals(e.method()) ? 1e-9 : 2 * result.path("primalResidual").doubleValue();
                    assertEquals(p.path("netTrade").get(t).doubleValue(), traded, tolerance,
                            who + ": netTrade = sum of the pairwise trades at slot " + t + (pool ? " (pool records)" : ""));
                }
                Iterator<String> peers = p.path("trades").fieldNames();
                while (peers.hasNext()) {
                    String peer = peers.next();
                    JsonNode mine = p.path("trades").path(peer);
                    JsonNode theirs = prosumer(result, peer).path("trades").path(p.path("id").textValue());
                    double tolerance = "central".equals(e.method()) ? 1e-12 : 2 * result.path("primalResidual").doubleValue();
                    for (int t = 0; t < mine.size(); t++) {
                        assertEquals(-mine.get(t).doubleValue(), theirs.get(t).doubleValue(), tolerance,
                                who + ": reciprocal with " + peer + " at slot " + t);
                    }
                }
            }
            double reported = result.path("totalCost").doubleValue();
            assertEquals(total, reported, 1e-12 * (1 + Math.abs(reported)), e.result() + ": totalCost = sum of the costs");
        }
    }

    private static JsonNode prosumer(JsonNode result, String id) {
        for (JsonNode p : result.path("prosumers")) {
            if (id.equals(p.path("id").textValue())) {
                return p;
            }
        }
        return fail("no prosumer " + id);
    }

    /** One object of the scenario format: where it sits, how the documentation writes its fields' paths. */
    private record Level(String name, Consumer<ObjectNode> inject, String docPrefix, List<JsonNode> inExample) {
    }

    @Test
    void theExampleScenarioUsesEveryFieldTheReaderKnowsAndTheFormatPageNamesEach() throws IOException {
        ObjectNode root = (ObjectNode) json("scenario.json");
        ArrayNode prosumers = (ArrayNode) root.path("prosumers");
        List<JsonNode> all = new ArrayList<>();
        prosumers.forEach(all::add);
        List<Level> levels = List.of(
                new Level("top", r -> r.put("zzUnknown", 1), "", List.of(root)),
                new Level("horizon", r -> ((ObjectNode) r.path("horizon")).put("zzUnknown", 1), "horizon.",
                        List.of(root.path("horizon"))),
                new Level("tariff", r -> ((ObjectNode) r.path("tariff")).put("zzUnknown", 1), "tariff.",
                        List.of(root.path("tariff"))),
                new Level("market", r -> ((ObjectNode) r.path("market")).put("zzUnknown", 1), "market.",
                        List.of(root.path("market"))),
                new Level("prosumer", r -> prosumer(r, 0).put("zzUnknown", 1), "prosumers[].", all),
                new Level("prosumer tariff", r -> ((ObjectNode) prosumer(r, 1).path("tariff")).put("zzUnknown", 1),
                        "tariff.", List.of(root.path("tariff"), prosumers.get(1).path("tariff"))),
                new Level("flexibleLoad", r -> ((ObjectNode) prosumer(r, 1).path("flexibleLoad")).put("zzUnknown", 1),
                        "prosumers[].flexibleLoad.", children(all, "flexibleLoad")),
                new Level("renewable", r -> ((ObjectNode) prosumer(r, 0).path("renewable")).put("zzUnknown", 1),
                        "prosumers[].renewable.", children(all, "renewable")),
                new Level("battery", r -> ((ObjectNode) prosumer(r, 1).path("battery")).put("zzUnknown", 1),
                        "prosumers[].battery.", children(all, "battery")));
        String page = formatsPage();
        for (Level level : levels) {
            ObjectNode copy = root.deepCopy();
            level.inject().accept(copy);
            ScenarioException e = assertThrows(ScenarioException.class, () -> ScenarioReader.parse(copy.toString()));
            String message = e.getMessage();
            int at = message.indexOf("(known: ");
            assertTrue(at > 0 && message.endsWith(")"), level.name() + ": " + message);
            for (String field : message.substring(at + 8, message.length() - 1).split(", ")) {
                assertTrue(level.inExample().stream().anyMatch(n -> n.has(field)),
                        level.name() + " field '" + field + "' is not used in docs/examples/scenario.json");
                String documented = "`" + level.docPrefix() + field + "`";
                assertTrue(page.contains(documented), documented + " is not described in docs/formats.md");
            }
        }
    }

    private static ObjectNode prosumer(ObjectNode root, int u) {
        return (ObjectNode) root.path("prosumers").get(u);
    }

    private static List<JsonNode> children(List<JsonNode> prosumers, String field) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode p : prosumers) {
            if (p.has(field)) {
                out.add(p.get(field));
            }
        }
        return out;
    }

    /** A change to the example scenario and the message docs/formats.md quotes for it. */
    private record Quoted(Consumer<ObjectNode> change, String message) {
    }

    @Test
    void everyErrorMessageTheFormatPageQuotesIsTheReadersOwn() throws IOException {
        List<Quoted> quoted = List.of(
                new Quoted(r -> battery(r).put("efficiency", 1.2),
                        "prosumers[1].battery.efficiency: must be in (0, 1], was 1.2"),
                new Quoted(r -> battery(r).put("capacityKwh", 13.5),
                        "prosumers[1].battery.capacityKwh: unknown field (known: capacity, efficiency, initial,"
                        + " maxCharge, maxDischarge, min, terminal, wearCost)"),
                new Quoted(r -> prosumer(r, 0).set("inflexibleLoad", numbers(1, 2, 3)),
                        "prosumers[0].inflexibleLoad: must have 6 values (horizon.slots), had 3"),
                new Quoted(r -> prosumer(r, 0).set("inflexibleLoad", numbers(1, 2, 3, -1, 0, 0)),
                        "prosumers[0].inflexibleLoad[3]: must be >= 0, was -1.0"),
                new Quoted(r -> battery(r).remove("wearCost"),
                        "prosumers[1].battery.wearCost: required"),
                new Quoted(r -> prosumer(r, 0).put("maxTrade", "8"),
                        "prosumers[0].maxTrade: must be a number, was the string \"8\""),
                new Quoted(r -> ((ObjectNode) r.path("horizon")).put("slots", 6.5),
                        "horizon.slots: must be an integer, was 6.5"),
                new Quoted(r -> market(r).put("p2pPrice", new BigDecimal("1e400")),
                        "market.p2pPrice: must be a finite number, was 1E+400"),
                new Quoted(r -> market(r).put("topology", "mesh"),
                        "market.topology: must be \"bilateral\" or \"pool\", was \"mesh\""),
                new Quoted(r -> market(r).put("maxTrade", 2e6),
                        "market.maxTrade: must be <= 1000000.0 kWh per slot, was 2000000.0"),
                new Quoted(r -> ((ObjectNode) r.path("tariff")).remove("energyRate"),
                        "tariff.energyRate: required (globally or for prosumers[0])"),
                new Quoted(r -> ((ObjectNode) prosumer(r, 1).path("tariff")).put("peakRate", -1),
                        "prosumers[1].tariff.peakRate: must be >= 0, was -1.0"),
                new Quoted(r -> battery(r).put("initial", 20),
                        "prosumers[1].battery.initial: must be in [min, capacity] = [1.0, 13.5], was 20.0"),
                new Quoted(r -> ((ObjectNode) prosumer(r, 2).path("flexibleLoad")).set("min", numbers(0, 2, 0, 0, 0, 0)),
                        "prosumers[2].flexibleLoad.min[1]: must be <= max 1.5, was 2.0"),
                new Quoted(r -> prosumer(r, 2).put("id", "pv-home"),
                        "prosumers[2].id: duplicate id 'pv-home'"),
                new Quoted(r -> prosumer(r, 0).set("peers", MAPPER.createArrayNode().add("nobody")),
                        "prosumers[0].peers: unknown peer 'nobody'"),
                new Quoted(r -> prosumer(r, 0).set("peers", MAPPER.createArrayNode().add("battery-home").add("wind-home")),
                        "prosumers[0].peers: 'wind-home' is a peer of 'pv-home' but not the other way round"
                        + " (peer lists must be symmetric)"),
                new Quoted(r -> market(r).put("topology", "pool"),
                        "prosumers[0].peers: peer lists are only allowed with the bilateral topology"));
        ObjectNode root = (ObjectNode) json("scenario.json");
        String page = formatsPage();
        for (Quoted q : quoted) {
            ObjectNode copy = root.deepCopy();
            q.change().accept(copy);
            ScenarioException e = assertThrows(ScenarioException.class, () -> ScenarioReader.parse(copy.toString()),
                    q.message());
            assertEquals(q.message(), e.getMessage());
            assertTrue(page.contains("`" + q.message() + "`"), "docs/formats.md does not quote: " + q.message());
        }
    }

    private static ObjectNode battery(ObjectNode root) {
        return (ObjectNode) prosumer(root, 1).path("battery");
    }

    private static ObjectNode market(ObjectNode root) {
        return (ObjectNode) root.path("market");
    }

    private static ArrayNode numbers(double... values) {
        ArrayNode a = MAPPER.createArrayNode();
        for (double v : values) {
            a.add(v);
        }
        return a;
    }
}
