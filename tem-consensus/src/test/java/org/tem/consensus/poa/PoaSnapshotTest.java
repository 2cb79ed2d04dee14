package org.tem.consensus.poa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tem.consensus.poa.Names.addr;
import static org.tem.consensus.poa.Names.addrs;
import static org.tem.consensus.poa.Names.names;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.rlp.RLP;
import org.junit.jupiter.api.Test;
import org.tem.ledger.crypto.Address;

/**
 * One rule of Clique voting (EIP-225, as go-ethereum applies it) per test, against {@link
 * PoaSnapshot}. Blocks are written as in {@link GethCliqueTableTest}: {@code "A"}, {@code "A+C"},
 * {@code "A-C"}.
 */
class PoaSnapshotTest {

    /** Applies blocks 1, 2, … from a snapshot, failing on any rejection. */
    private static PoaSnapshot run(PoaSnapshot s, String... blocks) {
        for (String b : blocks) {
            PoaSnapshot.Step step = s.apply(s.number() + 1, addr(b.charAt(0)), vote(b));
            assertTrue(step.accepted(), "block " + (s.number() + 1) + " " + b + ": " + step);
            s = step.next();
        }
        return s;
    }

    private static Optional<PoaVote> vote(String b) {
        return b.length() == 1 ? Optional.empty() : Optional.of(new PoaVote(addr(b.charAt(2)), b.charAt(1) == '+'));
    }

    private static PoaSnapshot genesis(String signers) {
        return PoaSnapshot.genesis(addrs(signers), 30_000);
    }

    // ---- adding and dropping ----

    @Test
    void addingASignerNeedsVotesFromStrictlyMoreThanHalfTheSigners() {
        PoaSnapshot s = run(genesis("ABCD"), "A+E", "B+E");
        assertEquals("ABCD", names(s.signers()), "2 of 4 is not more than half");
        s = run(s, "C+E");
        assertEquals("ABCDE", names(s.signers()), "3 of 4 is");
    }

    @Test
    void droppingASignerNeedsVotesFromStrictlyMoreThanHalfTheSigners() {
        PoaSnapshot s = run(genesis("ABCDE"), "A-E", "B-E");
        assertEquals("ABCDE", names(s.signers()));
        s = run(s, "C-E");
        assertEquals("ABCD", names(s.signers()));
    }

    @Test
    void aSignerMayVoteToDropItself() {
        PoaSnapshot s = run(genesis("ABC"), "A-A", "B-A");
        assertEquals("BC", names(s.signers()));
    }

    @Test
    void stepReportsTheChangeThatPassed() {
        PoaSnapshot s = run(genesis("AB"), "A+C");
        PoaSnapshot.Step step = s.apply(2, addr('B'), vote("B+C"));
        assertEquals(Optional.of(PoaVote.authorize(addr('C'))), step.passed());
        assertEquals(Optional.empty(), s.apply(2, addr('B'), Optional.empty()).passed());
    }

    // ---- the threshold follows the set ----

    @Test
    void thresholdGrowsWhenTheSetGrows() {
        PoaSnapshot s = run(genesis("A"), "A+B");
        assertEquals("AB", names(s.signers()), "1 of 1 passes");
        s = run(s, "B", "A+C");
        assertEquals("AB", names(s.signers()), "1 of 2 no longer does");
        assertEquals(2, s.signerLimit());
        s = run(s, "B+C");
        assertEquals("ABC", names(s.signers()));
    }

    @Test
    void thresholdShrinksWhenTheSetShrinks() {
        PoaSnapshot s = run(genesis("ABCDE"), "A-E", "B-E", "C-E");
        assertEquals(3, s.signerLimit(), "4 signers: 3 votes needed");
        s = run(s, "D-D", "A-D", "B-D");
        assertEquals("ABC", names(s.signers()));
        assertEquals(2, s.signerLimit(), "3 signers: 2 votes needed");
        s = run(s, "C-C", "A-C");
        assertEquals("AB", names(s.signers()));
    }

    // ---- votes replaced, counted once, ignored when meaningless ----

    @Test
    void aSignersVotesOnOneTargetCountOnce() {
        PoaSnapshot s = run(genesis("ABC"), "A+D", "B", "A+D", "C", "A+D");
        assertEquals("ABC", names(s.signers()));
        assertEquals(1, s.tally(addr('D')));
    }

    @Test
    void aSignersNewVoteOnATargetReplacesItsOldOne() {
        PoaSnapshot s = run(genesis("ABC"), "A-C", "B", "A-B");
        assertEquals(1, s.tally(addr('C')));
        assertEquals(1, s.tally(addr('B')));
        // A's vote on B is replaced by a vote in the other direction, which counts for nothing.
        s = run(s, "C", "A+B");
        assertEquals(0, s.tally(addr('B')));
        assertEquals(1, s.tally(addr('C')), "A's vote on another target stands");
    }

    @Test
    void aVoteThatWouldChangeNothingIsIgnored() {
        PoaSnapshot s = run(genesis("AB"), "A+B", "B-C");
        assertEquals(List.of(), s.votes(), "adding a signer or dropping a non-signer counts nothing");
    }

    // ---- dropped signers, cleared targets ----

    @Test
    void aDroppedSignersPendingVotesAreDiscarded() {
        PoaSnapshot s = run(genesis("ABC"), "C+D", "A-C");
        assertEquals(1, s.tally(addr('D')));
        s = run(s, "B-C");
        assertEquals("AB", names(s.signers()));
        assertEquals(0, s.tally(addr('D')), "C's vote for D went with C");
        s = run(s, "A+D");
        assertEquals("AB", names(s.signers()), "so A's vote alone (1 of 2) does not add D");
    }

    @Test
    void votesAboutAChangedAccountAreClearedWhenItChanges() {
        PoaSnapshot s = run(genesis("ABCDE"), "A+F", "B+F", "C+F");
        assertTrue(s.signers().contains(addr('F')));
        assertEquals(List.of(), s.votes());
    }

    @Test
    void pendingVotesDoNotSurviveTheTargetChangingTwice() {
        // F is added, dropped and added again; the votes of the first round must not count later.
        PoaSnapshot s = run(genesis("ABC"), "A+F", "B+F");
        assertTrue(s.isSigner(addr('F')));
        s = run(s, "C-F", "A-F", "B-F");
        assertFalse(s.isSigner(addr('F')));
        s = run(s, "C+F");
        assertFalse(s.isSigner(addr('F')), "C's vote alone is 1 of 3");
        assertEquals(1, s.tally(addr('F')));
    }

    // ---- concurrency and cascading ----

    @Test
    void concurrentProposalsAreTalliedSeparately() {
        PoaSnapshot s = run(genesis("ABC"), "A+D", "B+E", "C+D");
        assertEquals("ABCD", names(s.signers()), "D passed with 2 of 3");
        assertEquals(1, s.tally(addr('E')), "E's proposal is untouched");
        s = run(s, "A+E", "D+E");
        assertEquals("ABCDE", names(s.signers()), "E needs 3 of 4 now: B, A, D");
    }

    @Test
    void aChangeNeverCascadesIntoAnotherProposal() {
        // Drop C needs 3 of 4; drop D gets 3 votes and passes, shrinking the set to 3, where C's 2
        // votes would now be a majority, yet C stays until its proposal is touched again.
        PoaSnapshot s = run(genesis("ABCD"), "A-C", "B", "C", "A-D", "B-C", "C", "A", "B-D", "C-D");
        assertEquals("ABC", names(s.signers()));
        assertEquals(2, s.tally(addr('C')));
    }

    @Test
    void aProposalThatReachedAMajorityByShrinkingPassesOnItsNextTouch() {
        PoaSnapshot s = run(genesis("ABCD"), "A-C", "B", "C", "A-D", "B-C", "C", "A", "B-D", "C-D", "A");
        // C's vote to add itself counts for nothing, but touching C re-checks the tally.
        s = run(s, "C+C");
        assertEquals("AB", names(s.signers()));
    }

    // ---- checkpoints ----

    @Test
    void aCheckpointDiscardsEveryPendingVote() {
        PoaSnapshot s = PoaSnapshot.genesis(addrs("ABC"), 4);
        s = run(s, "A+D", "B-C", "C");
        assertEquals(2, s.votes().size());
        s = run(s, "A");
        assertTrue(s.isCheckpoint(4));
        assertEquals(List.of(), s.votes());
        s = run(s, "B+D");
        assertEquals("ABC", names(s.signers()), "A's vote before the checkpoint no longer counts");
    }

    @Test
    void aVoteInACheckpointIsRejected() {
        PoaSnapshot s = run(PoaSnapshot.genesis(addrs("ABC"), 3), "A", "B");
        PoaSnapshot.Step step = s.apply(3, addr('C'), vote("C+D"));
        assertEquals(Optional.of(PoaRejection.VOTE_IN_CHECKPOINT), step.rejection());
        assertThrows(IllegalStateException.class, step::next);
    }

    @Test
    void aCheckpointMustCarryItsParentsSignerList() {
        PoaSnapshot s = run(PoaSnapshot.genesis(addrs("ABC"), 3), "A", "B");
        Address c = addr('C');
        int d = s.difficulty(3, c);
        assertTrue(s.apply(3, c, PoaHeaderData.checkpoint(d, s, false)).accepted());
        assertEquals(Optional.of(PoaRejection.CHECKPOINT_SIGNERS_MISMATCH),
                s.apply(3, c, new PoaHeaderData(d, Optional.empty(), addrs("AB"), false)).rejection());
        assertEquals(Optional.of(PoaRejection.CHECKPOINT_SIGNERS_MISMATCH),
                s.apply(3, c, PoaHeaderData.plain(d, false)).rejection());
        assertEquals(Optional.of(PoaRejection.VOTE_IN_CHECKPOINT),
                s.apply(3, c, new PoaHeaderData(d, vote("C+D"), addrs("ABC"), false)).rejection());
    }

    @Test
    void aSignerListOutsideACheckpointIsRejected() {
        PoaSnapshot s = PoaSnapshot.genesis(addrs("ABC"), 3);
        Address b = addr('B');
        assertEquals(Optional.of(PoaRejection.SIGNERS_OUTSIDE_CHECKPOINT),
                s.apply(1, b, PoaHeaderData.checkpoint(s.difficulty(1, b), s, false)).rejection());
    }

    // ---- recent signers ----

    @Test
    void aSignerMaySealOnlyOneOfAnyFloorHalfPlusOneConsecutiveBlocks() {
        PoaSnapshot s = run(genesis("ABCDE"), "A", "B");
        assertEquals(3, s.signerLimit());
        assertEquals(Optional.of(PoaRejection.RECENTLY_SIGNED), s.apply(3, addr('A'), Optional.empty()).rejection());
        assertFalse(s.maySeal(addr('A')));
        s = run(s, "C");
        assertTrue(s.maySeal(addr('A')), "block 4: A's block 1 has left the window of 3");
        assertFalse(s.maySeal(addr('B')));
    }

    @Test
    void recentSignersAreNotResetAtACheckpoint() {
        PoaSnapshot s = run(PoaSnapshot.genesis(addrs("ABC"), 3), "A", "B", "C");
        assertTrue(s.isCheckpoint(3));
        assertEquals(Optional.of(PoaRejection.RECENTLY_SIGNED), s.apply(4, addr('C'), Optional.empty()).rejection());
        assertEquals(Optional.of(PoaRejection.RECENTLY_SIGNED),
                PoaSnapshot.decode(s.encode()).apply(4, addr('C'), Optional.empty()).rejection(),
                "nor when the checkpoint's snapshot is persisted and reloaded");
    }

    @Test
    void theRecentWindowShrinksAtOnceWhenASignerIsDropped() {
        // 4 signers: window 3. D is dropped by block 3, leaving 3 signers: window 2, so A's block
        // 1 no longer restricts A at block 4 (as it would with the old window).
        PoaSnapshot s = run(genesis("ABCD"), "A-D", "B-D", "C-D");
        assertEquals("ABC", names(s.signers()));
        assertEquals(List.of(2L, 3L), List.copyOf(s.recents().keySet()), "block 1 left with the drop");
        assertTrue(s.apply(4, addr('A'), Optional.empty()).accepted());
    }

    @Test
    void theRecentWindowGrowsAtOnceWhenASignerIsAdded() {
        // 3 signers: window 2, so A (block 1) could seal block 3. D joins at block 2: 4 signers,
        // window 3, and block 1 is inside it.
        PoaSnapshot s = run(genesis("ABC"), "A+D", "B+D");
        assertEquals("ABCD", names(s.signers()));
        assertEquals(3, s.signerLimit());
        assertEquals(Optional.of(PoaRejection.RECENTLY_SIGNED), s.apply(3, addr('A'), Optional.empty()).rejection());
        assertTrue(s.apply(3, addr('C'), Optional.empty()).accepted());
    }

    // ---- unauthorised signers, difficulty, the last signer ----

    @Test
    void anUnauthorisedSignerIsRejected() {
        PoaSnapshot s = genesis("AB");
        assertEquals(Optional.of(PoaRejection.UNAUTHORIZED_SIGNER), s.apply(1, addr('C'), Optional.empty()).rejection());
        assertFalse(s.maySeal(addr('C')));
    }

    @Test
    void aDroppedSignerCanNoLongerSeal() {
        PoaSnapshot s = run(genesis("ABC"), "A-C", "B-C");
        assertEquals(Optional.of(PoaRejection.UNAUTHORIZED_SIGNER), s.apply(3, addr('C'), Optional.empty()).rejection());
    }

    @Test
    void theLastSignerCannotBeDropped() {
        // geth would leave an empty set here (its own test calls it "weird"); tem keeps A.
        PoaSnapshot s = run(genesis("A"), "A-A");
        assertEquals("A", names(s.signers()));
        assertEquals(List.of(), s.votes(), "the vote counts for nothing");
        assertTrue(s.apply(2, addr('A'), Optional.empty()).accepted(), "and A can still seal");
    }

    @Test
    void aPendingDropOfWhatBecameTheLastSignerNeverPasses() {
        PoaSnapshot s = run(genesis("AB"), "A-A", "B-B", "A-B");
        assertEquals("A", names(s.signers()));
        assertEquals(1, s.tally(addr('A')), "A's earlier vote to drop itself is still pending");
        s = run(s, "A-A");
        assertEquals("A", names(s.signers()));
    }

    @Test
    void theInTurnSignerIsSignersAtNumberModuloN() {
        PoaSnapshot s = genesis("CAB");
        assertTrue(s.inTurn(1, addr('B')));
        assertTrue(s.inTurn(3, addr('A')));
        assertFalse(s.inTurn(3, addr('B')));
        assertFalse(s.inTurn(3, addr('Z')));
        assertEquals(PoaSnapshot.DIFFICULTY_IN_TURN, s.difficulty(5, addr('C')));
        assertEquals(PoaSnapshot.DIFFICULTY_OUT_OF_TURN, s.difficulty(5, addr('A')));
    }

    @Test
    void aWrongDifficultyIsRejected() {
        PoaSnapshot s = genesis("ABC");
        assertEquals(Optional.of(PoaRejection.WRONG_DIFFICULTY),
                s.apply(1, addr('B'), PoaHeaderData.plain(1, false)).rejection(), "B is in turn at 1");
        assertEquals(Optional.of(PoaRejection.WRONG_DIFFICULTY),
                s.apply(1, addr('A'), PoaHeaderData.plain(2, false)).rejection());
        assertTrue(s.apply(1, addr('B'), PoaHeaderData.plain(2, false)).accepted());
    }

    @Test
    void inTurnDistanceIsEip3436sThirdKey() {
        PoaSnapshot s = genesis("ABCDE");
        assertEquals(0, s.inTurnDistance(7, addr('C')), "in turn");
        assertEquals(1, s.inTurnDistance(7, addr('B')), "in turn one block ago");
        assertEquals(4, s.inTurnDistance(7, addr('D')), "in turn next block");
        assertThrows(IllegalArgumentException.class, () -> s.inTurnDistance(7, addr('Z')));
    }

    @Test
    void aRejectedBlockLeavesTheSnapshotAsItWas() {
        PoaSnapshot s = run(genesis("ABC"), "A+D");
        Bytes before = s.encode();
        s.apply(2, addr('A'), vote("A+E"));
        s.apply(2, addr('Z'), vote("Z+E"));
        assertEquals(before, s.encode());
    }

    @Test
    void applyingAnythingButTheNextBlockIsMisuse() {
        PoaSnapshot s = genesis("AB");
        assertThrows(IllegalArgumentException.class, () -> s.apply(2, addr('A'), Optional.empty()));
        assertThrows(IllegalArgumentException.class, () -> s.apply(0, addr('A'), Optional.empty()));
    }

    @Test
    void genesisRejectsEmptyDuplicateZeroAndOversizedSets() {
        assertThrows(IllegalArgumentException.class, () -> PoaSnapshot.genesis(List.of(), 10));
        assertThrows(IllegalArgumentException.class, () -> PoaSnapshot.genesis(addrs("ABA"), 10));
        assertThrows(IllegalArgumentException.class, () -> PoaSnapshot.genesis(List.of(Address.ZERO), 10));
        assertThrows(IllegalArgumentException.class, () -> PoaSnapshot.genesis(addrs("A"), 0));
        List<Address> many = new ArrayList<>();
        for (int i = 1; i <= PoaSnapshot.MAX_SIGNERS + 1; i++) {
            byte[] b = new byte[Address.SIZE];
            b[0] = (byte) (i >> 8);
            b[1] = (byte) i;
            many.add(Address.of(b));
        }
        assertThrows(IllegalArgumentException.class, () -> PoaSnapshot.genesis(many, 10));
        assertEquals(PoaSnapshot.MAX_SIGNERS, PoaSnapshot.genesis(many.subList(0, PoaSnapshot.MAX_SIGNERS), 10)
                .signers().size());
    }

    @Test
    void genesisSortsTheSigners() {
        assertEquals("ABC", names(PoaSnapshot.genesis(addrs("CAB"), 10).signers()));
    }

    @Test
    void theZeroAddressCannotBeVotedOn() {
        assertThrows(IllegalArgumentException.class, () -> PoaVote.authorize(Address.ZERO));
    }

    // ---- encoding ----

    @Test
    void encodingRoundTripsAndIsCanonical() {
        PoaSnapshot s = run(genesis("ABCDE"), "A+F", "B-E", "C", "D+G");
        PoaSnapshot back = PoaSnapshot.decode(s.encode());
        assertEquals(s, back);
        assertEquals(s.encode(), back.encode());
        assertEquals(s.recents(), back.recents());
    }

    @Test
    void decodeRejectsTrailingTruncatedAndOversizedBytes() {
        Bytes enc = run(genesis("ABC"), "A+D").encode();
        assertThrows(PoaDataException.class, () -> PoaSnapshot.decode(Bytes.concatenate(enc, Bytes.of(0))));
        assertThrows(PoaDataException.class, () -> PoaSnapshot.decode(enc.slice(0, enc.size() - 1)));
        assertThrows(PoaDataException.class, () -> PoaSnapshot.decode(Bytes.wrap(new byte[PoaSnapshot.MAX_ENCODED_BYTES + 1])));
        assertThrows(PoaDataException.class, () -> PoaSnapshot.decode(Bytes.EMPTY));
    }

    @Test
    void decodeRejectsSnapshotsNoChainCanReach() {
        Address a = addr('A');
        Address b = addr('B');
        Address c = addr('C');
        // Unsorted signers.
        assertThrows(PoaDataException.class, () -> PoaSnapshot.decode(snapshot(10, 5, List.of(b, a), List.of(), List.of())));
        // Recent entry outside the window (5 - 2 = 3 is out for 2 signers).
        assertThrows(PoaDataException.class, () -> PoaSnapshot.decode(
                snapshot(10, 5, List.of(a, b), List.<Object[]>of(new Object[] {3L, a}), List.of())));
        // Recent entry in the future.
        assertThrows(PoaDataException.class, () -> PoaSnapshot.decode(
                snapshot(10, 5, List.of(a, b), List.<Object[]>of(new Object[] {6L, a}), List.of())));
        // The same signer twice among the recents.
        assertThrows(PoaDataException.class, () -> PoaSnapshot.decode(
                snapshot(10, 5, List.of(a, b, c), List.<Object[]>of(new Object[] {4L, a}, new Object[] {5L, a}), List.of())));
        // A vote by a non-signer.
        assertThrows(PoaDataException.class, () -> PoaSnapshot.decode(
                snapshot(10, 5, List.of(a, b), List.of(), List.of(new PoaSnapshot.PendingVote(c, addr('D'), true)))));
        // A vote to add an existing signer could never have been counted.
        assertThrows(PoaDataException.class, () -> PoaSnapshot.decode(
                snapshot(10, 5, List.of(a, b), List.of(), List.of(new PoaSnapshot.PendingVote(a, b, true)))));
        // Votes pending at a checkpoint.
        assertThrows(PoaDataException.class, () -> PoaSnapshot.decode(
                snapshot(5, 5, List.of(a, b), List.of(), List.of(new PoaSnapshot.PendingVote(a, b, false)))));
        // And the same shapes with valid content are accepted.
        PoaSnapshot ok = PoaSnapshot.decode(snapshot(10, 5, List.of(a, b, c), List.<Object[]>of(new Object[] {4L, a}, new Object[] {5L, b}),
                List.of(new PoaSnapshot.PendingVote(a, b, false))));
        assertEquals(1, ok.tally(b));
    }

    /** Encodes a snapshot field by field, bypassing the class, to feed decode crafted states. */
    private static Bytes snapshot(long epoch, long number, List<Address> signers, List<Object[]> recents,
            List<PoaSnapshot.PendingVote> votes) {
        return RLP.encodeList(w -> {
            w.writeInt(1);
            w.writeLong(epoch);
            w.writeLong(number);
            w.writeList(signers, (lw, x) -> lw.writeValue(x.toBytes()));
            w.writeList(recents, (lw, e) -> lw.writeList(ew -> {
                ew.writeLong((Long) e[0]);
                ew.writeValue(((Address) e[1]).toBytes());
            }));
            w.writeList(votes, (lw, v) -> lw.writeList(ew -> {
                ew.writeValue(v.target().toBytes());
                ew.writeValue(v.signer().toBytes());
                ew.writeInt(v.authorize() ? 1 : 0);
            }));
        });
    }

    @Test
    void headerDataRoundTripsAndRejectsMalformedBytes() {
        PoaSnapshot s = genesis("ABC");
        for (PoaHeaderData d : List.of(PoaHeaderData.plain(1, true), PoaHeaderData.voting(2, PoaVote.drop(addr('B')), false),
                PoaHeaderData.checkpoint(2, s, true))) {
            assertEquals(d, PoaHeaderData.decode(d.encode()));
        }
        Bytes enc = PoaHeaderData.voting(1, PoaVote.authorize(addr('D')), true).encode();
        assertThrows(PoaDataException.class, () -> PoaHeaderData.decode(Bytes.concatenate(enc, Bytes.of(0))));
        assertThrows(PoaDataException.class, () -> PoaHeaderData.decode(enc.slice(0, enc.size() - 1)));
        assertThrows(PoaDataException.class, () -> PoaHeaderData.decode(Bytes.wrap(new byte[PoaHeaderData.MAX_ENCODED_BYTES + 1])));
        // Zero target, unsorted list, flag 2, difficulty 3.
        assertThrows(PoaDataException.class, () -> PoaHeaderData.decode(RLP.encodeList(w -> {
            w.writeInt(1);
            w.writeList(vw -> {
                vw.writeValue(Address.ZERO.toBytes());
                vw.writeInt(1);
            });
            w.writeList(lw -> { });
            w.writeInt(0);
        })));
        assertThrows(PoaDataException.class, () -> PoaHeaderData.decode(RLP.encodeList(w -> {
            w.writeInt(1);
            w.writeList(vw -> { });
            w.writeList(addrs("BA"), (lw, x) -> lw.writeValue(x.toBytes()));
            w.writeInt(0);
        })));
        assertThrows(PoaDataException.class, () -> PoaHeaderData.decode(RLP.encodeList(w -> {
            w.writeInt(1);
            w.writeList(vw -> { });
            w.writeList(lw -> { });
            w.writeInt(2);
        })));
        assertThrows(PoaDataException.class, () -> PoaHeaderData.decode(RLP.encodeList(w -> {
            w.writeInt(3);
            w.writeList(vw -> { });
            w.writeList(lw -> { });
            w.writeInt(0);
        })));
    }
}
