package org.tem.examples.simulate;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Locale;
import me.tongfei.progressbar.InteractiveConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.tem.solver.admm.AdmmIteration;

/**
 * Shows a simulation's progress: a progress bar over the days (with the day, iteration, residual and
 * blocks of the round in progress) when standard error is a terminal, plain log lines otherwise (one per
 * finished day, and one every {@value #LOG_EVERY} iterations). Used from the simulation's thread only.
 */
final class Progress implements SimulationListener {
    /** Plain mode logs a round's progress every this many iterations. */
    static final int LOG_EVERY = 500;
    /** Bar mode updates its message every this many iterations (the bar redraws on its own timer). */
    private static final int BAR_EVERY = 10;

    private final PrintWriter log;
    private final PrintStream terminal;
    private ProgressBar bar;
    private int days;
    private String method = "";
    private LocalDate date;
    private long blocks = -1;

    private Progress(PrintWriter log, PrintStream terminal) {
        this.log = log;
        this.terminal = terminal;
    }

    /**
     * @param log where plain lines go
     * @return plain log lines
     */
    static Progress plain(PrintWriter log) {
        return new Progress(log, null);
    }

    /**
     * @param terminal standard error, a terminal
     * @return a progress bar on it
     */
    static Progress bar(PrintStream terminal) {
        return new Progress(null, terminal);
    }

    /**
     * Whether standard error is a terminal: on Linux, whether file descriptor 2 is a terminal device;
     * elsewhere, whether the JVM has a console (standard input and output are terminals).
     *
     * @return true for a terminal
     */
    static boolean stderrIsTerminal() {
        if ("dumb".equals(System.getenv("TERM"))) {
            return false;
        }
        Path fd = Path.of("/proc/self/fd/2");
        try {
            if (Files.exists(fd, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                String target = Files.readSymbolicLink(fd).toString();
                return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
            }
        } catch (java.io.IOException | UnsupportedOperationException | SecurityException e) {
            // fall back to the console test
        }
        return System.console() != null;
    }

    @Override
    public void onRunStart(String method, DaySource source, int days) {
        this.days = days;
        this.method = method;
        String line = String.format(Locale.ROOT, "tem simulate: %s, %d prosumers, %d day%s from %s; %s", method,
                source.prosumers(), days, days == 1 ? "" : "s", source.date(0), source.description());
        if (terminal != null) {
            terminal.println(line);
            bar = new ProgressBarBuilder().setTaskName("simulate").setInitialMax(days).setUnit(" days", 1)
                    .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK).setUpdateIntervalMillis(250)
                    .setConsumer(new InteractiveConsoleProgressBarConsumer(terminal)).build();
        } else {
            log.println(line);
            log.flush();
        }
    }

    @Override
    public void onDayStart(int day, LocalDate date) {
        this.date = date;
        this.blocks = -1;
        if (bar != null) {
            bar.setExtraMessage(message(day, 0, Double.NaN));
        }
    }

    @Override
    public void onIteration(int day, AdmmIteration it) {
        if (bar != null) {
            if (it.iteration() % BAR_EVERY == 0 || it.converged()) {
                bar.setExtraMessage(message(day, it.iteration(), Math.max(it.primalResidual(), it.dualResidual())));
            }
        } else if (it.iteration() % LOG_EVERY == 0) {
            log.printf(Locale.ROOT, "  day %d, iteration %d: primal residual %.2e, dual %.2e, rho %.3g%n", day + 1,
                    it.iteration(), it.primalResidual(), it.dualResidual(), it.rho());
            log.flush();
        }
    }

    @Override
    public void onBlocks(int day, long count) {
        this.blocks = count;
    }

    @Override
    public void onDayDone(DayRecord r) {
        String line = String.format(Locale.ROOT,
                "day %d/%d %s: %s%s in %.1f s; cost %s (no P2P %s, central %s)", r.day() + 1, days, r.date(),
                r.coordinated().status().label(), r.coordinated().iterations() > 0
                        ? ", " + r.coordinated().iterations() + " iterations" : "",
                r.coordinationSeconds(), SummaryReport.money(r.coordinated().totalCost()),
                SummaryReport.money(r.noP2p().totalCost()), SummaryReport.money(r.central().totalCost()));
        if (bar != null) {
            bar.step();
            bar.setExtraMessage(line);
        } else {
            log.println(line);
            log.flush();
        }
    }

    @Override
    public void onWarning(String message) {
        if (terminal != null) {
            terminal.println("warning: " + message);
        } else {
            log.println("warning: " + message);
            log.flush();
        }
    }

    @Override
    public void onRunEnd(SimulationRun run) {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }

    private String message(int day, int iteration, double residual) {
        StringBuilder m = new StringBuilder();
        m.append("day ").append(day + 1).append('/').append(days).append(' ').append(date).append(" · ").append(method);
        if (iteration > 0) {
            m.append(" · iteration ").append(iteration).append(" · residual ")
                    .append(String.format(Locale.ROOT, "%.1e", residual));
        }
        m.append(" · blocks ").append(blocks < 0 ? "–" : Long.toString(blocks));
        return m.toString();
    }
}
