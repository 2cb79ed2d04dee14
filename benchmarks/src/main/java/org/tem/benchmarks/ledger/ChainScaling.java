package org.tem.benchmarks.ledger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.tem.ledger.block.Block;
import org.tem.ledger.chain.Blockchain;
import org.tem.ledger.chain.BuiltBlock;
import org.tem.ledger.chain.Genesis;
import org.tem.ledger.chain.ImportResult;
import org.tem.ledger.storage.InMemoryStorage;
import org.tem.ledger.storage.KeyValueStorage;
import org.tem.ledger.storage.RocksDbStorage;
import org.tem.ledger.tx.Transaction;

/**
 * Block build and import through the whole chain (execution, state trie, block store, pruning)
 * against the size of the state: the genesis holds {@code accounts} balances in
 * {@link CreditContract}'s table, then blocks of 1 or of 100 {@code credit} transactions (distinct
 * senders, each a read and a write of the sender's balance plus its nonce) are built by a validator
 * and imported by a follower. Timed per block, as medians of the measuring thread's CPU time and of
 * the wall time:
 * <ul>
 *   <li><b>build</b>: the validator's {@code buildBlock} (execute, roots) and its
 *       {@code importBlock} of that block (which reuses the execution and commits it);</li>
 *   <li><b>import</b>: the follower's decode of the block's bytes and {@code importBlock} (header
 *       rules, every signature checked, execution, commit).</li>
 * </ul>
 * Transactions are signed before the clock starts. Both chains finalise their head at once (the
 * accept-all consensus), so pruning runs at every block with the default window.
 *
 * <p>Run: {@code java -Xmx6g -cp benchmarks/target/benchmarks.jar org.tem.benchmarks.ledger.ChainScaling
 * [memory|rocksdb] [0,10000,100000] [blocks1=200] [blocks100=20]} (RocksDB: default settings,
 * synchronous commits); each case first runs a fifth of its blocks (at least 10) unmeasured.
 */
public final class ChainScaling {
    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();
    private static final int SENDERS = 100;

    private ChainScaling() {
    }

    /**
     * @param args storage kind, comma-separated state sizes, measured 1-transaction blocks,
     *     measured 100-transaction blocks
     * @throws IOException if a temporary directory cannot be made
     */
    public static void main(String[] args) throws IOException {
        String kind = args.length > 0 ? args[0] : "memory";
        String sizes = args.length > 1 ? args[1] : "0,10000,100000";
        int blocks1 = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        int blocks100 = args.length > 3 ? Integer.parseInt(args[3]) : 20;
        System.out.printf(Locale.ROOT, "%s, %d / %d measured blocks of 1 / 100 transactions: median CPU / wall per"
                + " block (ms)%n", kind, blocks1, blocks100);
        System.out.printf(Locale.ROOT, "%9s %5s %21s %21s%n", "accounts", "txs", "build", "import");
        for (String s : sizes.split(",")) {
            int accounts = Integer.parseInt(s.trim());
            Genesis genesis = LedgerFixtures.genesis(accounts);
            List<Path> dirs = new ArrayList<>();
            KeyValueStorage vs = storage(kind, dirs);
            KeyValueStorage fs = storage(kind, dirs);
            Blockchain validator = LedgerFixtures.chain(vs, genesis);
            Blockchain follower = LedgerFixtures.chain(fs, genesis);
            long[] nonces = new long[SENDERS];
            for (int txs : new int[] {1, 100}) {
                int blocks = txs == 1 ? blocks1 : blocks100;
                int warmup = Math.max(10, blocks / 5);
                double[][] t = new double[4][blocks];
                for (int b = -warmup; b < blocks; b++) {
                    List<Transaction> batch = new ArrayList<>(txs);
                    for (int i = 0; i < txs; i++) {
                        int sender = txs == 1 ? Math.floorMod(b, SENDERS) : i;
                        batch.add(LedgerFixtures.credit(LedgerFixtures.key(sender), nonces[sender]++, 1));
                    }
                    long c0 = MX.getCurrentThreadCpuTime();
                    long w0 = System.nanoTime();
                    BuiltBlock built = validator.buildBlock(batch, validator.head().timestamp() + 1_000);
                    ImportResult own = validator.importBlock(built.block());
                    long c1 = MX.getCurrentThreadCpuTime();
                    long w1 = System.nanoTime();
                    check(own, built.block(), txs);
                    org.apache.tuweni.bytes.Bytes wire = built.block().encode();
                    long c2 = MX.getCurrentThreadCpuTime();
                    long w2 = System.nanoTime();
                    ImportResult r = follower.importBlock(Block.decode(wire));
                    long c3 = MX.getCurrentThreadCpuTime();
                    long w3 = System.nanoTime();
                    check(r, built.block(), txs);
                    if (b >= 0) {
                        t[0][b] = (c1 - c0) / 1e6;
                        t[1][b] = (w1 - w0) / 1e6;
                        t[2][b] = (c3 - c2) / 1e6;
                        t[3][b] = (w3 - w2) / 1e6;
                    }
                }
                if (!validator.head().stateRoot().equals(follower.head().stateRoot())) {
                    throw new IllegalStateException("the chains disagree");
                }
                System.out.printf(Locale.ROOT, "%9d %5d %9.2f / %9.2f %9.2f / %9.2f%n", accounts, txs, median(t[0]),
                        median(t[1]), median(t[2]), median(t[3]));
            }
            vs.close();
            fs.close();
            for (Path d : dirs) {
                delete(d);
            }
        }
    }

    private static void check(ImportResult r, Block b, int txs) {
        if (!r.headChanged() || b.transactions().size() != txs) {
            throw new IllegalStateException(r.status() + ": " + r.reason() + ", " + b.transactions().size() + " txs");
        }
        r.receipts().forEach(x -> {
            if (!x.success()) {
                throw new IllegalStateException("failed receipt: " + x);
            }
        });
    }

    private static KeyValueStorage storage(String kind, List<Path> dirs) throws IOException {
        if (kind.equals("memory")) {
            return new InMemoryStorage();
        }
        Path dir = Files.createTempDirectory("tem-bench-chain");
        dirs.add(dir);
        return RocksDbStorage.open(dir);
    }

    private static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    static void delete(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
