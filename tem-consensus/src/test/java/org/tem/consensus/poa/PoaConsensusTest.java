package org.tem.consensus.poa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.tuweni.bytes.Bytes;
import org.junit.jupiter.api.Test;
import org.tem.consensus.BlockId;
import org.tem.consensus.ChainView;
import org.tem.consensus.ConsensusHeader;
import org.tem.consensus.Evidence;
import org.tem.consensus.SealSlot;
import org.tem.consensus.sim.Keys;
import org.tem.consensus.sim.SimBlock;
import org.tem.consensus.sim.SimHeader;
import org.tem.consensus.sim.SimTree;
import org.tem.ledger.Validation;
import org.tem.ledger.crypto.Address;
import org.tem.ledger.crypto.KeyPair;
import org.tem.ledger.storage.InMemoryStorage;
import org.tem.ledger.storage.StorageBatch;

/**
 * The reference engine on hand-built chains: when signers are due, what they put in a header,
 * each verification rule, operator votes, the signer's persisted guard, the bounded state cache
 * with persisted checkpoints, and equivocation evidence.
 */
class PoaConsensusTest {

    // ---- when to seal ----

    @Test
    void theInTurnSignerIsDueAtTheParentsTimestampPlusThePeriod() {
        PoaFixture f = new PoaFixture(5, 30_000, 5, 1_000);
        SealSlot s = f.engines.get(1).nextSeal(f.tree, f.genesis().header(), false, PoaFixture.START).orElseThrow();
        assertTrue(s.inTurn());
        assertEquals(PoaFixture.START + 1_000, s.atMillis());
        SealSlot late = f.engines.get(1).nextSeal(f.tree, f.genesis().header(), false, PoaFixture.START + 5_000)
                .orElseThrow();
        assertEquals(PoaFixture.START + 5_000, late.atMillis(), "a slot never lies before it is asked for");
    }

    @Test
    void outOfTurnSignersWaitASeededDelayWithinCliquesWiggle() {
        PoaFixture f = new PoaFixture(5, 30_000, 5, 1_000);
        PoaConsensus otherSeed = PoaConsensus.builder(f.params).validator(f.keys.get(3)).seed(8).build();
        SimBlock b = f.genesis();
        boolean differs = false;
        for (int k = 0; k < 10; k++) {
            long due = b.header().timestamp() + 1_000;
            for (int i = 0; i < 5; i++) {
                Optional<SealSlot> s = f.engines.get(i).nextSeal(f.tree, b.header(), false, 0);
                if (s.isEmpty() || s.get().inTurn()) {
                    continue;
                }
                long delay = s.get().atMillis() - due;
                assertTrue(delay >= 1 && delay <= 3 * 500, "delay " + delay);
                assertEquals(s, f.engines.get(i).nextSeal(f.tree, b.header(), false, 0), "the same answer again");
                if (i == 3) {
                    differs |= !s.equals(otherSeed.nextSeal(f.tree, b.header(), false, 0));
                }
            }
            b = f.run(b, 1);
        }
        assertTrue(differs, "another seed draws other delays");
    }

    @Test
    void noSlotForARecentSignerANonSignerOrAnEngineWithoutAKey() {
        PoaFixture f = new PoaFixture(3, 30_000, 3, 1_000);
        SimBlock b1 = f.seal(f.genesis(), 1);
        assertEquals(Optional.empty(), f.engines.get(1).nextSeal(f.tree, b1.header(), true, 0), "recently signed");
        PoaConsensus outsider = PoaConsensus.builder(f.params).validator(Keys.key(1, 99)).build();
        assertEquals(Optional.empty(), outsider.nextSeal(f.tree, b1.header(), true, 0));
        assertEquals(Optional.empty(), f.verifier().nextSeal(f.tree, b1.header(), true, 0));
        assertThrows(IllegalStateException.class, () -> f.verifier().prepare(f.tree, b1.header(), 0));
        assertThrows(IllegalStateException.class, () -> f.engines.get(1).prepare(f.tree, b1.header(), 0));
    }

    @Test
    void withPeriodZeroASignerIsDueForPendingTransactionsAndThenOnlyUntilTheyAreFinal() {
        PoaFixture f = new PoaFixture(3, 30_000, 3, 0);
        PoaConsensus e1 = f.engines.get(1);
        assertEquals(Optional.empty(), e1.nextSeal(f.tree, f.genesis().header(), false, PoaFixture.START + 10),
                "nothing pending, nothing unfinal");
        assertEquals(PoaFixture.START + 10,
                e1.nextSeal(f.tree, f.genesis().header(), true, PoaFixture.START + 10).orElseThrow().atMillis());
        SimBlock withTx = f.seal(f.genesis(), 1, List.of(Bytes.of(1)));
        SimBlock b = withTx;
        int empty = 0;
        while (f.verifier().finalized(f.tree, b.header()).number() < withTx.header().number()) {
            int next = (int) ((b.header().number() + 1) % 3);
            SealSlot s = f.engines.get(next).nextSeal(f.tree, b.header(), false, 0).orElseThrow();
            assertEquals(b.header().timestamp() + 1_000, s.atMillis(), "the default finality period");
            b = f.seal(b, next);
            empty++;
        }
        assertTrue(empty > 0);
        for (PoaConsensus e : f.engines) {
            assertEquals(Optional.empty(), e.nextSeal(f.tree, b.header(), false, 0), "final: no empty block");
        }
    }

    // ---- what goes in a header ----

    @Test
    void preparedDataCarriesTheDifficultyTheCheckpointListAndTheFinalityFlag() {
        PoaFixture f = new PoaFixture(3, 4, 3, 1_000);
        PoaHeaderData first = f.dataFor(f.genesis(), 1);
        assertEquals(2, first.difficulty());
        assertEquals(1, f.dataFor(f.genesis(), 0).difficulty());
        assertFalse(first.finalityVote(), "no vote in the first finality epoch");
        SimBlock b3 = f.run(f.genesis(), 3);
        PoaHeaderData checkpoint = f.dataFor(b3, 1);
        assertEquals(f.params.signers(), checkpoint.checkpointSigners());
        assertEquals(Optional.empty(), checkpoint.vote());
        assertTrue(checkpoint.finalityVote(), "votes for anchor 3");
        assertTrue(f.dataFor(f.seal(b3, 1), 2).checkpointSigners().isEmpty());
    }

    // ---- verification ----

    @Test
    void honestBlocksVerifyForAVerifierThatSawNothingBefore() {
        PoaFixture f = new PoaFixture(4, 5, 4, 1_000);
        SimBlock head = f.run(f.genesis(), 30);
        assertEquals(Validation.ok(), f.verifier().verify(f.tree, head.header()));
    }

    @Test
    void eachVerificationRuleRejectsWithItsReasonAndChangesNothing() {
        PoaFixture f = new PoaFixture(3, 4, 3, 1_000);
        SimBlock b2 = f.run(f.genesis(), 2);
        PoaConsensus v = f.verifier();
        assertTrue(v.verify(f.tree, b2.header()).valid());
        int cached = v.cachedStates();
        long t = b2.header().timestamp() + 1_000;
        KeyPair k0 = f.keys.get(0);
        PoaHeaderData ok = f.dataFor(b2, 0);
        Map<String, SimBlock> bad = new java.util.LinkedHashMap<>();
        bad.put("timestamp", f.forge(b2, k0, ok.encode(), t - 1));
        bad.put("malformed consensus data", f.forge(b2, k0, Bytes.of(1, 2, 3), t));
        bad.put("UNAUTHORIZED_SIGNER", f.forge(b2, Keys.key(1, 99), ok.encode(), t));
        bad.put("RECENTLY_SIGNED", f.forge(b2, f.keys.get(2), PoaHeaderData.plain(1, false).encode(), t));
        bad.put("WRONG_DIFFICULTY", f.forge(b2, k0, PoaHeaderData.plain(1, false).encode(), t));
        bad.put("SIGNERS_OUTSIDE_CHECKPOINT", f.forge(b2, k0,
                new PoaHeaderData(2, Optional.empty(), f.params.signers(), false).encode(), t));
        SimBlock b3 = f.seal(b2, 0);
        PoaHeaderData cp = f.dataFor(b3, 1);
        bad.put("CHECKPOINT_SIGNERS_MISMATCH", f.forge(b3, f.keys.get(1), PoaHeaderData.plain(2, cp.finalityVote()).encode(),
                t + 1_000));
        bad.put("VOTE_IN_CHECKPOINT", f.forge(b3, f.keys.get(1), new PoaHeaderData(2, Optional.of(PoaVote.authorize(
                Keys.key(1, 98).address())), f.params.signers(), cp.finalityVote()).encode(), t + 1_000));
        bad.put("first finality epoch", f.forge(f.genesis(), f.keys.get(1), PoaHeaderData.plain(2, true).encode(),
                PoaFixture.START + 1_000));
        SimBlock sealed = f.forge(b2, k0, ok.encode(), t);
        bad.put("not a valid signature", new SimBlock(sealed.header().withSeal(Bytes.wrap(new byte[65])), List.of()));
        for (Map.Entry<String, SimBlock> e : bad.entrySet()) {
            Validation r = v.verify(f.tree, e.getValue().header());
            assertFalse(r.valid(), e.getKey());
            assertTrue(r.reason().contains(e.getKey()), e.getKey() + ": " + r.reason());
        }
        assertEquals(cached + 1, v.cachedStates(), "only b3, verified through its child, was cached");
        assertEquals(Validation.ok(), v.verify(f.tree, sealed.header()), "the honest block still verifies");
    }

    @Test
    void aHeaderWhoseParentIsUnknownOrMisnumberedIsRejected() {
        PoaFixture f = new PoaFixture(3, 30_000, 3, 1_000);
        SimBlock b1 = f.seal(f.genesis(), 1);
        SimBlock b2 = f.seal(b1, 2);
        SimTree other = new SimTree(f.genesis().header());
        assertTrue(f.verifier().verify(other, b2.header()).reason().contains("unknown parent"));
        SimHeader skip = new SimHeader(b1.header().parentHash(), 2, b1.header().timestamp(), b1.header().bodyHash(),
                b1.header().consensusData(), b1.header().seal());
        assertTrue(f.verifier().verify(f.tree, skip).reason().contains("does not follow"));
    }

    @Test
    void aChainViewThatBreaksNumberingIsReportedNotFollowed() {
        PoaFixture f = new PoaFixture(3, 30_000, 3, 1_000);
        SimBlock b2 = f.run(f.genesis(), 2);
        SimBlock b3 = f.seal(b2, 0);
        // A view in which b2's parent is b2 itself: a walk that never reaches the genesis.
        ChainView loop = h -> h.equals(b2.header().parentHash()) ? Optional.of(b2.header()) : f.tree.header(h);
        Validation r = f.verifier().verify(loop, b3.header());
        assertFalse(r.valid());
        assertTrue(r.reason().contains("numbered"), r.reason());
    }

    @Test
    void aGenesisWithOtherParametersIsRefused() {
        PoaFixture f = new PoaFixture(3, 30_000, 3, 1_000);
        SimBlock b1 = f.seal(f.genesis(), 1);
        PoaParams other = new PoaParams(f.params.signers(), 30_000, 3, 2_000);
        Validation r = PoaConsensus.builder(other).build().verify(f.tree, b1.header());
        assertTrue(r.reason().contains("parameters"), r.reason());
    }

    @Test
    void sealRefusesAHeaderItsSignerMayNotPublish() {
        PoaFixture f = new PoaFixture(3, 30_000, 3, 1_000);
        SimHeader h = new SimHeader(f.genesis().hash(), 1, PoaFixture.START + 1_000, SimHeader.EMPTY_BODY,
                PoaHeaderData.plain(1, false).encode(), Bytes.EMPTY);
        assertThrows(IllegalStateException.class, () -> f.engines.get(1).seal(f.tree, h), "in turn: difficulty 2");
        SimHeader early = new SimHeader(f.genesis().hash(), 1, PoaFixture.START + 999, SimHeader.EMPTY_BODY,
                PoaHeaderData.plain(2, false).encode(), Bytes.EMPTY);
        assertThrows(IllegalStateException.class, () -> f.engines.get(1).seal(f.tree, early));
    }

    // ---- fork choice, finality, time ----

    @Test
    void anHonestChainFinalisesAndTheTimeWindowIsAMajorityOfSigners() {
        PoaFixture f = new PoaFixture(5, 30_000, 5, 1_000);
        SimBlock head = f.run(f.genesis(), 25);
        PoaConsensus v = f.verifier();
        BlockId fin = v.finalized(f.tree, head.header());
        assertEquals(15, fin.number(), "anchor 15 finalised by epoch 4's votes (anchor 20 justified)");
        assertEquals(f.tree.ancestorAt(head, 15).hash(), fin.hash());
        assertEquals(3, v.timeWindow(f.tree, head.header()));
        SimBlock shorter = f.run(f.tree.ancestorAt(head, 24), 0);
        assertTrue(v.compare(f.tree, head.header(), shorter.header()) > 0);
    }

    @Test
    void theForkChoicePrefersTheBranchWithTheHigherJustifiedAnchorOverAHeavierOne() {
        PoaFixture f = new PoaFixture(3, 30_000, 3, 1_000);
        SimBlock fork = f.run(f.genesis(), 3);
        // Branch A: every signer votes in epoch 1, so anchor 3 is justified.
        SimBlock a = f.run(fork, 3);
        PoaConsensus v = f.verifier();
        assertEquals(3, v.finality(f.tree, a.header()).justified().number());
        // Branch B, signed by hand with signers 1 and 2 in alternation: longer and heavier than
        // A, but only signer 1 sets the finality flag, fewer than a quorum.
        SimBlock b = fork;
        for (int k = 0; k < 6; k++) {
            int i = k % 2 == 0 ? 1 : 2;
            PoaHeaderData d = new PoaHeaderData(f.engines.get(0).snapshot(f.tree, b.header()).difficulty(
                    b.header().number() + 1, f.addr(i)), Optional.empty(), List.of(), i == 1);
            b = f.forge(b, f.keys.get(i), d.encode(), b.header().timestamp() + 1_000);
            f.tree.add(b);
            assertTrue(v.verify(f.tree, b.header()).valid(), v.verify(f.tree, b.header()).reason());
        }
        assertEquals(0, v.finality(f.tree, b.header()).justified().number());
        assertTrue(b.header().number() > a.header().number());
        assertTrue(PoaForkChoice.CLIQUE.compare(head(v, f, a), head(v, f, b)) < 0, "Clique alone prefers B");
        assertTrue(v.compare(f.tree, a.header(), b.header()) > 0, "justified first, whatever the weight");
    }

    private static PoaHead head(PoaConsensus v, PoaFixture f, SimBlock b) {
        long td = 0;
        for (SimBlock x : f.tree.chain(b)) {
            td += PoaHeaderData.decode(x.header().consensusData()).difficulty();
        }
        return new PoaHead(b.hash(), b.header().number(), td, 0, v.finality(f.tree, b.header()).justified());
    }

    // ---- operator votes ----

    @Test
    void proposalsRideInSealedHeadersOneAtATimeAndOnlyWhileTheyWouldChangeSomething() {
        PoaFixture f = new PoaFixture(3, 30_000, 3, 1_000);
        PoaConsensus e = f.engines.get(1);
        Address x = Keys.key(1, 50).address();
        Address y = Keys.key(1, 51).address();
        e.propose(x, true);
        e.propose(y, true);
        e.propose(f.addr(0), true);
        assertEquals(3, e.proposals().size());
        assertEquals(List.copyOf(e.proposals().keySet()), e.proposals().keySet().stream().sorted().toList());
        List<Address> cast = new ArrayList<>();
        SimBlock b = f.genesis();
        for (int k = 0; k < 6; k++) {
            b = f.run(b, 1);
            if (e.snapshot(f.tree, b.header()).maySeal(f.addr(1))) {
                Optional<PoaVote> v = f.dataFor(b, 1).vote();
                assertTrue(v.isPresent(), "a valid proposal is cast");
                cast.add(v.get().target());
            }
        }
        assertTrue(cast.contains(x) && cast.contains(y), "both proposals in turn: " + cast);
        assertFalse(cast.contains(f.addr(0)), "authorising a signer changes nothing: never cast");
        e.discard(x);
        e.discard(y);
        assertEquals(Map.of(f.addr(0), true), e.proposals());
        if (!e.snapshot(f.tree, b.header()).maySeal(f.addr(1))) {
            b = f.run(b, 1);
        }
        assertEquals(Optional.empty(), f.dataFor(b, 1).vote());
    }

    @Test
    void aProposalIsHeldBackWhileAnEarlierChangeAwaitsFinality() {
        PoaFixture f = new PoaFixture(3, 30_000, 3, 1_000);
        Address x = Keys.key(1, 50).address();
        for (PoaConsensus e : f.engines) {
            e.propose(x, true);
        }
        SimBlock b = f.genesis();
        while (!f.verifier().signers(f.tree, b.header()).contains(x)) {
            b = f.run(b, 1);
        }
        Address y = Keys.key(1, 51).address();
        for (PoaConsensus e : f.engines) {
            e.discard(x);
            e.propose(y, true);
        }
        int next = (int) ((b.header().number() + 1) % 3);
        assertEquals(Optional.empty(), f.dataFor(b, next).vote(),
                "the set differs from the voters until the change is final");
        PoaHeaderData forced = new PoaHeaderData(f.dataFor(b, next).difficulty(), Optional.of(PoaVote.authorize(y)),
                List.of(), false);
        SimHeader h = new SimHeader(b.hash(), b.header().number() + 1, b.header().timestamp() + 1_000,
                SimHeader.EMPTY_BODY, forced.encode(), Bytes.EMPTY);
        assertThrows(IllegalStateException.class, () -> f.engines.get(next).seal(f.tree, h),
                "nor will the signer seal such a vote a host put in");
    }

    // ---- the signer's guard ----

    @Test
    void theGuardIsPersistedBySealAndARestartedSignerNeverCastsAConflictingVote() {
        PoaFixture f = new PoaFixture(5, 30_000, 3, 1_000);
        SimBlock fork = f.run(f.genesis(), 2);
        SimBlock a3 = f.seal(fork, 3);
        SimBlock a4 = f.seal(a3, 4);
        assertTrue(PoaHeaderData.decode(a4.header().consensusData()).finalityVote());
        PoaFinalityVote onA = f.verifier().finality(f.tree, a3.header()).nextVote().orElseThrow();
        assertEquals(Optional.of(onA), f.engines.get(4).guard().lastVote());

        PoaConsensus restarted = PoaConsensus.builder(f.params).validator(f.keys.get(4)).store(f.stores.get(4)).build();
        assertEquals(Optional.of(onA), restarted.guard().lastVote(), "read back from the store");
        SimBlock b3 = f.seal(fork, 0);
        assertFalse(PoaHeaderData.decode(restarted.prepare(f.tree, b3.header(), 0).consensusData()).finalityVote(),
                "a vote for the other anchor 3 would be a double vote");
        SimHeader h = new SimHeader(b3.hash(), 4, b3.header().timestamp() + 1_000, SimHeader.EMPTY_BODY,
                PoaHeaderData.plain(2, true).encode(), Bytes.EMPTY);
        assertThrows(IllegalStateException.class, () -> restarted.seal(f.tree, h));
        PoaConsensus fresh = PoaConsensus.builder(f.params).validator(f.keys.get(4)).build();
        assertTrue(PoaHeaderData.decode(fresh.prepare(f.tree, b3.header(), 0).consensusData()).finalityVote(),
                "without the stored guard it would have voted");
    }

    @Test
    void anUnreadableStoredGuardStopsTheValidatorFromStarting() {
        PoaFixture f = new PoaFixture(3, 30_000, 3, 1_000);
        InMemoryStorage store = new InMemoryStorage();
        byte[] key = Bytes.concatenate(Bytes.wrap("poa/guard/".getBytes(StandardCharsets.US_ASCII)),
                f.addr(0).toBytes()).toArray();
        store.commit(new StorageBatch().put(key, new byte[] {1, 2, 3}));
        assertThrows(IllegalStateException.class,
                () -> PoaConsensus.builder(f.params).validator(f.keys.get(0)).store(store).build());
    }

    // ---- memory and persistence ----

    @Test
    void statesStayWithinTheCacheAndAreRecomputedFromThePersistedCheckpoints() {
        PoaFixture f = new PoaFixture(3, 30_000, 3, 1_000);
        SimBlock head = f.run(f.genesis(), 200);
        InMemoryStorage store = new InMemoryStorage();
        PoaConsensus first = PoaConsensus.builder(f.params).store(store).cacheSize(16).persistInterval(32).build();
        for (SimBlock b : f.tree.chain(head)) {
            assertTrue(first.verify(f.tree, b.header()).valid());
            assertTrue(first.cachedStates() <= 16);
        }
        BlockId expected = first.finalized(f.tree, head.header());

        AtomicInteger reads = new AtomicInteger();
        ChainView counting = h -> {
            reads.incrementAndGet();
            return f.tree.header(h);
        };
        PoaConsensus restarted = PoaConsensus.builder(f.params).store(store).cacheSize(16).persistInterval(32).build();
        assertEquals(expected, restarted.finalized(counting, head.header()));
        assertTrue(reads.get() <= 32, "walked back to block 192 only: " + reads.get());

        reads.set(0);
        PoaConsensus empty = PoaConsensus.builder(f.params).cacheSize(16).persistInterval(32).build();
        assertEquals(expected, empty.finalized(counting, head.header()));
        assertEquals(200, reads.get(), "without the store, back to the genesis");
    }

    @Test
    void anUnreadablePersistedStateIsRecomputedFromTheHeaders() {
        PoaFixture f = new PoaFixture(3, 30_000, 3, 1_000);
        SimBlock head = f.run(f.genesis(), 40);
        InMemoryStorage store = new InMemoryStorage();
        PoaConsensus first = PoaConsensus.builder(f.params).store(store).persistInterval(32).build();
        BlockId expected = first.finalized(f.tree, head.header());
        List<byte[]> keys = new ArrayList<>();
        store.scan("poa/state/".getBytes(StandardCharsets.US_ASCII), (k, val) -> keys.add(k));
        assertEquals(1, keys.size(), "block 32's state");
        store.commit(new StorageBatch().put(keys.get(0), new byte[] {(byte) 0xc0}));
        assertEquals(expected, PoaConsensus.builder(f.params).store(store).build().finalized(f.tree, head.header()));
    }

    // ---- evidence ----

    @Test
    void conflictingFinalityVotesBySignerAreReportedWithBothHeaders() {
        PoaFixture f = new PoaFixture(5, 30_000, 3, 1_000);
        SimBlock fork = f.run(f.genesis(), 2);
        SimBlock a3 = f.seal(fork, 3);
        SimBlock b3 = f.seal(fork, 0);
        // Signer 4 votes for anchor 3 on both branches: a double vote no honest signer casts.
        SimBlock a4 = f.forge(a3, f.keys.get(4), PoaHeaderData.plain(2, true).encode(), a3.header().timestamp() + 1_000);
        SimBlock b4 = f.forge(b3, f.keys.get(4), PoaHeaderData.plain(2, true).encode(), b3.header().timestamp() + 1_000);
        f.tree.add(a4);
        f.tree.add(b4);
        PoaConsensus v = f.verifier();
        assertTrue(v.verify(f.tree, a4.header()).valid());
        assertEquals(List.of(), v.evidence());
        assertTrue(v.verify(f.tree, b4.header()).valid(), "each block is valid on its own chain");
        List<Evidence> ev = v.evidence();
        assertEquals(1, ev.size());
        assertEquals(f.addr(4), ev.get(0).validator());
        assertEquals("double finality vote", ev.get(0).rule());
        List<ConsensusHeader> pair = List.of(ev.get(0).first(), ev.get(0).second());
        assertTrue(pair.contains(a4.header()) && pair.contains(b4.header()));
    }
}
