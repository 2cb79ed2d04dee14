package org.tem.examples.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tem.api.Solution;
import org.tem.api.SolveStatus;
import org.tem.examples.data.CommunityData;
import org.tem.examples.data.CommunityParams;
import org.tem.examples.data.CommunityVpp;
import org.tem.solver.admm.AdmmIteration;
import org.tem.solver.admm.AdmmOptions;

/** How a run ends early — stopped (Ctrl-C) or failed — and what it leaves; and the ledger seam. */
class SimulationStopTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LocalDate START = LocalDate.of(2016, 8, 1);

    private static DaySource source(int days) {
        return DaySource.real(CommunityVpp.of(CommunityData.embedded(), CommunityParams.defaults()), START, 3, days);
    }

    @Test
    void aRunStoppedDuringDayTwoLeavesDayOnesOutputsCompleteAndASummaryOfOneDay(@TempDir Path out)
            throws IOException, InterruptedException {
        // leftovers of an earlier, longer run in the same directory, and a file of the user's
        Files.createDirectories(out.resolve("days"));
        Files.writeString(out.resolve("days/2016-08-05.json"), "{}");
        Files.writeString(out.resolve(AtomicFiles.TEMP_PREFIX + "summary.json-1" + AtomicFiles.TEMP_SUFFIX), "half");
        Files.writeString(out.resolve("notes.txt"), "mine");
        Simulation[] simulation = new Simulation[1];
        SimulationListener stopInDayTwo = new SimulationListener() {
            @Override
            public void onIteration(int day, AdmmIteration iteration) {
                if (day == 1 && iteration.iteration() == 5) {
                    simulation[0].requestStop();
                }
            }
        };
        simulation[0] = new Simulation(source(3), 3, InProcessCoordinator.admm(AdmmOptions.DEFAULT, 1), out, stopInDayTwo);
        SimulationRun run = simulation[0].run();

        assertEquals(SimulationRun.State.INTERRUPTED, run.state());
        assertEquals(1, run.days().size());
        assertFalse(run.allOptimal());
        assertTrue(simulation[0].awaitFinished(0));
        assertTrue(Files.exists(out.resolve("days/2016-08-01.json")));
        assertFalse(Files.exists(out.resolve("days/2016-08-02.json")), "the day in progress leaves no file");
        assertFalse(Files.exists(out.resolve("days/2016-08-05.json")), "an earlier run's day file is removed");
        assertFalse(Files.exists(out.resolve(AtomicFiles.TEMP_PREFIX + "summary.json-1" + AtomicFiles.TEMP_SUFFIX)));
        assertEquals("mine", Files.readString(out.resolve("notes.txt")), "other files are left alone");

        JsonNode day = JSON.readTree(out.resolve("days/2016-08-01.json").toFile());
        assertEquals("optimal", day.get("status").asText());
        JsonNode summary = JSON.readTree(out.resolve(RunReports.SUMMARY_JSON).toFile());
        assertEquals("interrupted", summary.get("state").asText());
        assertEquals(1, summary.get("daysFinished").asInt());
        assertEquals(3, summary.get("daysRequested").asInt());
        assertEquals(1, summary.get("days").size());
        assertEquals(run.days().get(0).coordinated().totalCost(), summary.get("costs").get("coordinated").asDouble(),
                1e-12);
        assertEquals(1 + 24 * 3, Files.readAllLines(out.resolve(RunReports.SCHEDULES)).size());
        assertEquals(1 + 24 * 3, Files.readAllLines(out.resolve(RunReports.TRADES)).size());
        String html = Files.readString(out.resolve(RunReports.REPORT_HTML));
        assertTrue(html.contains("state-interrupted"));
        assertEquals(4, html.split("data:image/png;base64,", -1).length - 1, "the four charts of the finished day");
    }

    @Test
    void aStopRequestedBeforeTheRunEndsItWithNoDay(@TempDir Path out) throws IOException {
        Simulation simulation = new Simulation(source(2), 2, InProcessCoordinator.central(), out, SimulationListener.NONE);
        simulation.requestStop();
        SimulationRun run = simulation.run();
        assertEquals(SimulationRun.State.INTERRUPTED, run.state());
        assertTrue(run.days().isEmpty());
        JsonNode summary = JSON.readTree(out.resolve(RunReports.SUMMARY_JSON).toFile());
        assertEquals(0, summary.get("daysFinished").asInt());
        assertTrue(Files.exists(out.resolve(RunReports.REPORT_HTML)));
        assertFalse(Files.exists(out.resolve(RunReports.CHART_COSTS)), "no chart without a day");
        assertThrows(IllegalStateException.class, simulation::run, "a simulation runs once");
    }

    /** Solves day 1 centrally and reports day 2 infeasible. */
    private static final class InfeasibleOnDayTwo implements DayCoordinator {
        @Override
        public String method() {
            return "central";
        }

        @Override
        public DayOutcome coordinate(DayInput input, RoundListener listener) {
            if (input.day() == 1) {
                return DayOutcome.inProcess(new Solution("central", SolveStatus.INFEASIBLE, "prosumer B02 cannot"
                        + " meet its load", List.of(), Double.NaN, 0, Double.NaN, Double.NaN, 0.1));
            }
            return InProcessCoordinator.central().coordinate(input, listener);
        }
    }

    @Test
    void aDayWithoutSchedulesEndsTheRunAsFailedAfterTheDaysBeforeIt(@TempDir Path out) throws IOException {
        SimulationRun run = new Simulation(source(3), 3, new InfeasibleOnDayTwo(), out, SimulationListener.NONE).run();
        assertEquals(SimulationRun.State.FAILED, run.state());
        assertEquals(1, run.days().size());
        assertTrue(run.failure().contains("day 2 (2016-08-02)") && run.failure().contains("infeasible")
                && run.failure().contains("B02"), run.failure());
        JsonNode summary = JSON.readTree(out.resolve(RunReports.SUMMARY_JSON).toFile());
        assertEquals("failed", summary.get("state").asText());
        assertEquals(run.failure(), summary.get("failure").asText());
        assertEquals(1, summary.get("daysFinished").asInt());
        assertTrue(Files.exists(out.resolve("days/2016-08-01.json")));
        assertTrue(Files.readString(out.resolve(RunReports.REPORT_HTML)).contains("state-failed"));
    }

    @Test
    void aCoordinatorThatThrowsEndsTheRunAsFailedWithItsMessage(@TempDir Path out) throws IOException {
        DayCoordinator broken = new DayCoordinator() {
            @Override
            public String method() {
                return "broken";
            }

            @Override
            public DayOutcome coordinate(DayInput input, RoundListener listener) {
                throw new IllegalStateException("validator 2 unreachable");
            }
        };
        SimulationRun run = new Simulation(source(2), 2, broken, out, SimulationListener.NONE).run();
        assertEquals(SimulationRun.State.FAILED, run.state());
        assertEquals("day 1 (2016-08-01): validator 2 unreachable", run.failure());
        assertTrue(run.days().isEmpty());
    }

    /**
     * A coordinator on a (pretend) ledger: central schedules plus ledger figures and the previous day's
     * outcome checked, as a PoA coordinator will plug in.
     */
    private static final class PretendLedger implements DayCoordinator {
        final List<Optional<DayOutcome>> previous = new java.util.ArrayList<>();
        boolean closed;

        @Override
        public String method() {
            return "ledger";
        }

        @Override
        public DayOutcome coordinate(DayInput input, RoundListener listener) {
            previous.add(input.previous());
            listener.onBlocks(7);
            Solution central = InProcessCoordinator.central().coordinate(input, listener).solution();
            Solution solution = new Solution("ledger", central.status(), "", central.schedules(), central.totalCost(),
                    12, 1e-7, 1e-7, central.seconds());
            LedgerFigures figures = new LedgerFigures(36 + input.day(), 12, new double[] {0.2, 0.1, 0.4, 0.3},
                    Map.of("B01", 150L, "B02", -100L, "B03", -50L));
            return new DayOutcome(solution, Optional.of(figures));
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    void aLedgerCoordinatorsFiguresReachTheSummaryAndItGetsThePreviousDay(@TempDir Path out) throws IOException {
        PretendLedger ledger = new PretendLedger();
        long[] blocks = {-1};
        SimulationListener listener = new SimulationListener() {
            @Override
            public void onBlocks(int day, long count) {
                blocks[0] = count;
            }
        };
        SimulationRun run = new Simulation(source(2), 2, ledger, out, listener).run();
        assertEquals(SimulationRun.State.COMPLETE, run.state());
        assertEquals(7, blocks[0], "block counts reach the listener");
        assertTrue(ledger.previous.get(0).isEmpty());
        assertEquals(run.days().get(0).outcome(), ledger.previous.get(1).orElseThrow(), "day 2 gets day 1's outcome");
        assertFalse(ledger.closed, "the caller closes the coordinator");

        JsonNode s = JSON.readTree(out.resolve(RunReports.SUMMARY_JSON).toFile());
        assertEquals(36 + 37, s.get("ledger").get("transactions").asLong());
        assertEquals(24, s.get("ledger").get("blocks").asLong());
        assertEquals(0.2, s.get("ledger").get("confirmationP50Seconds").asDouble(), 0.0);
        assertEquals(0.4, s.get("ledger").get("confirmationP99Seconds").asDouble(), 0.0);
        assertEquals(300, s.get("perProsumer").get(0).get("settlementMinorUnits").asLong());
        assertEquals(-200, s.get("perProsumer").get(1).get("settlementMinorUnits").asLong());
        JsonNode day = s.get("days").get(0);
        assertEquals(36, day.get("ledger").get("transactions").asLong());
        assertEquals(150, day.get("ledger").get("settlementMinorUnits").get("B01").asLong());
        String md = Files.readString(out.resolve(RunReports.SUMMARY_MD));
        assertTrue(md.contains("73 transactions in 24 blocks; confirmation delay p50 0.200 s, p99 0.400 s"), md);
        assertTrue(md.contains("| settled (minor units) |"), md);
        assertFalse(Files.exists(out.resolve(RunReports.CHART_CONVERGENCE)), "no iterations were reported");
    }

    @Test
    void aChartThatCannotBeDrawnIsLeftOutWithTheReasonAndTheRunStillCompletes(@TempDir Path out) throws IOException {
        List<String> warnings = new java.util.ArrayList<>();
        RunReports reports = new RunReports(out, (run, figures) -> {
            List<RunReports.ChartSpec> charts = new java.util.ArrayList<>(RunReports.charts(run, figures));
            charts.set(1, new RunReports.ChartSpec(RunReports.CHART_COSTS, "costs", () -> {
                throw new java.awt.AWTError("no fonts in this Java runtime");
            }));
            return charts;
        });
        SimulationListener listener = new SimulationListener() {
            @Override
            public void onWarning(String message) {
                warnings.add(message);
            }
        };
        SimulationRun run = new Simulation(source(1), 1, InProcessCoordinator.central(), reports, listener).run();
        assertEquals(SimulationRun.State.COMPLETE, run.state());
        assertEquals(List.of("chart left out: costs.png: java.awt.AWTError: no fonts in this Java runtime"), warnings);
        assertFalse(Files.exists(out.resolve(RunReports.CHART_COSTS)));
        assertTrue(Files.exists(out.resolve(RunReports.CHART_GRID)));
        String html = Files.readString(out.resolve(RunReports.REPORT_HTML));
        assertTrue(html.contains("Charts left out") && html.contains("no fonts in this Java runtime"));
        assertEquals(2, html.split("data:image/png;base64,", -1).length - 1, "trading and grid import (central: no"
                + " convergence chart)");
    }
}
