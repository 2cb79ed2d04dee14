package org.tem.examples.simulate;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import org.tem.examples.scenario.ResultWriter;

/**
 * Writes a run's outputs into its directory, each file atomically ({@link AtomicFiles}):
 * <ul>
 *   <li>{@code days/DATE.json} — each finished day's coordinated result (the result format of
 *       {@code tem solve});</li>
 *   <li>{@code schedules.csv}, {@code trades.csv} ({@link CsvReports});</li>
 *   <li>{@code summary.json}, {@code summary.md} ({@link SummaryReport});</li>
 *   <li>{@code trading.png}, {@code convergence.png}, {@code costs.png}, {@code grid-import.png}
 *       ({@link Charts}) and {@code report.html} ({@link HtmlReport}).</li>
 * </ul>
 * The data files are rewritten after every day, so they always describe the finished days; the charts
 * and the HTML page are drawn when the run ends.
 */
final class RunReports {
    static final String DAYS_DIR = "days";
    static final String SCHEDULES = "schedules.csv";
    static final String TRADES = "trades.csv";
    static final String SUMMARY_JSON = "summary.json";
    static final String SUMMARY_MD = "summary.md";
    static final String REPORT_HTML = "report.html";
    static final String CHART_TRADING = "trading.png";
    static final String CHART_CONVERGENCE = "convergence.png";
    static final String CHART_COSTS = "costs.png";
    static final String CHART_GRID = "grid-import.png";
    /** Every run-level file this class may write. */
    static final List<String> RUN_FILES = List.of(SUMMARY_JSON, SUMMARY_MD, REPORT_HTML, SCHEDULES, TRADES,
            CHART_TRADING, CHART_CONVERGENCE, CHART_COSTS, CHART_GRID);

    private static final Pattern DAY_FILE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}\\.json");

    private final Path out;
    private final java.util.function.BiFunction<SimulationRun, RunFigures, List<ChartSpec>> chartSource;

    RunReports(Path out) {
        this(out, RunReports::charts);
    }

    /** With other charts (tests draw failing ones). */
    RunReports(Path out, java.util.function.BiFunction<SimulationRun, RunFigures, List<ChartSpec>> chartSource) {
        this.out = out;
        this.chartSource = chartSource;
    }

    /** @return the day's result file, relative to the output directory */
    static String dayFile(LocalDate date) {
        return DAYS_DIR + "/" + date + ".json";
    }

    /**
     * Creates the directories and removes what an earlier run left that this run might not overwrite:
     * its day files, run files and temporary files (and nothing else).
     */
    void prepare() throws IOException {
        Files.createDirectories(out.resolve(DAYS_DIR));
        for (String name : RUN_FILES) {
            Files.deleteIfExists(out.resolve(name));
        }
        for (Path dir : List.of(out, out.resolve(DAYS_DIR))) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
                for (Path f : files) {
                    String name = f.getFileName().toString();
                    boolean temp = name.startsWith(AtomicFiles.TEMP_PREFIX) && name.endsWith(AtomicFiles.TEMP_SUFFIX);
                    boolean day = dir != out && DAY_FILE.matcher(name).matches();
                    if ((temp || day) && Files.isRegularFile(f)) {
                        Files.delete(f);
                    }
                }
            }
        }
    }

    /** Writes a finished day's result file. */
    void writeDay(DayRecord day) throws IOException {
        AtomicFiles.write(out.resolve(dayFile(day.date())), o -> ResultWriter.write(day.coordinated(), o));
    }

    /** Draws one chart: its PNG, or empty when the run has nothing to show in it. */
    @FunctionalInterface
    interface ChartJob {
        Optional<byte[]> draw() throws IOException;
    }

    /** A chart of the report: its file, its caption, and how to draw it. */
    record ChartSpec(String file, String caption, ChartJob job) {
    }

    /** The report's charts for a run, in page order. */
    static List<ChartSpec> charts(SimulationRun run, RunFigures figures) {
        return List.of(
                new ChartSpec(CHART_TRADING, "The P2P trading record of the net buyer and the net seller of the run:"
                        + " energy bought from and sold to peers in every hour (the paper's Fig. 5).",
                        () -> Charts.trading(run, figures)),
                new ChartSpec(CHART_COSTS, "Each prosumer's cost over the run under the three regimes.",
                        () -> Optional.of(Charts.costs(run, figures))),
                new ChartSpec(CHART_GRID, "The VPP's total grid import in every hour, coordinated and with every home"
                        + " alone.", () -> Optional.of(Charts.gridImport(run, figures))),
                new ChartSpec(CHART_CONVERGENCE, "The convergence of each day's round: primal and dual residuals"
                        + " against the iteration (log scale).", () -> Charts.convergence(run)));
    }

    /**
     * Writes (or rewrites) the run-level files for the run's finished days: always the CSV files and the
     * summaries; with {@code charts}, also the charts and {@code report.html} (they take seconds to
     * draw, so the day loop draws them once, when the run ends, whether complete, interrupted or failed).
     *
     * <p>Charts are drawn on a best-effort basis: a chart that cannot be drawn (a Java runtime without
     * fonts or graphics libraries, say) is left out, the page says why, and the reason is returned; the
     * data files and the page are written all the same.
     *
     * @param run the run so far
     * @param charts whether to draw the charts and the HTML report
     * @return why a chart could not be drawn, one entry per chart left out; empty when all were drawn
     * @throws IOException if a file cannot be written
     */
    List<String> writeRun(SimulationRun run, boolean charts) throws IOException {
        RunFigures figures = new RunFigures(run.days());
        AtomicFiles.write(out.resolve(SCHEDULES), o -> CsvReports.schedules(run, o));
        AtomicFiles.write(out.resolve(TRADES), o -> CsvReports.trades(run, o));
        AtomicFiles.write(out.resolve(SUMMARY_JSON), o -> SummaryReport.writeJson(SummaryReport.json(run, figures), o));
        AtomicFiles.write(out.resolve(SUMMARY_MD), SummaryReport.utf8(SummaryReport.markdown(run, figures)));
        if (!charts) {
            return List.of();
        }
        List<HtmlReport.Figure> shown = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        if (!run.days().isEmpty()) {
            List<ChartSpec> specs = chartSource.apply(run, figures);
            // each chart is drawn and encoded on its own (about a second each in a fresh JVM): two at a time
            ExecutorService pool = Executors.newFixedThreadPool(Math.min(2, Runtime.getRuntime().availableProcessors()),
                    r -> {
                        Thread t = new Thread(r, "tem-charts");
                        t.setDaemon(true);
                        return t;
                    });
            try {
                List<Future<Optional<byte[]>>> drawn = new ArrayList<>();
                for (ChartSpec spec : specs) {
                    drawn.add(pool.submit(spec.job()::draw));
                }
                for (int i = 0; i < specs.size(); i++) {
                    ChartSpec spec = specs.get(i);
                    Optional<byte[]> png;
                    try {
                        png = get(drawn.get(i));
                    } catch (ExecutionException e) {
                        problems.add(spec.file() + ": " + e.getCause());
                        Files.deleteIfExists(out.resolve(spec.file()));
                        continue;
                    }
                    add(shown, spec.file(), spec.caption(), png);
                }
            } finally {
                pool.shutdownNow();
            }
        }
        AtomicFiles.write(out.resolve(REPORT_HTML),
                SummaryReport.utf8(HtmlReport.render(run, figures, shown, problems)));
        return List.copyOf(problems);
    }

    private static Optional<byte[]> get(Future<Optional<byte[]>> chart) throws IOException, ExecutionException {
        try {
            return chart.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while drawing the charts");
        }
    }

    private void add(List<HtmlReport.Figure> charts, String file, String caption, Optional<byte[]> png)
            throws IOException {
        if (png.isPresent()) {
            AtomicFiles.write(out.resolve(file), png.get());
            charts.add(new HtmlReport.Figure(file, caption, png.get()));
        } else {
            Files.deleteIfExists(out.resolve(file));
        }
    }
}
