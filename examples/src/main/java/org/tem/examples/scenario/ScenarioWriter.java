package org.tem.examples.scenario;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import org.tem.api.Battery;
import org.tem.api.FlexibleLoad;
import org.tem.api.GridConnection;
import org.tem.api.Horizon;
import org.tem.api.InflexibleLoad;
import org.tem.api.Market;
import org.tem.api.Prosumer;
import org.tem.api.Renewable;
import org.tem.api.Vpp;

/**
 * Writes a {@link Vpp} as a scenario file (docs/formats.md) that {@link ScenarioReader} reads back
 * to an equal model. The first prosumer's tariff is written as the global tariff; another
 * prosumer's tariff is written only where it differs.
 */
public final class ScenarioWriter {
    private ScenarioWriter() {
    }

    /**
     * @param vpp the VPP
     * @return the scenario as a JSON tree
     * @throws IllegalArgumentException if a prosumer has a custom component or several units of
     *     one kind, which the file format cannot express
     */
    public static ObjectNode toJson(Vpp vpp) {
        Horizon h = vpp.horizon();
        ObjectNode root = JsonFiles.object();
        ObjectNode horizon = root.putObject("horizon");
        horizon.put("slots", h.slots());
        horizon.put("slotHours", h.slotHours());
        GridConnection global = vpp.prosumers().get(0).grid();
        root.set("tariff", tariff(global, null, h));
        Market m = vpp.market();
        ObjectNode market = root.putObject("market");
        market.put("p2pPrice", m.p2pPrice());
        market.put("topology", m.topology().label());
        if (m.hasAncillaryPrice()) {
            double[] as = new double[h.slots()];
            for (int t = 0; t < as.length; t++) {
                as[t] = m.ancillaryPrice(t);
            }
            market.set("ancillaryPrice", JsonFiles.array(as));
        }
        if (m.tradeCapKwh().isPresent()) {
            market.put("maxTrade", m.tradeCapKwh().getAsDouble());
        }
        ArrayNode list = root.putArray("prosumers");
        for (Prosumer p : vpp.prosumers()) {
            list.add(prosumer(p, global, h));
        }
        return root;
    }

    /**
     * @param vpp the VPP
     * @param out where to write UTF-8 JSON (not closed)
     * @throws IOException on a write failure
     */
    public static void write(Vpp vpp, OutputStream out) throws IOException {
        JsonFiles.writer().writeValue(new NonClosing(out), toJson(vpp));
    }

    private static ObjectNode prosumer(Prosumer p, GridConnection global, Horizon h) {
        ObjectNode o = JsonFiles.object();
        o.put("id", p.id());
        for (var c : p.components()) {
            if (!(c instanceof GridConnection || c instanceof InflexibleLoad || c instanceof Renewable
                    || c instanceof FlexibleLoad || c instanceof Battery)) {
                throw new IllegalArgumentException(p.id() + ": a '" + c.kind() + "' component has no scenario-file form");
            }
        }
        if (p.components(Renewable.class).size() > 1 || p.components(FlexibleLoad.class).size() > 1) {
            throw new IllegalArgumentException(p.id() + ": the scenario file holds one renewable and one flexible load");
        }
        o.set("inflexibleLoad", JsonFiles.array(p.inflexibleLoadKwh()));
        for (FlexibleLoad f : p.components(FlexibleLoad.class)) {
            ObjectNode fl = o.putObject("flexibleLoad");
            fl.set("preferred", JsonFiles.array(f.preferredKwh()));
            double[] min = new double[h.slots()];
            double[] max = new double[h.slots()];
            for (int t = 0; t < min.length; t++) {
                min[t] = f.minKwh(t);
                max[t] = f.maxKwh(t);
            }
            if (f.hasFlatBounds()) {
                fl.put("min", min[0]);
                if (Double.isFinite(max[0])) {
                    fl.put("max", max[0]);
                }
            } else {
                fl.set("min", JsonFiles.array(min));
                // per-slot bounds are finite; an unbounded max (+∞ in every slot) is written by leaving it out,
                // since JSON has no number for it
                if (Arrays.stream(max).allMatch(Double::isFinite)) {
                    fl.set("max", JsonFiles.array(max));
                }
            }
            fl.put("comfortWeight", f.comfortWeight());
        }
        for (Renewable r : p.components(Renewable.class)) {
            ObjectNode rn = o.putObject("renewable");
            rn.set("forecast", JsonFiles.array(r.forecastKwh()));
            if (!r.curtailable()) {
                rn.put("curtailable", false);
            }
        }
        p.battery().ifPresent(b -> {
            ObjectNode bt = o.putObject("battery");
            bt.put("capacity", b.capacityKwh());
            bt.put("min", b.minSocKwh());
            bt.put("initial", b.initialSocKwh());
            bt.put("terminal", b.terminalSocKwh());
            bt.put("maxCharge", b.maxChargeKwh());
            bt.put("maxDischarge", b.maxDischargeKwh());
            bt.put("efficiency", b.efficiency());
            bt.put("wearCost", b.wearCost());
        });
        ObjectNode own = tariff(p.grid(), global, h);
        if (!own.isEmpty()) {
            o.set("tariff", own);
        }
        if (Double.isFinite(p.maxTradeKwh())) {
            o.put("maxTrade", p.maxTradeKwh());
        }
        p.peers().ifPresent(peers -> {
            ArrayNode a = o.putArray("peers");
            peers.forEach(a::add);
        });
        return o;
    }

    /** The tariff fields of {@code g} that differ from {@code base} (all of them when base is null). */
    private static ObjectNode tariff(GridConnection g, GridConnection base, Horizon h) {
        ObjectNode o = JsonFiles.object();
        double[] rates = g.energyRates(h);
        if (base == null || !Arrays.equals(rates, base.energyRates(h)) || g.isFlatRate() != base.isFlatRate()) {
            if (g.isFlatRate()) {
                o.put("energyRate", g.energyRate(0));
            } else {
                o.set("energyRate", JsonFiles.array(rates));
            }
        }
        if (base == null || g.peakRate() != base.peakRate()) {
            o.put("peakRate", g.peakRate());
        }
        if (Double.isFinite(g.maxImportKwh()) && (base == null || g.maxImportKwh() != base.maxImportKwh())) {
            o.put("maxImport", g.maxImportKwh());
        }
        if (base != null && Double.isFinite(base.maxImportKwh()) && !Double.isFinite(g.maxImportKwh())) {
            o.putNull("maxImport");
        }
        return o;
    }

    /** Keeps Jackson from closing a stream it does not own (stdout). */
    static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
