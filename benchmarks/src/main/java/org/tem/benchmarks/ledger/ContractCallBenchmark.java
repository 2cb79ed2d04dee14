package org.tem.benchmarks.ledger;

import java.util.List;
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
import org.openjdk.jmh.annotations.Warmup;
import org.tem.ledger.block.Block;
import org.tem.ledger.chain.Blockchain;
import org.tem.ledger.chain.BuiltBlock;
import org.tem.ledger.chain.ImportResult;
import org.tem.ledger.storage.InMemoryStorage;
import org.tem.ledger.tx.Transaction;

/**
 * One contract call ({@link CreditContract#call}: one read, one write, one event) executed by the
 * chain, in-memory storage. {@code buildBlockOneCall}: {@link Blockchain#buildBlock} with one
 * candidate (execute + receipts root + state root; nothing committed, so repeatable).
 * {@code importBlockOneCall}: {@link Blockchain#importBlock} of a pre-built 1-transaction block into
 * a fresh chain (header checks + execute + roots + commit). {@code stateEntries}: how many balances
 * the contract already holds, because the state root of a touched contract is recomputed from all
 * of its entries.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class ContractCallBenchmark {
    @Param({"0", "10000"})
    public int stateEntries;

    private org.tem.ledger.chain.Genesis genesis;
    private List<Transaction> one;
    private Blockchain builder;
    private Block block;
    private Blockchain fresh;

    @Setup(Level.Trial)
    public void setUp() {
        genesis = LedgerFixtures.genesis(stateEntries);
        one = List.of(LedgerFixtures.credit(LedgerFixtures.key(0), 0, 42));
        builder = LedgerFixtures.chain(new InMemoryStorage(), genesis);
        block = LedgerFixtures.buildBlockOne(genesis, one);
        freshChain();
        if (!importBlockOneCall().imported()) {
            throw new IllegalStateException("block 1 did not import");
        }
    }

    @Setup(Level.Invocation)
    public void freshChain() {
        fresh = LedgerFixtures.chain(new InMemoryStorage(), genesis);
    }

    @Benchmark
    public BuiltBlock buildBlockOneCall() {
        return builder.buildBlock(one, LedgerFixtures.GENESIS_TIME + 1_000);
    }

    @Benchmark
    public ImportResult importBlockOneCall() {
        return fresh.importBlock(block);
    }
}
