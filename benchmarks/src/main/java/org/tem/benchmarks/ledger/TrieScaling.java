package org.tem.benchmarks.ledger;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import org.tem.ledger.trie.ProofResult;
import org.tem.ledger.trie.TrieOptions;
import org.tem.ledger.trie.TrieProof;
import org.tem.ledger.trie.TrieUpdate;

/**
 * The operations of {@link TrieBenchmark}, timed per operation in thread CPU time as well as
 * wall-clock time, and reported as medians, with the mean wall time of the block operations: on a
 * shared machine the CPU time of the measuring thread is what the code costs, the wall time also
 * counts waiting for a core, and the mean also garbage collection pauses. Also reports the average
 * proof size.
 *
 * <p>Run: {@code java -Xmx6g -cp benchmarks/target/benchmarks.jar
 * org.tem.benchmarks.ledger.TrieScaling [memory|rocksdb] [0,10000,100000,1000000]}
 */
public final class TrieScaling {
    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();

    private TrieScaling() {
    }

    /**
     * @param args storage kind, comma-separated state sizes
     */
    public static void main(String[] args) {
        String storage = args.length > 0 ? args[0] : "memory";
        String sizes = args.length > 1 ? args[1] : "0,10000,100000,1000000";
        System.out.printf(Locale.ROOT, "%s: median per op CPU / wall, mean wall for blocks (us)%n", storage);
        System.out.printf(Locale.ROOT, "%9s %26s %28s %15s %17s %9s%n", "keys", "block 1 key", "block 100 keys", "get",
                "prove+verify", "proof B");
        for (String s : sizes.split(",")) {
            int keys = Integer.parseInt(s.trim());
            TrieState state = new TrieState(storage, TrieOptions.pruned());
            state.fill(keys, 10_000, 100);
            int range = Math.max(keys, 100);
            // warm up, and let the fill versions leave the window (128)
            for (int i = 0; i < 400; i++) {
                block(state, 1, range);
            }
            for (int i = 0; i < 150; i++) {
                block(state, 100, range);
            }
            double[] b1 = time(1000, () -> block(state, 1, range));
            double[] b100 = time(200, () -> block(state, 100, range));
            double[] get = time(20_000, () -> state.store.get(state.head, TrieState.key(state.random.nextInt(range))));
            long[] proofBytes = {0};
            double[] prove = time(10_000, () -> {
                byte[] k = TrieState.key(state.random.nextInt(range));
                TrieProof p = state.store.prove(state.head, k);
                proofBytes[0] += p.encode().size();
                if (p.verify(state.head, k).status() == ProofResult.Status.INVALID) {
                    throw new IllegalStateException("invalid proof");
                }
            });
            System.out.printf(Locale.ROOT, "%9d %8.1f / %6.1f / %7.1f %8.1f / %8.1f / %8.1f %7.1f / %5.1f %8.1f / %6.1f %9d%n",
                    keys, b1[0], b1[1], b1[2], b100[0], b100[1], b100[2], get[0], get[1], prove[0], prove[1],
                    proofBytes[0] / 10_000);
            state.close();
        }
    }

    private static void block(TrieState state, int batch, int range) {
        TrieUpdate u = state.store.update(state.head);
        for (int i = 0; i < batch; i++) {
            u.put(TrieState.key(state.random.nextInt(range)), state.value(100));
        }
        state.commit(u);
    }

    /** @return median CPU, median wall and mean wall microseconds per run */
    private static double[] time(int runs, Runnable op) {
        long[] cpu = new long[runs];
        long[] wall = new long[runs];
        for (int i = 0; i < runs; i++) {
            long c0 = MX.getCurrentThreadCpuTime();
            long w0 = System.nanoTime();
            op.run();
            wall[i] = System.nanoTime() - w0;
            cpu[i] = MX.getCurrentThreadCpuTime() - c0;
        }
        double mean = Arrays.stream(wall).average().orElse(0) / 1e3;
        Arrays.sort(cpu);
        Arrays.sort(wall);
        return new double[] {cpu[runs / 2] / 1e3, wall[runs / 2] / 1e3, mean};
    }
}
