package org.tem.examples.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.tuweni.bytes.Bytes;
import org.tem.consensus.network.PeerId;
import org.tem.examples.meter.DevApps;
import org.tem.examples.scenario.ScenarioReader;
import org.tem.consensus.node.ChainSpec;
import org.tem.consensus.node.TemNode;
import org.tem.consensus.poa.PoaParams;
import org.tem.ledger.block.BlockHeader;
import org.tem.ledger.chain.ChainListener;
import org.tem.ledger.crypto.Address;
import org.tem.ledger.crypto.KeyPair;
import org.tem.solver.contract.CoordinationContract;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tem node}: runs one ledger node as a process ({@code --config node.json}) until SIGTERM
 * or Ctrl-C, logging plain lines (start, new heads, reorganisations, finalised blocks, peers) to
 * standard output; or writes a development network's files ({@code --init DIR --validators N}).
 */
@Command(name = "node", mixinStandardHelpOptions = true,
        description = {"Run one tem ledger node as a process (until SIGTERM or Ctrl-C),",
            "or write the files of a development network on this machine's loopback address."},
        footer = {"", "Try it: write a 3-validator network and start its nodes, each in its own terminal:",
            "  tem node --init devnet --validators 3",
            "  tem node --config devnet/node-0.json   (and node-1.json, node-2.json)",
            "",
            "A node configuration (relative paths are relative to the file's directory; it holds private",
            "keys, so keep it readable by the node's user only):",
            "  {",
            "    \"format\": \"tem-node/1\",",
            "    \"chainSpec\": \"chain.json\",",
            "    \"dataDir\": \"data/node-0\",",
            "    \"validatorKey\": \"0x<32-byte private key, hex>\",",
            "    \"nodeKey\": \"0x<32-byte private key, hex>\",",
            "    \"listen\": \"127.0.0.1:30300\",",
            "    \"peers\": [\"127.0.0.1:30301\", \"127.0.0.1:30302\"]",
            "  }",
            "dataDir (absent: in memory), validatorKey (absent: follow without sealing) and peers are optional.",
            "The chain specification (chain.json) and both formats are described in docs/node.md.",
            "",
            "Log lines: 'started ...', 'head #N 0x... (T transactions)', 'reorganised: ...',",
            "'finalised #N 0x...', 'peers N: ...', 'stopped at head #N'. Exit code 0 after SIGTERM."})
public final class NodeCommand implements Callable<Integer> {

    /** The address of the coordination contract on a chain written by {@code --init}. */
    public static final Address COORDINATION = Address.fromHexString("0x00000000000000000000000000000000000000c0");

    @Option(names = "--config", paramLabel = "FILE", description = "The node configuration to run.")
    Path config;

    @Option(names = "--init", paramLabel = "DIR",
            description = "Write a development network's chain.json, node-<i>.json and operator.key into DIR.")
    Path init;

    @Option(names = "--validators", defaultValue = "3",
            description = "With --init: the number of validator nodes (default: ${DEFAULT-VALUE}).")
    int validators;

    @Option(names = "--base-port", defaultValue = "30300",
            description = "With --init: node i listens on 127.0.0.1:(base-port + i) (default: ${DEFAULT-VALUE}).")
    int basePort;

    @Option(names = "--chain-id", defaultValue = "7", description = "With --init: the chain id (default: ${DEFAULT-VALUE}).")
    long chainId;

    @Option(names = "--period-millis", defaultValue = "1000",
            description = "With --init: the block period in milliseconds; 0 seals only when transactions wait "
                    + "(default: ${DEFAULT-VALUE}).")
    long periodMillis;

    @Option(names = "--finality-period-millis", defaultValue = "1000",
            description = "With --init: the finality period in milliseconds (default: ${DEFAULT-VALUE}).")
    long finalityPeriodMillis;

    @Option(names = "--scenario", paramLabel = "FILE",
            description = "With --init: also write an operator node and console configuration and, for every "
                    + "prosumer of this scenario, its own file, a meter node and a meter configuration "
                    + "(tem operator, tem meter).")
    Path scenario;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if ((config == null) == (init == null)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give either --config FILE or --init DIR");
        }
        return init != null ? init() : run();
    }

    // ------------------------------------------------------------------ --init

    private int init() throws IOException {
        if (validators < 1 || validators > 64) {
            throw new IllegalArgumentException("--validators must be in [1, 64], was " + validators);
        }
        if (basePort < 1 || basePort + validators - 1 > 65_535) {
            throw new IllegalArgumentException("--base-port must leave " + validators + " ports below 65536");
        }
        Files.createDirectories(init);
        if (Files.exists(init.resolve("chain.json"))) {
            throw new IllegalArgumentException(init.resolve("chain.json") + " exists: choose an empty directory");
        }
        SecureRandom random = new SecureRandom();
        DevApps apps = scenario == null ? null : DevApps.plan(ScenarioReader.read(scenario), random);
        if (apps != null && basePort + validators + apps.nodePublicKeys().size() - 1 > 65_535) {
            throw new IllegalArgumentException("--base-port must leave room for the operator's and meters' ports");
        }
        KeyPair operator = KeyPair.random(random);
        List<KeyPair> validatorKeys = new ArrayList<>();
        List<KeyPair> nodeKeys = new ArrayList<>();
        List<Address> signers = new ArrayList<>();
        List<Bytes> nodePublicKeys = new ArrayList<>();
        for (int i = 0; i < validators; i++) {
            validatorKeys.add(KeyPair.random(random));
            nodeKeys.add(KeyPair.random(random));
            signers.add(validatorKeys.get(i).address());
            nodePublicKeys.add(nodeKeys.get(i).publicKey());
        }
        if (apps != null) {
            nodePublicKeys.addAll(apps.nodePublicKeys());
        }
        ChainSpec chain = new ChainSpec(chainId, System.currentTimeMillis(), 15_000,
                new PoaParams(signers, 30_000, validators, periodMillis), finalityPeriodMillis, operator.publicKey(),
                List.of(), nodePublicKeys, List.of(new ChainSpec.ContractSpec(COORDINATION,
                        new CoordinationContract().name(), Optional.of(operator.address()), new TreeMap<>())));
        chain.genesis(); // every contract named must be installed
        Files.write(init.resolve("chain.json"), chain.toJson());
        Files.writeString(init.resolve("operator.key"), NodeConfig.hex(operator) + "\n", StandardCharsets.UTF_8);
        for (int i = 0; i < validators; i++) {
            List<String> peers = new ArrayList<>();
            for (int j = 0; j < validators; j++) {
                if (j != i) {
                    peers.add("127.0.0.1:" + (basePort + j));
                }
            }
            Files.write(init.resolve("node-" + i + ".json"), NodeConfig.json("chain.json", "data/node-" + i,
                    validatorKeys.get(i), nodeKeys.get(i), "127.0.0.1:" + (basePort + i), peers));
        }
        PrintStream out = System.out;
        out.printf(Locale.ROOT, "wrote %s: chain.json (chain %d, %d validators, period %d ms), operator.key, "
                + "node-0.json .. node-%d.json (ports %d..%d)%n", init, chainId, validators, periodMillis,
                validators - 1, basePort, basePort + validators - 1);
        out.println("start each node with: tem node --config " + init.resolve("node-0.json") + " (and the others)");
        if (apps != null) {
            List<String> all = new ArrayList<>();
            for (int i = 0; i < validators; i++) {
                all.add("127.0.0.1:" + (basePort + i));
            }
            int n = apps.write(init, operator, all, basePort + validators).size();
            out.printf(Locale.ROOT, "wrote %d operator and meter files (ports %d..%d); then start each meter with: "
                    + "tem meter --config %s (and the others), and open the round with: tem operator --config %s%n",
                    n, basePort + validators, basePort + validators + apps.nodePublicKeys().size() - 1,
                    init.resolve("meter-0.json"), init.resolve("operator.json"));
        }
        return TemCommand.OK;
    }

    // ------------------------------------------------------------------ --config

    private int run() throws IOException, InterruptedException {
        NodeConfig c = NodeConfig.read(config);
        ChainSpec chain = ChainSpec.read(c.chainSpec());
        TemNode.Builder b = TemNode.builder().chainSpec(chain).nodeKey(c.nodeKey()).listen(c.listen());
        c.dataDir().ifPresent(b::dataDir);
        c.validatorKey().ifPresent(b::validatorKey);
        c.peers().forEach(b::staticPeer);
        TemNode node = b.build();
        PrintStream out = System.out;
        node.addListener(new ChainListener() {
            @Override
            public void onNewHead(BlockHeader head) {
                int txs = node.reader().block(head.hash()).map(bl -> bl.transactions().size()).orElse(0);
                out.printf(Locale.ROOT, "head #%d %s (%d transactions)%n", head.number(), head.hash(), txs);
            }

            @Override
            public void onReorganization(List<BlockHeader> dropped, List<BlockHeader> added) {
                out.printf(Locale.ROOT, "reorganised: dropped %d block(s), added %d%n", dropped.size(), added.size());
            }

            @Override
            public void onFinalized(BlockHeader finalized) {
                out.printf(Locale.ROOT, "finalised #%d %s%n", finalized.number(), finalized.hash());
            }
        });
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            node.close();
            out.printf(Locale.ROOT, "stopped at head #%d (finalised #%d)%n", node.head().number(),
                    node.finalized().number());
            out.flush();
            stopped.countDown();
            // A signal ends the process; its work is done, so the exit is a success.
            Runtime.getRuntime().halt(TemCommand.OK);
        }, "tem-node-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        node.start();
        InetSocketAddress at = node.listenAddress().orElse(c.listen());
        out.printf(Locale.ROOT, "started %s on %s:%d, chain %d, genesis %s, head #%d, finalised #%d, %s%n", node.id(),
                at.getHostString(), at.getPort(), chain.chainId(), node.reader().block(0).orElseThrow().hash(),
                node.head().number(), node.finalized().number(),
                node.validator().map(a -> "validator " + a).orElse("no validator key"));
        SortedSet<PeerId> last = null;
        while (!stopped.await(1, java.util.concurrent.TimeUnit.SECONDS)) {
            SortedSet<PeerId> now = node.peers();
            if (!now.equals(last)) {
                out.printf(Locale.ROOT, "peers %d: %s%n", now.size(), now.isEmpty() ? "none" : String.join(", ",
                        now.stream().map(PeerId::name).toList()));
                last = now;
            }
        }
        return TemCommand.OK;
    }
}
