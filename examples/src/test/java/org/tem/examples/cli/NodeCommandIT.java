package org.tem.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tem node} as separate processes: three validators from {@code tem node --init} on
 * loopback seal and finalise; one stopped with SIGTERM exits 0 and, restarted on its data
 * directory, starts from the blocks it had and follows the chain again.
 */
class NodeCommandIT {

    private static final Pattern FINALISED = Pattern.compile("(?m)^finalised #(\\d+) ");
    private static final Pattern STOPPED = Pattern.compile("(?m)^stopped at head #(\\d+) ");
    private static final Pattern STARTED = Pattern.compile("(?m)^started \\S+ on \\S+, chain 7, genesis \\S+, head #(\\d+),");

    private static Process start(Path dir, int i, String log) throws IOException {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), TemCommand.class.getName(), "node", "--config",
                dir.resolve("node-" + i + ".json").toString())
                .redirectOutput(dir.resolve(log).toFile())
                .redirectError(dir.resolve(log + ".err").toFile())
                .start();
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static OptionalLong last(Pattern p, String text) {
        Matcher m = p.matcher(text);
        OptionalLong v = OptionalLong.empty();
        while (m.find()) {
            v = OptionalLong.of(Long.parseLong(m.group(1)));
        }
        return v;
    }

    private static boolean await(BooleanSupplier c, long millis) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() < end) {
            if (c.getAsBoolean()) {
                return true;
            }
            Thread.sleep(100);
        }
        return c.getAsBoolean();
    }

    /** A base port with the next two ports free too, on the loopback address. */
    private static int freeBase() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int base = ThreadLocalRandom.current().nextInt(20_000, 60_000);
            List<ServerSocket> held = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    held.add(new ServerSocket(base + i, 1, InetAddress.getLoopbackAddress()));
                }
                return base;
            } catch (IOException e) {
                // taken: try another
            } finally {
                for (ServerSocket s : held) {
                    s.close();
                }
            }
        }
        throw new IOException("no three consecutive free ports found");
    }

    @Test
    void threeNodeProcessesSealAndFinaliseAndOneRestartsAfterSigtermWithItsBlocks(@TempDir Path dir) throws Exception {
        int base = freeBase();
        assertEquals(0, TemCommand.run("node", "--init", dir.toString(), "--validators", "3", "--base-port",
                String.valueOf(base), "--period-millis", "300", "--finality-period-millis", "300"));
        List<Process> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                nodes.add(start(dir, i, "node-" + i + ".log"));
            }
            for (int i = 0; i < 3; i++) {
                Path log = dir.resolve("node-" + i + ".log");
                assertTrue(await(() -> last(FINALISED, read(log)).orElse(0) >= 5, 90_000),
                        "node " + i + " finalises: " + read(log) + read(dir.resolve("node-" + i + ".log.err")));
            }
            Process first = nodes.get(0);
            first.destroy(); // SIGTERM
            assertTrue(first.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, first.exitValue(), read(dir.resolve("node-0.log.err")));
            long stoppedAt = last(STOPPED, read(dir.resolve("node-0.log"))).orElseThrow();
            assertTrue(stoppedAt >= 5);

            nodes.set(0, start(dir, 0, "node-0-again.log"));
            Path again = dir.resolve("node-0-again.log");
            assertTrue(await(() -> last(STARTED, read(again)).isPresent(), 60_000), read(again));
            assertTrue(last(STARTED, read(again)).getAsLong() >= stoppedAt,
                    "it starts from the blocks on its data directory: " + read(again));
            assertTrue(await(() -> last(FINALISED, read(again)).orElse(0) > stoppedAt, 60_000),
                    "and follows the chain again: " + read(again));
        } finally {
            for (Process p : nodes) {
                p.destroy();
            }
            for (Process p : nodes) {
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
        }
    }
}
