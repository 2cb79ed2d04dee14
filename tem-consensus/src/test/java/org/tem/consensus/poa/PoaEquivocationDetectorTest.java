package org.tem.consensus.poa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tem.consensus.poa.Names.addr;
import static org.tem.consensus.poa.PoaFinalityTest.hashOf;
import static org.tem.consensus.poa.PoaFinalityTest.vote;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.tem.ledger.crypto.Address;

/** Evidence of equivocation: two blocks one honest signer would never seal together. */
class PoaEquivocationDetectorTest {

    private static final Address A = addr('A');

    private static PoaEquivocation.Sighting seen(long hashSeed, long number, Optional<PoaFinalityVote> vote) {
        return new PoaEquivocation.Sighting(hashOf(1000 + hashSeed), number, A, vote);
    }

    @Test
    void twoBlocksAtOneHeightAreADoubleSeal() {
        PoaEquivocationDetector d = new PoaEquivocationDetector(100);
        assertEquals(List.of(), d.observe(seen(1, 7, Optional.empty())));
        List<PoaEquivocation> e = d.observe(seen(2, 7, Optional.empty()));
        assertEquals(1, e.size());
        assertEquals(PoaEquivocation.Kind.DOUBLE_SEAL, e.get(0).kind());
        assertEquals(A, e.get(0).signer());
    }

    @Test
    void evidenceIsTheSameWhateverTheOrderOfArrival() {
        PoaEquivocationDetector d1 = new PoaEquivocationDetector(100);
        d1.observe(seen(1, 7, Optional.empty()));
        PoaEquivocationDetector d2 = new PoaEquivocationDetector(100);
        d2.observe(seen(2, 7, Optional.empty()));
        assertEquals(d1.observe(seen(2, 7, Optional.empty())), d2.observe(seen(1, 7, Optional.empty())));
    }

    @Test
    void seeingTheSameBlockAgainReportsNothing() {
        PoaEquivocationDetector d = new PoaEquivocationDetector(100);
        d.observe(seen(1, 7, Optional.of(vote(3, 6))));
        d.observe(seen(2, 7, Optional.empty()));
        assertEquals(List.of(), d.observe(seen(1, 7, Optional.of(vote(3, 6)))));
        assertEquals(List.of(), d.observe(seen(2, 7, Optional.empty())));
    }

    @Test
    void twoVotesForOneTargetNumberAreADoubleVote() {
        PoaEquivocationDetector d = new PoaEquivocationDetector(100);
        d.observe(seen(1, 7, Optional.of(vote(3, 6))));
        List<PoaEquivocation> e = d.observe(seen(2, 8, Optional.of(vote(0, 6))));
        assertEquals(List.of(PoaEquivocation.Kind.DOUBLE_VOTE), e.stream().map(PoaEquivocation::kind).toList());
    }

    @Test
    void nestedVotesAreASurroundVoteInEitherOrder() {
        PoaEquivocationDetector d = new PoaEquivocationDetector(100);
        d.observe(seen(1, 7, Optional.of(vote(3, 6))));
        assertEquals(PoaEquivocation.Kind.SURROUND_VOTE, d.observe(seen(2, 11, Optional.of(vote(0, 9)))).get(0).kind());
        PoaEquivocationDetector d2 = new PoaEquivocationDetector(100);
        d2.observe(seen(2, 11, Optional.of(vote(0, 9))));
        assertEquals(PoaEquivocation.Kind.SURROUND_VOTE, d2.observe(seen(1, 7, Optional.of(vote(3, 6)))).get(0).kind());
    }

    @Test
    void anHonestSignersBlocksProduceNoEvidence() {
        PoaEquivocationDetector d = new PoaEquivocationDetector(100);
        assertEquals(List.of(), d.observe(seen(1, 4, Optional.of(vote(0, 3)))));
        assertEquals(List.of(), d.observe(seen(2, 5, Optional.of(vote(0, 3)))));
        assertEquals(List.of(), d.observe(seen(3, 7, Optional.of(vote(3, 6)))));
        assertEquals(List.of(), d.observe(seen(4, 8, Optional.empty())));
        assertEquals(List.of(), d.observe(seen(5, 10, Optional.of(vote(6, 9)))));
    }

    @Test
    void memoryIsBoundedAndTheLowestBlocksAreForgottenFirst() {
        PoaEquivocationDetector d = new PoaEquivocationDetector(3);
        for (int n = 1; n <= 10; n++) {
            d.observe(seen(n, n, Optional.empty()));
            assertTrue(d.size() <= 3);
        }
        assertEquals(List.of(), d.observe(seen(99, 2, Optional.empty())), "block 2 was forgotten");
        assertEquals(1, d.observe(seen(98, 10, Optional.empty())).size(), "block 10 was not");
        d.pruneBelow(Long.MAX_VALUE);
        assertEquals(0, d.size());
    }

    @Test
    void capacityBelowOneIsMisuse() {
        assertThrows(IllegalArgumentException.class, () -> new PoaEquivocationDetector(0));
    }
}
