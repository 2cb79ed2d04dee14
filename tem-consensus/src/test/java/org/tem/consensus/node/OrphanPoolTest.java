package org.tem.consensus.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.junit.jupiter.api.Test;
import org.tem.ledger.block.Block;
import org.tem.ledger.block.BlockHeader;
import org.tem.ledger.crypto.Hash;
import org.tem.ledger.crypto.Keccak;

class OrphanPoolTest {

    private static Hash h(int i) {
        return Keccak.hash256(Bytes.ofUnsignedInt(i));
    }

    private static Block block(Hash parent, long number) {
        return new Block(new BlockHeader(parent, number, 0, Hash.ZERO, Hash.ZERO, Hash.ZERO, Bytes.EMPTY, Bytes.EMPTY),
                List.of());
    }

    @Test
    void childrenAreReleasedByTheirParentInArrivalOrder() {
        OrphanPool pool = new OrphanPool(10, 1_000);
        Block a = block(h(1), 5);
        Block b = block(h(1), 6);
        Block c = block(h(2), 5);
        assertTrue(pool.add(a, a.hash(), 10));
        assertTrue(pool.add(b, b.hash(), 10));
        assertTrue(pool.add(c, c.hash(), 10));
        assertFalse(pool.add(a, a.hash(), 10), "already held");
        assertEquals(List.of(a, b), pool.takeChildren(h(1)));
        assertEquals(List.of(), pool.takeChildren(h(1)));
        assertEquals(1, pool.size());
        assertEquals(10, pool.bytes());
    }

    @Test
    void theOldestAreDroppedBeyondTheCountOrTheBytes() {
        OrphanPool byCount = new OrphanPool(3, 1_000_000);
        for (int i = 0; i < 10; i++) {
            Block b = block(h(i), i + 1);
            byCount.add(b, b.hash(), 100);
            assertTrue(byCount.size() <= 3);
        }
        assertEquals(7, byCount.dropped());
        assertEquals(List.of(block(h(9), 10)), byCount.takeChildren(h(9)));
        assertEquals(List.of(), byCount.takeChildren(h(0)), "the first arrivals went first");

        OrphanPool byBytes = new OrphanPool(100, 250);
        for (int i = 0; i < 10; i++) {
            Block b = block(h(i), i + 1);
            byBytes.add(b, b.hash(), 100);
            assertTrue(byBytes.bytes() <= 250);
        }
        assertEquals(2, byBytes.size());
        Block huge = block(h(99), 1);
        assertFalse(byBytes.add(huge, huge.hash(), 251), "larger than the whole pool");
    }

    @Test
    void finalityDropsTheOrphansAtOrBelowIt() {
        OrphanPool pool = new OrphanPool(10, 1_000);
        for (int i = 1; i <= 6; i++) {
            Block b = block(h(i), i);
            pool.add(b, b.hash(), 10);
        }
        pool.dropAtOrBelow(4);
        assertEquals(2, pool.size());
        assertEquals(4, pool.dropped());
        assertEquals(20, pool.bytes());
    }
}
