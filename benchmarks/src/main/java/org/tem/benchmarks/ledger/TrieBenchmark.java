package org.tem.benchmarks.ledger;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.tem.ledger.trie.ProofResult;
import org.tem.ledger.trie.TrieOptions;
import org.tem.ledger.trie.TrieProof;
import org.tem.ledger.trie.TrieUpdate;

/**
 * The state trie on a table of {@code keys} entries (100-byte values), pruning mode with the
 * default window (128) and node cache, measured in the steady state (the fill is pruned and the
 * window is full before the first iteration). {@code block1} / {@code block100}: one block's state work
 * for a batch rewriting 1 or 100 random existing keys: the update, hashing, the commit of nodes,
 * counts and journal in one storage batch, and the prune of the version leaving the window.
 * {@code get}: a read of a random key at the head. {@code proveAndVerify}: a proof of a random key
 * and its check against the root.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx6g"})
public class TrieBenchmark {
    @Param({"0", "10000", "100000", "1000000"})
    public int keys;

    @Param({"memory", "rocksdb"})
    public String storage;

    private TrieState state;

    @Setup(Level.Trial)
    public void setUp() {
        state = new TrieState(storage, TrieOptions.pruned());
        state.fill(keys, 10_000, 100);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        state.close();
    }

    private long randomKey() {
        return keys == 0 ? state.random.nextInt(100) : (long) state.random.nextInt(keys);
    }

    private void block(int batch) {
        TrieUpdate u = state.store.update(state.head);
        for (int i = 0; i < batch; i++) {
            u.put(TrieState.key(randomKey()), state.value(100));
        }
        state.commit(u);
    }

    @Benchmark
    public void block1() {
        block(1);
    }

    @Benchmark
    public void block100() {
        block(100);
    }

    @Benchmark
    public void get(Blackhole bh) {
        bh.consume(state.store.get(state.head, TrieState.key(randomKey())));
    }

    @Benchmark
    public ProofResult proveAndVerify() {
        byte[] k = TrieState.key(randomKey());
        TrieProof p = state.store.prove(state.head, k);
        return p.verify(state.head, k);
    }
}
