package org.tem.examples.data;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Month;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.tem.api.Topology;
import org.tem.examples.data.CommunityParams.BatteryParams;
import org.tem.examples.data.CommunityParams.FlexibleParams;
import org.tem.examples.data.CommunityParams.MarketParams;
import org.tem.examples.data.CommunityParams.TariffParams;
import org.tem.examples.data.CommunityParams.WindParams;

/**
 * Reads a parameters file over a base ({@link CommunityParams#read}), in the style of the scenario
 * reader: strict JSON (no duplicate keys, nothing after the value), unknown fields rejected with their
 * path, every value type-checked, and the records' own checks reported under the field's path.
 */
final class ParamsReader {
    /** The largest parameters file accepted, bytes. */
    static final int MAX_BYTES = 1 << 20;

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private static final Set<String> TOP = Set.of("tariff", "market", "flexibleLoad", "battery", "wind");
    private static final Set<String> TARIFF = Set.of("energyRateSummer", "energyRateWinter", "summerMonths",
            "peakRate", "maxImport");
    private static final Set<String> MARKET = Set.of("p2pPrice", "ancillaryPrice", "topology", "maxTrade");
    private static final Set<String> FLEXIBLE = Set.of("share", "maxFactor", "comfortWeight");
    private static final Set<String> BATTERY = Set.of("enabled", "capacity", "min", "initial", "terminal",
            "maxCharge", "maxDischarge", "efficiency", "wearCost");
    private static final Set<String> WIND = Set.of("every", "turbineKw");

    private ParamsReader() {
    }

    static CommunityParams read(Path file, CommunityParams base) throws IOException {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        }
        if (bytes.length > MAX_BYTES) {
            throw new DataException(file + ": larger than " + MAX_BYTES + " bytes; not a parameters file");
        }
        return parse(bytes, base);
    }

    static CommunityParams parse(String json, CommunityParams base) {
        return parse(json.getBytes(StandardCharsets.UTF_8), base);
    }

    private static CommunityParams parse(byte[] json, CommunityParams base) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new DataException("params: not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr()), e);
        } catch (IOException e) {
            throw new DataException("params: " + e.getMessage(), e);
        }
        if (root == null || root.isMissingNode()) {
            throw new DataException("params: empty; write {} for the defaults");
        }
        ObjectNode top = object(root, "params");
        fields(top, "", TOP);
        return new CommunityParams(tariff(top, base.tariff()), market(top, base.market()),
                flexible(top, base.flexibleLoad()), battery(top, base.battery()), wind(top, base.wind()));
    }

    private static TariffParams tariff(ObjectNode top, TariffParams base) {
        if (!top.has("tariff")) {
            return base;
        }
        ObjectNode n = object(top.get("tariff"), "tariff");
        fields(n, "tariff", TARIFF);
        List<Double> summer = n.has("energyRateSummer")
                ? hourly(n.get("energyRateSummer"), "tariff.energyRateSummer") : base.energyRateSummer();
        List<Double> winter = n.has("energyRateWinter")
                ? hourly(n.get("energyRateWinter"), "tariff.energyRateWinter") : base.energyRateWinter();
        Set<Month> months = n.has("summerMonths") ? months(n.get("summerMonths"), "tariff.summerMonths")
                : base.summerMonths();
        double peak = n.has("peakRate") ? number(n.get("peakRate"), "tariff.peakRate") : base.peakRate();
        double maxImport = n.has("maxImport") ? limit(n.get("maxImport"), "tariff.maxImport") : base.maxImportKwh();
        return checked(() -> new TariffParams(summer, winter, months, peak, maxImport));
    }

    private static MarketParams market(ObjectNode top, MarketParams base) {
        if (!top.has("market")) {
            return base;
        }
        ObjectNode n = object(top.get("market"), "market");
        fields(n, "market", MARKET);
        double p2p = n.has("p2pPrice") ? number(n.get("p2pPrice"), "market.p2pPrice") : base.p2pPrice();
        List<Double> ancillary = n.has("ancillaryPrice") ? hourly(n.get("ancillaryPrice"), "market.ancillaryPrice")
                : base.ancillaryPrice();
        Topology topology = base.topology();
        if (n.has("topology")) {
            String label = text(n.get("topology"), "market.topology");
            topology = checked(() -> {
                try {
                    return Topology.fromLabel(label);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("market.topology: must be bilateral or pool, was '" + label
                            + "'", e);
                }
            });
        }
        double maxTrade = n.has("maxTrade") ? limit(n.get("maxTrade"), "market.maxTrade") : base.maxTradeKwh();
        Topology t = topology;
        return checked(() -> new MarketParams(p2p, ancillary, t, maxTrade));
    }

    private static FlexibleParams flexible(ObjectNode top, FlexibleParams base) {
        if (!top.has("flexibleLoad")) {
            return base;
        }
        ObjectNode n = object(top.get("flexibleLoad"), "flexibleLoad");
        fields(n, "flexibleLoad", FLEXIBLE);
        double share = n.has("share") ? number(n.get("share"), "flexibleLoad.share") : base.share();
        double factor = n.has("maxFactor") ? number(n.get("maxFactor"), "flexibleLoad.maxFactor") : base.maxFactor();
        double weight = n.has("comfortWeight") ? number(n.get("comfortWeight"), "flexibleLoad.comfortWeight")
                : base.comfortWeight();
        return checked(() -> new FlexibleParams(share, factor, weight));
    }

    private static BatteryParams battery(ObjectNode top, BatteryParams base) {
        if (!top.has("battery")) {
            return base;
        }
        ObjectNode n = object(top.get("battery"), "battery");
        fields(n, "battery", BATTERY);
        boolean enabled = n.has("enabled") ? bool(n.get("enabled"), "battery.enabled") : base.enabled();
        double capacity = n.has("capacity") ? number(n.get("capacity"), "battery.capacity") : base.capacityKwh();
        double min = n.has("min") ? number(n.get("min"), "battery.min") : base.minSocKwh();
        double initial = n.has("initial") ? number(n.get("initial"), "battery.initial") : base.initialSocKwh();
        OptionalDouble terminal = base.terminalSocKwh();
        if (n.has("terminal")) {
            terminal = n.get("terminal").isNull() ? OptionalDouble.empty()
                    : OptionalDouble.of(number(n.get("terminal"), "battery.terminal"));
        }
        double charge = n.has("maxCharge") ? number(n.get("maxCharge"), "battery.maxCharge") : base.maxChargeKwh();
        double discharge = n.has("maxDischarge") ? number(n.get("maxDischarge"), "battery.maxDischarge")
                : base.maxDischargeKwh();
        double eta = n.has("efficiency") ? number(n.get("efficiency"), "battery.efficiency") : base.efficiency();
        double wear = n.has("wearCost") ? number(n.get("wearCost"), "battery.wearCost") : base.wearCost();
        OptionalDouble end = terminal;
        return checked(() -> new BatteryParams(enabled, capacity, min, initial, end, charge, discharge, eta, wear));
    }

    private static WindParams wind(ObjectNode top, WindParams base) {
        if (!top.has("wind")) {
            return base;
        }
        ObjectNode n = object(top.get("wind"), "wind");
        fields(n, "wind", WIND);
        int every = n.has("every") ? integer(n.get("every"), "wind.every") : base.every();
        double kw = n.has("turbineKw") ? number(n.get("turbineKw"), "wind.turbineKw") : base.turbineKw();
        return checked(() -> new WindParams(every, kw));
    }

    /** Builds a record and reports its IllegalArgumentException (which names the field path) as bad input. */
    private static <T> T checked(Supplier<T> build) {
        try {
            return build.get();
        } catch (IllegalArgumentException e) {
            throw new DataException(e.getMessage(), e);
        }
    }

    private static void fields(ObjectNode node, String path, Set<String> known) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!known.contains(name)) {
                throw new DataException((path.isEmpty() ? "" : path + ".") + name + ": unknown field (known: "
                        + String.join(", ", new TreeSet<>(known)) + ")");
            }
        }
    }

    private static ObjectNode object(JsonNode node, String path) {
        if (!(node instanceof ObjectNode o)) {
            throw new DataException(path + ": must be an object, was " + kind(node));
        }
        return o;
    }

    private static double number(JsonNode node, String path) {
        if (node == null || !node.isNumber()) {
            throw new DataException(path + ": must be a number, was " + kind(node));
        }
        double value = node.doubleValue();
        if (!Double.isFinite(value)) {
            throw new DataException(path + ": must be a finite number, was " + node.asText());
        }
        return value;
    }

    /** A limit: a number {@code >= 0} or {@code null} for none (+∞). */
    private static double limit(JsonNode node, String path) {
        return node.isNull() ? Double.POSITIVE_INFINITY : number(node, path);
    }

    private static int integer(JsonNode node, String path) {
        if (node == null || !node.isIntegralNumber() || !node.canConvertToInt()) {
            throw new DataException(path + ": must be a whole number, was " + kind(node));
        }
        return node.intValue();
    }

    private static boolean bool(JsonNode node, String path) {
        if (!node.isBoolean()) {
            throw new DataException(path + ": must be true or false, was " + kind(node));
        }
        return node.booleanValue();
    }

    private static String text(JsonNode node, String path) {
        if (!node.isTextual()) {
            throw new DataException(path + ": must be a string, was " + kind(node));
        }
        return node.textValue();
    }

    /** A number for every hour, or an array of 24 numbers. */
    private static List<Double> hourly(JsonNode node, String path) {
        int hours = CommunityParams.HOURS;
        double[] out = new double[hours];
        if (node.isArray()) {
            if (node.size() != hours) {
                throw new DataException(path + ": must have " + hours + " values (one per local clock hour), had "
                        + node.size());
            }
            for (int h = 0; h < hours; h++) {
                out[h] = number(node.get(h), path + "[" + h + "]");
            }
        } else if (node.isNumber()) {
            java.util.Arrays.fill(out, number(node, path));
        } else {
            throw new DataException(path + ": must be a number or an array of " + hours + " numbers, was " + kind(node));
        }
        return CommunityParams.list(out);
    }

    private static Set<Month> months(JsonNode node, String path) {
        if (!node.isArray()) {
            throw new DataException(path + ": must be an array of month numbers 1-12, was " + kind(node));
        }
        Set<Month> months = EnumSet.noneOf(Month.class);
        List<Integer> seen = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            int m = integer(node.get(i), path + "[" + i + "]");
            if (m < 1 || m > 12) {
                throw new DataException(path + "[" + i + "]: must be a month number 1-12, was " + m);
            }
            if (seen.contains(m)) {
                throw new DataException(path + "[" + i + "]: month " + m + " is listed twice");
            }
            seen.add(m);
            months.add(Month.of(m));
        }
        return months;
    }

    private static String kind(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "absent";
        }
        if (node.isNull()) {
            return "null";
        }
        if (node.isTextual()) {
            return "the string \"" + node.textValue() + "\"";
        }
        if (node.isArray()) {
            return "an array";
        }
        if (node.isObject()) {
            return "an object";
        }
        return node.toString();
    }
}
