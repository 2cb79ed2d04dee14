package org.tem.examples.simulate;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.tem.examples.data.CommunityData;
import org.tem.examples.data.CommunityParams;
import org.tem.examples.data.CommunityVpp;
import org.tem.solver.admm.AdmmOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code tem simulate}: the paper's experiment, day by day on real (or synthetic) data, with the
 * reports. See {@link Simulation} for the day loop and {@link RunReports} for the outputs.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Simulate a community of prosumers day by day: each day one day-ahead coordination round",
            "(batteries carry their energy over from the day before), compared with two baselines on the same days:",
            "every home alone without P2P trading, and the central optimum. With no options: 10 prosumers, 7 days of",
            "the real data embedded in tem (13 homes in Fontana, California, from 2016-08-01, with a wind profile), by ADMM.",
            "",
            "Writes into --out: days/DATE.json (each day's result), schedules.csv, trades.csv, summary.json, summary.md,",
            "trading.png, convergence.png, costs.png, grid-import.png and report.html (one page with everything, readable",
            "offline). The files are rewritten after every day, so stopping the run (Ctrl-C) leaves complete outputs for",
            "the finished days.",
            "",
            "Exit codes: 0 every day optimal, 1 a day not optimal or failed, 2 bad input (the message names the option),",
            "130 interrupted."},
        footer = {"", "Units: energy in kWh per hour, costs in USD for the real data."})
public final class SimulateCommand implements Callable<Integer> {
    /** Exit code of a run stopped by Ctrl-C (128 + SIGINT, as shells report it). */
    public static final int INTERRUPTED = 130;
    /** The most days a synthetic run may ask for (ten years). */
    static final int MAX_SYNTHETIC_DAYS = 3660;
    /** The most prosumers a synthetic run may ask for. */
    static final int MAX_SYNTHETIC_PROSUMERS = 1000;
    private static final LocalDate SYNTHETIC_START = LocalDate.of(2016, 8, 1);
    /** Validators of a ledger run when --validators is not given. */
    static final int DEFAULT_VALIDATORS = 5;
    /** The methods {@code --method} accepts. */
    static final List<String> METHODS = List.of("central", "admm", LedgerCoordinator.METHOD);
    /** The transports {@code --transport} accepts. */
    static final List<String> TRANSPORTS = List.of("memory", "tcp");
    /** With {@code --transport tcp}: how long a round may go without a new final block before the day fails, ms. */
    static final long TCP_STALL_MILLIS = 60_000;
    /** How long a Ctrl-C waits for the finished days' outputs before the JVM exits anyway. */
    private static final long STOP_WAIT_SECONDS = 120;

    @Spec
    CommandSpec spec;

    @Option(names = "--prosumers", defaultValue = "10", description = "Number of prosumers (default: ${DEFAULT-VALUE}).")
    int prosumers;

    @Option(names = "--days", defaultValue = "7", description = "Number of days (default: ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--data", paramLabel = "DIR",
            description = "Read the real data from DIR (homes.csv, hourly.csv, wind.csv; see docs/data.md)"
                    + " instead of the embedded data.")
    Path data;

    @Option(names = "--synthetic", description = "Use tem's synthetic generator (time-of-use tariff) instead of real data.")
    boolean synthetic;

    @Option(names = "--start", paramLabel = "DATE",
            description = "First day, YYYY-MM-DD (default: the data's first day, 2016-08-01 for the embedded data;"
                    + " with --synthetic it only dates the generator's days 0, 1, ...).")
    String start;

    @Option(names = "--method",
            description = {"admm: every prosumer solves its own problem, a coordinator exchanges only trades;",
                "ledger: the same round through the coordination contract on a proof-of-authority network, each",
                "prosumer's meter on a node of its own; central: the whole VPP as one problem.",
                "Default: ledger (5 validators, in memory); admm with --ledger evm."})
    String method;

    @Option(names = "--validators", paramLabel = "N",
            description = "Validators of the network for --method ledger, 1-64 (default: 5); implies --method ledger.")
    Integer validators;

    @Option(names = "--transport", paramLabel = "T",
            description = {"The network for --method ledger. memory (default): every node in this process on one",
                "simulated network, virtual time. tcp: every node (validators, the operator's, one per meter) a real",
                "node on its own loopback port, one network for the whole run, real time; confirmation delays are",
                "then wall-clock time. The schedules are the same either way."})
    String transport;

    @Option(names = "--ledger", defaultValue = "tem",
            description = {"tem: tem's own coordination (default); evm: each day's round in the Solidity contract on",
                "an EVM node (--rpc, --key; plain ADMM in fixed point, method admm only; docs/evm.md)."})
    String ledger;

    @Option(names = "--rpc", paramLabel = "URL", description = "--ledger evm: the EVM node's JSON-RPC URL.")
    String rpc;

    @Option(names = "--key", paramLabel = "FILE",
            description = "--ledger evm: a file holding the operator's private key as 64 hex digits (it deploys the"
                    + " contract and funds the meters' development keys: dev and test chains only).")
    Path key;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "tem-out",
            description = "Output directory (default: ./${DEFAULT-VALUE}); files of an earlier run there are replaced.")
    Path out;

    @Option(names = "--seed", description = "Seed of the synthetic generator (default: 1); --synthetic only.")
    Long seed;

    @Option(names = "--params", paramLabel = "FILE",
            description = "Parameters file (tariff, market, flexible load, battery, wind; see docs/data.md);"
                    + " real data only.")
    Path params;

    @Option(names = "--plain", description = "Print progress as plain lines even when stderr is a terminal.")
    boolean plain;

    @Override
    public Integer call() throws IOException, InterruptedException {
        validate();
        DaySource source = source();
        DayCoordinator coordinator = coordinator();
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        SimulationListener progress = !plain && Progress.stderrIsTerminal() ? Progress.bar(System.err)
                : Progress.plain(stderr);
        Simulation simulation = new Simulation(source, days, coordinator, out, progress);
        // Ctrl-C: stop the run, and keep the JVM alive until the finished days' outputs and the closing lines
        // are written (the JVM exits when the hooks return)
        CountDownLatch done = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            simulation.requestStop();
            try {
                done.await(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "tem-simulate-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            SimulationRun run;
            try {
                run = simulation.run();
            } finally {
                coordinator.close();
            }
            return finish(run, source, stdout);
        } finally {
            done.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running and has just been released
            }
        }
    }

    private int finish(SimulationRun run, DaySource source, PrintWriter stdout) {
        RunFigures figures = new RunFigures(run.days());
        double alone = RunFigures.sum(figures.noP2pCost);
        double coordinated = RunFigures.sum(figures.coordinatedCost);
        double central = RunFigures.sum(figures.centralCost);
        stdout.printf(Locale.ROOT, "%s: %d of %d days in %.1f s%s%n", run.state().label(), run.days().size(),
                run.requestedDays(), run.wallSeconds(), run.failure().isEmpty() ? "" : " (" + run.failure() + ")");
        if (!run.days().isEmpty()) {
            stdout.printf(Locale.ROOT, "cost over the run (%s): coordinated %s, no P2P %s (saving %s), central %s%n",
                    source.currency(), SummaryReport.money(coordinated), SummaryReport.money(alone),
                    SummaryReport.saving(alone, coordinated), SummaryReport.money(central));
        }
        stdout.println("outputs: " + out.toAbsolutePath().normalize() + " (open report.html)");
        stdout.flush();
        return switch (run.state()) {
            case INTERRUPTED -> INTERRUPTED;
            case COMPLETE -> run.allOptimal() ? 0 : 1;
            default -> 1;
        };
    }

    private void validate() {
        if (data != null && synthetic) {
            throw usage("--data, --synthetic: choose one (--data reads real data from a directory, --synthetic generates data)");
        }
        if (days < 1) {
            throw usage("--days: must be >= 1, was " + days);
        }
        if (prosumers < 1) {
            throw usage("--prosumers: must be >= 1, was " + prosumers);
        }
        if (method == null) {
            method = ledger.equals("evm") ? "admm" : LedgerCoordinator.METHOD;
        }
        if (!METHODS.contains(method)) {
            throw usage("--method: must be one of " + String.join(", ", METHODS) + ", was '" + method + "'");
        }
        if (validators != null && !LedgerCoordinator.METHOD.equals(method)) {
            throw usage("--validators: only with --method ledger, was --method " + method);
        }
        if (validators != null && (validators < 1 || validators > 64)) {
            throw usage("--validators: must be in [1, 64], was " + validators);
        }
        if (transport != null && !LedgerCoordinator.METHOD.equals(method)) {
            throw usage("--transport: only with --method ledger, was --method " + method);
        }
        if (transport != null && !TRANSPORTS.contains(transport)) {
            throw usage("--transport: must be memory or tcp, was '" + transport + "'");
        }
        if (!ledger.equals("tem") && !ledger.equals("evm")) {
            throw usage("--ledger: must be tem or evm, was '" + ledger + "'");
        }
        if (ledger.equals("evm") && (rpc == null || key == null || !method.equals("admm"))) {
            throw usage("--ledger evm: needs --rpc URL, --key FILE and --method admm");
        }
        if (ledger.equals("tem") && (rpc != null || key != null)) {
            throw usage("--rpc, --key: only with --ledger evm");
        }
        if (seed != null && !synthetic) {
            throw usage("--seed: only with --synthetic (the real data have no randomness)");
        }
        if (params != null && synthetic) {
            throw usage("--params: only for the real data, not with --synthetic");
        }
        if (synthetic && days > MAX_SYNTHETIC_DAYS) {
            throw usage("--days: at most " + MAX_SYNTHETIC_DAYS + " with --synthetic, was " + days);
        }
        if (synthetic && prosumers > MAX_SYNTHETIC_PROSUMERS) {
            throw usage("--prosumers: at most " + MAX_SYNTHETIC_PROSUMERS + " with --synthetic, was " + prosumers);
        }
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw usage("--out: not a directory: " + out);
        }
        if (data != null && !Files.isDirectory(data)) {
            throw usage("--data: not a directory: " + data);
        }
        if (params != null && !Files.isRegularFile(params)) {
            throw usage("--params: no such file: " + params);
        }
    }

    private DaySource source() throws IOException {
        LocalDate first = parseStart();
        if (synthetic) {
            return DaySource.synthetic(prosumers, seed == null ? 1 : seed, first == null ? SYNTHETIC_START : first);
        }
        CommunityData community = data == null ? CommunityData.embedded() : CommunityData.read(data);
        CommunityParams parameters;
        try {
            parameters = params == null ? CommunityParams.defaults() : CommunityParams.read(params);
        } catch (org.tem.api.TemException e) {
            throw usage("--params: " + params + ": " + e.getMessage());
        }
        CommunityVpp vpps = CommunityVpp.of(community, parameters);
        LocalDate from = first == null ? community.firstDate() : first;
        try {
            return DaySource.real(vpps, from, prosumers, days);
        } catch (IllegalArgumentException e) {
            throw usage("--" + e.getMessage());
        }
    }

    private LocalDate parseStart() {
        if (start == null) {
            return null;
        }
        try {
            return LocalDate.parse(start);
        } catch (DateTimeParseException e) {
            throw usage("--start: must be a date YYYY-MM-DD, was '" + start + "'");
        }
    }

    private DayCoordinator coordinator() throws IOException {
        if (ledger.equals("evm")) {
            return new org.tem.examples.evm.EvmDayCoordinator(rpc, org.tem.examples.evm.EvmKeys.readKey(key), null,
                    AdmmOptions.DEFAULT);
        }
        return switch (method) {
            case "central" -> InProcessCoordinator.central();
            case LedgerCoordinator.METHOD -> "tcp".equals(transport)
                    ? new TcpLedgerCoordinator(AdmmOptions.DEFAULT, validators == null ? DEFAULT_VALIDATORS : validators,
                            TCP_STALL_MILLIS)
                    : new LedgerCoordinator(AdmmOptions.DEFAULT, validators == null ? DEFAULT_VALIDATORS : validators, 1);
            default -> InProcessCoordinator.admm(AdmmOptions.DEFAULT, Runtime.getRuntime().availableProcessors());
        };
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
