package org.tem.benchmarks.ledger;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.tuweni.bytes.Bytes;
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
import org.openjdk.jmh.infra.Blackhole;
import org.tem.ledger.block.Block;
import org.tem.ledger.chain.Blockchain;
import org.tem.ledger.chain.BuiltBlock;
import org.tem.ledger.chain.Genesis;
import org.tem.ledger.chain.ImportResult;
import org.tem.ledger.storage.InMemoryStorage;
import org.tem.ledger.tx.Transaction;

/**
 * A block of {@code txs} credit calls from distinct senders, in-memory storage, time per block.
 * {@code importBlock}: {@link Blockchain#importBlock} of the pre-built block 1 into a fresh chain
 * (created per invocation, not timed): tx root, execution, receipts and state roots, commit. The
 * transactions are the builder's, already verified, so no signature work. {@code buildBlock}:
 * execution and roots only (nothing committed). {@code decodeBlock}: {@link Block#decode} of the
 * block's bytes, which checks every transaction's structure (no signature work);
 * {@code decodeBlockAndHashTransactions} adds the transactions' hashes, computed on first use.
 * {@code decodeAndImportBlock}: decode, then import into a fresh chain, which verifies every
 * sender's signature against its listed key — the receive side of a network import.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class BlockImportBenchmark {
    @Param({"100", "1000"})
    public int txs;

    private Genesis genesis;
    private List<Transaction> candidates;
    private Block block;
    private Bytes encoded;
    private Blockchain builder;
    private Blockchain fresh;

    @Setup(Level.Trial)
    public void setUp() {
        genesis = LedgerFixtures.genesis(0);
        candidates = LedgerFixtures.creditsFromDistinctSenders(txs);
        block = LedgerFixtures.buildBlockOne(genesis, candidates);
        encoded = block.encode();
        builder = LedgerFixtures.chain(new InMemoryStorage(), genesis);
        freshChain();
        ImportResult r = importBlock();
        if (!r.imported() || r.receipts().size() != txs) {
            throw new IllegalStateException("block 1 did not import: " + r.reason());
        }
        if (!Block.decode(encoded).equals(block)) {
            throw new IllegalStateException("block does not round-trip");
        }
    }

    @Setup(Level.Invocation)
    public void freshChain() {
        fresh = LedgerFixtures.chain(new InMemoryStorage(), genesis);
    }

    @Benchmark
    public ImportResult importBlock() {
        return fresh.importBlock(block);
    }

    @Benchmark
    public BuiltBlock buildBlock() {
        return builder.buildBlock(candidates, LedgerFixtures.GENESIS_TIME + 1_000);
    }

    @Benchmark
    public Block decodeBlock() {
        return Block.decode(encoded);
    }

    /**
     * {@link #decodeBlock} and then every transaction's hash: since a decoded transaction hashes
     * its bytes on first use, not in the decoder, this is the decoding work a node does for a
     * received block before import (it looks every transaction up by hash).
     */
    @Benchmark
    public void decodeBlockAndHashTransactions(Blackhole bh) {
        for (Transaction t : Block.decode(encoded).transactions()) {
            bh.consume(t.hash());
        }
    }

    @Benchmark
    public ImportResult decodeAndImportBlock() {
        return fresh.importBlock(Block.decode(encoded));
    }
}
