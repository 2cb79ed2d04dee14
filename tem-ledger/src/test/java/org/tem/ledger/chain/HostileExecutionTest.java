package org.tem.ledger.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tem.ledger.Fixtures.ALICE;
import static org.tem.ledger.Fixtures.BOB;
import static org.tem.ledger.Fixtures.CAROL;
import static org.tem.ledger.Fixtures.OPERATOR;
import static org.tem.ledger.Fixtures.poison;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.tem.ledger.Fixtures;
import org.tem.ledger.PoisonContract;
import org.tem.ledger.block.Block;
import org.tem.ledger.block.BlockHeader;
import org.tem.ledger.crypto.Hash;
import org.tem.ledger.storage.InMemoryStorage;
import org.tem.ledger.tx.Transaction;

/**
 * Issue 7, break 1, on the real chain: a transaction whose call raises an {@link Error} (out of
 * memory in its own argument decoding, stack overflow) must neither halt block building nor make
 * {@code importBlock} throw, and must never become a receipt other nodes would have to reproduce.
 */
class HostileExecutionTest {

    private final Blockchain chain = Fixtures.chain(new InMemoryStorage());

    @AfterEach
    void healthyAgain() {
        PoisonContract.OUT_OF_MEMORY_HERE.set(false);
    }

    private long time() {
        return chain.head().timestamp() + 1000;
    }

    @Test
    void buildBlockLeavesOutCallsThatRaiseErrorsWithAReasonAndIncludesTheRest() {
        Transaction matrix = poison(ALICE, 0, "matrix", PoisonContract.rows(Integer.MAX_VALUE));
        Transaction huge = poison(BOB, 0, "huge", new byte[0]);
        Transaction recurse = poison(CAROL, 0, "recurse", new byte[0]);
        Transaction honest = poison(OPERATOR, 0, "ok", new byte[0]);

        BuiltBlock built = chain.buildBlock(List.of(matrix, huge, recurse, honest), time());

        assertEquals(List.of(honest), built.block().transactions());
        assertTrue(built.receipts().get(0).success());
        assertEquals(List.of(matrix, huge, recurse),
                built.skipped().stream().map(BuiltBlock.Skipped::transaction).toList());
        assertTrue(built.skipped().get(0).reason().contains("OutOfMemoryError"), built.skipped().get(0).reason());
        assertTrue(built.skipped().get(1).reason().contains("OutOfMemoryError"), built.skipped().get(1).reason());
        assertTrue(built.skipped().get(2).reason().contains("StackOverflowError"), built.skipped().get(2).reason());
        assertTrue(chain.importBlock(built.block()).imported());
        assertEquals(0, chain.nonce(ALICE.address()), "a dropped transaction uses no nonce");
        assertTrue(chain.receipt(matrix.hash()).isEmpty(), "and has no receipt");
        assertEquals(1, chain.nonce(OPERATOR.address()));
    }

    @Test
    void aBlockWhoseCallRaisesAnErrorOnThisNodeIsNotProcessedChangesNothingAndImportsLater() {
        // Another node, with memory to spare, built and executed the block.
        Blockchain builder = Fixtures.chain(new InMemoryStorage());
        Transaction flaky = poison(ALICE, 0, "flaky", new byte[0]);
        BuiltBlock built = builder.buildBlock(List.of(flaky), time());
        assertTrue(built.receipts().get(0).success());
        Block block = Block.decode(built.block().encode());

        BlockHeader head = chain.head();
        Hash root = chain.recomputeStateRoot();
        PoisonContract.OUT_OF_MEMORY_HERE.set(true);
        ImportResult r = chain.importBlock(block);

        assertEquals(ImportResult.Status.NOT_PROCESSED, r.status());
        assertTrue(r.reason().contains("OutOfMemoryError"), r.reason());
        assertEquals(head, chain.head());
        assertEquals(root, chain.recomputeStateRoot());
        assertTrue(chain.block(block.hash()).isEmpty());

        PoisonContract.OUT_OF_MEMORY_HERE.set(false);
        ImportResult again = chain.importBlock(block);
        assertTrue(again.imported(), "the block was not marked invalid: " + again.reason());
        assertEquals(built.block().header().stateRoot(), chain.head().stateRoot());
    }

    @Test
    void anImportedBlockCarryingTheIssuesPoisonIsNotProcessedRatherThanThrown() {
        // A block from a hostile validator that included the poison as if it had succeeded.
        Transaction matrix = poison(ALICE, 0, "matrix", PoisonContract.rows(Integer.MAX_VALUE));
        BlockHeader head = chain.head();
        BlockHeader h = new BlockHeader(head.hash(), 1, time(), Block.transactionsRoot(List.of(matrix)),
                head.stateRoot(), head.receiptsRoot(), org.apache.tuweni.bytes.Bytes.EMPTY, org.apache.tuweni.bytes.Bytes.EMPTY);

        ImportResult r = chain.importBlock(new Block(h, List.of(matrix)));

        assertEquals(ImportResult.Status.NOT_PROCESSED, r.status());
        assertEquals(head, chain.head());
        assertFalse(r.imported());
        // The chain still works.
        assertTrue(chain.importBlock(chain.buildBlock(List.of(poison(BOB, 0, "ok", new byte[0])), time())
                .block()).imported());
    }
}
