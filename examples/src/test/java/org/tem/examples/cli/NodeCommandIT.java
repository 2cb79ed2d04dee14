package org.tem.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tem.examples.cli.NodeProcesses.await;
import static org.tem.examples.cli.NodeProcesses.freeBase;
import static org.tem.examples.cli.NodeProcesses.last;
import static org.tem.examples.cli.NodeProcesses.read;
import static org.tem.examples.cli.NodeProcesses.validator;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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






    @Test
    void threeNodeProcessesSealAndFinaliseAndOneRestartsAfterSigtermWithItsBlocks(@TempDir Path dir) throws Exception {
        int base = freeBase();
        assertEquals(0, TemCommand.run("node", "--init", dir.toString(), "--validators", "3", "--base-port",
                String.valueOf(base), "--period-millis", "300", "--finality-period-millis", "300"));
        List<Process> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                nodes.add(validator(dir, i, "node-" + i + ".log"));
            }
            for (int i = 0; i < 3; i++) {
                Path log = dir.resolve("node-" + i + ".log");
                assertTrue(await(() -> last(FINALISED, read(log)).orElse(0) >= 5, 90_000, 100),
                        "node " + i + " finalises: " + read(log) + read(dir.resolve("node-" + i + ".log.err")));
            }
            Process first = nodes.get(0);
            first.destroy(); // SIGTERM
            assertTrue(first.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, first.exitValue(), read(dir.resolve("node-0.log.err")));
            long stoppedAt = last(STOPPED, read(dir.resolve("node-0.log"))).orElseThrow();
            assertTrue(stoppedAt >= 5);

            nodes.set(0, validator(dir, 0, "node-0-again.log"));
            Path again = dir.resolve("node-0-again.log");
            assertTrue(await(() -> last(STARTED, read(again)).isPresent(), 60_000, 100), read(again));
            assertTrue(last(STARTED, read(again)).getAsLong() >= stoppedAt,
                    "it starts from the blocks on its data directory: " + read(again));
            assertTrue(await(() -> last(FINALISED, read(again)).orElse(0) > stoppedAt, 60_000, 100),
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
