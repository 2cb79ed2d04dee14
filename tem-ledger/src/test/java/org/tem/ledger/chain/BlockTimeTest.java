package org.tem.ledger.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tem.ledger.Fixtures.ALICE;
import static org.tem.ledger.Fixtures.GENESIS_TIME;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.tuweni.bytes.Bytes;
import org.junit.jupiter.api.Test;
import org.tem.ledger.Fixtures;
import org.tem.ledger.block.Block;
import org.tem.ledger.block.BlockHeader;
import org.tem.ledger.storage.InMemoryStorage;

/**
 * Issue 7, break 7: block time that validators cannot bend. The genesis sets a period of 1 s and
 * a drift of 5 s; the importer's clock is injected.
 */
class BlockTimeTest {

    private static final long PERIOD = 1_000;
    private static final long DRIFT = 5_000;

    private final Genesis genesis = Fixtures.genesisBuilder().blockPeriodMillis(PERIOD).maxFutureDriftMillis(DRIFT)
            .build();
    private final AtomicLong now = new AtomicLong(GENESIS_TIME + 10_000);
    private final Blockchain chain = Blockchain.open(new InMemoryStorage(), genesis, ConsensusHook.acceptAll(),
            now::get);
    /** Another node of the same chain that builds the blocks (its clock plays no part). */
    private final Blockchain builder = Blockchain.open(new InMemoryStorage(), genesis, ConsensusHook.acceptAll(),
            () -> Long.MAX_VALUE);

    private Block build(long timestamp) {
        return builder.buildBlock(List.of(Fixtures.tx(ALICE, builder.nonce(ALICE.address()), "increment",
                Bytes.EMPTY)), timestamp).block();
    }

    @Test
    void aBlockFromTheFutureIsHeldNotImportedAndImportsOnceTheClockReachesIt() {
        BlockHeader head = chain.head();
        Block future = build(now.get() + 60_000);

        ImportResult r = chain.importBlock(future);

        assertEquals(ImportResult.Status.HELD, r.status(), r.reason());
        assertEquals(head, chain.head());
        assertEquals(head.stateRoot(), chain.recomputeStateRoot());
        assertEquals(List.of(future.header()), chain.heldBlocks());
        assertEquals(ImportResult.Status.HELD, chain.importBlock(future).status(), "offered again: still held");

        now.set(future.header().timestamp() - DRIFT - 1);
        assertTrue(chain.importHeld().isEmpty());
        assertEquals(head, chain.head());

        now.set(future.header().timestamp() - DRIFT);
        List<ImportResult> done = chain.importHeld();
        assertEquals(1, done.size());
        assertTrue(done.get(0).imported(), done.get(0).reason());
        assertEquals(future.header(), chain.head());
        assertTrue(chain.heldBlocks().isEmpty());
    }

    @Test
    void aBlockWithinTheDriftImportsAtOnce() {
        Block atTheEdge = build(now.get() + DRIFT);
        assertTrue(chain.importBlock(atTheEdge).imported());
    }

    @Test
    void aBlockBeforeItsParentsTimePlusThePeriodIsInvalid() {
        BlockHeader head = chain.head();
        Block good = build(head.timestamp() + PERIOD);
        BlockHeader h = good.header();
        Block early = new Block(new BlockHeader(h.parentHash(), h.number(), head.timestamp() + PERIOD - 1,
                h.transactionsRoot(), h.stateRoot(), h.receiptsRoot(), h.consensusData(), h.seal()), good.transactions());

        ImportResult r = chain.importBlock(early);

        assertEquals(ImportResult.Status.REJECTED, r.status());
        assertTrue(r.reason().contains("before the parent's " + head.timestamp() + " + the block period 1000"),
                r.reason());
        assertEquals(head, chain.head());
        assertTrue(chain.importBlock(good).imported(), "exactly the period after the parent is fine");
    }

    @Test
    void buildBlockRaisesATimestampToTheParentsPlusThePeriod() {
        assertEquals(GENESIS_TIME + PERIOD, builder.buildBlock(List.of(), 0).block().header().timestamp());
    }

    @Test
    void aChildOfAHeldBlockIsHeldAndBothImportInOrder() {
        Block first = build(now.get() + 30_000);
        assertTrue(builder.importBlock(first).imported());
        Block second = build(now.get() + 31_000);

        assertEquals(ImportResult.Status.HELD, chain.importBlock(first).status());
        assertEquals(ImportResult.Status.HELD, chain.importBlock(second).status());

        now.set(second.header().timestamp());
        List<ImportResult> done = chain.importHeld();
        assertEquals(2, done.size());
        assertTrue(done.get(0).imported() && done.get(1).imported());
        assertEquals(second.header(), chain.head());
    }

    @Test
    void theQueueOfHeldBlocksIsBoundedAndKeepsTheSoonestBlocks() {
        long base = now.get() + DRIFT + 1_000;
        List<Block> siblings = new ArrayList<>();
        for (int i = 0; i <= Blockchain.MAX_HELD_BLOCKS; i++) {
            siblings.add(builder.buildBlock(List.of(), base + 1_000L * (i + 1)).block());
        }
        for (int i = 0; i < Blockchain.MAX_HELD_BLOCKS; i++) {
            assertEquals(ImportResult.Status.HELD, chain.importBlock(siblings.get(i)).status());
        }
        ImportResult later = chain.importBlock(siblings.get(Blockchain.MAX_HELD_BLOCKS));
        assertEquals(ImportResult.Status.NOT_PROCESSED, later.status(), "later than every held block");
        assertTrue(later.reason().contains("queue of held blocks is full"), later.reason());

        Block sooner = builder.buildBlock(List.of(), base).block();
        assertEquals(ImportResult.Status.HELD, chain.importBlock(sooner).status());
        List<BlockHeader> held = chain.heldBlocks();
        assertEquals(Blockchain.MAX_HELD_BLOCKS, held.size());
        assertEquals(sooner.header(), held.get(0));
        assertEquals(siblings.get(Blockchain.MAX_HELD_BLOCKS - 2).header(), held.get(held.size() - 1),
                "the latest-due block made room");

        now.set(base - DRIFT);
        List<ImportResult> done = chain.importHeld();
        assertEquals(1, done.size());
        assertEquals(sooner.header(), chain.head());
        assertTrue(chain.heldBlocks().isEmpty(), "siblings of the new head can no longer follow it");
    }

    @Test
    void theGenesisHashCommitsToThePeriodTheDriftAndThePermittedAccounts() {
        Bytes base = hashOf(Fixtures.genesisBuilder().blockPeriodMillis(PERIOD).maxFutureDriftMillis(DRIFT).build());
        assertEquals(base, hashOf(genesis));
        assertNotEquals(base, hashOf(Fixtures.genesisBuilder().blockPeriodMillis(PERIOD + 1)
                .maxFutureDriftMillis(DRIFT).build()));
        assertNotEquals(base, hashOf(Fixtures.genesisBuilder().blockPeriodMillis(PERIOD)
                .maxFutureDriftMillis(DRIFT + 1).build()));
        assertNotEquals(base, hashOf(Fixtures.genesisBuilder().blockPeriodMillis(PERIOD).maxFutureDriftMillis(DRIFT)
                .account(Fixtures.STRANGER.publicKey()).build()));
    }

    private static Bytes hashOf(Genesis g) {
        return Blockchain.open(new InMemoryStorage(), g, ConsensusHook.acceptAll()).genesisHash().toBytes();
    }
}
