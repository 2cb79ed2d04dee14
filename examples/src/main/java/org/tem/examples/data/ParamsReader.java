package org.tem.examples.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Month;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.function.Supplier;
import org.tem.api.Topology;
import org.tem.examples.data.CommunityParams.BatteryParams;
import org.tem.examples.data.CommunityParams.FlexibleParams;
import org.tem.examples.data.CommunityParams.MarketParams;
import org.tem.examples.data.CommunityParams.TariffParams;
import org.tem.examples.data.CommunityParams.WindParams;
import org.tem.examples.json.StrictJson;

/**
 * Reads a parameters file over a base ({@link CommunityParams#read}), in the style of the scenario
 * reader: strict JSON (no duplicate keys, nothing after the value), unknown fields rejected with their
 * path, every value type-checked, and the records' own checks reported under the field's path.
 */
final class ParamsReader {
    /** The largest parameters file accepted, bytes. */
    static final int MAX_BYTES = 1 << 20;

    private static final StrictJson JSON = new StrictJson(DataException::new);

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
            root = StrictJson.mapper().readTree(json);
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
        ObjectNode top = JSON.object(root, "params");
        JSON.fields(top, "", TOP);
        return new CommunityParams(tariff(top, base.tariff()), market(top, base.market()),
                flexible(top, base.flexibleLoad()), battery(top, base.battery()), wind(top, base.wind()));
    }

    private static TariffParams tariff(ObjectNode top, TariffParams base) {
        if (!top.has("tariff")) {
            return base;
        }
        ObjectNode n = JSON.object(top.get("tariff"), "tariff");
        JSON.fields(n, "tariff", TARIFF);
        List<Double> summer = n.has("energyRateSummer")
                ? hourly(n.get("energyRateSummer"), "tariff.energyRateSummer") : base.energyRateSummer();
        List<Double> winter = n.has("energyRateWinter")
                ? hourly(n.get("energyRateWinter"), "tariff.energyRateWinter") : base.energyRateWinter();
        Set<Month> months = n.has("summerMonths") ? months(n.get("summerMonths"), "tariff.summerMonths")
                : base.summerMonths();
        double peak = n.has("peakRate") ? JSON.number(n.get("peakRate"), "tariff.peakRate") : base.peakRate();
        double maxImport = n.has("maxImport") ? limit(n.get("maxImport"), "tariff.maxImport") : base.maxImportKwh();
        return checked(() -> new TariffParams(summer, winter, months, peak, maxImport));
    }

    private static MarketParams market(ObjectNode top, MarketParams base) {
        if (!top.has("market")) {
            return base;
        }
        ObjectNode n = JSON.object(top.get("market"), "market");
        JSON.fields(n, "market", MARKET);
        double p2p = n.has("p2pPrice") ? JSON.number(n.get("p2pPrice"), "market.p2pPrice") : base.p2pPrice();
        List<Double> ancillary = n.has("ancillaryPrice") ? hourly(n.get("ancillaryPrice"), "market.ancillaryPrice")
                : base.ancillaryPrice();
        Topology topology = base.topology();
        if (n.has("topology")) {
            String label = JSON.text(n.get("topology"), "market.topology");
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
        ObjectNode n = JSON.object(top.get("flexibleLoad"), "flexibleLoad");
        JSON.fields(n, "flexibleLoad", FLEXIBLE);
        double share = n.has("share") ? JSON.number(n.get("share"), "flexibleLoad.share") : base.share();
        double factor = n.has("maxFactor") ? JSON.number(n.get("maxFactor"), "flexibleLoad.maxFactor") : base.maxFactor();
        double weight = n.has("comfortWeight") ? JSON.number(n.get("comfortWeight"), "flexibleLoad.comfortWeight")
                : base.comfortWeight();
        return checked(() -> new FlexibleParams(share, factor, weight));
    }

    private static BatteryParams battery(ObjectNode top, BatteryParams base) {
        if (!top.has("battery")) {
            return base;
        }
        ObjectNode n = JSON.object(top.get("battery"), "battery");
        JSON.fields(n, "battery", BATTERY);
        boolean enabled = n.has("enabled") ? JSON.bool(n.get("enabled"), "battery.enabled") : base.enabled();
        double capacity = n.has("capacity") ? JSON.number(n.get("capacity"), "battery.capacity") : base.capacityKwh();
        double min = n.has("min") ? JSON.number(n.get("min"), "battery.min") : base.minSocKwh();
        double initial = n.has("initial") ? JSON.number(n.get("initial"), "battery.initial") : base.initialSocKwh();
        OptionalDouble terminal = base.terminalSocKwh();
        if (n.has("terminal")) {
            terminal = n.get("terminal").isNull() ? OptionalDouble.empty()
                    : OptionalDouble.of(JSON.number(n.get("terminal"), "battery.terminal"));
        }
        double charge = n.has("maxCharge") ? JSON.number(n.get("maxCharge"), "battery.maxCharge") : base.maxChargeKwh();
        double discharge = n.has("maxDischarge") ? JSON.number(n.get("maxDischarge"), "battery.maxDischarge")
                : base.maxDischargeKwh();
        double eta = n.has("efficiency") ? JSON.number(n.get("efficiency"), "battery.efficiency") : base.efficiency();
        double wear = n.has("wearCost") ? JSON.number(n.get("wearCost"), "battery.wearCost") : base.wearCost();
        OptionalDouble end = terminal;
        return checked(() -> new BatteryParams(enabled, capacity, min, initial, end, charge, discharge, eta, wear));
    }

    private static WindParams wind(ObjectNode top, WindParams base) {
        if (!top.has("wind")) {
            return base;
        }
        ObjectNode n = JSON.object(top.get("wind"), "wind");
        JSON.fields(n, "wind", WIND);
        int every = n.has("every") ? JSON.integer(n.get("every"), "wind.every") : base.every();
        double kw = n.has("turbineKw") ? JSON.number(n.get("turbineKw"), "wind.turbineKw") : base.turbineKw();
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




    /** A limit: a number {@code >= 0} or {@code null} for none (+∞). */
    private static double limit(JsonNode node, String path) {
        return node.isNull() ? Double.POSITIVE_INFINITY : JSON.number(node, path);
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
                out[h] = JSON.number(node.get(h), path + "[" + h + "]");
            }
        } else if (node.isNumber()) {
            java.util.Arrays.fill(out, JSON.number(node, path));
        } else {
            throw new DataException(path + ": must be a number or an array of " + hours + " numbers, was " + StrictJson.kind(node));
        }
        return CommunityParams.list(out);
    }

    private static Set<Month> months(JsonNode node, String path) {
        if (!node.isArray()) {
            throw new DataException(path + ": must be an array of month numbers 1-12, was " + StrictJson.kind(node));
        }
        Set<Month> months = EnumSet.noneOf(Month.class);
        List<Integer> seen = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            int m = JSON.integer(node.get(i), path + "[" + i + "]");
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

}
