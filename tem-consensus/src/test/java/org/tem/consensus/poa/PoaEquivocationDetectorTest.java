package org.tem.consensus.poa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tem.consensus.poa.Names.addr;
import static org.tem.consensus.poa.PoaFinalityTest.hashOf;
import static org.tem.consensus.poa.PoaFinalityTest.vote;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tem.ledger.crypto.Address;

/** Evidence of equivocation: two finality votes one honest signer would never cast together. */
class PoaEquivocationDetectorTest {

    private static final Address A = addr('A');

    private static PoaEquivocation.Sighting seen(long hashSeed, long number, PoaFinalityVote vote) {
        return new PoaEquivocation.Sighting(hashOf(1000 + hashSeed), number, A, vote);
    }

    @Test
    void twoVotesForOneTargetNumberAreADoubleVote() {
        PoaEquivocationDetector d = new PoaEquivocationDetector(100);
        assertEquals(List.of(), d.observe(seen(1, 7, vote(3, 6))));
        List<PoaEquivocation> e = d.observe(seen(2, 8, vote(0, 6)));
        assertEquals(1, e.size());
        assertEquals(PoaEquivocation.Kind.DOUBLE_VOTE, e.get(0).kind());
        assertEquals(A, e.get(0).signer());
    }

    @Test
    void twoVotingBlocksAtOneHeightForDifferentAnchorsAreADoubleVote() {
        PoaEquivocationDetector d = new PoaEquivocationDetector(100);
        d.observe(seen(1, 7, vote(3, 6)));
        PoaFinalityVote otherBranch = new PoaFinalityVote(new PoaAnchor(3, hashOf(3)), new PoaAnchor(6, hashOf(66)));
        assertEquals(PoaEquivocation.Kind.DOUBLE_VOTE, d.observe(seen(2, 7, otherBranch)).get(0).kind());
    }

    @Test
    void nestedVotesAreASurroundVoteInEitherOrder() {
        PoaEquivocationDetector d = new PoaEquivocationDetector(100);
        d.observe(seen(1, 7, vote(3, 6)));
        assertEquals(PoaEquivocation.Kind.SURROUND_VOTE, d.observe(seen(2, 11, vote(0, 9))).get(0).kind());
        PoaEquivocationDetector d2 = new PoaEquivocationDetector(100);
        d2.observe(seen(2, 11, vote(0, 9)));
        assertEquals(PoaEquivocation.Kind.SURROUND_VOTE, d2.observe(seen(1, 7, vote(3, 6))).get(0).kind());
    }

    @Test
    void evidenceIsTheSameWhateverTheOrderOfArrival() {
        PoaEquivocationDetector d1 = new PoaEquivocationDetector(100);
        d1.observe(seen(1, 7, vote(3, 6)));
        PoaEquivocationDetector d2 = new PoaEquivocationDetector(100);
        d2.observe(seen(2, 8, vote(0, 6)));
        assertEquals(d1.observe(seen(2, 8, vote(0, 6))), d2.observe(seen(1, 7, vote(3, 6))));
    }

    @Test
    void seeingTheSameBlockAgainReportsNothing() {
        PoaEquivocationDetector d = new PoaEquivocationDetector(100);
        d.observe(seen(1, 7, vote(3, 6)));
        assertEquals(1, d.observe(seen(2, 8, vote(0, 6))).size());
        assertEquals(List.of(), d.observe(seen(2, 8, vote(0, 6))));
        assertEquals(List.of(), d.observe(seen(1, 7, vote(3, 6))));
    }

    @Test
    void anHonestSignersVotesProduceNoEvidence() {
        PoaEquivocationDetector d = new PoaEquivocationDetector(100);
        assertEquals(List.of(), d.observe(seen(1, 4, vote(0, 3))));
        assertEquals(List.of(), d.observe(seen(2, 5, vote(0, 3))), "the same vote from another block");
        assertEquals(List.of(), d.observe(seen(3, 4, vote(0, 3))), "even at the same height, after a reorg");
        assertEquals(List.of(), d.observe(seen(4, 7, vote(3, 6))));
        assertEquals(List.of(), d.observe(seen(5, 10, vote(6, 9))));
        assertEquals(List.of(), d.observe(seen(6, 13, vote(6, 12))), "a source kept across an unjustified epoch");
    }

    @Test
    void evidenceMustMatchItsKind() {
        assertThrows(IllegalArgumentException.class, () -> new PoaEquivocation(PoaEquivocation.Kind.DOUBLE_VOTE, A,
                seen(1, 4, vote(0, 3)), seen(2, 7, vote(3, 6))));
    }

    @Test
    void memoryIsBoundedAndTheLowestBlocksAreForgottenFirst() {
        PoaEquivocationDetector d = new PoaEquivocationDetector(3);
        for (int n = 1; n <= 10; n++) {
            d.observe(seen(n, 3L * n + 1, vote(3L * n - 3, 3L * n)));
            assertTrue(d.size() <= 3);
        }
        assertEquals(List.of(), d.observe(seen(99, 40, vote(1, 3))), "0 -> 3 (block 4) was forgotten");
        assertEquals(1, d.observe(seen(98, 41, vote(21, 27))).size(), "24 -> 27 (block 28) was not");
        d.pruneBelow(Long.MAX_VALUE);
        assertEquals(0, d.size());
    }

    @Test
    void capacityBelowOneIsMisuse() {
        assertThrows(IllegalArgumentException.class, () -> new PoaEquivocationDetector(0));
    }
}
