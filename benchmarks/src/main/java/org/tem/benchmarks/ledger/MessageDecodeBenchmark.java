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
import org.tem.consensus.network.Message;
import org.tem.consensus.network.NewBlock;
import org.tem.consensus.network.Transactions;
import org.tem.ledger.block.Block;
import org.tem.ledger.tx.Transaction;

/**
 * The network layer's decoding of a received message, with its canonical-encoding check, time
 * per message: {@code decodeTransactions}, a gossip message of {@code txs} signed credit calls;
 * {@code decodeNewBlock}, a block announcement carrying a block of {@code txs} of them (the
 * message only, not the block inside it, which {@link Block#decode} reads later).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class MessageDecodeBenchmark {
    @Param({"100", "1000"})
    public int txs;

    private Bytes transactions;
    private Bytes newBlock;

    @Setup(Level.Trial)
    public void setUp() {
        List<Transaction> candidates = LedgerFixtures.creditsFromDistinctSenders(txs);
        Block block = LedgerFixtures.buildBlockOne(LedgerFixtures.genesis(0), candidates);
        transactions = Bytes.wrap(new Transactions(candidates.stream().map(Transaction::encoded).toList())
                .encode().toArray());
        newBlock = Bytes.wrap(new NewBlock(block.encode()).encode().toArray());
        if (!(Message.decode(transactions) instanceof Transactions t) || t.transactions().size() != txs
                || !(Message.decode(newBlock) instanceof NewBlock)) {
            throw new IllegalStateException("messages do not round-trip");
        }
    }

    @Benchmark
    public Message decodeTransactions() {
        return Message.decode(transactions);
    }

    @Benchmark
    public Message decodeNewBlock() {
        return Message.decode(newBlock);
    }
}
