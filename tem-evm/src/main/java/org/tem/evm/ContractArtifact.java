package org.tem.evm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The compiled coordination contract, as committed with tem-evm: built from
 * {@code src/main/solidity/TemCoordination.sol} by the pinned solc of {@code evm/package-lock.json}
 * ({@code evm/compile.js}), so a machine with only a JDK and Maven has it.
 *
 * @param compiler the compiler that produced it, e.g. {@code solc 0.8.37+commit…}
 * @param evmVersion the EVM version it targets
 * @param sourceSha256 the SHA-256 of the source it was compiled from, hex
 * @param bytecode the creation code, hex with {@code 0x}
 */
public record ContractArtifact(String compiler, String evmVersion, String sourceSha256, String bytecode) {
    /** The resource holding the artifact. */
    public static final String RESOURCE = "/org/tem/evm/TemCoordination.json";

    /**
     * @return the committed artifact
     * @throws UncheckedIOException when the resource is missing or malformed
     */
    public static ContractArtifact load() {
        try (InputStream in = ContractArtifact.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IOException("missing resource " + RESOURCE);
            }
            JsonNode json = new ObjectMapper().readTree(in);
            String code = json.path("bytecode").asText();
            if (!code.matches("0x([0-9a-f]{2})+")) {
                throw new IOException(RESOURCE + ": no bytecode");
            }
            return new ContractArtifact(json.path("compiler").asText(), json.path("evmVersion").asText(),
                    json.path("sourceSha256").asText(), code);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
