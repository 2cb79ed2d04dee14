package org.tem.examples.meter;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;
import org.tem.api.TemException;
import org.tem.examples.cli.NodeConfig;
import org.tem.ledger.crypto.Address;
import org.tem.ledger.crypto.KeyPair;

/**
 * The configuration of one {@code tem meter} process, read strictly from a JSON file (unknown
 * fields, wrong types and malformed values are errors naming the field):
 * <pre>{@code
 * {
 *   "format": "tem-meter/1",
 *   "node": "meter-0-node.json",
 *   "key": "0x<32-byte private key>",
 *   "prosumer": "home-0.json",
 *   "contract": "0x00000000000000000000000000000000000000c0",
 *   "firstRound": 1,
 *   "resendMillis": 10000
 * }
 * }</pre>
 * {@code node} is a {@code tem-node/1} node configuration (the meter's own node: its data
 * directory, node key, listen address and peers; normally without a validator key); {@code key}
 * is the meter's account key, the one the operator permits and registers; {@code prosumer} is a
 * scenario file holding exactly this meter's prosumer (its market is the meter's tariff: the round
 * sets the P2P price, topology and trade cap). {@code contract} (default {@code 0x…c0}), {@code
 * firstRound} (default 1) and {@code resendMillis} (default 10,000) may be left out. Relative
 * paths are relative to the file's directory. The file holds a private key: keep it readable by
 * the meter's user only.
 *
 * @param node the node configuration file
 * @param key the meter's account key
 * @param prosumer the one-prosumer scenario file
 * @param contract the coordination contract's address
 * @param firstRound the first round number to follow, {@code >= 1}
 * @param resendMillis how long a submission may stay unconfirmed before it is sent again, ms
 */
public record MeterConfig(Path node, KeyPair key, Path prosumer, Address contract, long firstRound,
        long resendMillis) {

    /** The format tag of the file. */
    public static final String FORMAT = "tem-meter/1";
    /** The address {@code tem node --init} gives the coordination contract. */
    public static final Address DEFAULT_CONTRACT = Address.fromHexString("0x00000000000000000000000000000000000000c0");
    /** The default resend time, ms. */
    public static final long DEFAULT_RESEND_MILLIS = 10_000;

    private static final Set<String> FIELDS = Set.of("format", "node", "key", "prosumer", "contract", "firstRound",
            "resendMillis");

    /**
     * @param node the node configuration file
     * @param key the account key
     * @param prosumer the prosumer file
     * @param contract the contract's address
     * @param firstRound the first round, {@code >= 1}
     * @param resendMillis the resend time, {@code > 0}
     * @throws IllegalArgumentException for a round or time below 1
     */
    public MeterConfig {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(prosumer, "prosumer");
        Objects.requireNonNull(contract, "contract");
        if (firstRound < 1 || resendMillis < 1) {
            throw new IllegalArgumentException("firstRound and resendMillis must be at least 1");
        }
    }

    /**
     * @param file the configuration file
     * @return the configuration, its paths resolved against the file's directory
     * @throws TemException if the file is too large, not JSON, or not a valid configuration (the
     *     message names the field)
     * @throws IOException if the file cannot be read
     */
    public static MeterConfig read(Path file) throws IOException {
        ObjectNode o = AppFiles.read(file, FORMAT);
        AppFiles.JSON.fields(o, "", FIELDS);
        Path base = file.toAbsolutePath().getParent();
        Path node = base.resolve(AppFiles.JSON.text(AppFiles.JSON.required(o, "node", ""), "node"));
        KeyPair key = NodeConfig.privateKey(AppFiles.JSON.required(o, "key", ""), "key");
        Path prosumer = base.resolve(AppFiles.JSON.text(AppFiles.JSON.required(o, "prosumer", ""), "prosumer"));
        Address contract = o.has("contract") ? AppFiles.address(o.get("contract"), "contract") : DEFAULT_CONTRACT;
        long first = o.has("firstRound") ? AppFiles.positive(o.get("firstRound"), "firstRound") : 1;
        long resend = o.has("resendMillis") ? AppFiles.positive(o.get("resendMillis"), "resendMillis")
                : DEFAULT_RESEND_MILLIS;
        return new MeterConfig(node, key, prosumer, contract, first, resend);
    }

    /**
     * @param node the node configuration path, as written
     * @param key the account key
     * @param prosumer the prosumer file path, as written
     * @return the file's bytes (UTF-8 JSON), with the default contract, first round and resend time
     */
    static byte[] json(String node, KeyPair key, String prosumer) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("format", FORMAT);
        o.put("node", node);
        o.put("key", AppFiles.hex(key));
        o.put("prosumer", prosumer);
        o.put("contract", DEFAULT_CONTRACT.toHexString());
        o.put("firstRound", 1);
        o.put("resendMillis", DEFAULT_RESEND_MILLIS);
        return AppFiles.json(o);
    }
}
