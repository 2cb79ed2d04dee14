package org.tem.evm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Assumptions;

/**
 * A real EVM node for the tests of tem-evm and of the modules that use it (through tem-evm's test
 * jar): Anvil (Foundry) from the npm registry, pinned by {@code evm/package-lock.json} and
 * installed by the Maven build ({@code evm/prepare.sh}), started on loopback and stopped by the
 * test. Where the build could not install it (no Node.js on the machine, or not Linux x64), the
 * tests that need it are skipped with what to install.
 *
 * <p><b>Ports.</b> Anvil is started with {@code --port 0}: the operating system gives it a free
 * port when it binds, and the port is read from the line Anvil prints when it listens. No port is
 * chosen first and bound later, so several builds on one machine (each starting nodes in
 * parallel) cannot take each other's port. A test that restarts a node keeps a stable address
 * for its clients with a {@link LoopbackRelay} in front of it.
 *
 * <p>Not thread-safe; one test thread per node.
 */
public final class Anvil implements AutoCloseable {
    /** Anvil's first dev account (the well-known test mnemonic), funded at genesis: the operator in the tests. */
    public static final String OPERATOR_KEY = "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

    /** The block gas limit of the test node unless a test sets its own: Ethereum mainnet's 30M. */
    public static final long BLOCK_GAS_LIMIT = 30_000_000L;

    /** What Anvil prints once it accepts connections, with the address it bound. */
    private static final Pattern LISTENING = Pattern.compile("Listening on 127\\.0\\.0\\.1:(\\d{1,5})\\b");

    /** How long Anvil may take to print that it listens, ms (a loaded machine or a large state to load). */
    private static final long START_MILLIS = 60_000;

    private static Path binary;

    private final Process process;
    private final int port;

    private Anvil(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** @return the repository's {@code evm/} folder (searched upwards from the working directory) */
    public static Path evmFolder() {
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
     * @return its path
     * @throws org.opentest4j.TestAbortedException (the test is skipped) with what to install when it
     *     is missing
     */
    public static synchronized Path requireBinary() {
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
     * Starts a node on a port the operating system chooses, and waits until it listens.
     *
     * @param extra extra arguments (e.g. {@code --dump-state FILE}, or {@code --gas-limit N} instead of
     *     {@link #BLOCK_GAS_LIMIT}; never {@code --port}); the contract size limit is EIP-170's, as on
     *     a real chain
     * @return the running node
     * @throws IllegalArgumentException when {@code extra} names a port
     * @throws IllegalStateException when Anvil does not start listening within a minute
     * @throws org.opentest4j.TestAbortedException (the test is skipped) when Anvil is not installed
     */
    public static Anvil start(String... extra) {
        List<String> args = List.of(extra);
        if (args.contains("--port") || args.contains("-p")) {
            throw new IllegalArgumentException("the port is chosen by the operating system (--port 0)");
        }
        List<String> cmd = new ArrayList<>(List.of(requireBinary().toString(), "--host", "127.0.0.1", "--port", "0"));
        if (!args.contains("--gas-limit")) {
            cmd.addAll(List.of("--gas-limit", Long.toString(BLOCK_GAS_LIMIT)));
        }
        cmd.addAll(args);
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("anvil: " + e.getMessage(), e);
        }
        BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        int[] port = {-1};
        // read on a thread of its own, so that a node that prints nothing cannot hold the test past the deadline
        Thread reader = new Thread(() -> {
            try {
                String line;
                while ((line = in.readLine()) != null) {
                    synchronized (seen) {
                        if (port[0] < 0) {
                            seen.append(line).append('\n');
                            Matcher m = LISTENING.matcher(line);
                            if (m.find()) {
                                port[0] = Integer.parseInt(m.group(1));
                                seen.notifyAll();
                            }
                        }
                    }
                    // afterwards: keep the pipe empty
                }
            } catch (IOException e) {
                // the node stopped
            }
            synchronized (seen) {
                seen.notifyAll();
            }
        }, "anvil-output");
        reader.setDaemon(true);
        reader.start();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_MILLIS);
        synchronized (seen) {
            while (port[0] < 0 && p.isAlive() && System.nanoTime() < deadline) {
                try {
                    seen.wait(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            if (port[0] > 0 && port[0] <= 65_535) {
                return new Anvil(p, port[0]);
            }
            p.destroyForcibly();
            throw new IllegalStateException("anvil did not start listening:\n" + seen);
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
    public static TreeMap<String, String> storage(EvmAccount any, String contract) {
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

    /** @return the node's JSON-RPC URL */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** @return the port the node listens on */
    public int port() {
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
