package org.tem.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tem.api.TemException;
import org.tem.examples.json.StrictJson;
import org.tem.ledger.crypto.KeyPair;

/**
 * The configuration of one {@code tem node} process, read from a JSON file (strictly: unknown
 * fields, wrong types and malformed values are errors naming the field):
 * <pre>{@code
 * {
 *   "format": "tem-node/1",
 *   "chainSpec": "chain.json",
 *   "dataDir": "data/node-0",
 *   "validatorKey": "0x<32-byte private key>",
 *   "nodeKey": "0x<32-byte private key>",
 *   "listen": "127.0.0.1:30300",
 *   "peers": ["127.0.0.1:30301", "127.0.0.1:30302"]
 * }
 * }</pre>
 * Relative paths are relative to the configuration file's directory. {@code dataDir} (absent: the
 * chain is kept in memory and lost at exit), {@code validatorKey} (absent: the node follows the
 * chain without sealing) and {@code peers} may be left out. The file holds private keys: keep it
 * readable by the node's user only.
 *
 * @param chainSpec the chain specification file
 * @param dataDir the data directory, if any
 * @param validatorKey the key to seal with, if any
 * @param nodeKey the key that authenticates the node to its peers
 * @param listen where to listen
 * @param peers the peers to dial and redial
 */
public record NodeConfig(Path chainSpec, Optional<Path> dataDir, Optional<KeyPair> validatorKey, KeyPair nodeKey,
        InetSocketAddress listen, List<InetSocketAddress> peers) {

    /** The format tag of the file. */
    public static final String FORMAT = "tem-node/1";
    /** The largest configuration file read, in bytes. */
    public static final int MAX_FILE_BYTES = 64 * 1024;
    /** The most peers listed. */
    public static final int MAX_PEERS = 256;

    private static final Set<String> FIELDS = Set.of("format", "chainSpec", "dataDir", "validatorKey", "nodeKey",
            "listen", "peers");
    private static final Pattern ADDRESS = Pattern.compile("(\\[[0-9a-fA-F:.]+\\]|[A-Za-z0-9.-]+):([0-9]{1,5})");
    private static final Pattern KEY = Pattern.compile("0x[0-9a-fA-F]{64}");
    private static final StrictJson JSON = new StrictJson(TemException::new);

    /**
     * @param chainSpec the chain specification file
     * @param dataDir the data directory, if any
     * @param validatorKey the key to seal with, if any
     * @param nodeKey the node key
     * @param listen where to listen
     * @param peers the peers (copied)
     */
    public NodeConfig {
        Objects.requireNonNull(chainSpec, "chainSpec");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(validatorKey, "validatorKey");
        Objects.requireNonNull(nodeKey, "nodeKey");
        Objects.requireNonNull(listen, "listen");
        peers = List.copyOf(peers);
    }

    /**
     * @param file the configuration file
     * @return the configuration, its paths resolved against the file's directory
     * @throws TemException if the file is larger than {@link #MAX_FILE_BYTES}, not JSON, or not a
     *     valid configuration (the message names the field)
     * @throws IOException if the file cannot be read
     */
    public static NodeConfig read(Path file) throws IOException {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_FILE_BYTES + 1);
        }
        if (bytes.length > MAX_FILE_BYTES) {
            throw new TemException(file + ": larger than " + MAX_FILE_BYTES + " bytes");
        }
        JsonNode root;
        try {
            root = StrictJson.mapper().readTree(bytes);
        } catch (IOException e) {
            throw new TemException(file + ": not valid JSON: " + e.getMessage(), e);
        }
        Path base = file.toAbsolutePath().getParent();
        ObjectNode o = JSON.object(root, "(root)");
        JSON.fields(o, "", FIELDS);
        String format = JSON.text(JSON.required(o, "format", ""), "format");
        if (!FORMAT.equals(format)) {
            throw new TemException("format: must be \"" + FORMAT + "\"");
        }
        Path spec = base.resolve(JSON.text(JSON.required(o, "chainSpec", ""), "chainSpec"));
        Optional<Path> data = o.has("dataDir")
                ? Optional.of(base.resolve(JSON.text(o.get("dataDir"), "dataDir"))) : Optional.empty();
        Optional<KeyPair> validator = o.has("validatorKey")
                ? Optional.of(privateKey(o.get("validatorKey"), "validatorKey")) : Optional.empty();
        KeyPair nodeKey = privateKey(JSON.required(o, "nodeKey", ""), "nodeKey");
        InetSocketAddress listen = address(JSON.text(JSON.required(o, "listen", ""), "listen"), "listen");
        List<InetSocketAddress> peers = new ArrayList<>();
        if (o.has("peers")) {
            if (!(o.get("peers") instanceof ArrayNode a)) {
                throw new TemException("peers: must be an array, was " + StrictJson.kind(o.get("peers")));
            }
            if (a.size() > MAX_PEERS) {
                throw new TemException("peers: " + a.size() + " entries, limit " + MAX_PEERS);
            }
            for (int i = 0; i < a.size(); i++) {
                peers.add(address(JSON.text(a.get(i), "peers[" + i + "]"), "peers[" + i + "]"));
            }
        }
        return new NodeConfig(spec, data, validator, nodeKey, listen, peers);
    }

    /**
     * A private key field of a configuration file (this one, and the meter's and operator's).
     *
     * @param n the field's value
     * @param path the field's path, for errors
     * @return the key pair
     * @throws TemException unless the value is {@code 0x} and 64 hex digits naming a valid secp256k1 key
     */
    public static KeyPair privateKey(JsonNode n, String path) {
        String s = JSON.text(n, path);
        if (!KEY.matcher(s).matches()) {
            throw new TemException(path + ": must be a private key, 0x and 64 hex digits");
        }
        try {
            return KeyPair.fromPrivateKey(new BigInteger(s.substring(2), 16));
        } catch (IllegalArgumentException e) {
            throw new TemException(path + ": " + e.getMessage(), e);
        }
    }

    /**
     * @param s {@code host:port} (an IPv6 address in brackets)
     * @param path the field's path, for errors
     * @return the address, resolved
     * @throws TemException if malformed, the port is above 65535, or the host does not resolve
     */
    static InetSocketAddress address(String s, String path) {
        Matcher m = ADDRESS.matcher(s);
        if (s.length() > 300 || !m.matches()) {
            throw new TemException(path + ": must be host:port, for example 127.0.0.1:30300");
        }
        int port = Integer.parseInt(m.group(2));
        if (port > 65_535) {
            throw new TemException(path + ": port must be at most 65535, was " + port);
        }
        String host = m.group(1).startsWith("[") ? m.group(1).substring(1, m.group(1).length() - 1) : m.group(1);
        InetSocketAddress a = new InetSocketAddress(host, port);
        if (a.isUnresolved()) {
            throw new TemException(path + ": cannot resolve host " + host);
        }
        return a;
    }

    /**
     * Writes a configuration file (as {@code tem node --init} does).
     *
     * @param chainSpec the chain specification path, as written (relative to the file's directory)
     * @param dataDir the data directory, as written, or null for none
     * @param validatorKey the validator key, or null for none
     * @param nodeKey the node key
     * @param listen {@code host:port}
     * @param peers {@code host:port} each
     * @return the file's bytes (UTF-8 JSON)
     */
    public static byte[] json(String chainSpec, String dataDir, KeyPair validatorKey, KeyPair nodeKey, String listen,
            List<String> peers) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("format", FORMAT);
        o.put("chainSpec", chainSpec);
        if (dataDir != null) {
            o.put("dataDir", dataDir);
        }
        if (validatorKey != null) {
            o.put("validatorKey", hex(validatorKey));
        }
        o.put("nodeKey", hex(nodeKey));
        o.put("listen", listen);
        ArrayNode p = o.putArray("peers");
        peers.forEach(p::add);
        try {
            return (StrictJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(o) + "\n")
                    .getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    /**
     * @param key a key pair
     * @return its private key as 0x and 64 hex digits
     */
    static String hex(KeyPair key) {
        String h = key.privateKey().toString(16);
        return "0x" + "0".repeat(64 - h.length()) + h;
    }
}
