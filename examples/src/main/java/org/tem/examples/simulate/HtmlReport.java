package org.tem.examples.simulate;

import java.util.Base64;
import java.util.List;

/**
 * {@code report.html}: one self-contained page (inline CSS, charts as base64 {@code data:} URIs, no
 * script, no link to anything outside the file) showing the summary tables and the charts.
 */
final class HtmlReport {
    private HtmlReport() {
    }

    /** A chart on the page: its file name, caption, and PNG bytes. */
    record Figure(String file, String caption, byte[] png) {
    }

    private static final String CSS = """
            :root { color-scheme: light; }
            body { font-family: "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; color: #222; background: #f6f7f9;
                   margin: 0; line-height: 1.45; }
            main { max-width: 1080px; margin: 0 auto; padding: 28px 32px 48px; background: #fff; }
            h1 { font-size: 1.7em; margin: 0 0 4px; }
            h2 { font-size: 1.25em; margin: 34px 0 10px; padding-bottom: 4px; border-bottom: 1px solid #e3e3e3; }
            .subtitle { color: #555; margin: 0 0 18px; }
            .state-running, .state-interrupted, .state-failed { display: inline-block; padding: 2px 8px;
                   border-radius: 4px; background: #fff3cd; color: #7a5a00; font-weight: bold; }
            .state-failed { background: #f8d7da; color: #842029; }
            dl.overview { display: grid; grid-template-columns: max-content 1fr; gap: 4px 18px; margin: 0; }
            dl.overview dt { font-weight: bold; color: #444; }
            dl.overview dd { margin: 0; }
            .cards { display: flex; gap: 14px; flex-wrap: wrap; margin: 18px 0 6px; }
            .card { flex: 1 1 200px; border: 1px solid #e3e3e3; border-radius: 8px; padding: 12px 16px; }
            .card .label { color: #555; font-size: 0.9em; }
            .card .value { font-size: 1.5em; font-weight: bold; }
            .card .detail { color: #555; font-size: 0.9em; }
            .swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 6px; }
            table { border-collapse: collapse; width: 100%; font-size: 0.92em; margin: 6px 0; }
            th, td { padding: 5px 8px; border-bottom: 1px solid #ececec; text-align: left; }
            td { white-space: nowrap; }
            th { background: #f2f4f7; font-weight: 600; vertical-align: bottom; }
            th.num, td.num { text-align: right; }
            .table-wrap { overflow-x: auto; }
            figure { margin: 18px 0 26px; }
            figure img { width: 100%; height: auto; border: 1px solid #e3e3e3; border-radius: 6px; }
            figcaption { color: #555; font-size: 0.92em; margin-top: 6px; }
            p.note { color: #444; font-size: 0.93em; }
            footer { color: #666; font-size: 0.85em; margin-top: 36px; border-top: 1px solid #e3e3e3; padding-top: 10px; }
            """;

    /**
     * @param run the run
     * @param figures its figures
     * @param charts the charts to show, in order
     * @param problems why charts are missing, one entry each (empty when none is)
     * @return the page
     */
    static String render(SimulationRun run, RunFigures figures, List<Figure> charts, List<String> problems) {
        StringBuilder h = new StringBuilder(1 << 16);
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>tem simulate: ").append(esc(run.method())).append(", ")
                .append(run.source().prosumers()).append(" prosumers, ").append(run.days().size()).append(" days</title>\n")
                .append("<style>\n").append(CSS).append("</style>\n</head>\n<body>\n<main>\n");
        h.append("<h1>tem simulate</h1>\n<p class=\"subtitle\">Day-ahead coordination of ")
                .append(run.source().prosumers()).append(" prosumers by <b>").append(esc(run.method()))
                .append("</b>, compared with every home alone (no P2P trading) and with the central optimum.");
        if (run.state() != SimulationRun.State.COMPLETE) {
            h.append(" <span class=\"state-").append(run.state().label()).append("\">").append(esc(run.state().label()))
                    .append("</span>");
        }
        h.append("</p>\n");

        String unit = run.source().currency();
        double alone = RunFigures.sum(figures.noP2pCost);
        double coordinated = RunFigures.sum(figures.coordinatedCost);
        double central = RunFigures.sum(figures.centralCost);
        h.append("<div class=\"cards\">\n");
        card(h, Charts.NO_P2P, "no P2P trading", SummaryReport.money(alone) + " " + esc(unit), "every home alone");
        card(h, Charts.COORDINATED, "coordinated (" + esc(run.method()) + ")", SummaryReport.money(coordinated) + " "
                + esc(unit), "saves " + esc(SummaryReport.saving(alone, coordinated)));
        card(h, Charts.CENTRAL, "central optimum", SummaryReport.money(central) + " " + esc(unit),
                Double.isFinite((coordinated - central) / Math.abs(central))
                        ? "coordinated is within " + esc(SummaryReport.fmt("%.1e", Math.abs(coordinated - central)
                                / Math.abs(central))) + " of it" : "");
        h.append("</div>\n");

        h.append("<h2>Run</h2>\n<dl class=\"overview\">\n");
        for (String[] row : SummaryReport.overview(run, figures)) {
            h.append("<dt>").append(esc(row[0])).append("</dt><dd>").append(esc(row[1])).append("</dd>\n");
        }
        h.append("</dl>\n");

        h.append("<h2>Cost over the run (").append(esc(unit)).append(")</h2>\n");
        List<String[]> regimes = new java.util.ArrayList<>();
        regimes.add(new String[] {"regime", "total cost", "saving against no P2P"});
        regimes.addAll(SummaryReport.regimes(run, figures));
        table(h, regimes, "summary");

        if (!problems.isEmpty()) {
            h.append("<p class=\"note\"><b>Charts left out</b> (they could not be drawn; the numbers in the tables and"
                    + " files are complete):</p>\n<ul>\n");
            for (String p : problems) {
                h.append("<li>").append(esc(p)).append("</li>\n");
            }
            h.append("</ul>\n");
        }
        for (Figure f : charts) {
            h.append("<figure>\n<img src=\"data:image/png;base64,").append(Base64.getEncoder().encodeToString(f.png()))
                    .append("\" alt=\"").append(esc(f.caption())).append("\">\n<figcaption>").append(esc(f.caption()))
                    .append(" (").append(esc(f.file())).append(")</figcaption>\n</figure>\n");
        }

        h.append("<h2>Days</h2>\n");
        table(h, SummaryReport.dayRows(run, figures), "days");
        h.append("<h2>Prosumers (cost over the run, ").append(esc(unit)).append(")</h2>\n");
        table(h, SummaryReport.prosumerRows(run, figures), "prosumers");
        for (String paragraph : SummaryReport.notes(run).split("\n")) {
            h.append("<p class=\"note\">").append(esc(paragraph)).append("</p>\n");
        }
        h.append("<footer>\n<p>Files beside this page: ").append(esc(String.join(", ", RunReports.RUN_FILES)))
                .append(", and one result file per day in <code>days/</code>.</p>\n");
        for (String a : run.source().attribution()) {
            h.append("<p>").append(esc(a)).append("</p>\n");
        }
        h.append("</footer>\n</main>\n</body>\n</html>\n");
        return h.toString();
    }

    private static void card(StringBuilder h, java.awt.Color colour, String label, String value, String detail) {
        h.append("<div class=\"card\"><div class=\"label\"><span class=\"swatch\" style=\"background:")
                .append(String.format("#%02x%02x%02x", colour.getRed(), colour.getGreen(), colour.getBlue()))
                .append("\"></span>").append(label).append("</div><div class=\"value\">").append(value)
                .append("</div><div class=\"detail\">").append(detail).append("</div></div>\n");
    }

    /** A table; a column whose cells all hold numbers (or a dash for none) is right-aligned. */
    private static void table(StringBuilder h, List<String[]> rows, String id) {
        int columns = rows.get(0).length;
        boolean[] numeric = new boolean[columns];
        for (int c = 0; c < columns; c++) {
            numeric[c] = rows.size() > 1;
            for (String[] row : rows.subList(1, rows.size())) {
                numeric[c] &= NUMBER.matcher(row[c]).matches();
            }
        }
        h.append("<div class=\"table-wrap\"><table id=\"").append(id).append("\">\n<thead><tr>");
        for (int c = 0; c < columns; c++) {
            h.append(numeric[c] ? "<th class=\"num\">" : "<th>").append(esc(rows.get(0)[c])).append("</th>");
        }
        h.append("</tr></thead>\n<tbody>\n");
        for (String[] row : rows.subList(1, rows.size())) {
            h.append("<tr>");
            for (int c = 0; c < columns; c++) {
                h.append(numeric[c] ? "<td class=\"num\">" : "<td>").append(esc(row[c])).append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</tbody></table></div>\n");
    }

    /** A number as the tables print it (a saving with its percentage, seconds), or a dash for none; not a date. */
    private static final java.util.regex.Pattern NUMBER =
            java.util.regex.Pattern.compile("—|(?!\\d{4}-\\d{2}-\\d{2}$)-?[0-9][0-9.eE+-]*( \\(-?[0-9.]+ %\\))?( s)?");

    /** Escapes text for HTML content and attribute values. */
    static String esc(String s) {
        StringBuilder out = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
