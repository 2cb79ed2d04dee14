package org.tem.consensus.poa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tem.consensus.poa.Names.addr;
import static org.tem.consensus.poa.Names.addrs;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.rlp.RLP;
import org.apache.tuweni.rlp.RLPReader;
import org.junit.jupiter.api.Test;
import org.tem.ledger.crypto.Address;
import org.tem.ledger.crypto.Hash;
import org.tem.ledger.crypto.Keccak;

/**
 * The finality rule of {@link PoaFinality}: the 3|2 and 4|3 splits of issue 11, in which the
 * naive rule finalises a block that Clique's fork choice then reverts while this rule never
 * does; recovery after splits; and the mechanics of justification, finalisation and the voter
 * set.
 */
class PoaFinalityTest {

    /**
     * The naive rule: a block is final once floor(N/2) + 1 distinct signers sealed blocks on top
     * of it on {@code head}'s chain.
     */
    private static boolean naivelyFinal(Blk head, Blk block) {
        Set<Address> on = new HashSet<>();
        for (Blk b = head; b.number > block.number; b = b.parent) {
            on.add(b.block.signer());
        }
        return on.size() >= block.snap.signers().size() / 2 + 1;
    }

    private static final String MAJORITY_3 = "ABCABCABCABCABC";

    /** Five signers sealing blocks 1 to 12 in turn (B C D E A B C D E A B C), each voting. */
    private static Blk fiveSignersTo12(long finalityEpoch) {
        return Blk.genesis(addrs("ABCDE"), 30_000, finalityEpoch).seal("BCDEABCDEABC");
    }

    @Test
    void threeTwoSplitTheNaiveRuleFinalisesABlockCliquesForkChoiceThenReverts() {
        Blk prefix = fiveSignersTo12(3);
        // Majority A, B, C: the recent-signer rule forces A B C A, never in turn (difficulty 1).
        Blk majority = prefix.seal("ABCA");
        // Minority D, E: in turn at 13 and 14 (difficulty 2 each), then stuck.
        Blk minority = prefix.seal("DE");
        Blk block13 = majority.ancestorAt(13);
        assertTrue(naivelyFinal(majority, block13), "B, C and A sealed on top of block 13");
        assertEquals(prefix.td + 4, majority.td);
        assertEquals(prefix.td + 4, minority.td);
        assertTrue(PoaForkChoice.CLIQUE.compare(minority.head(), majority.head()) > 0,
                "equal difficulty: EIP-3436 prefers the shorter branch, reverting the 'final' block 13");
        assertFalse(majority.fin.isFinal(13), "the finality rule does not call block 13 final");
    }

    @Test
    void threeTwoSplitTheFinalityRuleNeverFinalisesWhatTheForkChoiceReverts() {
        Blk prefix = fiveSignersTo12(3);
        Blk[] minority = {prefix, prefix.seal("D"), prefix.seal("DE")};
        assertTrue(minority[2].tryChild(addr('D'), Optional.empty(), true).isEmpty());
        assertTrue(minority[2].tryChild(addr('E'), Optional.empty(), true).isEmpty(),
                "two signers of five can seal only two blocks in a row");
        long firstFinalAboveFork = -1;
        for (int m = 0; m <= MAJORITY_3.length(); m++) {
            Blk majority = prefix.seal(MAJORITY_3.substring(0, m));
            if (firstFinalAboveFork < 0 && majority.fin.finalized().number() > 12) {
                firstFinalAboveFork = majority.number;
            }
            for (Blk other : minority) {
                assertTrue(other.fin.justified().number() <= 12, "the minority justifies nothing of its own");
                assertFinalBlocksSurviveForkChoice(majority, other);
            }
        }
        assertEquals(21, firstFinalAboveFork, "block 15, the majority's own anchor, is final at block 21");
    }

    @Test
    void fourThreeSplitTheNaiveRuleFinalisesABlockTheMinorityOutweighs() {
        // Seven signers in turn to block 10 (B C D E F G A B C D); E, F, G are in turn at 11-13.
        Blk prefix = Blk.genesis(addrs("ABCDEFG"), 30_000, 4).seal("BCDEFGABCD");
        Blk majority = prefix.seal("ABCDA");
        Blk minority = prefix.seal("EFG");
        assertTrue(naivelyFinal(majority, majority.ancestorAt(11)), "B, C, D and A sealed on top of 11");
        assertEquals(prefix.td + 5, majority.td);
        assertEquals(prefix.td + 6, minority.td);
        assertTrue(PoaForkChoice.CLIQUE.compare(minority.head(), majority.head()) > 0,
                "the minority's three in-turn blocks outweigh the majority outright");
        assertFalse(majority.fin.isFinal(11));
    }

    @Test
    void fourThreeSplitTheFinalityRuleNeverFinalisesWhatTheForkChoiceReverts() {
        Blk prefix = Blk.genesis(addrs("ABCDEFG"), 30_000, 4).seal("BCDEFGABCD");
        Blk[] minority = {prefix, prefix.seal("E"), prefix.seal("EF"), prefix.seal("EFG")};
        for (char c : "EFG".toCharArray()) {
            assertTrue(minority[3].tryChild(addr(c), Optional.empty(), true).isEmpty());
        }
        String majoritySeals = "ABCDABCDABCDABCD";
        long firstFinalAboveFork = -1;
        for (int m = 0; m <= majoritySeals.length(); m++) {
            Blk majority = prefix.seal(majoritySeals.substring(0, m));
            if (firstFinalAboveFork < 0 && majority.fin.finalized().number() > 10) {
                firstFinalAboveFork = majority.number;
            }
            for (Blk other : minority) {
                assertTrue(other.fin.finalized().number() <= 10, "the minority finalises nothing of its own");
                assertFinalBlocksSurviveForkChoice(majority, other);
            }
        }
        assertEquals(20, firstFinalAboveFork, "block 12, the majority's own anchor, is final at block 20");
    }

    /** Whatever is final on either branch is on the branch the amended fork choice picks. */
    private static void assertFinalBlocksSurviveForkChoice(Blk a, Blk b) {
        Blk chosen = PoaForkChoice.WITH_FINALITY.compare(a.head(), b.head()) >= 0 ? a : b;
        assertTrue(chosen.contains(a.fin.finalized()), "chose " + chosen + " over final " + a.fin.finalized());
        assertTrue(chosen.contains(b.fin.finalized()), "chose " + chosen + " over final " + b.fin.finalized());
    }

    @Test
    void afterATwoTwoSplitFromGenesisTheChainResumesWhereALockRuleWouldHalt() {
        // Four signers split 2|2 at the genesis; each pair seals two blocks.
        Honest honest = new Honest();
        Blk genesis = Blk.genesis(addrs("ABCD"), 30_000, 3);
        Blk x = honest.seal(genesis, "AB");
        Blk y = honest.seal(genesis, "CD");
        Blk head = PoaForkChoice.WITH_FINALITY.compare(x.head(), y.head()) > 0 ? x : y;
        // "Never seal on a branch excluding a block you built on" would halt here: on either tip
        // its own pair is blocked by the recent-signer rule and the other pair by that lock.
        Map<Address, Blk> lastSealed = Map.of(addr('A'), x.ancestorAt(1), addr('B'), x,
                addr('C'), y.ancestorAt(1), addr('D'), y);
        for (Blk tip : List.of(x, y)) {
            for (Address s : addrs("ABCD")) {
                boolean lockAllows = tip.descendsFrom(lastSealed.get(s));
                assertFalse(lockAllows && tip.snap.maySeal(s), s + " could seal on " + tip + " under the lock rule");
            }
        }
        // This rule only restricts votes: the other pair seals on the chosen branch and finality follows.
        Blk b = head;
        String order = head == x ? "CDABCDABCDAB" : "ABCDABCDABCD";
        b = honest.seal(b, order);
        assertTrue(b.fin.finalized().number() >= 6, "finalised " + b.fin.finalized().number());
        assertTrue(b.descendsFrom(head));
    }

    @Test
    void aSignerThatVotedOnTheLosingBranchAbstainsAndFinalityResumes() {
        Honest honest = new Honest();
        // Five signers, finality epochs of 3; blocks 1-5 in turn (B C D E A).
        Blk prefix = honest.seal(Blk.genesis(addrs("ABCDE"), 30_000, 3), "BCDEA");
        // Split at 5: X = {B, C} seal 6 and 7 in turn; Y = {D, E} seal 6 and 7 out of turn.
        Blk x = honest.seal(prefix, "BC");
        Blk y = honest.seal(prefix, "DE");
        assertTrue(PoaForkChoice.WITH_FINALITY.compare(x.head(), y.head()) > 0, "X weighs more");
        assertTrue(y.block.finalityVote(), "E voted for Y's anchor 6 at block 7");
        // Heal. E's vote on X at 8 would have the target number of its vote on Y: a double vote.
        Blk b8 = honest.seal(x, addr('E'));
        assertFalse(b8.block.finalityVote(), "E abstains");
        Blk b9 = honest.seal(b8, addr('A'));
        assertTrue(b9.block.finalityVote());
        assertEquals(3, b9.fin.justified().number(), "anchor 6 has only C and A: not justified");
        Blk b = honest.seal(b9, "DBCEAD");
        assertEquals(9, b.fin.finalized().number(), "anchors 9 and 12 justified in turn, 9 final");
        assertFalse(b.contains(new PoaAnchor(6, y.ancestorAt(6).hash)));
        assertTrue(y.fin.finalized().number() < 6 && y.fin.justified().number() <= 3,
                "nothing of Y was ever final");
    }

    @Test
    void withoutTheVotingRuleTwoBranchesFinaliseConflictingBlocks() {
        // Three signers, epochs of 2. After block 2 two branches are built, every seal voting.
        Blk prefix = Blk.genesis(addrs("ABC"), 30_000, 2).seal("BC");
        Blk x = prefix.seal("ABCABC");
        Blk y = prefix.seal("BABCAB");
        assertEquals(4, x.fin.finalized().number());
        assertEquals(4, y.fin.finalized().number());
        assertFalse(x.fin.finalized().equals(y.fin.finalized()), "two different final blocks at height 4");
        // C voted for X's anchor 4 at block 5 and for Y's at block 6; B did the same for anchor 6.
        PoaEquivocationDetector detector = new PoaEquivocationDetector(100);
        Set<Address> caught = new HashSet<>();
        for (Blk tip : List.of(x, y)) {
            for (Blk b : tip.path()) {
                b.parent.fin.nextVote().filter(v -> b.block.finalityVote()).ifPresent(v -> detector
                        .observe(new PoaEquivocation.Sighting(b.hash, b.number, b.block.signer(), v))
                        .forEach(e -> caught.add(e.signer())));
            }
        }
        assertEquals(Set.of(addr('B'), addr('C')), caught);

        // The same schedule with the voting rule: the second branch's signers abstain where they
        // would contradict their votes on the first, and it finalises nothing of its own.
        Honest honest = new Honest();
        Blk hPrefix = honest.seal(Blk.genesis(addrs("ABC"), 30_000, 2), "BC");
        Blk hx = honest.seal(hPrefix, "ABCABC");
        Blk hy = honest.seal(hPrefix, "BABCAB");
        assertEquals(4, hx.fin.finalized().number());
        assertEquals(0, hy.fin.finalized().number(), "Y finalises nothing");
        assertEquals(0, hy.fin.justified().number(), "nor justifies anything: its voters abstain");
    }

    // ---- mechanics ----

    @Test
    void anAnchorIsJustifiedByAQuorumOfDistinctVotersWithinItsEpoch() {
        Blk g = Blk.genesis(addrs("ABCDE"), 30_000, 5);
        Blk b = g.seal("BCDEA"); // block 5 is anchor 5
        assertEquals(0, b.fin.justified().number());
        b = b.seal("BC");
        assertEquals(0, b.fin.justified().number(), "2 of 5");
        b = b.seal("D");
        assertEquals(5, b.fin.justified().number(), "3 of 5");
        assertEquals(0, b.fin.finalized().number());
    }

    @Test
    void sealsWithoutTheFlagAndRepeatedVotersDoNotCount() {
        Blk b = Blk.genesis(addrs("ABCDE"), 30_000, 8).seal("BCDEABCD"); // anchor 8
        b = b.child(addr('E'), false).child(addr('A'), false).seal("B");
        assertEquals(0, b.fin.justified().number(), "only B voted");
        b = b.child(addr('C'), true).child(addr('D'), false).child(addr('E'), false);
        assertEquals(0, b.fin.justified().number(), "B and C");
        b = b.seal("B");
        assertEquals(0, b.fin.justified().number(), "B again counts once");
        b = b.seal("A");
        assertEquals(8, b.fin.justified().number());
    }

    @Test
    void votesOfOneEpochDoNotCarryIntoTheNext() {
        Blk b = Blk.genesis(addrs("ABCDE"), 30_000, 3).seal("BCD"); // anchor 3
        b = b.seal("EA").child(addr('B'), false); // 2 votes for anchor 3; block 6 is anchor 6
        b = b.seal("C");
        assertEquals(0, b.fin.justified().number(), "E and A voted for 3, C for 6");
    }

    @Test
    void anAnchorIsFinalisedOnlyWhenItsSuccessorIsJustifiedFromIt() {
        Blk b = Blk.genesis(addrs("ABCDE"), 30_000, 3).seal("BCDEAB"); // 3 justified at 6
        assertEquals(3, b.fin.justified().number());
        // Epoch of anchor 6 gets only two votes: 6 is never justified.
        b = b.seal("CD").child(addr('E'), false);
        assertEquals(3, b.fin.justified().number());
        assertEquals(0, b.fin.finalized().number(), "3 not final yet");
        // Anchor 9 justified from source 3: not consecutive, so 3 is not finalised.
        b = b.seal("ABC");
        assertEquals(9, b.fin.justified().number());
        assertEquals(0, b.fin.finalized().number());
        // Anchor 12 justified from 9: 9 is final, and so is everything below it.
        b = b.seal("DEA");
        assertEquals(9, b.fin.finalized().number());
        assertTrue(b.fin.isFinal(7));
        assertFalse(b.fin.isFinal(10));
    }

    @Test
    void nextVoteLinksTheEpochsSourceToItsAnchor() {
        Blk g = Blk.genesis(addrs("ABC"), 30_000, 2);
        assertEquals(Optional.empty(), g.fin.nextVote(), "no vote in the first epoch");
        Blk b = g.seal("BC"); // anchor 2
        assertEquals(new PoaFinalityVote(new PoaAnchor(0, g.hash), new PoaAnchor(2, b.hash)), b.fin.nextVote().get());
        b = b.seal("AB"); // 2 justified at 4 (A, B); anchor 4
        assertEquals(new PoaFinalityVote(new PoaAnchor(2, b.ancestorAt(2).hash), new PoaAnchor(4, b.hash)),
                b.fin.nextVote().get());
    }

    @Test
    void theVoterSetChangesOnlyWhenAnAnchorIsFinalised() {
        Honest honest = new Honest();
        Blk b = honest.seal(Blk.genesis(addrs("ABC"), 30_000, 2), "BC");
        // A and B add D at blocks 3 and 4 (2 of 3).
        assertTrue(b.fin.allowsSignerVote(b.snap, PoaVote.authorize(addr('D'))));
        b = honest.seal(b, addr('A'), Optional.of(PoaVote.authorize(addr('D'))));
        b = honest.seal(b, addr('B'), Optional.of(PoaVote.authorize(addr('D'))));
        assertEquals(addrs("ABCD"), b.snap.signers());
        assertEquals(addrs("ABC"), b.fin.voters(), "D does not vote for finality yet");
        assertFalse(b.fin.allowsSignerVote(b.snap, PoaVote.authorize(addr('E'))), "one change at a time");
        // Anchor 4 carries the new set; once it is final the voters follow.
        while (b.fin.finalized().number() < 4) {
            Blk parent = b;
            Address next = addrs("ABCD").stream().filter(s -> honest.maySeal(parent, s)).findFirst().orElseThrow();
            b = honest.seal(b, next);
        }
        assertEquals(addrs("ABCD"), b.fin.voters());
        assertEquals(3, b.fin.quorum());
        assertTrue(b.fin.allowsSignerVote(b.snap, PoaVote.authorize(addr('E'))));
    }

    @Test
    void aDropThatWouldLeaveTheVotersShortOfAQuorumIsWithheld() {
        Blk g = Blk.genesis(addrs("AB"), 30_000, 2);
        assertFalse(g.fin.allowsSignerVote(g.snap, PoaVote.drop(addr('B'))), "1 voter left of a quorum of 2");
        assertTrue(g.fin.allowsSignerVote(g.snap, PoaVote.authorize(addr('C'))));
        Blk g3 = Blk.genesis(addrs("ABC"), 30_000, 2);
        assertTrue(g3.fin.allowsSignerVote(g3.snap, PoaVote.drop(addr('C'))), "2 voters left of a quorum of 2");
    }

    @Test
    void stateRoundTripsThroughItsEncoding() {
        Honest honest = new Honest();
        Blk b = honest.seal(Blk.genesis(addrs("ABCDE"), 30_000, 3), "BCDEABCDEAB");
        for (Blk x : b.path()) {
            assertEquals(x.fin, PoaFinality.decode(x.fin.encode()), "at " + x.number);
        }
    }

    @Test
    void decodeRejectsMalformedAndImpossibleStates() {
        Blk b = Blk.genesis(addrs("ABCDE"), 30_000, 3).seal("BCDEABC");
        Bytes enc = b.fin.encode();
        assertThrows(PoaDataException.class, () -> PoaFinality.decode(Bytes.concatenate(enc, Bytes.of(0))));
        assertThrows(PoaDataException.class, () -> PoaFinality.decode(enc.slice(0, enc.size() - 1)));
        assertThrows(PoaDataException.class,
                () -> PoaFinality.decode(Bytes.wrap(new byte[PoaFinality.MAX_ENCODED_BYTES + 1])));
        // A state at block 7 whose target is not at the latest anchor (6) cannot exist: take the
        // encoding at block 5 (target 3) and move its number to 7.
        Bytes at5 = b.ancestorAt(5).fin.encode();
        Bytes moved = RLP.decodeList(at5, r -> RLP.encodeList(w -> {
            w.writeInt(r.readInt());
            w.writeLong(r.readLong());
            r.readLong();
            w.writeLong(7);
            while (!r.isComplete()) {
                w.writeRLP(readRaw(r));
            }
        }));
        assertThrows(PoaDataException.class, () -> PoaFinality.decode(moved));
    }

    private static Bytes readRaw(RLPReader r) {
        if (r.nextIsList()) {
            return r.readList(lr -> RLP.encodeList(w -> {
                while (!lr.isComplete()) {
                    w.writeRLP(readRaw(lr));
                }
            }));
        }
        return RLP.encodeValue(r.readValue());
    }

    @Test
    void applyingAnythingButTheNextBlockIsMisuse() {
        Blk g = Blk.genesis(addrs("AB"), 30_000, 2);
        Blk b1 = g.seal("B");
        Blk b2 = b1.seal("A");
        assertThrows(IllegalArgumentException.class, () -> g.fin.apply(b2.block, b2.snap));
        assertThrows(IllegalArgumentException.class, () -> g.fin.apply(b1.block, b2.snap));
        assertThrows(IllegalArgumentException.class, () -> PoaFinality.genesis(g.hash, g.snap, 0));
        assertThrows(IllegalArgumentException.class, () -> PoaFinality.genesis(g.hash, b1.snap, 2));
    }

    @Test
    void finalityVotesDetectDoubleAndSurroundPairs() {
        PoaFinalityVote v03 = vote(0, 3);
        assertFalse(v03.conflictsWith(v03));
        assertTrue(v03.conflictsWith(new PoaFinalityVote(new PoaAnchor(0, hashOf(0)), new PoaAnchor(3, hashOf(99)))),
                "same target number, different target");
        assertTrue(vote(0, 9).conflictsWith(vote(3, 6)), "surrounds");
        assertTrue(vote(3, 6).conflictsWith(vote(0, 9)), "is surrounded");
        assertFalse(vote(0, 3).conflictsWith(vote(3, 6)), "consecutive");
        assertFalse(vote(0, 6).conflictsWith(vote(3, 9)), "overlapping, not nested");
        assertThrows(IllegalArgumentException.class, () -> vote(3, 3));
    }

    static PoaFinalityVote vote(long source, long target) {
        return new PoaFinalityVote(new PoaAnchor(source, hashOf(source)), new PoaAnchor(target, hashOf(target)));
    }

    static Hash hashOf(long n) {
        return Keccak.hash256(Bytes.ofUnsignedLong(n));
    }
}
