package org.tem.examples.meter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.tuweni.bytes.Bytes;
import org.tem.api.TemException;
import org.tem.api.Topology;
import org.tem.api.Vpp;
import org.tem.examples.cli.NodeConfig;
import org.tem.ledger.crypto.Address;
import org.tem.ledger.crypto.KeyPair;
import org.tem.solver.admm.AdmmOptions;
import org.tem.solver.contract.RoundConfig;

/**
 * The configuration of one {@code tem operator} run, read strictly from a JSON file. It holds only
 * public data about the prosumers — ids, meter public keys, declared trade limits and peers —
 * never their loads or devices:
 * <pre>{@code
 * {
 *   "format": "tem-operator/1",
 *   "node": "operator-node.json",
 *   "key": "0x<32-byte private key of the chain's operator>",
 *   "contract": "0x00000000000000000000000000000000000000c0",
 *   "round": 1,
 *   "slots": 6,
 *   "p2pPrice": 0.15,
 *   "topology": "bilateral",
 *   "tradeCapKwh": 40.0,
 *   "minorUnits": 100,
 *   "deadlineMillis": 60000,
 *   "admm": { "epsAbs": 0.001, "epsRel": 0.01, "maxIterations": 1000 },
 *   "participants": [
 *     { "id": "pv-home", "publicKey": "0x<64-byte public key>", "maxTradeKwh": 8.0, "peers": ["battery-home"] },
 *     { "id": "battery-home", "publicKey": "0x…", "peers": ["pv-home", "wind-home"] },
 *     { "id": "wind-home", "publicKey": "0x…", "peers": ["battery-home"] }
 *   ]
 * }
 * }</pre>
 * {@code node} is the operator's own {@code tem-node/1} node configuration. {@code topology} is
 * {@code pool} or {@code bilateral}; {@code peers} are required with bilateral (each link listed by
 * both ends) and not allowed with pool. {@code maxTradeKwh} left out means the participant declares
 * no limit ({@code tradeCapKwh} then bounds its links). {@code contract} (default {@code 0x…c0}),
 * {@code round} (1), {@code minorUnits} (100), {@code deadlineMillis} (60,000) and {@code admm}
 * (each setting defaults to {@link AdmmOptions#DEFAULT}'s) may be left out. The file holds the
 * operator's private key: keep it readable by the operator only.
 *
 * @param node the node configuration file
 * @param key the operator's key
 * @param contract the coordination contract's address
 * @param round the round number to open
 * @param participants the prosumers to permit and register
 * @param config the round to open
 */
public record OperatorConfig(Path node, KeyPair key, Address contract, long round,
        List<OperatorConsole.Participant> participants, RoundConfig config) {

    /** The format tag of the file. */
    public static final String FORMAT = "tem-operator/1";
    /** The default iteration deadline, ms of median block time. */
    public static final long DEFAULT_DEADLINE_MILLIS = 60_000;

    private static final Set<String> FIELDS = Set.of("format", "node", "key", "contract", "round", "slots",
            "p2pPrice", "topology", "tradeCapKwh", "minorUnits", "deadlineMillis", "admm", "participants");
    private static final Set<String> PARTICIPANT = Set.of("id", "publicKey", "maxTradeKwh", "peers");
    private static final Set<String> ADMM = Set.of("epsAbs", "epsRel", "maxIterations");

    /**
     * @param node the node configuration file
     * @param key the operator's key
     * @param contract the contract's address
     * @param round the round number
     * @param participants the participants (copied)
     * @param config the round
     */
    public OperatorConfig {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(contract, "contract");
        Objects.requireNonNull(config, "config");
        participants = List.copyOf(participants);
    }

    /**
     * @param file the configuration file
     * @return the configuration, its paths resolved against the file's directory
     * @throws TemException if the file is too large, not JSON, or not a valid configuration or
     *     round (the message names the field)
     * @throws IOException if the file cannot be read
     */
    public static OperatorConfig read(Path file) throws IOException {
        var json = AppFiles.JSON;
        ObjectNode o = AppFiles.read(file, FORMAT);
        json.fields(o, "", FIELDS);
        Path base = file.toAbsolutePath().getParent();
        Path node = base.resolve(json.text(json.required(o, "node", ""), "node"));
        KeyPair key = NodeConfig.privateKey(json.required(o, "key", ""), "key");
        Address contract = o.has("contract") ? AppFiles.address(o.get("contract"), "contract")
                : MeterConfig.DEFAULT_CONTRACT;
        long round = o.has("round") ? AppFiles.positive(o.get("round"), "round") : 1;
        int slots = json.integer(json.required(o, "slots", ""), "slots");
        double price = json.number(json.required(o, "p2pPrice", ""), "p2pPrice");
        String topology = json.text(json.required(o, "topology", ""), "topology");
        if (!topology.equals("pool") && !topology.equals("bilateral")) {
            throw new TemException("topology: must be \"pool\" or \"bilateral\", was \"" + topology + "\"");
        }
        boolean pool = topology.equals("pool");
        double cap = json.number(json.required(o, "tradeCapKwh", ""), "tradeCapKwh");
        long minorUnits = o.has("minorUnits") ? AppFiles.positive(o.get("minorUnits"), "minorUnits") : 100;
        long deadline = o.has("deadlineMillis") ? AppFiles.positive(o.get("deadlineMillis"), "deadlineMillis")
                : DEFAULT_DEADLINE_MILLIS;
        AdmmOptions options = AdmmOptions.DEFAULT;
        if (o.has("admm")) {
            ObjectNode a = json.object(o.get("admm"), "admm");
            json.fields(a, "admm", ADMM);
            double abs = a.has("epsAbs") ? json.number(a.get("epsAbs"), "admm.epsAbs") : options.epsAbs();
            double rel = a.has("epsRel") ? json.number(a.get("epsRel"), "admm.epsRel") : options.epsRel();
            int max = a.has("maxIterations") ? json.integer(a.get("maxIterations"), "admm.maxIterations")
                    : options.maxIterations();
            try {
                options = options.withTolerances(abs, rel).withMaxIterations(max);
            } catch (IllegalArgumentException e) {
                throw new TemException("admm: " + e.getMessage(), e);
            }
        }
        if (!(json.required(o, "participants", "") instanceof ArrayNode list)) {
            throw new TemException("participants: must be an array");
        }
        if (list.size() > RoundConfig.MAX_PARTICIPANTS) {
            throw new TemException("participants: " + list.size() + " entries, limit " + RoundConfig.MAX_PARTICIPANTS);
        }
        List<OperatorConsole.Participant> participants = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        List<Double> maxTrade = new ArrayList<>();
        List<JsonNode> peerNodes = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String path = "participants[" + i + "]";
            ObjectNode p = json.object(list.get(i), path);
            json.fields(p, path, PARTICIPANT);
            String id = json.text(json.required(p, "id", path), path + ".id");
            participants.add(new OperatorConsole.Participant(id,
                    AppFiles.publicKey(json.required(p, "publicKey", path), path + ".publicKey")));
            ids.add(id);
            maxTrade.add(p.has("maxTradeKwh") ? json.number(p.get("maxTradeKwh"), path + ".maxTradeKwh")
                    : Double.POSITIVE_INFINITY);
            if (pool == p.has("peers")) {
                throw new TemException(path + ".peers: " + (pool ? "not allowed with pool" : "required with bilateral"));
            }
            peerNodes.add(p.get("peers"));
        }
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            index.put(ids.get(i), i);
        }
        List<List<Integer>> peers = new ArrayList<>();
        for (int i = 0; !pool && i < ids.size(); i++) {
            String path = "participants[" + i + "].peers";
            if (!(peerNodes.get(i) instanceof ArrayNode a) || a.size() > ids.size()) {
                throw new TemException(path + ": must be an array of at most " + ids.size() + " ids");
            }
            List<Integer> mine = new ArrayList<>();
            for (int j = 0; j < a.size(); j++) {
                Integer v = index.get(json.text(a.get(j), path + "[" + j + "]"));
                if (v == null) {
                    throw new TemException(path + "[" + j + "]: not a participant");
                }
                mine.add(v);
            }
            mine.sort(null);
            peers.add(mine);
        }
        RoundConfig config;
        try {
            config = new RoundConfig(ids, slots, pool, peers, maxTrade, cap, options, price, minorUnits, deadline);
            config.links();
        } catch (IllegalArgumentException e) {
            throw new TemException("round: " + e.getMessage(), e);
        }
        return new OperatorConfig(node, key, contract, round, participants, config);
    }

    /**
     * The operator configuration of a VPP's round, written from its public part only: ids, declared
     * limits, peers, slots, price, cap ({@link Vpp#tradeCapKwh()}); reading it back gives {@link
     * RoundConfig#of} of the same VPP.
     *
     * @param vpp the VPP
     * @param publicKeys each prosumer's meter public key, by id
     * @param node the node configuration path, as written
     * @param key the operator's key
     * @param options ADMM settings (tolerances and iteration limit are written)
     * @return the file's bytes (UTF-8 JSON)
     */
    static byte[] json(Vpp vpp, Map<String, Bytes> publicKeys, String node, KeyPair key, AdmmOptions options) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("format", FORMAT);
        o.put("node", node);
        o.put("key", AppFiles.hex(key));
        o.put("contract", MeterConfig.DEFAULT_CONTRACT.toHexString());
        o.put("round", 1);
        o.put("slots", vpp.horizon().slots());
        o.put("p2pPrice", vpp.market().p2pPrice());
        boolean pool = vpp.market().topology() == Topology.POOL;
        o.put("topology", pool ? "pool" : "bilateral");
        o.put("tradeCapKwh", vpp.tradeCapKwh());
        o.put("minorUnits", 100);
        o.put("deadlineMillis", DEFAULT_DEADLINE_MILLIS);
        ObjectNode a = o.putObject("admm");
        a.put("epsAbs", options.epsAbs());
        a.put("epsRel", options.epsRel());
        a.put("maxIterations", options.maxIterations());
        ArrayNode list = o.putArray("participants");
        for (int u = 0; u < vpp.size(); u++) {
            var p = vpp.prosumers().get(u);
            ObjectNode e = list.addObject();
            e.put("id", p.id());
            e.put("publicKey", publicKeys.get(p.id()).toHexString());
            if (p.maxTradeKwh() != Double.POSITIVE_INFINITY) {
                e.put("maxTradeKwh", p.maxTradeKwh());
            }
            if (!pool) {
                ArrayNode peers = e.putArray("peers");
                vpp.peersOf(u).forEach(v -> peers.add(vpp.prosumers().get(v).id()));
            }
        }
        return AppFiles.json(o);
    }
}
