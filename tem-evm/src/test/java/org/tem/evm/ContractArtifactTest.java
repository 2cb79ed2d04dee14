package org.tem.evm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The committed artifact names the compiler and EVM version the build pins and was compiled from
 * the Solidity source as it is now (its SHA-256); the build's {@code evm/prepare.sh} goes further and
 * recompiles it byte for byte.
 */
class ContractArtifactTest {
    @Test
    void theCommittedArtifactWasCompiledFromTheCurrentSourceWithThePinnedCompiler() throws IOException,
            NoSuchAlgorithmException {
        ContractArtifact a = ContractArtifact.load();
        Path source = Anvil.evmFolder().resolveSibling("tem-evm/src/main/solidity/TemCoordination.sol");
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(source)));
        assertEquals(sha, a.sourceSha256(), "recompile: sh evm/prepare.sh tells how");
        assertTrue(a.compiler().startsWith("solc 0.8.37+"), a.compiler());
        assertEquals("paris", a.evmVersion());
    }
}
