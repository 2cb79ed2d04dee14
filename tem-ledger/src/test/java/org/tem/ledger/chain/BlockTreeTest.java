package org.tem.ledger.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tem.ledger.Fixtures.ALICE;
import static org.tem.ledger.Fixtures.BANK;
import static org.tem.ledger.Fixtures.BOB;
import static org.tem.ledger.Fixtures.OPERATOR;
import static org.tem.ledger.Fixtures.mint;
import static org.tem.ledger.Fixtures.transfer;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.tuweni.bytes.Bytes;
import org.junit.jupiter.api.Test;
import org.tem.ledger.Fixtures;
import org.tem.ledger.block.Block;
import org.tem.ledger.block.BlockHeader;
import org.tem.ledger.crypto.KeyPair;
import org.tem.ledger.mempool.Mempool;
import org.tem.ledger.state.StateView;
import org.tem.ledger.storage.InMemoryStorage;
import org.tem.ledger.tx.Transaction;

/**
 * The block tree: side blocks kept, the consensus' fork choice picks the canonical branch, state
 * and nonces follow it, dropped transactions return to the mempool, nothing below the finalised
 * block is ever reorganised, listeners hear every change, and reads never wait for an import.
 * Blocks are built by a second node of the same chain ({@link #builder}, no finality) on any
 * parent, with a difficulty in their consensus data ({@link TestConsensus}: fork choice by total
 * difficulty, as Clique's).
 */
class BlockTreeTest {

    private final Blockchain builder = Blockchain.open(new InMemoryStorage(), Fixtures.genesis(),
            TestConsensus.noFinality());
    private final Block genesis = builder.block(0).orElseThrow();

    /** A valid block on {@code parent} of the given difficulty, also imported by the builder. */
    private Block build(Block parent, int difficulty, Transaction... txs) {
        BuiltBlock b = builder.buildBlock(parent.hash(), List.of(txs), parent.header().timestamp() + 1000 + difficulty,
                TestConsensus.difficulty(difficulty));
        assertEquals(List.of(), b.skipped(), "every transaction fits");
        ImportResult r = builder.importBlock(b.block());
        assertTrue(r.imported(), r.reason());
        return b.block();
    }

    private static long balance(StateView state, KeyPair who) {
        return state.get(BANK, who.address().toBytes()).map(b -> ByteBuffer.wrap(b.toArrayUnsafe()).getLong())
                .orElse(0L);
    }

    private static long balance(Blockchain c, KeyPair who) {
        return balance(c.state(), who);
    }

    /** Records what listeners hear. */
    private static final class Heard implements ChainListener {
        final List<BlockHeader> heads = new ArrayList<>();
        final List<List<BlockHeader>> dropped = new ArrayList<>();
        final List<List<BlockHeader>> added = new ArrayList<>();
        final List<BlockHeader> finalized = new ArrayList<>();

        @Override
        public void onNewHead(BlockHeader head) {
            heads.add(head);
        }

        @Override
        public void onReorganization(List<BlockHeader> d, List<BlockHeader> a) {
            dropped.add(d);
            added.add(a);
        }

        @Override
        public void onFinalized(BlockHeader f) {
            finalized.add(f);
        }
    }

    private static void imports(Blockchain chain, ImportResult.Status expected, Block b) {
        ImportResult r = chain.importBlock(b);
        assertEquals(expected, r.status(), r.reason());
    }

    @Test
    void theBranchTheForkChoicePrefersBecomesCanonicalAndStateAndNoncesFollowIt() {
        Blockchain chain = Blockchain.open(new InMemoryStorage(), Fixtures.genesis(), TestConsensus.noFinality());
        Heard heard = new Heard();
        chain.addListener(heard);
        Block a1 = build(genesis, 1, mint(OPERATOR, 0, 1000));
        Transaction toAlice = transfer(OPERATOR, 1, ALICE, 10);
        Block a2 = build(a1, 1, toAlice);
        Block a3 = build(a2, 1, transfer(OPERATOR, 2, ALICE, 5));
        Transaction toBob = transfer(OPERATOR, 1, BOB, 20);
        Block b2 = build(a1, 1, toBob);
        Block b3 = build(b2, 2);
        imports(chain, ImportResult.Status.NEW_HEAD, a1);
        imports(chain, ImportResult.Status.NEW_HEAD, a2);
        imports(chain, ImportResult.Status.NEW_HEAD, a3);

        // Total difficulty 2 against 3: kept, executed on its own parent, not canonical.
        ImportResult side = chain.importBlock(b2);
        assertEquals(ImportResult.Status.SIDE_BLOCK, side.status(), side.reason());
        assertTrue(side.receipts().get(0).success());
        assertEquals(a3.header(), chain.head());
        assertEquals(15, balance(chain, ALICE));
        assertEquals(20, balance(chain.reader().state(b2.hash()).orElseThrow(), BOB),
                "the side block's state is readable at its root");
        assertFalse(chain.reader().isCanonical(b2.hash()));
        assertTrue(chain.receipt(toBob.hash()).isEmpty(), "a side block's transaction has no canonical receipt");

        // Total difficulty 4 against 3: the chain switches branches.
        ImportResult switched = chain.importBlock(b3);
        assertEquals(ImportResult.Status.REORGANIZED, switched.status(), switched.reason());
        assertEquals(List.of(a2.header(), a3.header()), switched.dropped());
        assertEquals(List.of(b2.header(), b3.header()), switched.added());
        assertEquals(b3.header(), chain.head());
        assertEquals(b3.header().stateRoot(), chain.head().stateRoot());
        assertEquals(b3.header().stateRoot(), chain.recomputeStateRoot());
        assertEquals(0, balance(chain, ALICE), "Alice's transfers are gone with their branch");
        assertEquals(20, balance(chain, BOB));
        assertEquals(980, balance(chain, OPERATOR));
        assertEquals(2, chain.nonce(OPERATOR.address()), "the nonces are the new branch's");
        assertEquals(b2.hash(), chain.block(2).orElseThrow().hash(), "the canonical index follows");
        assertEquals(b3.hash(), chain.block(3).orElseThrow().hash());
        assertTrue(chain.receipt(toAlice.hash()).isEmpty(), "a dropped transaction has no canonical receipt");
        assertTrue(chain.receipt(toBob.hash()).orElseThrow().success());
        assertEquals(List.of(a1.header(), a2.header(), a3.header(), b3.header()), heard.heads);
        assertEquals(List.of(List.of(a2.header(), a3.header())), heard.dropped);
        assertEquals(List.of(List.of(b2.header(), b3.header())), heard.added);
        assertEquals(List.of(), heard.finalized, "nothing is final under this consensus");
        assertEquals(List.of(), chain.checkIntegrity());

        // And back: a heavier child of a3 makes the first branch canonical again.
        Block a4 = build(a3, 3);
        ImportResult back = chain.importBlock(a4);
        assertEquals(ImportResult.Status.REORGANIZED, back.status(), back.reason());
        assertEquals(List.of(b2.header(), b3.header()), back.dropped());
        assertEquals(15, balance(chain, ALICE));
        assertEquals(0, balance(chain, BOB));
        assertEquals(List.of(), chain.checkIntegrity());
    }

    @Test
    void theTransactionsOfDroppedBlocksReturnToTheMempool() {
        Blockchain chain = Blockchain.open(new InMemoryStorage(), Fixtures.genesis(), TestConsensus.noFinality());
        Mempool pool = new Mempool(chain, 100, 10);
        chain.addListener(new ChainListener() {
            @Override
            public void onReorganization(List<BlockHeader> dropped, List<BlockHeader> added) {
                pool.reorganised(dropped);
            }
        });
        Block a1 = build(genesis, 1, mint(OPERATOR, 0, 1000));
        Transaction shared = transfer(OPERATOR, 1, BOB, 1);
        Transaction alice0 = Fixtures.tx(ALICE, 0, "increment", Bytes.EMPTY);
        Block a2 = build(a1, 2, shared, alice0);
        Block b2 = build(a1, 1, shared);
        Block b3 = build(b2, 2);
        imports(chain, ImportResult.Status.NEW_HEAD, a1);
        imports(chain, ImportResult.Status.NEW_HEAD, a2);
        Transaction alice1 = Fixtures.tx(ALICE, 1, "increment", Bytes.EMPTY);
        assertTrue(pool.add(alice1).valid(), "pending on top of a2");
        imports(chain, ImportResult.Status.SIDE_BLOCK, b2);
        imports(chain, ImportResult.Status.REORGANIZED, b3);

        assertEquals(List.of(alice0, alice1), pool.pending(10),
                "Alice's dropped transaction is back, before her pending one; the shared transfer is in the new branch");
        BuiltBlock next = chain.buildBlock(pool.pending(10), chain.head().timestamp() + 1000);
        assertEquals(List.of(alice0, alice1), next.block().transactions());
        assertTrue(chain.importBlock(next.block()).headChanged());
    }

    @Test
    void aReorganisationBelowTheFinalisedBlockIsRefused() {
        Blockchain chain = Blockchain.open(new InMemoryStorage(), Fixtures.genesis(), TestConsensus.finalAtDepth(2));
        Heard heard = new Heard();
        chain.addListener(heard);
        Block a1 = build(genesis, 1, mint(OPERATOR, 0, 1000));
        Block a2 = build(a1, 2);
        Block s2 = build(a1, 1);
        Block a3 = build(a2, 1);
        Block a4 = build(a3, 1);
        imports(chain, ImportResult.Status.NEW_HEAD, a1);
        imports(chain, ImportResult.Status.NEW_HEAD, a2);
        imports(chain, ImportResult.Status.SIDE_BLOCK, s2);
        imports(chain, ImportResult.Status.NEW_HEAD, a3);
        imports(chain, ImportResult.Status.NEW_HEAD, a4);
        assertEquals(a2.header(), chain.finalized());
        assertEquals(List.of(a1.header(), a2.header()), heard.finalized);

        // Far heavier, but forking below the finalised block a2: refused, nothing stored.
        Block heavy = build(a1, 50);
        ImportResult r = chain.importBlock(heavy);
        assertEquals(ImportResult.Status.BELOW_FINALIZED, r.status(), r.reason());
        assertTrue(chain.block(heavy.hash()).isEmpty());
        assertEquals(a4.header(), chain.head());
        Block onHeavy = build(heavy, 1);
        assertEquals(ImportResult.Status.UNKNOWN_PARENT, chain.importBlock(onHeavy).status());
        // A side block stored before finality passed its fork point can no longer be built on.
        Block onS2 = build(s2, 50);
        assertEquals(ImportResult.Status.BELOW_FINALIZED, chain.importBlock(onS2).status());

        // Forking at the finalised block itself is allowed, and may win.
        Block c3 = build(a2, 50);
        ImportResult reorg = chain.importBlock(c3);
        assertEquals(ImportResult.Status.REORGANIZED, reorg.status(), reorg.reason());
        assertEquals(List.of(a3.header(), a4.header()), reorg.dropped());
        assertEquals(a2.header(), chain.finalized(), "finality does not move back (depth 2 below c3 is a1)");
        assertEquals(List.of(), chain.checkIntegrity());
    }

    @Test
    void aBlockWhoseParentIsUnknownIsNotStoredAndImportsOnceTheParentHas() {
        Blockchain chain = Blockchain.open(new InMemoryStorage(), Fixtures.genesis(), TestConsensus.noFinality());
        Block a1 = build(genesis, 1, mint(OPERATOR, 0, 1000));
        Block a2 = build(a1, 1, transfer(OPERATOR, 1, ALICE, 3));
        ImportResult orphan = chain.importBlock(a2);
        assertEquals(ImportResult.Status.UNKNOWN_PARENT, orphan.status());
        assertTrue(orphan.reason().contains(a1.hash().toString()), orphan.reason());
        assertTrue(chain.block(a2.hash()).isEmpty());
        assertEquals(ImportResult.Status.NEW_HEAD, chain.importBlock(a1).status());
        assertEquals(ImportResult.Status.NEW_HEAD, chain.importBlock(a2).status());
        assertEquals(3, balance(chain, ALICE));
    }

    @Test
    void aListenerThatThrowsDoesNotUndoTheImportAndTheOthersStillHearIt() {
        Blockchain chain = Blockchain.open(new InMemoryStorage(), Fixtures.genesis(), TestConsensus.noFinality());
        chain.addListener(new ChainListener() {
            @Override
            public void onNewHead(BlockHeader head) {
                throw new IllegalStateException("a bug in a listener");
            }
        });
        Heard heard = new Heard();
        chain.addListener(heard);
        Block a1 = build(genesis, 1, mint(OPERATOR, 0, 1000));
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> chain.importBlock(a1));
        assertEquals("a bug in a listener", e.getMessage());
        assertEquals(a1.header(), chain.head());
        assertEquals(List.of(a1.header()), heard.heads);
        assertEquals(ImportResult.Status.ALREADY_KNOWN, chain.importBlock(a1).status());
    }

    @Test
    void readsNeverWaitForAnImport() throws Exception {
        Blockchain chain = Blockchain.open(new InMemoryStorage(), Fixtures.genesis(), TestConsensus.noFinality());
        Block a1 = build(genesis, 1, mint(OPERATOR, 0, 1000));
        CountDownLatch readerDone = new CountDownLatch(1);
        AtomicReference<String> seen = new AtomicReference<>();
        chain.addListener(new ChainListener() {
            @Override
            public void onNewHead(BlockHeader head) {
                // The import holds the chain's lock while listeners run: a reader on another thread
                // must still get through.
                Thread reader = new Thread(() -> {
                    seen.set(chain.head().number() + " " + chain.nonce(OPERATOR.address()) + " "
                            + chain.query(BANK, "balance", OPERATOR.address().toBytes()).ok() + " "
                            + chain.block(1).isPresent() + " " + chain.receipts(head.hash()).size());
                    readerDone.countDown();
                });
                reader.start();
                try {
                    assertTrue(readerDone.await(60, TimeUnit.SECONDS), "the reader waited for the import");
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        assertTrue(chain.importBlock(a1).headChanged());
        assertEquals("1 1 true true 1", seen.get(), "the reader saw the committed block");
    }
}
