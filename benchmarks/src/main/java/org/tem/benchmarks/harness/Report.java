package org.tem.benchmarks.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

/**
 * What one subcommand writes into its output directory: {@code <name>.csv} (a header, then one
 * line per measurement), {@code <name>.png} (a line chart of chosen columns against one column) and
 * one Markdown table row appended to {@code results.md} (under a header for that subcommand the
 * first time), and the headline lines printed last on standard output. Not thread-safe.
 */
final class Report {

    private final String name;
    private final List<String> columns;
    private final List<List<String>> rows = new ArrayList<>();

    /**
     * @param name the subcommand (file names)
     * @param columns the CSV header
     */
    Report(String name, String... columns) {
        this.name = name;
        this.columns = List.of(columns);
    }

    /**
     * @param values one value per column (numbers written with {@link Locale#ROOT})
     * @throws IllegalArgumentException if the count does not match the columns
     */
    void row(Object... values) {
        if (values.length != columns.size()) {
            throw new IllegalArgumentException("expected " + columns.size() + " values, got " + values.length);
        }
        List<String> r = new ArrayList<>();
        for (Object v : values) {
            r.add(format(v));
        }
        rows.add(r);
    }

    static String format(Object v) {
        if (v instanceof Double d) {
            return Double.isNaN(d) ? "NaN" : String.format(Locale.ROOT, "%.3f", d);
        }
        return String.valueOf(v);
    }

    List<List<String>> rows() {
        return rows;
    }

    /**
     * Writes the CSV and the chart.
     *
     * @param out the output directory (created)
     * @param title the chart's title
     * @param x the column on the x axis
     * @param xLog whether the x axis is logarithmic
     * @param seriesBy a column whose distinct values split the rows into series (null for none)
     * @param ys the columns plotted
     * @param yTitle the y axis title
     * @throws UncheckedIOException if a file cannot be written
     */
    void write(Path out, String title, String x, boolean xLog, String seriesBy, List<String> ys, String yTitle) {
        try {
            Files.createDirectories(out);
            StringBuilder csv = new StringBuilder(String.join(",", columns)).append('\n');
            for (List<String> r : rows) {
                csv.append(String.join(",", r)).append('\n');
            }
            Files.writeString(out.resolve(name + ".csv"), csv, StandardCharsets.UTF_8);
            System.setProperty("java.awt.headless", "true");
            XYChart chart = new XYChartBuilder().width(900).height(560).title(title).xAxisTitle(x).yAxisTitle(yTitle)
                    .build();
            chart.getStyler().setXAxisLogarithmic(xLog);
            int xi = columns.indexOf(x);
            int si = seriesBy == null ? -1 : columns.indexOf(seriesBy);
            Map<String, List<List<String>>> groups = new LinkedHashMap<>();
            for (List<String> r : rows) {
                groups.computeIfAbsent(si < 0 ? "" : seriesBy + " " + r.get(si), k -> new ArrayList<>()).add(r);
            }
            for (Map.Entry<String, List<List<String>>> g : groups.entrySet()) {
                for (String y : ys) {
                    int yi = columns.indexOf(y);
                    double[] xs = g.getValue().stream().mapToDouble(r -> Double.parseDouble(r.get(xi))).toArray();
                    double[] vs = g.getValue().stream().mapToDouble(r -> Double.parseDouble(r.get(yi))).toArray();
                    if (xs.length > 0 && Arrays.stream(vs).allMatch(Double::isFinite)) {
                        chart.addSeries((g.getKey() + " " + y).trim(), xs, vs);
                    }
                }
            }
            BitmapEncoder.saveBitmap(chart, out.resolve(name + ".png").toString(), BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Appends one Markdown table row to {@code results.md}, with a header for this subcommand when
     * the file does not yet have one.
     *
     * @param out the output directory
     * @param header the table's column names
     * @param cells the row's cells
     * @throws UncheckedIOException if the file cannot be written
     */
    void markdown(Path out, List<String> header, List<String> cells) {
        Path md = out.resolve("results.md");
        try {
            Files.createDirectories(out);
            String existing = Files.exists(md) ? Files.readString(md, StandardCharsets.UTF_8) : "";
            StringBuilder b = new StringBuilder();
            String marker = "<!-- " + name + " -->";
            if (!existing.contains(marker)) {
                b.append(existing.isEmpty() ? "" : "\n").append(marker).append('\n');
                b.append("| ").append(String.join(" | ", header)).append(" |\n");
                b.append(header.stream().map(h -> "---").collect(Collectors.joining("|", "|", "|"))).append('\n');
            }
            b.append("| ").append(String.join(" | ", cells)).append(" |\n");
            if (existing.contains(marker)) {
                // keep the subcommand's rows together: insert after its last row
                int start = existing.indexOf(marker);
                int end = existing.indexOf("\n\n", start);
                String updated = end < 0 ? existing + b : existing.substring(0, end + 1) + b + existing.substring(end + 1);
                Files.writeString(md, updated, StandardCharsets.UTF_8);
            } else {
                Files.writeString(md, b, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param values measurements (unsorted; not modified)
     * @param q a quantile in [0, 1]
     * @return the nearest-rank quantile, NaN when empty
     */
    static double quantile(double[] values, double q) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] s = values.clone();
        Arrays.sort(s);
        int rank = (int) Math.ceil(q * s.length);
        return s[Math.max(0, Math.min(s.length - 1, rank - 1))];
    }
}
