package org.tem.examples.scenario;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.tem.api.Horizon;
import org.tem.api.Market;
import org.tem.api.Prosumer;
import org.tem.api.Topology;
import org.tem.api.Vpp;
import org.tem.examples.json.StrictJson;

/**
 * Reads a scenario file (docs/formats.md) into a {@link Vpp}. Strict: unknown fields, duplicate
 * keys, wrong types, wrong array lengths and every value the DSL rejects are errors whose message
 * starts with the field path. Nothing is solved here.
 */
public final class ScenarioReader {
    private static final StrictJson JSON = new StrictJson(ScenarioException::new);

    private static final Set<String> TOP = Set.of("horizon", "tariff", "market", "prosumers");
    private static final Set<String> HORIZON = Set.of("slots", "slotHours");
    private static final Set<String> TARIFF = Set.of("energyRate", "peakRate", "maxImport");
    private static final Set<String> MARKET = Set.of("p2pPrice", "topology", "ancillaryPrice", "maxTrade");
    private static final Set<String> PROSUMER = Set.of("id", "inflexibleLoad", "flexibleLoad", "renewable", "battery",
            "tariff", "maxTrade", "peers");
    private static final Set<String> FLEXIBLE = Set.of("preferred", "min", "max", "comfortWeight");
    private static final Set<String> RENEWABLE = Set.of("forecast", "curtailable");
    private static final Set<String> BATTERY = Set.of("capacity", "min", "initial", "terminal", "maxCharge",
            "maxDischarge", "efficiency", "wearCost");

    private ScenarioReader() {
    }

    /**
     * @param file a scenario file
     * @return the VPP it describes
     * @throws ScenarioException naming the field path when the file is invalid
     * @throws IOException when the file cannot be read
     */
    public static Vpp read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in);
        }
    }

    /**
     * @param in a scenario as UTF-8 JSON
     * @return the VPP it describes
     * @throws ScenarioException naming the field path when the input is invalid
     * @throws IOException when the stream cannot be read
     */
    public static Vpp read(InputStream in) throws IOException {
        JsonNode root;
        try {
            root = StrictJson.mapper().readTree(in);
        } catch (JsonProcessingException e) {
            throw new ScenarioException("scenario: not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr()), e);
        }
        return parse(root);
    }

    /**
     * @param json a scenario as a JSON text
     * @return the VPP it describes
     * @throws ScenarioException naming the field path when the text is invalid
     */
    public static Vpp parse(String json) {
        try {
            return read(new java.io.ByteArrayInputStream(json.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new ScenarioException("scenario: " + e.getMessage(), e);
        }
    }

    private static Vpp parse(JsonNode root) {
        ObjectNode top = JSON.object(root, "scenario");
        JSON.fields(top, "", TOP);
        ObjectNode h = JSON.object(JSON.required(top, "horizon", ""), "horizon");
        JSON.fields(h, "horizon", HORIZON);
        int slots = JSON.integer(JSON.required(h, "slots", "horizon"), "horizon.slots");
        double slotHours = h.has("slotHours") ? JSON.number(h.get("slotHours"), "horizon.slotHours") : 1.0;
        Horizon horizon = guard("", () -> new Horizon(slots, slotHours));

        ObjectNode globalTariff = top.has("tariff") ? JSON.object(top.get("tariff"), "tariff") : StrictJson.mapper().createObjectNode();
        JSON.fields(globalTariff, "tariff", TARIFF);

        Market market = Market.builder().build();
        if (top.has("market")) {
            ObjectNode m = JSON.object(top.get("market"), "market");
            JSON.fields(m, "market", MARKET);
            Market.Builder mb = Market.builder();
            guard("", () -> {
                if (m.has("p2pPrice")) {
                    mb.p2pPrice(JSON.number(m.get("p2pPrice"), "market.p2pPrice"));
                }
                if (m.has("topology")) {
                    String label = JSON.text(m.get("topology"), "market.topology");
                    renamed("topology", "market.topology", () -> mb.topology(Topology.fromLabel(label)));
                }
                if (m.has("ancillaryPrice")) {
                    mb.ancillaryPrice(series(m.get("ancillaryPrice"), "market.ancillaryPrice", slots));
                }
                if (m.has("maxTrade") && !m.get("maxTrade").isNull()) {
                    mb.tradeCapKwh(JSON.number(m.get("maxTrade"), "market.maxTrade"));
                }
                return null;
            });
            market = mb.build();
        }

        JsonNode list = JSON.required(top, "prosumers", "");
        if (!list.isArray()) {
            throw new ScenarioException("prosumers: must be an array, was " + StrictJson.kind(list));
        }
        List<Prosumer> prosumers = new ArrayList<>();
        for (int u = 0; u < list.size(); u++) {
            prosumers.add(prosumer(list.get(u), "prosumers[" + u + "]", horizon, globalTariff));
        }
        Vpp.Builder vb = Vpp.builder().horizon(horizon).market(market).prosumers(prosumers);
        return guard("", vb::build);
    }

    private static Prosumer prosumer(JsonNode node, String path, Horizon horizon, ObjectNode globalTariff) {
        ObjectNode p = JSON.object(node, path);
        JSON.fields(p, path, PROSUMER);
        int slots = horizon.slots();
        String id = JSON.text(JSON.required(p, "id", path), path + ".id");
        Prosumer.Builder b = guard(path + ".", () -> Prosumer.builder(id).horizon(horizon));

        ObjectNode tariff = globalTariff.deepCopy();
        ObjectNode own = p.has("tariff") ? JSON.object(p.get("tariff"), path + ".tariff") : null;
        if (own != null) {
            JSON.fields(own, path + ".tariff", TARIFF);
            tariff.setAll(own);
        }
        String tariffPath = own != null ? path + ".tariff" : "tariff";
        // each tariff field is named by where its value comes from: the prosumer's own tariff or the global one
        java.util.function.UnaryOperator<String> origin = field -> (own != null && own.has(field) ? path + "." : "")
                + "tariff." + field;
        guard(path + ".", () -> b.grid(g -> {
            JsonNode rate = tariff.get("energyRate");
            if (rate == null) {
                throw new ScenarioException(tariffPath + ".energyRate: required (globally or for " + path + ")");
            }
            String ratePath = origin.apply("energyRate");
            if (rate.isArray()) {
                double[] rates = series(rate, ratePath, slots);
                renamed("tariff.energyRate", ratePath, () -> g.energyRate(rates));
            } else {
                double flat = JSON.number(rate, ratePath);
                renamed("tariff.energyRate", ratePath, () -> g.energyRate(flat));
            }
            if (tariff.has("peakRate")) {
                String peakPath = origin.apply("peakRate");
                double peak = JSON.number(tariff.get("peakRate"), peakPath);
                renamed("tariff.peakRate", peakPath, () -> g.peakRate(peak));
            }
            if (tariff.has("maxImport") && !tariff.get("maxImport").isNull()) {
                String importPath = origin.apply("maxImport");
                double limit = JSON.number(tariff.get("maxImport"), importPath);
                renamed("tariff.maxImport", importPath, () -> g.maxImportKwh(limit));
            }
        }));

        if (p.has("inflexibleLoad")) {
            double[] load = series(p.get("inflexibleLoad"), path + ".inflexibleLoad", slots);
            guard(path + ".", () -> b.inflexibleLoadKwh(load));
        }
        if (p.has("renewable")) {
            String rp = path + ".renewable";
            ObjectNode r = JSON.object(p.get("renewable"), rp);
            JSON.fields(r, rp, RENEWABLE);
            double[] forecast = series(JSON.required(r, "forecast", rp), rp + ".forecast", slots);
            guard(path + ".", () -> b.renewable(rb -> {
                rb.forecastKwh(forecast);
                if (r.has("curtailable")) {
                    rb.curtailable(JSON.bool(r.get("curtailable"), rp + ".curtailable"));
                }
            }));
        }
        if (p.has("flexibleLoad")) {
            String fp = path + ".flexibleLoad";
            ObjectNode f = JSON.object(p.get("flexibleLoad"), fp);
            JSON.fields(f, fp, FLEXIBLE);
            double[] preferred = series(JSON.required(f, "preferred", fp), fp + ".preferred", slots);
            JsonNode minNode = f.get("min");
            JsonNode maxNode = f.get("max");
            boolean flat = (minNode == null || minNode.isNumber()) && (maxNode == null || maxNode.isNumber());
            double flatMin = flat && minNode != null ? JSON.number(minNode, fp + ".min") : 0.0;
            double flatMax = flat && maxNode != null ? JSON.number(maxNode, fp + ".max") : Double.POSITIVE_INFINITY;
            double[] min = flat ? null : numberOrSeries(minNode, fp + ".min", slots);
            double[] max = flat ? null : numberOrSeries(maxNode, fp + ".max", slots);
            guard(path + ".", () -> b.flexibleLoad(fb -> {
                fb.preferredKwh(preferred);
                if (flat) {
                    fb.bounds(flatMin, flatMax);
                } else {
                    if (min != null) {
                        fb.minKwh(min);
                    }
                    if (max != null) {
                        fb.maxKwh(max);
                    }
                }
                if (f.has("comfortWeight")) {
                    fb.comfortWeight(JSON.number(f.get("comfortWeight"), fp + ".comfortWeight"));
                }
            }));
        }
        if (p.has("battery")) {
            String bp = path + ".battery";
            ObjectNode bt = JSON.object(p.get("battery"), bp);
            JSON.fields(bt, bp, BATTERY);
            for (String f : List.of("capacity", "initial", "maxCharge", "maxDischarge", "efficiency", "wearCost")) {
                JSON.required(bt, f, bp);
            }
            guard(path + ".", () -> b.battery(bb -> {
                bb.capacityKwh(JSON.number(bt.get("capacity"), bp + ".capacity"));
                if (bt.has("min")) {
                    bb.minSocKwh(JSON.number(bt.get("min"), bp + ".min"));
                }
                bb.initialSocKwh(JSON.number(bt.get("initial"), bp + ".initial"));
                if (bt.has("terminal")) {
                    bb.terminalSocKwh(JSON.number(bt.get("terminal"), bp + ".terminal"));
                }
                bb.maxChargeKwh(JSON.number(bt.get("maxCharge"), bp + ".maxCharge"));
                bb.maxDischargeKwh(JSON.number(bt.get("maxDischarge"), bp + ".maxDischarge"));
                bb.efficiency(JSON.number(bt.get("efficiency"), bp + ".efficiency"));
                bb.wearCost(JSON.number(bt.get("wearCost"), bp + ".wearCost"));
            }));
        }
        if (p.has("maxTrade") && !p.get("maxTrade").isNull()) {
            double limit = JSON.number(p.get("maxTrade"), path + ".maxTrade");
            guard(path + ".", () -> b.maxTradeKwh(limit));
        }
        if (p.has("peers")) {
            JsonNode peers = p.get("peers");
            if (!peers.isArray()) {
                throw new ScenarioException(path + ".peers: must be an array of ids, was " + StrictJson.kind(peers));
            }
            List<String> ids = new ArrayList<>();
            for (int k = 0; k < peers.size(); k++) {
                ids.add(JSON.text(peers.get(k), path + ".peers[" + k + "]"));
            }
            guard(path + ".", () -> b.peers(ids));
        }
        return guard(path + ".", b::build);
    }

    /** Runs a DSL call and turns its IllegalArgumentException into a ScenarioException with a path prefix. */
    private static <T> T guard(String prefix, java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (ScenarioException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new ScenarioException(prefix + e.getMessage(), e);
        }
    }

    /**
     * Runs a DSL setter whose messages name the field {@code dslName} and reports them under the
     * field's path in the file instead (a global value must not be blamed on a prosumer).
     */
    private static void renamed(String dslName, String filePath, Runnable call) {
        try {
            call.run();
        } catch (IllegalArgumentException e) {
            String m = String.valueOf(e.getMessage());
            throw new ScenarioException(m.startsWith(dslName) ? filePath + m.substring(dslName.length())
                    : filePath + ": " + m, e);
        }
    }








    private static double[] series(JsonNode node, String path, int slots) {
        if (node == null || !node.isArray()) {
            throw new ScenarioException(path + ": must be an array of " + slots + " numbers, was " + StrictJson.kind(node));
        }
        if (node.size() != slots) {
            throw new ScenarioException(path + ": must have " + slots + " values (horizon.slots), had " + node.size());
        }
        double[] out = new double[slots];
        for (int t = 0; t < slots; t++) {
            out[t] = JSON.number(node.get(t), path + "[" + t + "]");
        }
        return out;
    }

    /** A number (expanded to every slot) or an array; null when absent. */
    private static double[] numberOrSeries(JsonNode node, String path, int slots) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isArray()) {
            return series(node, path, slots);
        }
        double value = JSON.number(node, path);
        double[] out = new double[slots];
        java.util.Arrays.fill(out, value);
        return out;
    }

}
