package org.tem.examples.simulate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code summary.json} and {@code summary.md}: what the run did and what coordination saved, against
 * the two baselines computed on the same days.
 */
final class SummaryReport {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SummaryReport() {
    }

    /**
     * The ledger's figures over the run (present when any day has them); {@code clock} is that of the days'
     * confirmation delays (one coordinator runs every day, so they share it).
     */
    record LedgerTotals(long transactions, long blocks, double p50, double p99, Map<String, Long> settlement,
            LedgerFigures.Clock clock) {
        static Optional<LedgerTotals> of(List<DayRecord> days) {
            long tx = 0;
            long blocks = 0;
            List<Double> delays = new ArrayList<>();
            Map<String, Long> settlement = new LinkedHashMap<>();
            boolean any = false;
            LedgerFigures.Clock clock = LedgerFigures.Clock.VIRTUAL;
            for (DayRecord d : days) {
                if (d.outcome().ledger().isEmpty()) {
                    continue;
                }
                any = true;
                LedgerFigures f = d.outcome().ledger().get();
                clock = f.clock();
                tx = Math.addExact(tx, f.transactions());
                blocks = Math.addExact(blocks, f.blocks());
                for (double s : f.confirmationSeconds()) {
                    delays.add(s);
                }
                f.settlementMinorUnits().forEach((id, amount) -> settlement.merge(id, amount, Math::addExact));
            }
            if (!any) {
                return Optional.empty();
            }
            double[] sorted = delays.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            return Optional.of(new LedgerTotals(tx, blocks, LedgerFigures.percentile(sorted, 0.50),
                    LedgerFigures.percentile(sorted, 0.99), settlement, clock));
        }
    }

    /**
     * @param run the run
     * @param figures its figures
     * @return {@code summary.json}'s tree
     */
    static ObjectNode json(SimulationRun run, RunFigures figures) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("state", run.state().label());
        if (!run.failure().isEmpty()) {
            root.put("failure", run.failure());
        }
        root.put("method", run.method());
        root.put("source", run.source().description());
        root.put("currency", run.source().currency());
        root.put("prosumers", run.source().prosumers());
        root.put("daysRequested", run.requestedDays());
        root.put("daysFinished", run.days().size());
        root.put("start", run.source().date(0).toString());
        number(root, "wallSeconds", run.wallSeconds());
        number(root, "coordinationSeconds", run.days().stream().mapToDouble(DayRecord::coordinationSeconds).sum());
        number(root, "baselineSeconds", run.days().stream().mapToDouble(DayRecord::baselineSeconds).sum());

        ObjectNode costs = root.putObject("costs");
        double coordinated = RunFigures.sum(figures.coordinatedCost);
        double alone = RunFigures.sum(figures.noP2pCost);
        double central = RunFigures.sum(figures.centralCost);
        number(costs, "coordinated", coordinated);
        number(costs, "noP2p", alone);
        number(costs, "central", central);
        number(costs, "saving", alone - coordinated);
        number(costs, "savingPercent", 100 * (alone - coordinated) / Math.abs(alone));
        number(costs, "gapToCentral", (coordinated - central) / Math.abs(central));

        ObjectNode iterations = root.putObject("iterations");
        ArrayNode perDay = iterations.putArray("perDay");
        long total = 0;
        for (DayRecord d : run.days()) {
            perDay.add(d.coordinated().iterations());
            total += d.coordinated().iterations();
        }
        iterations.put("total", total);
        number(iterations, "mean", run.days().isEmpty() ? Double.NaN : (double) total / run.days().size());

        Optional<LedgerTotals> ledger = LedgerTotals.of(run.days());
        if (ledger.isPresent()) {
            ObjectNode l = root.putObject("ledger");
            l.put("transactions", ledger.get().transactions());
            l.put("blocks", ledger.get().blocks());
            number(l, "confirmationP50Seconds", ledger.get().p50());
            number(l, "confirmationP99Seconds", ledger.get().p99());
            l.put("confirmationClock", ledger.get().clock().label());
        } else {
            root.putNull("ledger");
        }
        figures.netBuyer.ifPresentOrElse(id -> root.put("netBuyer", id), () -> root.putNull("netBuyer"));
        figures.netSeller.ifPresentOrElse(id -> root.put("netSeller", id), () -> root.putNull("netSeller"));

        ArrayNode prosumers = root.putArray("perProsumer");
        for (int u = 0; u < figures.ids.size(); u++) {
            ObjectNode p = prosumers.addObject();
            String id = figures.ids.get(u);
            p.put("id", id);
            number(p, "coordinated", figures.coordinatedCost[u]);
            number(p, "noP2p", figures.noP2pCost[u]);
            number(p, "central", figures.centralCost[u]);
            number(p, "saving", figures.noP2pCost[u] - figures.coordinatedCost[u]);
            number(p, "p2pBoughtKwh", figures.totalBought(u));
            number(p, "p2pSoldKwh", figures.totalSold(u));
            if (ledger.isPresent()) {
                p.put("settlementMinorUnits", ledger.get().settlement().getOrDefault(id, 0L));
            }
        }

        ArrayNode days = root.putArray("days");
        for (DayRecord d : run.days()) {
            ObjectNode day = days.addObject();
            day.put("day", d.day() + 1);
            day.put("date", d.date().toString());
            day.put("file", RunReports.dayFile(d.date()));
            day.put("status", d.coordinated().status().label());
            if (!d.coordinated().message().isEmpty()) {
                day.put("message", d.coordinated().message());
            }
            day.put("iterations", d.coordinated().iterations());
            number(day, "primalResidual", d.coordinated().primalResidual());
            number(day, "dualResidual", d.coordinated().dualResidual());
            number(day, "coordinationSeconds", d.coordinationSeconds());
            number(day, "baselineSeconds", d.baselineSeconds());
            ObjectNode c = day.putObject("costs");
            number(c, "coordinated", d.coordinated().totalCost());
            number(c, "noP2p", d.noP2p().totalCost());
            number(c, "central", d.central().totalCost());
            number(day, "gapToCentral", d.gapToCentral());
            if (!d.noP2p().message().isEmpty()) {
                day.put("noP2pMessage", d.noP2p().message());
            }
            if (!d.central().message().isEmpty() && d.central() != d.coordinated()) {
                day.put("centralMessage", d.central().message());
            }
            ObjectNode grid = day.putObject("gridImportKwh");
            int from = d.day() * 24;
            number(grid, "coordinated", sum(figures.gridCoordinated, from, 24));
            number(grid, "noP2p", sum(figures.gridNoP2p, from, 24));
            double traded = 0;
            for (int u = 0; u < figures.ids.size(); u++) {
                traded += sum(figures.bought[u], from, 24);
            }
            number(day, "p2pTradedKwh", traded);
            if (d.outcome().ledger().isPresent()) {
                LedgerFigures f = d.outcome().ledger().get();
                ObjectNode l = day.putObject("ledger");
                l.put("transactions", f.transactions());
                l.put("blocks", f.blocks());
                number(l, "confirmationP50Seconds", f.confirmationP50());
                number(l, "confirmationP99Seconds", f.confirmationP99());
                l.put("confirmationClock", f.clock().label());
                ObjectNode s = l.putObject("settlementMinorUnits");
                f.settlementMinorUnits().forEach(s::put);
            } else {
                day.putNull("ledger");
            }
        }
        return root;
    }

    static void writeJson(ObjectNode tree, OutputStream out) throws IOException {
        out.write(MAPPER.writeValueAsBytes(tree));
        out.write('\n');
    }

    /**
     * @param run the run
     * @param figures its figures
     * @return {@code summary.md}
     */
    static String markdown(SimulationRun run, RunFigures figures) {
        StringBuilder md = new StringBuilder();
        String unit = run.source().currency();
        md.append("# tem simulate: summary\n\n");
        for (String[] row : overview(run, figures)) {
            md.append("- **").append(row[0]).append("**: ").append(row[1]).append('\n');
        }
        md.append("\n## Cost over the run (").append(unit).append(")\n\n");
        md.append("| regime | total cost | against no P2P |\n|---|---:|---:|\n");
        for (String[] row : regimes(run, figures)) {
            md.append("| ").append(row[0]).append(" | ").append(row[1]).append(" | ").append(row[2]).append(" |\n");
        }
        md.append("\n## Days\n\n");
        List<String[]> dayRows = dayRows(run, figures);
        table(md, dayRows);
        md.append("\n## Prosumers (cost over the run, ").append(unit).append(")\n\n");
        table(md, prosumerRows(run, figures));
        md.append("\n").append(notes(run).replace("\n", "\n\n")).append('\n');
        if (!run.source().attribution().isEmpty()) {
            md.append("\n## Data\n\n");
            for (String a : run.source().attribution()) {
                md.append(a).append("\n\n");
            }
        }
        return md.toString();
    }

    /** Label-value pairs that describe the run. */
    static List<String[]> overview(SimulationRun run, RunFigures figures) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"state", run.state().label() + (run.failure().isEmpty() ? "" : ": " + run.failure())});
        rows.add(new String[] {"method", run.method()});
        rows.add(new String[] {"data", run.source().description()});
        rows.add(new String[] {"prosumers", Integer.toString(run.source().prosumers())});
        String span = run.days().isEmpty() ? "none finished"
                : run.days().get(0).date() + " to " + run.days().get(run.days().size() - 1).date();
        rows.add(new String[] {"days", run.days().size() + " of " + run.requestedDays() + " (" + span + ")"});
        double coordination = run.days().stream().mapToDouble(DayRecord::coordinationSeconds).sum();
        double baselines = run.days().stream().mapToDouble(DayRecord::baselineSeconds).sum();
        rows.add(new String[] {"wall time", fmt("%.1f s for the days: coordination %.1f s, baselines %.1f s, the rest"
                + " building the days and writing files (the charts are drawn after)", run.wallSeconds(), coordination,
                baselines)});
        long iterations = run.days().stream().mapToLong(d -> d.coordinated().iterations()).sum();
        if (iterations > 0) {
            rows.add(new String[] {"iterations", fmt("%d in all, %.0f per day on average", iterations,
                    (double) iterations / run.days().size())});
        }
        Optional<LedgerTotals> ledger = LedgerTotals.of(run.days());
        if (ledger.isPresent()) {
            rows.add(new String[] {"ledger", fmt("%d transactions in %d blocks; confirmation delay p50 %s, p99 %s (%s)",
                    ledger.get().transactions(), ledger.get().blocks(), seconds(ledger.get().p50()),
                    seconds(ledger.get().p99()), ledger.get().clock().description())});
        } else {
            rows.add(new String[] {"ledger", "none (" + run.method() + " runs in process: no transactions or blocks)"});
        }
        return rows;
    }

    /** Regime, total cost, saving against no P2P. */
    static List<String[]> regimes(SimulationRun run, RunFigures figures) {
        double alone = RunFigures.sum(figures.noP2pCost);
        double coordinated = RunFigures.sum(figures.coordinatedCost);
        double central = RunFigures.sum(figures.centralCost);
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"no P2P trading (each home alone)", money(alone), "—"});
        rows.add(new String[] {"coordinated (" + run.method() + ")", money(coordinated), saving(alone, coordinated)});
        rows.add(new String[] {"central optimum", money(central), saving(alone, central)});
        return rows;
    }

    /** Header row, then one row per day. */
    static List<String[]> dayRows(SimulationRun run, RunFigures figures) {
        boolean ledger = run.days().stream().anyMatch(d -> d.outcome().ledger().isPresent());
        List<String[]> rows = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of("day", "date", "status", "iterations", "coordinated", "no P2P",
                "central", "gap to central", "grid import (kWh)", "grid import alone (kWh)", "P2P traded (kWh)",
                "round (s)"));
        if (ledger) {
            header.addAll(List.of("transactions", "blocks", "confirmation p50", "confirmation p99"));
        }
        rows.add(header.toArray(String[]::new));
        for (DayRecord d : run.days()) {
            int from = d.day() * 24;
            double traded = 0;
            for (int u = 0; u < figures.ids.size(); u++) {
                traded += sum(figures.bought[u], from, 24);
            }
            List<String> row = new ArrayList<>(List.of(Integer.toString(d.day() + 1), d.date().toString(),
                    d.coordinated().status().label(),
                    d.coordinated().iterations() == 0 ? "—" : Integer.toString(d.coordinated().iterations()),
                    money(d.coordinated().totalCost()), money(d.noP2p().totalCost()), money(d.central().totalCost()),
                    Double.isFinite(d.gapToCentral()) ? fmt("%.1e", d.gapToCentral()) : "—",
                    fmt("%.1f", sum(figures.gridCoordinated, from, 24)), fmt("%.1f", sum(figures.gridNoP2p, from, 24)),
                    fmt("%.1f", traded), fmt("%.2f", d.coordinationSeconds())));
            if (ledger) {
                Optional<LedgerFigures> f = d.outcome().ledger();
                row.addAll(f.isEmpty() ? List.of("—", "—", "—", "—")
                        : List.of(Long.toString(f.get().transactions()), Long.toString(f.get().blocks()),
                                seconds(f.get().confirmationP50()), seconds(f.get().confirmationP99())));
            }
            rows.add(row.toArray(String[]::new));
        }
        return rows;
    }

    /** Header row, then one row per prosumer. */
    static List<String[]> prosumerRows(SimulationRun run, RunFigures figures) {
        Optional<LedgerTotals> ledger = LedgerTotals.of(run.days());
        List<String[]> rows = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of("prosumer", "no P2P", "coordinated", "central", "saving",
                "P2P bought (kWh)", "P2P sold (kWh)"));
        if (ledger.isPresent()) {
            header.add("settled (minor units)");
        }
        rows.add(header.toArray(String[]::new));
        for (int u = 0; u < figures.ids.size(); u++) {
            String id = figures.ids.get(u);
            String role = figures.netBuyer.filter(id::equals).isPresent() ? " (net buyer)"
                    : figures.netSeller.filter(id::equals).isPresent() ? " (net seller)" : "";
            List<String> row = new ArrayList<>(List.of(id + role, money(figures.noP2pCost[u]),
                    money(figures.coordinatedCost[u]), money(figures.centralCost[u]),
                    money(figures.noP2pCost[u] - figures.coordinatedCost[u]), fmt("%.2f", figures.totalBought(u)),
                    fmt("%.2f", figures.totalSold(u))));
            ledger.ifPresent(l -> row.add(Long.toString(l.settlement().getOrDefault(id, 0L))));
            rows.add(row.toArray(String[]::new));
        }
        return rows;
    }

    /** How to read the numbers, one paragraph per line. */
    static String notes(SimulationRun run) {
        return "Costs are each prosumer's own cost (grid energy and peak charge, discomfort, battery wear, P2P payments,"
                + " minus the ancillary-service reward) summed over the days, in " + run.source().currency() + ". "
                + "No P2P: every home schedules its own DERs alone against the grid tariff. Central optimum: the whole VPP"
                + " as one problem; only its total is unique, its split between prosumers is one optimal split.\n"
                + "Batteries carry their stored energy from one day to the next in the coordinated schedule; both"
                + " baselines are computed on the same days, with the same starting energy.\n"
                + "P2P bought and sold are the reciprocal trades (p_uv - p_vu)/2 of every pair, summed over the hours."
                + " The trading chart shows the prosumer that bought the most net P2P energy over the run (the net"
                + " buyer) and the one that sold the most (the net seller).";
    }

    private static void table(StringBuilder md, List<String[]> rows) {
        md.append("| ").append(String.join(" | ", rows.get(0))).append(" |\n|");
        for (int i = 0; i < rows.get(0).length; i++) {
            md.append(i < 3 ? "---|" : "---:|");
        }
        md.append('\n');
        for (String[] row : rows.subList(1, rows.size())) {
            md.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
    }

    static double sum(double[] values, int from, int count) {
        double s = 0;
        for (int i = from; i < from + count && i < values.length; i++) {
            s += values[i];
        }
        return s;
    }

    static String money(double value) {
        return Double.isFinite(value) ? fmt("%.2f", value) : "—";
    }

    static String saving(double alone, double cost) {
        if (!Double.isFinite(alone) || !Double.isFinite(cost)) {
            return "—";
        }
        return fmt("%.2f (%.1f %%)", alone - cost, 100 * (alone - cost) / Math.abs(alone));
    }

    static String seconds(double s) {
        return Double.isFinite(s) ? fmt("%.3f s", s) : "—";
    }

    static String fmt(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }

    private static void number(ObjectNode node, String field, double value) {
        if (Double.isFinite(value)) {
            node.put(field, value);
        } else {
            node.putNull(field);
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
