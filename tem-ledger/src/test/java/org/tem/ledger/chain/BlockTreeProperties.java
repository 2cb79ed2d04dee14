package org.tem.ledger.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.apache.tuweni.bytes.Bytes;
import org.tem.ledger.Fixtures;
import org.tem.ledger.block.Block;
import org.tem.ledger.block.BlockHeader;
import org.tem.ledger.crypto.KeyPair;
import org.tem.ledger.state.StateView;
import org.tem.ledger.storage.InMemoryStorage;
import org.tem.ledger.tx.Transaction;

/**
 * Fork choice does not depend on the order blocks arrive in: a random tree of valid blocks
 * (random parents, difficulties and transactions, so branches share, repeat and diverge in
 * transactions), imported in random orders (children before their parents too, retried as a
 * node's orphan pool would), ends at the same canonical head and state root, which is the
 * greatest block by the consensus' comparator, with the same nonces and a store that passes the
 * integrity check.
 */
class BlockTreeProperties {

    private static final List<KeyPair> SENDERS = List.of(Fixtures.OPERATOR, Fixtures.ALICE, Fixtures.BOB,
            Fixtures.CAROL);

    /** One block of the tree: which earlier block is its parent, its difficulty, its transaction count. */
    record Shape(int parentPick, int difficulty, int transactions) {
    }

    @Provide
    Arbitrary<List<Shape>> trees() {
        return Combinators.combine(Arbitraries.integers().between(0, 1_000), Arbitraries.integers().between(1, 3),
                Arbitraries.integers().between(0, 3)).as(Shape::new).list().ofMinSize(1).ofMaxSize(18);
    }

    private static Blockchain fresh() {
        return Blockchain.open(new InMemoryStorage(), Fixtures.genesis(), TestConsensus.noFinality());
    }

    @Property(tries = 30)
    void anyImportOrderOfATreeEndsAtTheSameHeadAndStateRoot(@ForAll("trees") List<Shape> tree, @ForAll long seed) {
        Blockchain builder = fresh();
        List<Block> blocks = new ArrayList<>();
        blocks.add(builder.block(0).orElseThrow());
        for (Shape s : tree) {
            Block parent = blocks.get(s.parentPick() % blocks.size());
            StateView state = builder.reader().state(parent.hash()).orElseThrow();
            Map<KeyPair, Long> next = new HashMap<>();
            List<Transaction> txs = new ArrayList<>();
            for (int k = 0; k < s.transactions(); k++) {
                KeyPair from = SENDERS.get((blocks.size() + k) % SENDERS.size());
                long nonce = next.computeIfAbsent(from, f -> state.nonce(f.address()));
                next.put(from, nonce + 1);
                txs.add(Fixtures.tx(from, nonce, "increment", Bytes.EMPTY));
            }
            BuiltBlock b = builder.buildBlock(parent.hash(), txs, parent.header().timestamp() + 1000 + s.difficulty(),
                    TestConsensus.difficulty(s.difficulty()));
            assertEquals(txs, b.block().transactions());
            ImportResult r = builder.importBlock(b.block());
            if (r.status() == ImportResult.Status.ALREADY_KNOWN) {
                continue; // the same shape on the same parent: the same block
            }
            assertTrue(r.imported(), r.status() + ": " + r.reason());
            blocks.add(b.block());
        }
        TestConsensus fc = TestConsensus.noFinality();
        HeaderView view = builder.reader().headers();
        BlockHeader best = blocks.get(0).header();
        for (Block b : blocks) {
            if (fc.compare(view, b.header(), best) > 0) {
                best = b.header();
            }
        }
        assertEquals(best, builder.head(), "in build order the head is the comparator's maximum");

        List<Block> toImport = new ArrayList<>(blocks.subList(1, blocks.size()));
        for (int round = 0; round < 2; round++) {
            Collections.shuffle(toImport, new Random(seed + round));
            Blockchain chain = fresh();
            int reorganisations = importAll(chain, toImport);
            Statistics.collect(reorganisations == 0 ? "no reorganisation" : "reorganised");
            assertEquals(best, chain.head());
            assertEquals(best.stateRoot(), chain.recomputeStateRoot());
            for (KeyPair k : SENDERS) {
                assertEquals(builder.nonce(k.address()), chain.nonce(k.address()));
            }
            for (Block b : blocks) {
                assertEquals(builder.reader().isCanonical(b.hash()), chain.reader().isCanonical(b.hash()));
            }
            if (round == 0) {
                assertEquals(List.of(), chain.checkIntegrity());
            }
        }
    }

    /** Imports every block, retrying those whose parent has not arrived; returns the reorganisations. */
    private static int importAll(Blockchain chain, List<Block> blocks) {
        List<Block> waiting = new ArrayList<>(blocks);
        int reorganisations = 0;
        while (!waiting.isEmpty()) {
            List<Block> still = new ArrayList<>();
            for (Block b : waiting) {
                ImportResult r = chain.importBlock(b);
                if (r.status() == ImportResult.Status.UNKNOWN_PARENT) {
                    still.add(b);
                } else {
                    assertTrue(r.imported(), r.status() + ": " + r.reason());
                    if (r.status() == ImportResult.Status.REORGANIZED) {
                        reorganisations++;
                    }
                }
            }
            assertTrue(still.size() < waiting.size(), "every round imports at least one block");
            waiting = still;
        }
        return reorganisations;
    }
}
