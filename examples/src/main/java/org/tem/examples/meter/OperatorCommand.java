package org.tem.examples.meter;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import org.tem.consensus.node.ChainSpec;
import org.tem.consensus.node.TemNode;
import org.tem.examples.cli.NodeConfig;
import org.tem.examples.cli.TemCommand;
import org.tem.solver.admm.AdmmIteration;
import org.tem.solver.admm.AdmmListener;
import org.tem.solver.admm.AdmmOutcome;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tem operator}: runs an {@link OperatorConsole} as a process on its own node — permits and
 * registers the configured prosumers, opens the round, shows its progress and prints the
 * settlement — then exits (0 when the round converged and settled, 1 otherwise).
 */
@Command(name = "operator", mixinStandardHelpOptions = true,
        description = {"Run a VPP operator's console: permit and register the prosumers, open a round,",
            "watch it converge and print the settlement table, then exit."},
        footer = {"", "Try it (see docs/apps.md), once the validators and meters of",
            "'tem node --init devnet --validators 3 --scenario docs/examples/scenario.json' run:",
            "  tem operator --config devnet/operator.json",
            "",
            "On a terminal one progress line is rewritten per iteration (iteration, primal and dual residual);",
            "otherwise a plain line is printed per iteration. Exit code 0 when the round converged and settled."})
public final class OperatorCommand implements Callable<Integer> {

    @Option(names = "--config", required = true, paramLabel = "FILE",
            description = "The operator configuration (tem-operator/1).")
    java.nio.file.Path config;

    @Override
    public Integer call() throws IOException, InterruptedException {
        OperatorConfig c = OperatorConfig.read(config);
        NodeConfig nc = NodeConfig.read(c.node());
        ChainSpec chain = ChainSpec.read(nc.chainSpec());
        TemNode.Builder b = TemNode.builder().chainSpec(chain).nodeKey(nc.nodeKey()).listen(nc.listen());
        nc.dataDir().ifPresent(b::dataDir);
        nc.validatorKey().ifPresent(b::validatorKey);
        nc.peers().forEach(b::staticPeer);
        PrintStream out = System.out;
        boolean terminal = System.console() != null;
        try (TemNode node = b.build()) {
            node.start();
            OperatorConsole console = new OperatorConsole(node, c.key(), c.contract(), c.round(), c.participants(),
                    c.config(), progress(out, terminal), line -> {
                        synchronized (out) {
                            out.println(terminal ? "\r\u001b[2K" + line : line);
                        }
                    });
            out.printf(Locale.ROOT, "operator: started node %s, chain %d; round %d with %d participants%n", node.id(),
                    chain.chainId(), c.round(), c.config().participants().size());
            try {
                OperatorConsole.Result r = console.start().get();
                return r.outcome().status() == AdmmOutcome.Status.CONVERGED && !r.settlements().isEmpty()
                        ? TemCommand.OK : TemCommand.FAILURE;
            } catch (ExecutionException e) {
                out.println("operator: failed: " + e.getCause().getMessage());
                return TemCommand.FAILURE;
            } finally {
                console.close();
            }
        }
    }

    /** One line per iteration: rewritten in place on a terminal, a new line otherwise. */
    static AdmmListener progress(PrintStream out, boolean terminal) {
        return (AdmmIteration it) -> {
            String line = String.format(Locale.ROOT, "operator: iteration %d: primal residual %.3e, dual residual "
                    + "%.3e, rho %.3g", it.iteration(), it.primalResidual(), it.dualResidual(), it.rho());
            synchronized (out) {
                if (terminal) {
                    out.print("\r\u001b[2K" + line);
                    out.flush();
                } else {
                    out.println(line);
                }
            }
        };
    }
}
