package org.tem.examples.cli;

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

/** What the process tests share: starting {@code tem node} processes, reading their logs, free ports, waiting. */
final class NodeProcesses {
    private NodeProcesses() {
    }

    /** @return this JVM's {@code java} executable */
    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * Starts {@code tem node --config DIR/node-I.json} as a process of its own (256 MB heap), its
     * output in {@code DIR/LOG} and {@code DIR/LOG.err}.
     */
    static Process validator(Path dir, int i, String log) throws IOException {
        return new ProcessBuilder(java(), "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                TemCommand.class.getName(), "node", "--config", dir.resolve("node-" + i + ".json").toString())
                .redirectOutput(dir.resolve(log).toFile()).redirectError(dir.resolve(log + ".err").toFile()).start();
    }

    /** @return the file's text, or empty while it does not exist or cannot be read */
    static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        }
    }

    /** @return the number in group 1 of the pattern's last match in the text, if any */
    static OptionalLong last(Pattern p, String text) {
        Matcher m = p.matcher(text);
        OptionalLong v = OptionalLong.empty();
        while (m.find()) {
            v = OptionalLong.of(Long.parseLong(m.group(1)));
        }
        return v;
    }

    /** Polls the condition every {@code pollMillis} for at most {@code millis}; @return whether it held. */
    static boolean await(BooleanSupplier c, long millis, long pollMillis) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() < end) {
            if (c.getAsBoolean()) {
                return true;
            }
            Thread.sleep(pollMillis);
        }
        return c.getAsBoolean();
    }

    /** @return a base port with the next two ports free too, on the loopback address */
    static int freeBase() throws IOException {
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
}
