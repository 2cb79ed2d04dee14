package org.tem.examples.cli;

import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.tem.api.Solution;
import org.tem.api.Vpp;
import org.tem.consensus.node.ChainSpec;
import org.tem.examples.ledger.TcpLedgerAdmmSolver;
import org.tem.examples.scenario.ResultWriter;
import org.tem.examples.synthetic.SyntheticScenario;
import org.tem.solver.admm.AdmmOptions;

/**
 * The fourth process of {@link TcpRoundIT}: one normal node holding the operator and every meter
 * of {@link #vpp()}, joining validators that run as {@code tem node} processes, runs the round
 * ({@link TcpLedgerAdmmSolver#join}) and writes the result. Arguments: the chain specification,
 * the result file, then the validators' {@code host:port}s. Prints {@code iteration K} when an
 * iteration is final at its node, {@code settled S} (the settlements' sum) and {@code done} at
 * the end; exits 1 with the stack trace on any failure.
 */
final class TcpRoundJoiner {
    /** The joining node's name ({@link TcpLedgerAdmmSolver#nodeKey}). */
    static final String NAME = "joiner";

    private TcpRoundJoiner() {
    }

    /** @return the round's VPP: three synthetic homes, bilateral (both processes build it alike) */
    static Vpp vpp() {
        return SyntheticScenario.of(3, 4).build();
    }

    /** @return the round's ADMM settings */
    static AdmmOptions options() {
        return AdmmOptions.DEFAULT.withTolerances(1e-4, 1e-3);
    }

    public static void main(String[] args) {
        PrintStream out = System.out;
        try {
            ChainSpec spec = ChainSpec.read(Path.of(args[0]));
            List<InetSocketAddress> peers = new ArrayList<>();
            for (int i = 2; i < args.length; i++) {
                peers.add(NodeConfig.address(args[i], "peer"));
            }
            TcpLedgerAdmmSolver solver = new TcpLedgerAdmmSolver(options(), 3, it -> {
                out.printf(Locale.ROOT, "iteration %d%n", it.iteration());
                out.flush();
            }, 60_000);
            Solution s = solver.join(vpp(), spec, NAME, peers);
            try (OutputStream file = Files.newOutputStream(Path.of(args[1]))) {
                ResultWriter.write(s, file);
            }
            out.printf(Locale.ROOT, "settled %d over %d%n", solver.settlements().values().stream()
                    .mapToLong(Long::longValue).sum(), solver.settlements().size());
            out.printf(Locale.ROOT, "done: %s%n", s.message());
            out.flush();
            System.exit(0);
        } catch (Exception | Error e) {
            e.printStackTrace();
            System.exit(1);
        }
    }
}
