package org.tem.examples.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.tem.api.Solution;
import org.tem.api.Vpp;
import org.tem.examples.scenario.ResultWriter;
import org.tem.examples.scenario.ScenarioReader;
import org.tem.solver.CentralSolver;
import org.tem.solver.admm.AdmmIteration;
import org.tem.solver.admm.AdmmListener;
import org.tem.solver.admm.AdmmOptions;
import org.tem.solver.admm.AdmmSolver;
import org.tem.solver.admm.SilenceSchedule;
import org.tem.solver.qp.OjAlgoSolver;
import org.tem.solver.qp.OsqpSolver;
import org.tem.solver.qp.QpSolver;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code tem solve}: scenario file in, result file out. */
@Command(name = "solve", mixinStandardHelpOptions = true,
        description = {"Solve a scenario (docs/formats.md) and write the result file.",
            "Exit codes: 0 optimal, 1 other failure, 2 bad input (the message names the field), 3 infeasible",
            "(the result file is still written, with status 'infeasible')."},
        footer = {"", "Units: energy in kWh per slot, prices in currency per kWh, costs in currency."})
public final class SolveCommand implements Callable<Integer> {
    /** With {@code --transport tcp}: how long without a new final block before the run is declared stalled, ms. */
    private static final long TCP_STALL_MILLIS = 60_000;

    @Spec
    CommandSpec spec;

    @Option(names = "--scenario", required = true, description = "Scenario JSON file.")
    Path scenario;

    @Option(names = "--method", defaultValue = "central",
            description = {"central: the whole VPP as one QP (the reference optimum);",
                "admm: every prosumer solves its own problem, a coordinator exchanges only trades (docs/model.md);",
                "ledger: the same ADMM with the coordination step in a contract on a dev chain (bit-identical to admm);",
                "  with --validators N, on a network of N proof-of-authority validators instead (see --transport);",
                "evm: plain ADMM in fixed point with the coordination step in the Solidity contract on an EVM",
                "  node (--rpc, --key; docs/evm.md).",
                "Default: ${DEFAULT-VALUE}."})
    String method;

    @Option(names = "--rpc", paramLabel = "URL", description = "evm: the EVM node's JSON-RPC URL, e.g. http://127.0.0.1:8545.")
    String rpc;

    @Option(names = "--key", paramLabel = "FILE",
            description = {"evm: a file holding the operator's secp256k1 private key as 64 hex digits. The operator",
                "deploys (or attaches to) the contract, registers the meters, opens the round, advances silent",
                "iterations and funds each meter's development key (derived from the operator's address and the",
                "prosumer id: for dev and test chains only)."})
    Path key;

    @Option(names = "--contract", paramLabel = "ADDRESS",
            description = "evm: attach to this deployed coordination contract (0x and 40 hex digits) instead of deploying one.")
    String contract;

    @Option(names = "--rho", defaultValue = "0.5", description = "admm: initial penalty ρ, currency per kWh² (default: ${DEFAULT-VALUE}).")
    double rho;

    @Option(names = "--fixed-rho", description = "admm: keep ρ fixed (default: residual balancing adapts it).")
    boolean fixedRho;

    @Option(names = "--eps-abs", defaultValue = "1e-6", description = "admm: absolute tolerance, kWh (default: ${DEFAULT-VALUE}).")
    double epsAbs;

    @Option(names = "--eps-rel", defaultValue = "1e-5", description = "admm: relative tolerance (default: ${DEFAULT-VALUE}).")
    double epsRel;

    @Option(names = "--paper-eps", description = "admm: stop by the paper's rule Σ‖p' − p‖ < ε (kWh) instead of eps-abs/eps-rel.")
    Double paperEps;

    @Option(names = "--relaxation", defaultValue = "1.0", description = "admm: over-relaxation α in (0, 2) (default: ${DEFAULT-VALUE}).")
    double relaxation;

    @Option(names = "--no-acceleration", description = "admm: plain ADMM, without fast ADMM's restarted momentum.")
    boolean noAcceleration;

    @Option(names = "--max-iterations", defaultValue = "10000", description = "admm: iteration cap (default: ${DEFAULT-VALUE}).")
    int maxIterations;

    @Option(names = "--miss-limit", defaultValue = "3",
            description = {"admm, ledger: the deadline rule's K: a prosumer that misses this many consecutive iterations",
                "is excluded from the round (default: ${DEFAULT-VALUE})."})
    int missLimit;

    @Option(names = "--silent", paramLabel = "ID@ITERATION",
            description = {"admm, ledger: simulate a silent meter: prosumer ID sends nothing from ITERATION on (repeatable).",
                "Silent when iteration 1 closes, it is excluded at once; later, after --miss-limit misses in a row.",
                "An excluded prosumer trades nothing and pays nothing; its result is its schedule without trading."})
    java.util.List<String> silent;

    @Option(names = "--validators", paramLabel = "N",
            description = {"ledger: run the round on N proof-of-authority validators (1 to 64), the operator and every",
                "meter on a node of its own; still bit-identical to admm. Without it: one dev-chain validator."})
    Integer validators;

    @Option(names = "--transport", defaultValue = "memory",
            description = {"ledger with --validators: how the nodes talk. memory: a simulated network in virtual time",
                "(default); tcp: real nodes in this process, each on its own loopback port, in real time."})
    String transport;

    @Option(names = "--threads", description = "admm: threads for the local solves (default: the number of cores).")
    Integer threads;

    @Option(names = "--qp-solver", defaultValue = "ipm",
            description = {"QP solver for central (default: ${DEFAULT-VALUE}):",
                "ipm: a sparse primal-dual interior point (tens of iterations at any size); if it ever ends",
                "  without an optimum, OSQP takes over and the result's message says so;",
                "osqp: the operator-splitting solver alone (slow on large days: thousands of iterations);",
                "ojalgo: ojAlgo's active-set solver, the reference (slow beyond a few homes)."})
    String qpSolver;

    @Option(names = "--out", defaultValue = "-", description = "Result file to write, '-' for stdout (default).")
    String out;

    @Option(names = "--quiet", description = "Do not print the summary on stderr.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        QpSolver qp = switch (qpSolver) {
            case "ipm" -> null;
            case "osqp" -> new OsqpSolver();
            case "ojalgo" -> new OjAlgoSolver();
            default -> throw new ParameterException(spec.commandLine(),
                    "--qp-solver: must be ipm, osqp or ojalgo, was '" + qpSolver + "'");
        };
        checkNetworkOptions();
        checkEvmOptions();
        Vpp vpp = ScenarioReader.read(scenario);
        SilenceSchedule silence = silence(vpp);
        Solution solution = switch (method) {
            case "central" -> (qp == null ? new CentralSolver() : new CentralSolver(qp)).solve(vpp);
            case "admm" -> new AdmmSolver(admmOptions(), threads == null ? Runtime.getRuntime().availableProcessors() : threads,
                    quiet ? AdmmListener.NONE : SolveCommand::progress, silence).solve(vpp);
            case "ledger" -> validators == null
                    ? new org.tem.examples.ledger.LedgerAdmmSolver(admmOptions(), null,
                            quiet ? AdmmListener.NONE : SolveCommand::progress, silence).solve(vpp)
                    : transport.equals("tcp")
                    ? new org.tem.examples.ledger.TcpLedgerAdmmSolver(admmOptions(), validators,
                            quiet ? AdmmListener.NONE : SolveCommand::progress, TCP_STALL_MILLIS).solve(vpp)
                    : new org.tem.examples.ledger.PoaLedgerAdmmSolver(admmOptions(), validators,
                            quiet ? AdmmListener.NONE : SolveCommand::progress, 1).solve(vpp);
            case "evm" -> evm(vpp, silence);
            default -> throw new ParameterException(spec.commandLine(),
                    "--method: must be central, admm, ledger or evm, was '" + method + "'");
        };
        Output.write(out, stream -> ResultWriter.write(solution, stream));
        if (!quiet) {
            Summary.print(vpp, solution, System.err);
        }
        return exitCode(solution);
    }

    /**
     * The round on an EVM node: plain ADMM (acceleration off) in the contract's fixed point, stopped
     * by the standard test unless {@code --paper-eps} chose the paper's.
     */
    private Solution evm(Vpp vpp, SilenceSchedule silence) throws java.io.IOException {
        AdmmOptions options = admmOptions();
        if (options.rule() == AdmmOptions.StoppingRule.SETTLED) {
            options = options.withRule(AdmmOptions.StoppingRule.STANDARD);
        }
        String hex = org.tem.examples.evm.EvmKeys.readKey(key);
        try (org.tem.evm.EvmAccount operator = org.tem.evm.EvmAccount.connect(rpc, hex, org.tem.evm.EvmOptions.DEFAULT)) {
            org.tem.evm.EvmAdmmSolver solver = new org.tem.evm.EvmAdmmSolver(operator, contract, options,
                    quiet ? AdmmListener.NONE : SolveCommand::progress, silence);
            Solution solution = solver.solve(vpp);
            if (!quiet) {
                System.err.printf(java.util.Locale.ROOT, "evm: contract %s, round %d, %d transactions, %d gas%n",
                        solver.contractAddress(), solver.round(), solver.transactions(), solver.gasUsed());
            }
            return solution;
        }
    }

    /** {@code --rpc}, {@code --key}, {@code --contract} belong to {@code --method evm}, which needs the first two. */
    private void checkEvmOptions() {
        boolean evm = method.equals("evm");
        if (evm && (rpc == null || key == null)) {
            throw new ParameterException(spec.commandLine(), "--method evm: needs --rpc URL and --key FILE");
        }
        if (!evm && (rpc != null || key != null || contract != null)) {
            throw new ParameterException(spec.commandLine(), "--rpc, --key, --contract: only with --method evm");
        }
    }

    /** The network options apply to {@code --method ledger} only, and not with silent meters yet. */
    private void checkNetworkOptions() {
        if (!transport.equals("memory") && !transport.equals("tcp")) {
            throw new ParameterException(spec.commandLine(), "--transport: must be memory or tcp, was '" + transport
                    + "'");
        }
        if (validators == null) {
            if (!transport.equals("memory")) {
                throw new ParameterException(spec.commandLine(), "--transport: only with --validators");
            }
            return;
        }
        if (!method.equals("ledger")) {
            throw new ParameterException(spec.commandLine(), "--validators: only with --method ledger");
        }
        if (validators < 1 || validators > 64) {
            throw new ParameterException(spec.commandLine(), "--validators: must be 1 to 64, was " + validators);
        }
        if (silent != null && !silent.isEmpty()) {
            throw new ParameterException(spec.commandLine(),
                    "--silent: not simulated with --validators (every meter of the network answers)");
        }
    }

    /** A progress line on stderr every 50 iterations. */
    private static void progress(AdmmIteration it) {
        if (it.iteration() % 50 == 0 || it.converged()) {
            System.err.printf(java.util.Locale.ROOT, "admm: iteration %d, primal %.2e, dual %.2e, rho %.3g, %.1f s%n",
                    it.iteration(), it.primalResidual(), it.dualResidual(), it.rho(), it.elapsedNanos() / 1e9);
        }
    }

    /** The {@code --silent} meters as a schedule: prosumer u is silent from its iteration on. */
    SilenceSchedule silence(Vpp vpp) {
        if (silent == null || silent.isEmpty()) {
            return SilenceSchedule.NONE;
        }
        int[] from = new int[vpp.size()];
        for (String entry : silent) {
            int at = entry.lastIndexOf('@');
            try {
                int u = vpp.indexOf(entry.substring(0, Math.max(at, 0)));
                int k = Integer.parseInt(entry.substring(at + 1));
                if (at < 1 || k < 1) {
                    throw new IllegalArgumentException("bad entry");
                }
                from[u] = from[u] == 0 ? k : Math.min(from[u], k);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(),
                        "--silent: must be ID@ITERATION with a prosumer id of the scenario and ITERATION >= 1, was '"
                        + entry + "'");
            }
        }
        return (u, k) -> from[u] != 0 && k >= from[u];
    }

    AdmmOptions admmOptions() {
        try {
            AdmmOptions o = AdmmOptions.DEFAULT.withRho(rho).withAdaptiveRho(!fixedRho).withTolerances(epsAbs, epsRel)
                    .withRelaxation(relaxation).withMaxIterations(maxIterations).withAcceleration(!noAcceleration)
                    .withMissLimit(missLimit);
            return paperEps == null ? o : o.withPaperRule(paperEps);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--" + e.getMessage());
        }
    }

    static int exitCode(Solution solution) {
        return switch (solution.status()) {
            case OPTIMAL -> TemCommand.OK;
            case INFEASIBLE -> TemCommand.INFEASIBLE;
            default -> TemCommand.FAILURE;
        };
    }
}
