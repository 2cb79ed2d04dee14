package org.tem.consensus.node;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.apache.tuweni.bytes.Bytes;
import org.tem.api.contract.ContractFactory;
import org.tem.api.contract.Limits;
import org.tem.consensus.poa.PoaParams;
import org.tem.consensus.poa.PoaSnapshot;
import org.tem.ledger.chain.Genesis;
import org.tem.ledger.crypto.Address;
import org.tem.ledger.crypto.Secp256k1;
import org.tem.ledger.permission.Permissions;

/**
 * A chain specification: everything the nodes of a proof-of-authority chain must agree on, as
 * one JSON file, and the {@link Genesis} and {@link PoaParams} it defines. Immutable.
 *
 * <h2>The file</h2>
 * <pre>{@code
 * {
 *   "format": "tem-chain-spec/1",
 *   "chainId": 7,
 *   "genesisTimestamp": 1700000000000,
 *   "maxFutureDriftMillis": 15000,
 *   "poa": {
 *     "signers": ["0x<20-byte address>", ...],
 *     "epoch": 30000,
 *     "finalityEpoch": 3,
 *     "periodMillis": 0,
 *     "finalityPeriodMillis": 1000
 *   },
 *   "operator": "0x<64-byte public key>",
 *   "accounts": ["0x<64-byte public key>", ...],
 *   "nodeKeys": ["0x<64-byte public key>", ...],
 *   "contracts": [
 *     {"address": "0x<20 bytes>", "name": "tem/coordination/4", "operator": "0x<20 bytes>",
 *      "state": {"0x<key>": "0x<value>"}}
 *   ]
 * }
 * }</pre>
 * {@code maxFutureDriftMillis} (default {@value Genesis#DEFAULT_MAX_FUTURE_DRIFT_MILLIS}), {@code
 * accounts}, {@code nodeKeys} and {@code contracts} may be left out; so may a contract's {@code
 * operator} and {@code state}. The block period of the ledger is {@code poa.periodMillis}. The
 * finality period ({@code poa.finalityPeriodMillis}: how long after the last block a validator
 * seals an empty block while a block still awaits finality) is not part of the genesis (nodes
 * may differ) but is kept here so one file configures a network.
 *
 * <p>A contract is named, not given as code: its {@code name} is looked up among the {@link
 * ContractFactory} implementations on the class path ({@link #installedFactories()}), and its
 * {@code operator}, if given, is written under the factory's {@linkplain
 * ContractFactory#operatorStateKey() operator key}. {@code state} entries are written as given
 * (keys of 1 to {@value Limits#MAX_KEY_BYTES} bytes, values of at most {@value
 * Limits#MAX_VALUE_BYTES}).
 *
 * <h2>Strict</h2>
 * The file is untrusted input. At most {@link #MAX_FILE_BYTES} bytes; duplicate keys, trailing
 * tokens, unknown fields, wrong types, fractions, out-of-range numbers, malformed hex, keys not on
 * the curve, duplicate list members and lists over their bounds are all errors ({@link
 * ChainSpecException}, whose message starts with the field's path).
 *
 * @param chainId the chain id, positive
 * @param genesisTimestamp the genesis timestamp, milliseconds since the epoch, at least 0
 * @param maxFutureDriftMillis how far ahead of a node's clock a block may be stamped, milliseconds,
 *     0 to {@link #MAX_MILLIS}
 * @param poa the consensus parameters (signers, epoch, finality epoch, period)
 * @param finalityPeriodMillis the finality period, milliseconds, 1 to {@link #MAX_MILLIS}
 * @param operator the operator's 64-byte public key
 * @param accounts the other permitted accounts' public keys (at most {@link #MAX_ACCOUNTS},
 *     distinct)
 * @param nodeKeys the permitted node keys (at most {@link #MAX_NODE_KEYS}, distinct)
 * @param contracts the contracts (at most {@link #MAX_CONTRACTS}, distinct addresses)
 */
public record ChainSpec(long chainId, long genesisTimestamp, long maxFutureDriftMillis, PoaParams poa,
        long finalityPeriodMillis, Bytes operator, List<Bytes> accounts, List<Bytes> nodeKeys,
        List<ContractSpec> contracts) {

    /** The format tag every file starts with. */
    public static final String FORMAT = "tem-chain-spec/1";
    /** The largest file read, in bytes. */
    public static final int MAX_FILE_BYTES = 4 * 1024 * 1024;
    /** The most permitted accounts a file lists (the operator aside). */
    public static final int MAX_ACCOUNTS = 10_000;
    /** The most node keys a file lists. */
    public static final int MAX_NODE_KEYS = 1_000;
    /** The most contracts a file lists. */
    public static final int MAX_CONTRACTS = 256;
    /** The most initial state entries of one contract. */
    public static final int MAX_STATE_ENTRIES = 1_024;
    /** The largest duration accepted (one day), milliseconds. */
    public static final long MAX_MILLIS = 86_400_000L;
    /** The largest epoch or finality epoch accepted, in blocks. */
    public static final long MAX_EPOCH = 1_000_000_000L;

    private static final Set<String> TOP = Set.of("format", "chainId", "genesisTimestamp", "maxFutureDriftMillis",
            "poa", "operator", "accounts", "nodeKeys", "contracts");
    private static final Set<String> POA = Set.of("signers", "epoch", "finalityEpoch", "periodMillis",
            "finalityPeriodMillis");
    private static final Set<String> CONTRACT = Set.of("address", "name", "operator", "state");
    private static final Pattern HEX = Pattern.compile("0x([0-9a-fA-F]{2})*");

    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(8).maxNumberLength(32)
                    .maxStringLength(2 * Limits.MAX_VALUE_BYTES + 8).maxDocumentLength(MAX_FILE_BYTES).build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);

    /**
     * One contract of the chain.
     *
     * @param address where it is registered: not the zero address, {@link Permissions#ADDRESS} nor
     *     {@link Genesis#CHAIN_TABLE}
     * @param name the contract's name, made by a {@link ContractFactory} of that name
     * @param operator the address written under the factory's operator key, if any
     * @param state initial state entries, key to value (copied, sorted, unmodifiable)
     */
    public record ContractSpec(Address address, String name, Optional<Address> operator,
            SortedMap<Bytes, Bytes> state) {

        /**
         * @param address where it is registered
         * @param name the contract's name
         * @param operator the operator entry, if any
         * @param state initial state entries (copied)
         * @throws IllegalArgumentException if the name is blank or longer than {@value
         *     Limits#MAX_NAME_CHARS} characters, or the state has too many entries or one out of bounds
         */
        public ContractSpec {
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(operator, "operator");
            if (name.isBlank() || name.length() > Limits.MAX_NAME_CHARS) {
                throw new IllegalArgumentException("name must be 1 to " + Limits.MAX_NAME_CHARS
                        + " characters, not blank");
            }
            if (state.size() > MAX_STATE_ENTRIES) {
                throw new IllegalArgumentException("state has " + state.size() + " entries, limit "
                        + MAX_STATE_ENTRIES);
            }
            TreeMap<Bytes, Bytes> s = new TreeMap<>();
            state.forEach((k, v) -> {
                if (k.isEmpty() || k.size() > Limits.MAX_KEY_BYTES || v.size() > Limits.MAX_VALUE_BYTES) {
                    throw new IllegalArgumentException("state entry out of bounds: key of " + k.size()
                            + " bytes, value of " + v.size());
                }
                s.put(k.copy(), v.copy());
            });
            state = Collections.unmodifiableSortedMap(s);
        }
    }

    /**
     * @param chainId the chain id, positive
     * @param genesisTimestamp the genesis timestamp, milliseconds since the epoch, at least 0
     * @param maxFutureDriftMillis the allowed clock drift, milliseconds, 0 to {@link #MAX_MILLIS}
     * @param poa the consensus parameters (epochs at most {@link #MAX_EPOCH}, period at most
     *     {@link #MAX_MILLIS})
     * @param finalityPeriodMillis the finality period, milliseconds, 1 to {@link #MAX_MILLIS}
     * @param operator the operator's 64-byte public key
     * @param accounts the other permitted accounts' public keys (copied)
     * @param nodeKeys the permitted node keys (copied)
     * @param contracts the contracts (copied)
     * @throws IllegalArgumentException if a number is out of range, a key is not on the curve, a
     *     list is too long or has duplicates, or two contracts share an address
     */
    public ChainSpec {
        Objects.requireNonNull(poa, "poa");
        Objects.requireNonNull(operator, "operator");
        if (chainId <= 0) {
            throw new IllegalArgumentException("chainId must be positive, was " + chainId);
        }
        if (genesisTimestamp < 0) {
            throw new IllegalArgumentException("genesisTimestamp must be at least 0, was " + genesisTimestamp);
        }
        checkMillis("maxFutureDriftMillis", maxFutureDriftMillis, 0);
        checkMillis("finalityPeriodMillis", finalityPeriodMillis, 1);
        checkMillis("poa.periodMillis", poa.periodMillis(), 0);
        if (poa.epochLength() > MAX_EPOCH || poa.finalityEpochLength() > MAX_EPOCH) {
            throw new IllegalArgumentException("poa epochs must be at most " + MAX_EPOCH);
        }
        checkKey("operator", operator);
        accounts = keys("accounts", accounts, MAX_ACCOUNTS);
        nodeKeys = keys("nodeKeys", nodeKeys, MAX_NODE_KEYS);
        contracts = List.copyOf(contracts);
        if (contracts.size() > MAX_CONTRACTS) {
            throw new IllegalArgumentException("contracts: " + contracts.size() + " listed, limit " + MAX_CONTRACTS);
        }
        Set<Address> at = new HashSet<>();
        for (int i = 0; i < contracts.size(); i++) {
            Address a = contracts.get(i).address();
            if (a.equals(Address.ZERO) || a.equals(Permissions.ADDRESS) || a.equals(Genesis.CHAIN_TABLE)) {
                throw new IllegalArgumentException("contracts[" + i + "].address: " + a + " is reserved");
            }
            if (!at.add(a)) {
                throw new IllegalArgumentException("contracts[" + i + "].address: " + a + " is listed twice");
            }
        }
    }

    private static void checkMillis(String field, long v, long min) {
        if (v < min || v > MAX_MILLIS) {
            throw new IllegalArgumentException(field + " must be in [" + min + ", " + MAX_MILLIS + "], was " + v);
        }
    }

    private static void checkKey(String field, Bytes key) {
        if (!Secp256k1.isValidPublicKey(key)) {
            throw new IllegalArgumentException(field + ": not a secp256k1 public key (64 bytes, x then y, on the curve)");
        }
    }

    private static List<Bytes> keys(String field, List<Bytes> keys, int max) {
        if (keys.size() > max) {
            throw new IllegalArgumentException(field + ": " + keys.size() + " listed, limit " + max);
        }
        Set<Bytes> seen = new HashSet<>();
        List<Bytes> out = new ArrayList<>(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            Bytes k = keys.get(i);
            checkKey(field + "[" + i + "]", k);
            if (!seen.add(k)) {
                throw new IllegalArgumentException(field + "[" + i + "]: listed twice");
            }
            out.add(k.copy());
        }
        return List.copyOf(out);
    }

    // ------------------------------------------------------------------ what it defines

    /**
     * @return the contract factories on the class path ({@link ServiceLoader}), by name; if two
     *     share a name the first found is kept
     * @throws java.util.ServiceConfigurationError if a listed factory cannot be loaded
     */
    public static Map<String, ContractFactory> installedFactories() {
        TreeMap<String, ContractFactory> out = new TreeMap<>();
        for (ContractFactory f : ServiceLoader.load(ContractFactory.class, ChainSpec.class.getClassLoader())) {
            out.putIfAbsent(f.name(), f);
        }
        return Collections.unmodifiableSortedMap(out);
    }

    /**
     * @return the genesis, with the contracts made by the {@linkplain #installedFactories()
     *     installed factories}
     * @throws ChainSpecException if a contract's name has no factory, or its factory has no
     *     operator key but an operator is given
     */
    public Genesis genesis() {
        return genesis(installedFactories());
    }

    /**
     * @param factories the contract factories by name
     * @return the genesis this specification defines
     * @throws ChainSpecException if a contract's name has no factory, a factory makes a contract of
     *     another name, or a contract has an operator but its factory no operator key
     */
    public Genesis genesis(Map<String, ContractFactory> factories) {
        Genesis.Builder g = Genesis.builder().chainId(chainId).timestamp(genesisTimestamp)
                .blockPeriodMillis(poa.periodMillis()).maxFutureDriftMillis(maxFutureDriftMillis)
                .consensusData(poa.encode()).operator(operator);
        accounts.forEach(g::account);
        nodeKeys.forEach(g::nodeKey);
        for (int i = 0; i < contracts.size(); i++) {
            ContractSpec c = contracts.get(i);
            String path = "contracts[" + i + "]";
            ContractFactory f = factories.get(c.name());
            if (f == null) {
                throw new ChainSpecException(path + ".name: no contract factory named \"" + c.name()
                        + "\" is installed (installed: " + String.join(", ", new TreeSet<>(factories.keySet())) + ")");
            }
            var contract = f.create();
            if (!c.name().equals(contract.name())) {
                throw new ChainSpecException(path + ".name: the factory of \"" + c.name() + "\" made \""
                        + contract.name() + "\"");
            }
            g.contract(c.address(), contract);
            if (c.operator().isPresent()) {
                byte[] key = f.operatorStateKey().orElseThrow(() -> new ChainSpecException(path
                        + ".operator: contract \"" + c.name() + "\" has no operator entry"));
                g.state(c.address(), key, c.operator().get().toArray());
            }
            c.state().forEach((k, v) -> g.state(c.address(), k.toArray(), v.toArray()));
        }
        return g.build();
    }

    // ------------------------------------------------------------------ JSON

    /**
     * @param file a chain specification file
     * @return the specification
     * @throws ChainSpecException if the file cannot be read, is larger than {@link #MAX_FILE_BYTES}
     *     or is not a valid specification
     */
    public static ChainSpec read(Path file) {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_FILE_BYTES + 1);
        } catch (IOException e) {
            throw new ChainSpecException(file + ": cannot read: " + e.getMessage(), e);
        }
        return parse(bytes);
    }

    /**
     * @param json the file's bytes (UTF-8)
     * @return the specification
     * @throws ChainSpecException if the bytes are more than {@link #MAX_FILE_BYTES}, not JSON, or
     *     not a valid specification (the message names the field)
     */
    public static ChainSpec parse(byte[] json) {
        if (json.length > MAX_FILE_BYTES) {
            throw new ChainSpecException("chain spec larger than " + MAX_FILE_BYTES + " bytes");
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ChainSpecException("not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ChainSpecException("not valid JSON: " + e.getMessage(), e);
        }
        ObjectNode o = object(root, "(root)");
        fields(o, "", TOP);
        String format = text(required(o, "format", ""), "format");
        if (!FORMAT.equals(format)) {
            throw new ChainSpecException("format: must be \"" + FORMAT + "\", was \"" + printable(format) + "\"");
        }
        long chainId = integer(required(o, "chainId", ""), "chainId", 1, Long.MAX_VALUE);
        long timestamp = integer(required(o, "genesisTimestamp", ""), "genesisTimestamp", 0, Long.MAX_VALUE);
        long drift = o.has("maxFutureDriftMillis")
                ? integer(o.get("maxFutureDriftMillis"), "maxFutureDriftMillis", 0, MAX_MILLIS)
                : Genesis.DEFAULT_MAX_FUTURE_DRIFT_MILLIS;
        ObjectNode p = object(required(o, "poa", ""), "poa");
        fields(p, "poa", POA);
        ArrayNode signerNodes = array(required(p, "signers", "poa"), "poa.signers", PoaSnapshot.MAX_SIGNERS);
        List<Address> signers = new ArrayList<>();
        for (int i = 0; i < signerNodes.size(); i++) {
            signers.add(address(signerNodes.get(i), "poa.signers[" + i + "]"));
        }
        long epoch = integer(required(p, "epoch", "poa"), "poa.epoch", 1, MAX_EPOCH);
        long finalityEpoch = integer(required(p, "finalityEpoch", "poa"), "poa.finalityEpoch", 1, MAX_EPOCH);
        long period = integer(required(p, "periodMillis", "poa"), "poa.periodMillis", 0, MAX_MILLIS);
        long finalityPeriod = integer(required(p, "finalityPeriodMillis", "poa"), "poa.finalityPeriodMillis", 1,
                MAX_MILLIS);
        PoaParams params;
        try {
            params = new PoaParams(signers, epoch, finalityEpoch, period);
        } catch (IllegalArgumentException e) {
            throw new ChainSpecException("poa.signers: " + e.getMessage(), e);
        }
        Bytes operator = publicKey(required(o, "operator", ""), "operator");
        List<Bytes> accounts = publicKeys(o.get("accounts"), "accounts", MAX_ACCOUNTS);
        List<Bytes> nodeKeys = publicKeys(o.get("nodeKeys"), "nodeKeys", MAX_NODE_KEYS);
        List<ContractSpec> contracts = new ArrayList<>();
        if (o.has("contracts")) {
            ArrayNode cs = array(o.get("contracts"), "contracts", MAX_CONTRACTS);
            for (int i = 0; i < cs.size(); i++) {
                contracts.add(contract(cs.get(i), "contracts[" + i + "]"));
            }
        }
        try {
            return new ChainSpec(chainId, timestamp, drift, params, finalityPeriod, operator, accounts, nodeKeys,
                    contracts);
        } catch (IllegalArgumentException e) {
            throw new ChainSpecException(e.getMessage(), e);
        }
    }

    private static ContractSpec contract(JsonNode n, String path) {
        ObjectNode c = object(n, path);
        fields(c, path, CONTRACT);
        Address address = address(required(c, "address", path), path + ".address");
        String name = text(required(c, "name", path), path + ".name");
        if (name.isBlank() || name.length() > Limits.MAX_NAME_CHARS) {
            throw new ChainSpecException(path + ".name: must be 1 to " + Limits.MAX_NAME_CHARS
                    + " characters, not blank");
        }
        Optional<Address> operator = c.has("operator")
                ? Optional.of(address(c.get("operator"), path + ".operator")) : Optional.empty();
        TreeMap<Bytes, Bytes> state = new TreeMap<>();
        if (c.has("state")) {
            ObjectNode s = object(c.get("state"), path + ".state");
            if (s.size() > MAX_STATE_ENTRIES) {
                throw new ChainSpecException(path + ".state: " + s.size() + " entries, limit " + MAX_STATE_ENTRIES);
            }
            Iterator<Map.Entry<String, JsonNode>> it = s.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                String kp = path + ".state[\"" + printable(e.getKey()) + "\"]";
                Bytes k = hex(e.getKey(), kp + " (key)", 1, Limits.MAX_KEY_BYTES);
                Bytes v = hex(text(e.getValue(), kp), kp, 0, Limits.MAX_VALUE_BYTES);
                if (state.put(k, v) != null) {
                    throw new ChainSpecException(kp + ": the same key is written twice");
                }
            }
        }
        return new ContractSpec(address, name, operator, state);
    }

    /**
     * @return the specification as a JSON file (UTF-8, indented), which {@link #parse} reads back
     *     to an equal specification
     */
    public byte[] toJson() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode o = f.objectNode();
        o.put("format", FORMAT);
        o.put("chainId", chainId);
        o.put("genesisTimestamp", genesisTimestamp);
        o.put("maxFutureDriftMillis", maxFutureDriftMillis);
        ObjectNode p = o.putObject("poa");
        ArrayNode s = p.putArray("signers");
        poa.signers().forEach(a -> s.add(a.toHexString()));
        p.put("epoch", poa.epochLength());
        p.put("finalityEpoch", poa.finalityEpochLength());
        p.put("periodMillis", poa.periodMillis());
        p.put("finalityPeriodMillis", finalityPeriodMillis);
        o.put("operator", operator.toHexString());
        ArrayNode acc = o.putArray("accounts");
        accounts.forEach(k -> acc.add(k.toHexString()));
        ArrayNode nk = o.putArray("nodeKeys");
        nodeKeys.forEach(k -> nk.add(k.toHexString()));
        ArrayNode cs = o.putArray("contracts");
        for (ContractSpec c : contracts) {
            ObjectNode co = cs.addObject();
            co.put("address", c.address().toHexString());
            co.put("name", c.name());
            c.operator().ifPresent(a -> co.put("operator", a.toHexString()));
            if (!c.state().isEmpty()) {
                ObjectNode st = co.putObject("state");
                c.state().forEach((k, v) -> st.put(k.toHexString(), v.toHexString()));
            }
        }
        try {
            return (MAPPER.writeValueAsString(o) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    // ------------------------------------------------------------------ strict readers

    private static JsonNode required(ObjectNode o, String field, String path) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) {
            throw new ChainSpecException(join(path, field) + ": required");
        }
        return v;
    }

    private static void fields(ObjectNode o, String path, Set<String> known) {
        Iterator<String> names = o.fieldNames();
        while (names.hasNext()) {
            String n = names.next();
            if (!known.contains(n)) {
                throw new ChainSpecException(join(path, printable(n)) + ": unknown field (known: "
                        + String.join(", ", new TreeSet<>(known)) + ")");
            }
        }
    }

    private static ObjectNode object(JsonNode n, String path) {
        if (!(n instanceof ObjectNode o)) {
            throw new ChainSpecException(path + ": must be an object, was " + kind(n));
        }
        return o;
    }

    private static ArrayNode array(JsonNode n, String path, int max) {
        if (!(n instanceof ArrayNode a)) {
            throw new ChainSpecException(path + ": must be an array, was " + kind(n));
        }
        if (a.size() > max) {
            throw new ChainSpecException(path + ": " + a.size() + " entries, limit " + max);
        }
        return a;
    }

    private static String text(JsonNode n, String path) {
        if (n == null || !n.isTextual()) {
            throw new ChainSpecException(path + ": must be a string, was " + kind(n));
        }
        return n.textValue();
    }

    private static long integer(JsonNode n, String path, long min, long max) {
        if (n == null || !n.isIntegralNumber()) {
            throw new ChainSpecException(path + ": must be an integer, was " + kind(n));
        }
        if (!n.canConvertToLong() || n.longValue() < min || n.longValue() > max) {
            throw new ChainSpecException(path + ": must be in [" + min + ", " + max + "], was " + n.asText());
        }
        return n.longValue();
    }

    private static Bytes hex(String s, String path, int minBytes, int maxBytes) {
        if (s.length() > 2 + 2L * maxBytes || !HEX.matcher(s).matches()) {
            throw new ChainSpecException(path + ": must be 0x-prefixed hex of " + minBytes + " to " + maxBytes
                    + " bytes" + (s.length() <= 80 ? ", was \"" + printable(s) + "\"" : ""));
        }
        Bytes b = Bytes.fromHexString(s);
        if (b.size() < minBytes) {
            throw new ChainSpecException(path + ": must be 0x-prefixed hex of " + minBytes + " to " + maxBytes
                    + " bytes, was " + b.size());
        }
        return b;
    }

    private static Address address(JsonNode n, String path) {
        Bytes b = hex(text(n, path), path, Address.SIZE, Address.SIZE);
        return Address.of(b);
    }

    private static Bytes publicKey(JsonNode n, String path) {
        Bytes b = hex(text(n, path), path, 64, 64);
        if (!Secp256k1.isValidPublicKey(b)) {
            throw new ChainSpecException(path + ": not a secp256k1 public key (64 bytes, x then y, on the curve)");
        }
        return b;
    }

    private static List<Bytes> publicKeys(JsonNode n, String path, int max) {
        if (n == null) {
            return List.of();
        }
        ArrayNode a = array(n, path, max);
        List<Bytes> out = new ArrayList<>(a.size());
        Set<Bytes> seen = new HashSet<>();
        for (int i = 0; i < a.size(); i++) {
            Bytes k = publicKey(a.get(i), path + "[" + i + "]");
            if (!seen.add(k)) {
                throw new ChainSpecException(path + "[" + i + "]: listed twice");
            }
            out.add(k);
        }
        return out;
    }

    private static String join(String path, String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    private static String kind(JsonNode n) {
        if (n == null || n.isMissingNode()) {
            return "absent";
        }
        if (n.isTextual()) {
            return "a string";
        }
        if (n.isNumber()) {
            return "the number " + n.asText();
        }
        return n.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
    }

    /** A string cut to 64 characters with control characters replaced, safe to put in a message. */
    private static String printable(String s) {
        String cut = s.length() > 64 ? s.substring(0, 64) + "..." : s;
        StringBuilder b = new StringBuilder(cut.length());
        cut.codePoints().forEach(c -> b.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return b.toString();
    }
}
