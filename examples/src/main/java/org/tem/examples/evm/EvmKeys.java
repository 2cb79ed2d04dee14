package org.tem.examples.evm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads the operator's private key for the EVM commands. Stateless. */
public final class EvmKeys {
    /** The most bytes a key file may have (a key, a {@code 0x} and white space; anything longer is not a key file). */
    public static final int MAX_FILE_BYTES = 256;

    private EvmKeys() {
    }

    /**
     * Reads a key file: 64 hex digits (a secp256k1 private key), optionally with {@code 0x}, and
     * white space around. The key itself is never put into a message.
     *
     * @param file the key file
     * @return the key, hex
     * @throws IOException when the file cannot be read
     * @throws IllegalArgumentException when the file is larger than {@link #MAX_FILE_BYTES} or does not
     *     hold one key
     */
    public static String readKey(Path file) throws IOException {
        if (Files.size(file) > MAX_FILE_BYTES) {
            throw new IllegalArgumentException("--key: " + file + " is not a key file (more than " + MAX_FILE_BYTES
                    + " bytes)");
        }
        String text = Files.readString(file, java.nio.charset.StandardCharsets.US_ASCII).strip();
        if (!text.matches("(0x)?[0-9a-fA-F]{64}")) {
            throw new IllegalArgumentException("--key: " + file + " must hold one private key as 64 hex digits");
        }
        return text;
    }
}
