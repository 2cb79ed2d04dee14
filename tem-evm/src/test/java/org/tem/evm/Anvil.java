package org.tem.evm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Assumptions;

/**
 * A real EVM node for the tests: Anvil (Foundry) from the npm registry, pinned by
 * {@code evm/package-lock.json} and installed by the Maven build ({@code evm/prepare.sh}), started
 * on a free loopback port and stopped by the test. Where the build could not install it (no Node.js
 * on the machine, or not Linux x64), the tests that need it are skipped with what to install.
 */
final class Anvil implements AutoCloseable {
    /** Anvil's first dev account (the well-known test mnemonic): the operator in the tests. */
    static final String OPERATOR_KEY = "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

    /** The block gas limit of the test node unless a test sets its own: Ethereum mainnet's 30M. */
    static final long BLOCK_GAS_LIMIT = 30_000_000L;

    private static Path binary;

    private final Process process;
    private final int port;

    private Anvil(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** @return the repository's {@code evm/} folder */
    static Path evmFolder() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("evm").resolve("package.json"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no evm/package.json above " + Path.of("").toAbsolutePath());
        }
        return dir.resolve("evm");
    }

    /**
     * The Anvil binary that the build installed ({@code evm/prepare.sh}, run by tem-evm's Maven
     * build, does {@code npm ci} from the lockfile).
     *
     * @throws org.opentest4j.TestAbortedException (the test is skipped) with what to install when it
     *     is missing
     */
    static synchronized Path requireBinary() {
        if (binary == null) {
            Path anvil = evmFolder().resolve("node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil");
            if (!Files.isExecutable(anvil)) {
                Assumptions.abort("Anvil is not installed at " + anvil + ", so this test is skipped: install"
                        + " Node.js 20+ with npm and build again (tem-evm's build runs evm/prepare.sh, which"
                        + " installs solc and Anvil from the npm registry; Anvil ships for Linux x64 only)");
            }
            binary = anvil;
        }
        return binary;
    }

    /**
     * @param extra extra arguments (e.g. {@code --dump-state FILE}, or {@code --gas-limit N} instead of
     *     {@link #BLOCK_GAS_LIMIT}); the contract size limit is EIP-170's, as on a real chain
     * @return a running node on a free loopback port
     */
    static Anvil start(String... extra) {
        return start(freePort(), extra);
    }

    static Anvil start(int port, String... extra) {
        List<String> cmd = new ArrayList<>(List.of(requireBinary().toString(), "--host", "127.0.0.1", "--port",
                Integer.toString(port)));
        if (!List.of(extra).contains("--gas-limit")) {
            cmd.addAll(List.of("--gas-limit", Long.toString(BLOCK_GAS_LIMIT)));
        }
        cmd.addAll(List.of(extra));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            StringBuilder seen = new StringBuilder();
            long deadline = System.currentTimeMillis() + 30_000;
            String line;
            while ((line = in.readLine()) != null) {
                seen.append(line).append('\n');
                if (line.contains("Listening on")) {
                    Thread drain = new Thread(() -> {
                        try {
                            while (in.readLine() != null) {
                                // keep the pipe empty
                            }
                        } catch (IOException e) {
                            // the node stopped
                        }
                    }, "anvil-output");
                    drain.setDaemon(true);
                    drain.start();
                    return new Anvil(p, port);
                }
                if (System.currentTimeMillis() > deadline) {
                    break;
                }
            }
            p.destroyForcibly();
            throw new IllegalStateException("anvil did not start:\n" + seen);
        } catch (IOException e) {
            throw new IllegalStateException("anvil: " + e.getMessage(), e);
        }
    }

    /**
     * Every storage slot of a contract, from the node's full state dump ({@code anvil_dumpState}):
     * what a call changed, or did not, beyond any query the contract offers.
     *
     * @param any an account connected to the node
     * @param contract the contract's address
     * @return slot → value, hex as Anvil writes them, sorted by slot
     */
    static TreeMap<String, String> storage(EvmAccount any, String contract) {
        String hex = (String) any.rpc("anvil_dumpState");
        byte[] gz = org.web3j.utils.Numeric.hexStringToByteArray(hex);
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            JsonNode accounts = new ObjectMapper().readTree(in).path("accounts");
            JsonNode account = null;
            for (var it = accounts.fields(); it.hasNext(); ) {
                var e = it.next();
                if (e.getKey().equalsIgnoreCase(contract)) {
                    account = e.getValue();
                }
            }
            if (account == null) {
                throw new IllegalStateException("no account " + contract + " in the state dump");
            }
            TreeMap<String, String> out = new TreeMap<>();
            account.path("storage").fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("anvil_dumpState: " + e.getMessage(), e);
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return the node's JSON-RPC URL */
    String url() {
        return "http://127.0.0.1:" + port;
    }

    /** @return the node's port */
    int port() {
        return port;
    }

    /** Stops the node (SIGTERM, so it writes a state dump when asked to) and waits for it. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
