package org.tem.ledger.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tem.ledger.Fixtures;
import org.tem.ledger.block.Block;
import org.tem.ledger.dev.DevSeal;
import org.tem.ledger.storage.InMemoryStorage;
import org.tem.ledger.storage.RocksDbStorage;
import org.tem.ledger.trie.TrieOptions;

/**
 * Kills a node with SIGKILL <em>inside</em> a commit: the node ({@link CrashNode}) parks its
 * committing thread at a chosen point of a chosen commit and says so, and only then is it killed.
 * The restarted node must hold the whole block or none of it, with a store that passes
 * {@link Blockchain#checkIntegrity()} and replays to the same roots and receipts. The control runs
 * the same kill against a store that writes a batch one operation at a time, and the integrity
 * check must catch the half-written block there: so the first test would fail if commits were not
 * atomic.
 */
class CrashRecoveryIT {

    @TempDir
    Path dir;

    /** What a run of the victim reported before it was killed. */
    private record Run(long startedAt, long lastCommitted, long parkedIn, String parkedLine) {
    }

    private static Run killInside(Path db, String mode, String store) throws Exception {
        Process p = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"),
                CrashNode.class.getName(), db.toString(), mode, store)
                // Not inherited: the victim writes nothing into the test runner's own streams.
                .redirectError(ProcessBuilder.Redirect.appendTo(db.resolveSibling("victim-stderr.txt").toFile()))
                .start();
        // A watchdog, so a victim that never parks fails the test instead of hanging it.
        Thread watchdog = new Thread(() -> {
            try {
                if (!p.waitFor(120, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
            }
        });
        watchdog.setDaemon(true);
        watchdog.start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String started = out.readLine();
            assertTrue(started != null && started.startsWith("started "), "node did not start: " + started + victimErrors(db));
            long startedAt = Long.parseLong(started.substring(8));
            long committed = startedAt;
            long sealing = -1;
            String line;
            while ((line = out.readLine()) != null && !line.startsWith("parked ")) {
                if (line.startsWith("sealing ")) {
                    sealing = Long.parseLong(line.substring(8));
                } else if (line.startsWith("committed ")) {
                    committed = Long.parseLong(line.substring(10));
                }
            }
            assertTrue(line != null, "the node ended without parking" + victimErrors(db));
            assertTrue(committed > startedAt || startedAt > 0, "the node committed blocks before parking");
            // The committing thread is parked inside the commit now: kill the process there.
            p.destroyForcibly(); // SIGKILL on Unix
            return new Run(startedAt, committed, sealing, line);
        } finally {
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            assertTrue(File.separatorChar == '/' ? p.exitValue() == 137 : p.exitValue() != 0,
                    "killed, exit " + p.exitValue());
        }
    }

    /** @return what the victims wrote to their standard error, for a failure message */
    private static String victimErrors(Path db) {
        try {
            return "; victim stderr: " + java.nio.file.Files.readString(db.resolveSibling("victim-stderr.txt"));
        } catch (java.io.IOException e) {
            return "; no victim stderr (" + e + ")";
        }
    }

    private static Blockchain reopen(RocksDbStorage storage) {
        return Blockchain.open(storage, Fixtures.genesis(), DevSeal.verifier(Fixtures.VALIDATOR.address()),
                System::currentTimeMillis, TrieOptions.pruned(CrashNode.WINDOW));
    }

    @Test
    void aNodeKilledInsideACommitRestartsWithTheWholeBlockOrNoneOfIt() throws Exception {
        Path db = dir.resolve("node");
        // Half of a block's batch staged: none of the block.
        Run half = killInside(db, "block-half", "atomic");
        assertTrue(half.parkedLine().startsWith("parked HALF_STAGED"), half.parkedLine());
        assertEquals(half.lastCommitted() + 1, half.parkedIn());
        try (RocksDbStorage storage = RocksDbStorage.open(db)) {
            Blockchain chain = reopen(storage);
            assertEquals(half.lastCommitted(), chain.head().number(), "none of the parked block");
            assertTrue(chain.block(half.parkedIn()).isEmpty());
            assertEquals(List.of(), chain.checkIntegrity());
        }
        // The batch written and synced, the commit not yet returned: the whole block.
        Run written = killInside(db, "block-written", "atomic");
        assertEquals(half.lastCommitted(), written.startedAt());
        assertTrue(written.parkedLine().startsWith("parked WRITTEN"), written.parkedLine());
        try (RocksDbStorage storage = RocksDbStorage.open(db)) {
            Blockchain chain = reopen(storage);
            assertEquals(written.parkedIn(), chain.head().number(), "the whole parked block");
            assertEquals(List.of(), chain.checkIntegrity());
        }
        // Half of a pruning batch staged: the block before it is whole, pruning resumes on opening.
        Run prune = killInside(db, "prune-half", "atomic");
        assertEquals(written.parkedIn(), prune.startedAt());
        try (RocksDbStorage storage = RocksDbStorage.open(db)) {
            Blockchain chain = reopen(storage);
            assertEquals(prune.parkedIn(), chain.head().number(), "pruning starts after the block's commit");
            assertEquals(List.of(), chain.checkIntegrity());
            Blockchain replay = Blockchain.open(new InMemoryStorage(), Fixtures.genesis(),
                    DevSeal.verifier(Fixtures.VALIDATOR.address()));
            for (long n = 1; n <= chain.head().number(); n++) {
                Block b = chain.block(n).orElseThrow();
                ImportResult r = replay.importBlock(b);
                assertTrue(r.headChanged(), "block " + n + ": " + r.reason());
                assertEquals(chain.receipts(b.hash()), r.receipts());
            }
            assertEquals(chain.head(), replay.head());
        }
    }

    /** The control: the same kill against a store that splits a batch into single writes. */
    @Test
    void theSameKillAgainstACommitSplitIntoSeparateWritesIsCaught() throws Exception {
        Path db = dir.resolve("split");
        Run half = killInside(db, "block-half", "split");
        assertTrue(half.parkedLine().startsWith("parked HALF_STAGED"), half.parkedLine());
        try (RocksDbStorage storage = RocksDbStorage.open(db)) {
            Blockchain chain = reopen(storage);
            List<String> problems = chain.checkIntegrity();
            assertFalse(problems.isEmpty(), "half a block on disk must not pass the integrity check");
        }
    }
}
