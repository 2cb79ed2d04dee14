package org.tem.examples.simulate;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.tem.api.Prosumer;
import org.tem.api.Series;
import org.tem.api.Solution;
import org.tem.api.Vpp;
import org.tem.solver.admm.AdmmIteration;

/**
 * The day loop of {@code tem simulate}. For each day: build the day's VPP from the source, every battery
 * starting from the energy it ended the previous day with; run one coordination round through the
 * {@link DayCoordinator} (given the previous day's outcome for a warm start); compute the two
 * baselines on the same VPP (every prosumer alone without P2P trading, and the central optimum); and
 * write the day's result and the run's data files so far (CSV, summaries) into the output directory
 * ({@link RunReports}: every file is replaced atomically, so at any moment the directory holds
 * complete files for the finished days). When the run ends (complete, stopped or failed) it draws the
 * charts and the HTML report of the finished days.
 *
 * <p>{@link #requestStop()} (from any thread, e.g. a Ctrl-C hook) ends the run at the next iteration
 * or between days: the day in progress is dropped, the finished days' outputs stay, and the summary
 * says the run was interrupted. A day whose round ends without schedules (infeasible, a numerical
 * failure) or whose coordinator throws ends the run as failed after the days before it. A day that
 * reaches the iteration cap keeps its schedules and the run goes on; its status says so.
 *
 * <p>One run per instance; {@link #run()} is called from one thread.
 */
public final class Simulation {
    private final DaySource source;
    private final int days;
    private final DayCoordinator coordinator;
    private final RunReports reports;
    private final SimulationListener listener;
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean stopRequested;
    private boolean started;

    /** Thrown through the coordinator to abandon a round when a stop was requested. */
    private static final class Stopped extends RuntimeException {
        Stopped() {
            super("stop requested", null, false, false);
        }
    }

    /**
     * @param source where the days come from
     * @param days the number of days, {@code >= 1}
     * @param coordinator the coordination method
     * @param out the output directory (created if needed; files of an earlier run in it are replaced)
     * @param listener follows the run
     * @throws IllegalArgumentException if {@code days < 1}
     */
    public Simulation(DaySource source, int days, DayCoordinator coordinator, Path out, SimulationListener listener) {
        this(source, days, coordinator, new RunReports(Objects.requireNonNull(out, "out")), listener);
    }

    /** With another report writer (tests). */
    Simulation(DaySource source, int days, DayCoordinator coordinator, RunReports reports, SimulationListener listener) {
        if (days < 1) {
            throw new IllegalArgumentException("days: must be >= 1, was " + days);
        }
        this.source = Objects.requireNonNull(source, "source");
        this.days = days;
        this.coordinator = Objects.requireNonNull(coordinator, "coordinator");
        this.reports = Objects.requireNonNull(reports, "reports");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** Asks the run to stop at the next iteration or between days; safe from any thread. */
    public void requestStop() {
        stopRequested = true;
    }

    /**
     * Waits for {@link #run()} to return (a Ctrl-C hook waits so that the final summary is written
     * before the JVM exits).
     *
     * @param timeoutMillis the longest wait, milliseconds
     * @return true if the run finished in time (or was never started), false on a timeout
     * @throws InterruptedException if the waiting thread is interrupted
     */
    public boolean awaitFinished(long timeoutMillis) throws InterruptedException {
        synchronized (this) {
            if (!started) {
                return true;
            }
        }
        return finished.await(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    /**
     * Runs the days and writes the outputs.
     *
     * @return the run at its end
     * @throws IOException if an output cannot be written (the days finished before stay written)
     * @throws IllegalStateException if called twice
     */
    public SimulationRun run() throws IOException {
        synchronized (this) {
            if (started) {
                throw new IllegalStateException("run: a simulation runs once");
            }
            started = true;
        }
        try {
            return loop();
        } finally {
            finished.countDown();
        }
    }

    private SimulationRun loop() throws IOException {
        long start = System.nanoTime();
        String method = coordinator.method();
        reports.prepare();
        listener.onRunStart(method, source, days);
        List<DayRecord> records = new ArrayList<>();
        Map<String, Double> soc = Map.of();
        Optional<DayOutcome> previous = Optional.empty();
        SimulationRun.State state = SimulationRun.State.COMPLETE;
        String failure = "";
        for (int d = 0; d < days; d++) {
            if (stopRequested) {
                state = SimulationRun.State.INTERRUPTED;
                break;
            }
            LocalDate date = source.date(d);
            listener.onDayStart(d, date);
            DayRecord record;
            try {
                record = day(d, date, soc, previous, method);
            } catch (Stopped stopped) {
                state = SimulationRun.State.INTERRUPTED;
                break;
            } catch (RuntimeException e) {
                state = SimulationRun.State.FAILED;
                failure = "day " + (d + 1) + " (" + date + "): " + e.getMessage();
                break;
            }
            Solution solution = record.coordinated();
            if (solution.schedules().isEmpty()) {
                state = SimulationRun.State.FAILED;
                failure = "day " + (d + 1) + " (" + date + "): " + method + " ended " + solution.status().label()
                        + (solution.message().isEmpty() ? "" : ": " + solution.message());
                break;
            }
            records.add(record);
            reports.writeDay(record);
            boolean last = d == days - 1;
            if (!last) {
                reports.writeRun(snapshot(method, records, SimulationRun.State.RUNNING, "", start), false);
            }
            listener.onDayDone(record);
            soc = finalEnergy(record.vpp(), solution);
            previous = Optional.of(record.outcome());
        }
        SimulationRun run = snapshot(method, records, state, failure, start);
        for (String problem : reports.writeRun(run, true)) {
            listener.onWarning("chart left out: " + problem);
        }
        listener.onRunEnd(run);
        return run;
    }

    private DayRecord day(int d, LocalDate date, Map<String, Double> soc, Optional<DayOutcome> previous, String method) {
        Vpp vpp = source.vpp(d, soc);
        List<AdmmIteration> history = new ArrayList<>();
        RoundListener round = new RoundListener() {
            @Override
            public void onIteration(AdmmIteration iteration) {
                if (stopRequested) {
                    throw new Stopped();
                }
                history.add(iteration);
                listener.onIteration(d, iteration);
            }

            @Override
            public void onBlocks(long blocks) {
                if (stopRequested) {
                    throw new Stopped();
                }
                listener.onBlocks(d, blocks);
            }
        };
        long c0 = System.nanoTime();
        DayOutcome outcome = coordinator.coordinate(new DayInput(d, date, vpp, previous), round);
        double coordination = (System.nanoTime() - c0) / 1e9;
        if (stopRequested) {
            throw new Stopped();
        }
        Solution solution = outcome.solution();
        if (solution.schedules().isEmpty()) {
            return new DayRecord(d, date, vpp, outcome, solution, solution, history, coordination, 0);
        }
        long b0 = System.nanoTime();
        Solution central = "central".equals(solution.method()) ? solution : Baselines.central(vpp);
        Solution alone = Baselines.noP2p(vpp);
        return new DayRecord(d, date, vpp, outcome, alone, central, history, coordination,
                (System.nanoTime() - b0) / 1e9);
    }

    private SimulationRun snapshot(String method, List<DayRecord> records, SimulationRun.State state, String failure,
            long start) {
        return new SimulationRun(method, source, days, records, state, failure, (System.nanoTime() - start) / 1e9);
    }

    /**
     * The energy each battery holds at the end of a day: the last value of its {@code soc} series.
     *
     * @param vpp the day
     * @param solution the day's coordinated solution
     * @return kWh by prosumer id, for the prosumers with a battery
     */
    static Map<String, Double> finalEnergy(Vpp vpp, Solution solution) {
        Map<String, Double> out = new HashMap<>();
        for (Prosumer p : vpp.prosumers()) {
            if (p.battery().isPresent()) {
                double[] energy = solution.schedule(p.id()).series(Series.SOC);
                out.put(p.id(), energy[energy.length - 1]);
            }
        }
        return out;
    }
}
