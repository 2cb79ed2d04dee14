package org.tem.benchmarks.ledger;

import java.util.concurrent.TimeUnit;
import org.apache.tuweni.bytes.Bytes;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.tem.ledger.Validation;
import org.tem.ledger.chain.Blockchain;
import org.tem.ledger.mempool.Mempool;
import org.tem.ledger.storage.InMemoryStorage;
import org.tem.ledger.tx.Transaction;

/**
 * Admission of untrusted transaction bytes against the chain head (in-memory storage):
 * {@code decodeAndPrecheck} = {@link Transaction#decode} (incl. sender recovery) +
 * {@link Blockchain#precheck}; {@code mempoolAdd} = {@link Mempool#add(Bytes)} into an empty pool
 * (decode + precheck + nonce/capacity checks + insert).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class AdmissionBenchmark {
    private InMemoryStorage storage;
    private Blockchain chain;
    private Bytes encoded;

    @Setup(Level.Trial)
    public void setUp() {
        storage = new InMemoryStorage();
        chain = LedgerFixtures.chain(storage, LedgerFixtures.genesis(0));
        encoded = LedgerFixtures.credit(LedgerFixtures.key(0), 0, 42).encoded();
        if (!mempoolAdd().valid() || !decodeAndPrecheck().valid()) {
            throw new IllegalStateException("the transaction is not admissible");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        storage.close();
    }

    @Benchmark
    public Validation decodeAndPrecheck() {
        return chain.precheck(Transaction.decode(encoded));
    }

    @Benchmark
    public Validation mempoolAdd() {
        return new Mempool(chain, 16, 16).add(encoded);
    }
}
