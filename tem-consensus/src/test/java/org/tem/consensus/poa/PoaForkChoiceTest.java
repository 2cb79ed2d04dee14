package org.tem.consensus.poa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tem.consensus.poa.PoaFinalityTest.hashOf;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tem.ledger.crypto.Hash;

/** Clique's fork choice with EIP-3436's tie-breaks, and the finality amendment, key by key. */
class PoaForkChoiceTest {

    private static final PoaAnchor GENESIS = new PoaAnchor(0, hashOf(0));

    private static PoaHead head(long number, long td, int distance, Hash hash) {
        return new PoaHead(hash, number, td, distance, GENESIS);
    }

    private static Hash hash(int lastByte) {
        byte[] b = new byte[32];
        b[31] = (byte) lastByte;
        return Hash.of(b);
    }

    @Test
    void higherTotalDifficultyWins() {
        PoaHead heavy = head(10, 15, 3, hash(9));
        PoaHead light = head(9, 14, 0, hash(1));
        assertTrue(PoaForkChoice.CLIQUE.compare(heavy, light) > 0);
    }

    @Test
    void thenTheLowerBlockNumber() {
        PoaHead shorter = head(9, 15, 3, hash(9));
        PoaHead longer = head(10, 15, 0, hash(1));
        assertTrue(PoaForkChoice.CLIQUE.compare(shorter, longer) > 0);
    }

    @Test
    void thenTheSignerWhoseInTurnSlotWasMostRecent() {
        PoaHead recent = head(10, 15, 1, hash(9));
        PoaHead distant = head(10, 15, 2, hash(1));
        assertTrue(PoaForkChoice.CLIQUE.compare(recent, distant) > 0);
    }

    @Test
    void thenTheLowerHashAsAnUnsignedInteger() {
        byte[] high = new byte[32];
        high[0] = (byte) 0x80; // negative as a signed byte, largest as unsigned
        PoaHead low = head(10, 15, 1, hash(1));
        PoaHead highHash = head(10, 15, 1, Hash.of(high));
        assertTrue(PoaForkChoice.CLIQUE.compare(low, highHash) > 0);
    }

    @Test
    void theHigherJustifiedAnchorWinsBeforeAnyDifficulty() {
        PoaHead justified = new PoaHead(hash(1), 20, 25, 3, new PoaAnchor(15, hashOf(15)));
        PoaHead heavier = new PoaHead(hash(2), 18, 30, 0, new PoaAnchor(12, hashOf(12)));
        assertTrue(PoaForkChoice.CLIQUE.compare(heavier, justified) > 0, "Clique alone picks the heavier");
        assertTrue(PoaForkChoice.WITH_FINALITY.compare(justified, heavier) > 0);
    }

    @Test
    void theChoiceDoesNotDependOnTheOrderHeadsWereSeen() {
        List<PoaHead> heads = new ArrayList<>(List.of(head(10, 15, 1, hash(3)), head(10, 15, 1, hash(2)),
                head(9, 15, 4, hash(7)), head(11, 14, 0, hash(1)), head(9, 15, 2, hash(8))));
        PoaHead best = Collections.max(heads, PoaForkChoice.WITH_FINALITY);
        for (int i = 0; i < 10; i++) {
            Collections.shuffle(heads, new Random(i));
            assertEquals(best, Collections.max(heads, PoaForkChoice.WITH_FINALITY));
        }
        assertEquals(head(9, 15, 2, hash(8)), best);
    }
}
