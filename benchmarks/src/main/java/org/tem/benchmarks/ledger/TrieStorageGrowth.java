package org.tem.benchmarks.ledger;

import java.util.Locale;
import org.tem.ledger.trie.StoreStats;
import org.tem.ledger.trie.TrieOptions;
import org.tem.ledger.trie.TrieProof;
import org.tem.ledger.trie.TrieUpdate;

/**
 * Storage growth of the state trie over many versions of a rewrite, pruning on and off (RocksDB,
 * no fsync): each version rewrites {@code keys} values of {@code valueBytes} bytes (by default
 * 100 x 1 KiB, the ~100 KB of ADMM working state a 10-home bilateral round rewrites per
 * iteration) and is finalised at once (pruning keeps the default window of 128 versions below
 * it). Prints, every {@code every} versions, the live node bytes, the journal bytes and the
 * database's size on disk; at the end, the average proof size of a key.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar org.tem.benchmarks.ledger.TrieStorageGrowth
 * [versions=10000] [keys=100] [valueBytes=1024] [every=1000]}
 */
public final class TrieStorageGrowth {
    private TrieStorageGrowth() {
    }

    /**
     * @param args versions, keys, value bytes, report interval
     */
    public static void main(String[] args) {
        int versions = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int keys = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int valueBytes = args.length > 2 ? Integer.parseInt(args[2]) : 1024;
        int every = args.length > 3 ? Integer.parseInt(args[3]) : 1000;
        for (boolean archive : new boolean[] {false, true}) {
            TrieState s = new TrieState("rocksdb", archive ? TrieOptions.archival() : TrieOptions.pruned());
            long start = System.nanoTime();
            System.out.printf(Locale.ROOT, "%s: %d versions x %d keys x %d B%n", archive ? "archive" : "pruned (window 128)",
                    versions, keys, valueBytes);
            for (int v = 1; v <= versions; v++) {
                TrieUpdate u = s.store.update(s.head);
                for (int k = 0; k < keys; k++) {
                    u.put(TrieState.key(k), s.value(valueBytes));
                }
                s.commit(u);
                if (v % every == 0) {
                    StoreStats st = s.store.stats();
                    System.out.printf(Locale.ROOT, "  v=%6d nodes=%9d nodeMB=%9.1f journalMB=%7.2f diskMB=%9.1f elapsed=%6.1fs%n",
                            v, st.nodes(), st.nodeBytes() / 1e6, st.journalBytes() / 1e6, s.diskBytes() / 1e6,
                            (System.nanoTime() - start) / 1e9);
                }
            }
            long proofBytes = 0;
            for (int k = 0; k < keys; k++) {
                TrieProof p = s.store.prove(s.head, TrieState.key(k));
                proofBytes += p.encode().size();
            }
            System.out.printf(Locale.ROOT, "  average proof: %d bytes%n", proofBytes / keys);
            s.close();
        }
    }
}
