package org.tem.ledger.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tem.ledger.Fixtures;
import org.tem.ledger.block.Block;
import org.tem.ledger.dev.DevSeal;
import org.tem.ledger.storage.InMemoryStorage;
import org.tem.ledger.storage.RocksDbStorage;

/**
 * Kills a node with SIGKILL while it commits blocks, several times, and checks that it restarts
 * at (at least) its last reported block with a store whose state matches its head and replays.
 */
class CrashRecoveryIT {

    @TempDir
    Path dir;

    @Test
    void nodeKilledDuringCommitsRestartsAtItsLastCommittedBlockUncorrupted() throws Exception {
        Path db = dir.resolve("node");
        long lastReported = 0;
        for (int cycle = 0; cycle < 3; cycle++) {
            Process p = new ProcessBuilder(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-XX:TieredStopAtLevel=1",
                    "-cp", System.getProperty("java.class.path"),
                    CrashNode.class.getName(), db.toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String started = out.readLine();
                assertTrue(started != null && started.startsWith("started "), "node did not start: " + started);
                long restartedAt = Long.parseLong(started.substring(8));
                assertTrue(restartedAt >= lastReported, "restarted at " + restartedAt + " < " + lastReported);
                int blocks = 0;
                String line;
                while ((line = out.readLine()) != null && blocks < 4 + cycle) {
                    lastReported = Long.parseLong(line.substring("committed ".length()));
                    blocks++;
                }
                // Mid-run: the node is executing or committing the next block right now.
                Thread.sleep(7L * cycle);
                p.destroyForcibly(); // SIGKILL on Unix
            } finally {
                assertTrue(p.waitFor(20, TimeUnit.SECONDS));
            }
            assertTrue(File.separatorChar == '/' ? p.exitValue() == 137 : p.exitValue() != 0,
                    "killed, exit " + p.exitValue());
        }
        try (RocksDbStorage storage = RocksDbStorage.open(db)) {
            Blockchain chain = Blockchain.open(storage, Fixtures.genesis(), DevSeal.verifier(Fixtures.VALIDATOR.address()));
            assertTrue(chain.head().number() >= lastReported);
            assertEquals(chain.head().stateRoot(), chain.recomputeStateRoot(), "stored state matches the head");
            Blockchain replay = Blockchain.open(new InMemoryStorage(), Fixtures.genesis(),
                    DevSeal.verifier(Fixtures.VALIDATOR.address()));
            for (long n = 1; n <= chain.head().number(); n++) {
                Block b = chain.block(n).orElseThrow();
                ImportResult r = replay.importBlock(b);
                assertTrue(r.imported(), "block " + n + ": " + r.reason());
                assertEquals(chain.receipts(b.hash()), r.receipts());
            }
            assertEquals(chain.head(), replay.head());
        }
    }
}
