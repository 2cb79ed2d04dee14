package org.tem.examples.meter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.tuweni.bytes.Bytes;
import org.tem.api.Prosumer;
import org.tem.api.Vpp;
import org.tem.examples.cli.NodeConfig;
import org.tem.examples.scenario.ScenarioWriter;
import org.tem.ledger.crypto.KeyPair;
import org.tem.solver.admm.AdmmOptions;

/**
 * The meter and operator files of a development network on one machine, written next to the
 * chain's files by {@code tem node --init DIR --scenario FILE}: for every prosumer of the scenario
 * a one-prosumer file, a meter account key, a node of its own and a {@code tem-meter/1}
 * configuration; and an operator node with a {@code tem-operator/1} configuration holding only the
 * prosumers' public data. Made in two steps because the chain specification must list the new
 * nodes' keys: {@link #plan} draws the keys, {@link #write} writes the files. Not thread-safe.
 */
public final class DevApps {
    /** The ADMM settings written into the operator's configuration: loose tolerances, a short round. */
    public static final AdmmOptions OPTIONS = AdmmOptions.DEFAULT.withTolerances(1e-3, 1e-2);

    private final Vpp vpp;
    private final KeyPair operatorNode;
    private final List<KeyPair> meterNodes = new ArrayList<>();
    private final List<KeyPair> meterKeys = new ArrayList<>();

    private DevApps(Vpp vpp, SecureRandom random) {
        this.vpp = vpp;
        this.operatorNode = KeyPair.random(random);
        for (int u = 0; u < vpp.size(); u++) {
            meterNodes.add(KeyPair.random(random));
            meterKeys.add(KeyPair.random(random));
        }
    }

    /**
     * Draws the keys: an operator node key, and for each prosumer a node key and an account key.
     *
     * @param vpp the scenario
     * @param random the source of the keys
     * @return the plan
     */
    public static DevApps plan(Vpp vpp, SecureRandom random) {
        return new DevApps(Objects.requireNonNull(vpp, "vpp"), Objects.requireNonNull(random, "random"));
    }

    /** @return the public node keys the chain specification must list: the operator's node, then each meter's */
    public List<Bytes> nodePublicKeys() {
        List<Bytes> out = new ArrayList<>();
        out.add(operatorNode.publicKey());
        meterNodes.forEach(k -> out.add(k.publicKey()));
        return out;
    }

    /**
     * The one-prosumer scenario a meter holds: the market and horizon of the whole scenario (its
     * tariff) and its own prosumer, its peer list emptied (peers come from the round).
     *
     * @param vpp the scenario
     * @param u the prosumer's index
     * @return the meter's own scenario
     */
    public static Vpp own(Vpp vpp, int u) {
        Prosumer p = vpp.prosumers().get(u);
        Prosumer mine = p.peers().isPresent() ? p.toBuilder().peers(List.of()).build() : p;
        return Vpp.builder().horizon(vpp.horizon()).market(vpp.market()).prosumer(mine).build();
    }

    /**
     * Writes {@code operator-node.json}, {@code operator.json}, and for prosumer {@code i}
     * {@code home-<i>.json}, {@code meter-<i>-node.json} and {@code meter-<i>.json}; the nodes
     * listen on consecutive ports from {@code firstPort} (operator first) and dial the validators.
     *
     * @param dir the directory (holding {@code chain.json})
     * @param operator the chain's operator key
     * @param validators the validators' {@code host:port}
     * @param firstPort the operator node's port
     * @return the files written, in order
     * @throws IOException if a file cannot be written
     */
    public List<Path> write(Path dir, KeyPair operator, List<String> validators, int firstPort) throws IOException {
        List<Path> out = new ArrayList<>();
        out.add(write(dir.resolve("operator-node.json"), NodeConfig.json("chain.json", "data/operator", null,
                operatorNode, "127.0.0.1:" + firstPort, validators)));
        Map<String, Bytes> keys = new LinkedHashMap<>();
        for (int u = 0; u < vpp.size(); u++) {
            keys.put(vpp.prosumers().get(u).id(), meterKeys.get(u).publicKey());
        }
        out.add(write(dir.resolve("operator.json"), OperatorConfig.json(vpp, keys, "operator-node.json", operator,
                OPTIONS)));
        for (int u = 0; u < vpp.size(); u++) {
            Path home = dir.resolve("home-" + u + ".json");
            try (var os = Files.newOutputStream(home)) {
                ScenarioWriter.write(own(vpp, u), os);
            }
            out.add(home);
            out.add(write(dir.resolve("meter-" + u + "-node.json"), NodeConfig.json("chain.json", "data/meter-" + u,
                    null, meterNodes.get(u), "127.0.0.1:" + (firstPort + 1 + u), validators)));
            out.add(write(dir.resolve("meter-" + u + ".json"), MeterConfig.json("meter-" + u + "-node.json",
                    meterKeys.get(u), "home-" + u + ".json")));
        }
        return out;
    }

    private static Path write(Path file, byte[] bytes) throws IOException {
        Files.write(file, bytes);
        return file;
    }
}
