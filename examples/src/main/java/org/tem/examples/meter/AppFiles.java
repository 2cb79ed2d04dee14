package org.tem.examples.meter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.apache.tuweni.bytes.Bytes;
import org.tem.api.TemException;
import org.tem.examples.json.StrictJson;
import org.tem.ledger.crypto.Address;
import org.tem.ledger.crypto.KeyPair;

/** Reading and writing the meter and operator configuration files: bounded, strict, errors naming the field. */
final class AppFiles {
    /** The largest configuration file read, in bytes. */
    static final int MAX_FILE_BYTES = 1024 * 1024;
    static final StrictJson JSON = new StrictJson(TemException::new);
    private static final Pattern PUBLIC_KEY = Pattern.compile("0x[0-9a-fA-F]{128}");
    private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");

    private AppFiles() {
    }

    /** Reads at most {@link #MAX_FILE_BYTES} of a JSON object whose "format" must be {@code format}. */
    static ObjectNode read(Path file, String format) throws IOException {
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
        ObjectNode o = JSON.object(root, "(root)");
        if (!format.equals(JSON.text(JSON.required(o, "format", ""), "format"))) {
            throw new TemException("format: must be \"" + format + "\"");
        }
        return o;
    }

    static Bytes publicKey(JsonNode n, String path) {
        String s = JSON.text(n, path);
        if (!PUBLIC_KEY.matcher(s).matches()) {
            throw new TemException(path + ": must be a public key, 0x and 128 hex digits");
        }
        return Bytes.fromHexString(s);
    }

    static Address address(JsonNode n, String path) {
        String s = JSON.text(n, path);
        if (!ADDRESS.matcher(s).matches()) {
            throw new TemException(path + ": must be an address, 0x and 40 hex digits");
        }
        return Address.fromHexString(s);
    }

    static long positive(JsonNode n, String path) {
        if (n == null || !n.isIntegralNumber() || !n.canConvertToLong() || n.longValue() < 1) {
            throw new TemException(path + ": must be a positive integer, was " + StrictJson.kind(n));
        }
        return n.longValue();
    }

    static String hex(KeyPair key) {
        String h = key.privateKey().toString(16);
        return "0x" + "0".repeat(64 - h.length()) + h;
    }

    static byte[] json(ObjectNode o) {
        try {
            return (StrictJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(o) + "\n")
                    .getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }
}
