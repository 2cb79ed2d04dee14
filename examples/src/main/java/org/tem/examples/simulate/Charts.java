package org.tem.examples.simulate;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.TimeZone;
import javax.imageio.ImageIO;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.tem.solver.admm.AdmmIteration;

/**
 * The run's charts, drawn with XChart into PNG images at twice their layout size (sharp on high-density
 * screens and in print). Every chart has a title, axis titles with units and a legend; colours stay the
 * same across charts (grey: no P2P, blue: coordinated, orange: central; green: bought, red: sold).
 */
final class Charts {
    /** Layout width and height of one panel, pixels before scaling. */
    static final int WIDTH = 1000;
    static final int HEIGHT = 460;
    /** The PNG holds this many pixels per layout pixel. */
    static final int SCALE = 2;
    /**
     * The PNG writer's compression quality: 0.5 (a middle deflate level) encodes these charts about three
     * times faster than the writer's default (the strongest level) and, measured here, into smaller files.
     */
    private static final float PNG_QUALITY = 0.5f;

    static final Color NO_P2P = new Color(0x8c, 0x8c, 0x8c);
    static final Color COORDINATED = new Color(0x1f, 0x77, 0xb4);
    static final Color CENTRAL = new Color(0xff, 0x7f, 0x0e);
    static final Color BOUGHT = new Color(0x2c, 0xa0, 0x2c);
    static final Color SOLD = new Color(0xd6, 0x27, 0x28);
    private static final Color[] DAY_COLOURS = {
        new Color(0x1f, 0x77, 0xb4), new Color(0xff, 0x7f, 0x0e), new Color(0x2c, 0xa0, 0x2c),
        new Color(0xd6, 0x27, 0x28), new Color(0x94, 0x67, 0xbd), new Color(0x8c, 0x56, 0x4b),
        new Color(0xe3, 0x77, 0xc2), new Color(0x7f, 0x7f, 0x7f), new Color(0xbc, 0xbd, 0x22),
        new Color(0x17, 0xbe, 0xcf)};
    /** Beyond this many days the convergence chart drops its legend. */
    static final int MAX_LEGEND_DAYS = 14;

    private static final String FONT = Font.SANS_SERIF;

    private Charts() {
    }

    /**
     * The trading record of the net buyer and the net seller (the paper's Fig. 5): P2P energy bought
     * (up) and sold (down) in every hour of the run, one panel each.
     *
     * @return the PNG, or empty when no prosumer bought or sold any net energy
     */
    static Optional<byte[]> trading(SimulationRun run, RunFigures f) throws IOException {
        List<String> shown = new ArrayList<>();
        f.netBuyer.ifPresent(shown::add);
        f.netSeller.ifPresent(shown::add);
        if (shown.isEmpty()) {
            return Optional.empty();
        }
        double top = 0;
        for (String id : shown) {
            int u = f.index(id);
            for (int h = 0; h < f.hours(); h++) {
                top = Math.max(top, Math.max(f.bought[u][h], f.sold[u][h]));
            }
        }
        double limit = niceCeiling(top * 1.1);
        List<Chart<?, ?>> panels = new ArrayList<>();
        for (String id : shown) {
            int u = f.index(id);
            String role = f.netBuyer.filter(id::equals).isPresent() ? "net buyer" : "net seller";
            XYChart chart = xy(fmt("P2P trading record of %s (%s): bought %.1f kWh, sold %.1f kWh", id, role,
                    f.totalBought(u), f.totalSold(u)), "local time", "energy per hour (kWh)", run);
            double[] sold = new double[f.hours()];
            for (int h = 0; h < sold.length; h++) {
                sold[h] = -f.sold[u][h];
            }
            step(chart, "bought from peers", run, f.bought[u], BOUGHT, true);
            step(chart, "sold to peers", run, sold, SOLD, true);
            chart.getStyler().setYAxisMin(-limit).setYAxisMax(limit);
            panels.add(chart);
        }
        return Optional.of(png(panels, 1));
    }

    /**
     * The convergence of each day's round: primal and dual residuals against the iteration, log scale.
     *
     * @return the PNG, or empty when no day has iterations (the central method)
     */
    static Optional<byte[]> convergence(SimulationRun run) throws IOException {
        if (run.days().stream().allMatch(d -> d.convergence().isEmpty())) {
            return Optional.empty();
        }
        XYChart primal = chart("Primal residual ‖p − p′‖₂ of each day's round", "iteration", "residual (kWh)");
        XYChart dual = chart("Dual residual ρ‖p′ₖ − p′ₖ₋₁‖₂ of each day's round", "iteration",
                "residual (" + run.source().currency() + ")");
        boolean legend = run.days().size() <= MAX_LEGEND_DAYS;
        for (XYChart c : List.of(primal, dual)) {
            c.getStyler().setYAxisLogarithmic(true).setYAxisLogarithmicDecadeOnly(true);
            c.getStyler().setLegendVisible(legend);
            c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
            c.getStyler().setXAxisMaxLabelCount(12);
        }
        for (DayRecord d : run.days()) {
            List<Double> x = new ArrayList<>();
            List<Double> r = new ArrayList<>();
            List<Double> xs = new ArrayList<>();
            List<Double> s = new ArrayList<>();
            for (AdmmIteration it : d.convergence()) {
                if (it.primalResidual() > 0 && Double.isFinite(it.primalResidual())) {
                    x.add((double) it.iteration());
                    r.add(it.primalResidual());
                }
                if (it.dualResidual() > 0 && Double.isFinite(it.dualResidual())) {
                    xs.add((double) it.iteration());
                    s.add(it.dualResidual());
                }
            }
            Color colour = DAY_COLOURS[d.day() % DAY_COLOURS.length];
            String name = d.date() + " (" + d.convergence().size() + " it.)";
            if (!x.isEmpty()) {
                line(primal.addSeries(name, x, r), colour, 1.6f);
            }
            if (!xs.isEmpty()) {
                line(dual.addSeries(name, xs, s), colour, 1.6f);
            }
        }
        return Optional.of(png(List.of(primal, dual), 1));
    }

    /**
     * The cost of every prosumer over the run under the three regimes, as grouped bars.
     *
     * @return the PNG
     */
    static byte[] costs(SimulationRun run, RunFigures f) throws IOException {
        CategoryChart chart = new CategoryChart(WIDTH, HEIGHT);
        chart.setTitle("Cost per prosumer over " + days(run) + ": each home alone, coordinated, central optimum");
        chart.setXAxisTitle("prosumer");
        chart.setYAxisTitle("cost over the run (" + run.source().currency() + ")");
        style(chart.getStyler());
        chart.getStyler().setAvailableSpaceFill(0.8).setOverlapped(false);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS).setLegendLayout(Styler.LegendLayout.Horizontal);
        chart.getStyler().setXAxisLabelRotation(f.ids.size() > 16 ? 90 : 0);
        CategorySeries a = chart.addSeries("no P2P trading", f.ids, boxed(f.noP2pCost));
        a.setFillColor(NO_P2P);
        CategorySeries b = chart.addSeries("coordinated (" + run.method() + ")", f.ids, boxed(f.coordinatedCost));
        b.setFillColor(COORDINATED);
        CategorySeries c = chart.addSeries("central optimum", f.ids, boxed(f.centralCost));
        c.setFillColor(CENTRAL);
        return png(List.of(chart), 1);
    }

    /**
     * The VPP's grid import in every hour of the run, with coordination and with every home alone.
     *
     * @return the PNG
     */
    static byte[] gridImport(SimulationRun run, RunFigures f) throws IOException {
        XYChart chart = xy(fmt("Grid import of the VPP: %.0f kWh coordinated, %.0f kWh with every home alone",
                RunFigures.sum(f.gridCoordinated), RunFigures.sum(f.gridNoP2p)), "local time",
                "grid import (kWh per hour)", run);
        step(chart, "every home alone (no P2P)", run, f.gridNoP2p, NO_P2P, false);
        step(chart, "coordinated (" + run.method() + ")", run, f.gridCoordinated, COORDINATED, false);
        chart.getStyler().setYAxisMin(0.0);
        return png(List.of(chart), 1);
    }

    /**
     * A chart over the hours of the run. Its x values are the slots' local clock times (drawn as if
     * they were UTC, so that ticks fall on local midnights and hours; around a daylight saving change
     * the axis follows the clock).
     */
    private static XYChart xy(String title, String xTitle, String yTitle, SimulationRun run) {
        XYChart chart = chart(title, xTitle, yTitle);
        chart.getStyler().setTimezone(TimeZone.getTimeZone(ZoneOffset.UTC))
                .setDatePattern(run.days().size() > 3 ? "MMM d" : "MMM d HH:mm").setLocale(java.util.Locale.ENGLISH);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS).setLegendLayout(Styler.LegendLayout.Horizontal);
        return chart;
    }

    /** The local clock time at which a slot starts, as an instant of the UTC clock (see {@link #xy}). */
    private static Date clock(SimulationRun run, int day, int slot) {
        return Date.from(run.source().slotStart(day, slot).toLocalDateTime().toInstant(ZoneOffset.UTC));
    }

    private static XYChart chart(String title, String xTitle, String yTitle) {
        XYChart chart = new XYChart(WIDTH, HEIGHT);
        chart.setTitle(title);
        chart.setXAxisTitle(xTitle);
        chart.setYAxisTitle(yTitle);
        style(chart.getStyler());
        chart.getStyler().setMarkerSize(0).setLegendPosition(Styler.LegendPosition.InsideNE);
        return chart;
    }

    /** Adds an hourly series drawn as steps: each hour's value holds from its start to the next hour's. */
    private static void step(XYChart chart, String name, SimulationRun run, double[] values, Color colour,
            boolean filled) {
        List<Date> x = new ArrayList<>(values.length + 1);
        List<Double> y = new ArrayList<>(values.length + 1);
        for (DayRecord d : run.days()) {
            for (int t = 0; t < 24; t++) {
                int h = d.day() * 24 + t;
                x.add(clock(run, d.day(), t));
                y.add(Double.isFinite(values[h]) ? values[h] : 0.0);
            }
        }
        if (!x.isEmpty()) {
            Instant last = x.get(x.size() - 1).toInstant().plusSeconds(3600);
            x.add(Date.from(last));
            y.add(y.get(y.size() - 1));
        }
        XYSeries s = chart.addSeries(name, x, y);
        s.setXYSeriesRenderStyle(filled ? XYSeries.XYSeriesRenderStyle.StepArea : XYSeries.XYSeriesRenderStyle.Step);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(colour);
        s.setLineWidth(filled ? 1.0f : 1.8f);
        if (filled) {
            s.setFillColor(new Color(colour.getRed(), colour.getGreen(), colour.getBlue(), 150));
        }
    }

    private static void line(XYSeries s, Color colour, float width) {
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(colour);
        s.setLineWidth(width);
    }

    private static void style(AxesChartStyler s) {
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotBorderColor(new Color(0x99, 0x99, 0x99));
        s.setPlotGridLinesColor(new Color(0xe3, 0xe3, 0xe3));
        s.setPlotGridLinesStroke(new BasicStroke(1f));
        s.setChartTitleBoxVisible(false);
        s.setChartTitleFont(new Font(FONT, Font.BOLD, 17));
        s.setAxisTitleFont(new Font(FONT, Font.PLAIN, 14));
        s.setAxisTickLabelsFont(new Font(FONT, Font.PLAIN, 13));
        s.setLegendFont(new Font(FONT, Font.PLAIN, 13));
        s.setLegendBorderColor(new Color(0xcc, 0xcc, 0xcc));
        s.setLegendBackgroundColor(new Color(255, 255, 255, 220));
        s.setChartFontColor(new Color(0x22, 0x22, 0x22));
        s.setAxisTickLabelsColor(new Color(0x33, 0x33, 0x33));
        s.setChartPadding(14);
        s.setPlotMargin(4);
        s.setAntiAlias(true);
        s.setToolTipsEnabled(false);
    }

    /** Draws the panels into one image, {@code columns} per row, at {@link #SCALE}, and encodes it as PNG. */
    static byte[] png(List<? extends Chart<?, ?>> panels, int columns) throws IOException {
        int rows = (panels.size() + columns - 1) / columns;
        int width = WIDTH * columns;
        int height = HEIGHT * rows;
        BufferedImage image = new BufferedImage(width * SCALE, height * SCALE, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            g.scale(SCALE, SCALE);
            for (int i = 0; i < panels.size(); i++) {
                Graphics2D panel = (Graphics2D) g.create((i % columns) * WIDTH, (i / columns) * HEIGHT, WIDTH, HEIGHT);
                try {
                    panels.get(i).paint(panel, WIDTH, HEIGHT);
                } finally {
                    panel.dispose();
                }
            }
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 17);
        javax.imageio.ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        // in memory: ImageIO's default disk cache registers a shutdown hook, which fails while a Ctrl-C shuts the JVM down
        try (javax.imageio.stream.ImageOutputStream ios = new javax.imageio.stream.MemoryCacheImageOutputStream(out)) {
            writer.setOutput(ios);
            javax.imageio.ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(javax.imageio.ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(PNG_QUALITY);
            writer.write(null, new javax.imageio.IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    private static List<Double> boxed(double[] values) {
        List<Double> out = new ArrayList<>(values.length);
        for (double v : values) {
            out.add(Double.isFinite(v) ? v : 0.0);
        }
        return out;
    }

    /** The smallest of 1, 1.5, 2, 2.5, 3, 4, 5, 6, 8 × 10^k that is at least {@code v} (1 for a non-positive v). */
    static double niceCeiling(double v) {
        if (!(v > 0)) {
            return 1;
        }
        double p = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10}) {
            if (m * p >= v) {
                return m * p;
            }
        }
        return 10 * p;
    }

    private static String days(SimulationRun run) {
        return run.days().size() == 1 ? "1 day" : run.days().size() + " days";
    }

    private static String fmt(String pattern, Object... args) {
        return String.format(java.util.Locale.ROOT, pattern, args);
    }
}
