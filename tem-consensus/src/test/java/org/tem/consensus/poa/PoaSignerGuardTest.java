package org.tem.consensus.poa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tem.consensus.poa.PoaFinalityTest.hashOf;
import static org.tem.consensus.poa.PoaFinalityTest.vote;

import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.junit.jupiter.api.Test;

/** The honest-voter rules kept by {@link PoaSignerGuard}. */
class PoaSignerGuardTest {

    @Test
    void aFreshSignerMayCastAnyVote() {
        assertTrue(PoaSignerGuard.fresh().mayVote(vote(6, 9)));
    }

    @Test
    void aDoubleVoteIsRefused() {
        PoaSignerGuard g = PoaSignerGuard.fresh().voted(vote(3, 6));
        PoaFinalityVote otherTarget = new PoaFinalityVote(new PoaAnchor(3, hashOf(3)), new PoaAnchor(6, hashOf(66)));
        assertFalse(g.mayVote(otherTarget), "same target number, another block");
        assertFalse(g.mayVote(vote(0, 6)), "same target, another source");
        assertTrue(g.mayVote(vote(3, 6)), "the same vote again (another block of the same epoch)");
        assertThrows(IllegalArgumentException.class, () -> g.voted(otherTarget));
    }

    @Test
    void aSurroundingVoteIsRefused() {
        PoaSignerGuard g = PoaSignerGuard.fresh().voted(vote(3, 6));
        assertFalse(g.mayVote(vote(0, 9)), "0 -> 9 surrounds 3 -> 6");
        assertTrue(g.mayVote(vote(3, 9)));
        assertTrue(g.mayVote(vote(6, 9)));
    }

    @Test
    void aVoteBelowTheLatestTargetIsRefused() {
        PoaSignerGuard g = PoaSignerGuard.fresh().voted(vote(9, 12));
        assertFalse(g.mayVote(vote(3, 6)), "would be surrounded");
        assertFalse(g.mayVote(vote(0, 9)), "goes back");
        assertFalse(g.mayVote(vote(9, 10)), "overlaps without surrounding, but goes back");
    }

    @Test
    void votingRecordsTheLatestVote() {
        assertEquals(Optional.of(vote(6, 9)), PoaSignerGuard.fresh().voted(vote(3, 6)).voted(vote(6, 9)).lastVote());
    }

    @Test
    void encodingRoundTripsAndRejectsMalformedBytes() {
        for (PoaSignerGuard g : new PoaSignerGuard[] {PoaSignerGuard.fresh(), PoaSignerGuard.fresh().voted(vote(3, 6))}) {
            assertEquals(g, PoaSignerGuard.decode(g.encode()));
        }
        Bytes enc = PoaSignerGuard.fresh().voted(vote(3, 6)).encode();
        assertThrows(PoaDataException.class, () -> PoaSignerGuard.decode(Bytes.concatenate(enc, Bytes.of(0))));
        assertThrows(PoaDataException.class, () -> PoaSignerGuard.decode(enc.slice(0, enc.size() - 1)));
        assertThrows(PoaDataException.class,
                () -> PoaSignerGuard.decode(Bytes.wrap(new byte[PoaSignerGuard.MAX_ENCODED_BYTES + 1])));
        // A vote whose source is not below its target is impossible: swap the two anchors.
        Bytes swapped = new PoaSignerGuard(Optional.of(vote(6, 9))).encode();
        Bytes patched = Bytes.concatenate(swapped.slice(0, 1), Bytes.of(0x09), swapped.slice(2, 34), Bytes.of(0x06),
                swapped.slice(36));
        assertThrows(PoaDataException.class, () -> PoaSignerGuard.decode(patched));
    }
}
