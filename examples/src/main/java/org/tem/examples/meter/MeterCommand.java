package org.tem.examples.meter;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import org.tem.api.TemException;
import org.tem.api.Vpp;
import org.tem.consensus.node.ChainSpec;
import org.tem.consensus.node.TemNode;
import org.tem.examples.cli.NodeConfig;
import org.tem.examples.cli.TemCommand;
import org.tem.examples.scenario.ScenarioReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tem meter}: runs a {@link MeterApp} as a process — its own node and its own prosumer —
 * taking part in rounds until SIGTERM or Ctrl-C, or until {@code --rounds K} rounds settled.
 */
@Command(name = "meter", mixinStandardHelpOptions = true,
        description = {"Run a prosumer's meter: its own node and local solver, holding only its own prosumer;",
            "it takes part in every round it is a participant of until SIGTERM or Ctrl-C (or --rounds)."},
        footer = {"", "Try it (see docs/apps.md): tem node --init devnet --validators 3 --scenario "
                + "docs/examples/scenario.json,",
            "start the validators with tem node --config devnet/node-<i>.json, then each meter:",
            "  tem meter --config devnet/meter-0.json",
            "",
            "Log lines, each prefixed with the prosumer id: 'started ...', 'round R: open ...',",
            "'round R iteration K: solved and submitted', 'round R FINAL after K iterations: ... pays P minor units'."})
public final class MeterCommand implements Callable<Integer> {

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "The meter configuration (tem-meter/1).")
    java.nio.file.Path config;

    @Option(names = "--rounds", paramLabel = "K", description = "Exit after K settled rounds (default: run until stopped).")
    Integer rounds;

    @Override
    public Integer call() throws IOException, InterruptedException, ExecutionException {
        if (rounds != null && rounds < 1) {
            throw new IllegalArgumentException("--rounds must be at least 1, was " + rounds);
        }
        MeterConfig c = MeterConfig.read(config);
        NodeConfig nc = NodeConfig.read(c.node());
        ChainSpec chain = ChainSpec.read(nc.chainSpec());
        Vpp own = ScenarioReader.read(c.prosumer());
        if (own.size() != 1) {
            throw new TemException(c.prosumer() + ": a meter holds exactly one prosumer, the file has " + own.size());
        }
        TemNode.Builder b = TemNode.builder().chainSpec(chain).nodeKey(nc.nodeKey()).listen(nc.listen());
        nc.dataDir().ifPresent(b::dataDir);
        nc.validatorKey().ifPresent(b::validatorKey);
        nc.peers().forEach(b::staticPeer);
        TemNode node = b.build();
        PrintStream out = System.out;
        MeterApp app = new MeterApp(node, c.key(), own.prosumers().get(0), own.market(), c.contract(),
                c.firstRound(), rounds == null ? Integer.MAX_VALUE : rounds, c.resendMillis(), line -> {
                    synchronized (out) {
                        out.println(line);
                    }
                });
        Thread hook = new Thread(() -> {
            app.close();
            node.close();
            out.printf(Locale.ROOT, "%s: stopped after %d round(s)%n", app.id(), app.results().size());
            out.flush();
            // A signal ends the process; its work is done, so the exit is a success.
            Runtime.getRuntime().halt(TemCommand.OK);
        }, "tem-meter-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        node.start();
        InetSocketAddress at = node.listenAddress().orElse(nc.listen());
        out.printf(Locale.ROOT, "%s: started node %s on %s:%d, chain %d, account %s, following round %d%n", app.id(),
                node.id(), at.getHostString(), at.getPort(), chain.chainId(), c.key().address(), c.firstRound());
        app.done().get();
        Runtime.getRuntime().removeShutdownHook(hook);
        app.close();
        node.close();
        return TemCommand.OK;
    }
}
