package org.tem.examples.evm;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Anvil, the EVM dev node that tem-evm's build installs from the npm registry ({@code evm/prepare.sh}),
 * started on a free loopback port for a CLI test and stopped by it; the test is skipped where it is
 * not installed (no Node.js, or not Linux x64).
 */
final class LocalAnvil implements AutoCloseable {
    /** Anvil's first dev account (the well-known test mnemonic), funded at genesis. */
    static final String OPERATOR_KEY = "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

    private final Process process;
    private final int port;

    private LocalAnvil(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static LocalAnvil start() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("evm").resolve("package.json"))) {
            dir = dir.getParent();
        }
        Path anvil = dir == null ? null : dir.resolve("evm/node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil");
        if (anvil == null || !Files.isExecutable(anvil)) {
            Assumptions.abort("Anvil is not installed (evm/node_modules), so this test is skipped: install Node.js 20+"
                    + " with npm and build tem-evm, whose build installs solc and Anvil from the npm registry");
        }
        int port;
        try (ServerSocket s = new ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        try {
            Process p = new ProcessBuilder(List.of(anvil.toString(), "--host", "127.0.0.1", "--port",
                    Integer.toString(port), "--gas-limit", "30000000")).redirectErrorStream(true).start();
            BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null) {
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
                    return new LocalAnvil(p, port);
                }
            }
            p.destroyForcibly();
            throw new IllegalStateException("anvil did not start");
        } catch (IOException e) {
            throw new IllegalStateException("anvil: " + e.getMessage(), e);
        }
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
