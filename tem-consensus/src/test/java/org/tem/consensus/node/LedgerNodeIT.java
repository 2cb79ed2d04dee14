package org.tem.consensus.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.tuweni.bytes.Bytes;
import org.junit.jupiter.api.Test;
import org.tem.consensus.network.InMemoryNetwork;
import org.tem.consensus.network.PeerId;
import org.tem.ledger.crypto.Hash;
import org.tem.ledger.tx.Receipt;
import org.tem.ledger.tx.Transaction;

/**
 * Ledger nodes (chain, mempool, proof-of-authority engine, in-memory transport) on the
 * discrete-event simulator: agreement, finality of submitted transactions, crash and restart,
 * late joining, partitions and hostile peers. Deterministic: every run of a test is the same run.
 */
class LedgerNodeIT {

    /** Whether every running node holds {@code tx} in a block at or below its finalised block. */
    static boolean finalEverywhere(LedgerCluster c, Hash tx) {
        for (LedgerNode n : c.running()) {
            var at = n.reader().blockOf(tx);
            if (at.isEmpty() || at.get().number() > n.finalized().number()) {
                return false;
            }
        }
        return true;
    }

    static String summary(LedgerCluster c) {
        StringBuilder sb = new StringBuilder("t=" + c.sim.now());
        for (LedgerNode n : c.running()) {
            sb.append(' ').append(n.id()).append(": head #").append(n.head().number()).append(" final #")
                    .append(n.finalized().number());
        }
        return sb.toString();
    }

    static void assertNoRefusals(LedgerCluster c) {
        for (LedgerNode n : c.running()) {
            assertEquals(0, n.count(NodeCounter.FAILURES), n.id() + " failures");
            assertEquals(0, n.count(NodeCounter.BLOCKS_REJECTED), n.id() + " rejected blocks");
            assertEquals(0, n.count(NodeCounter.MESSAGES_MALFORMED), n.id() + " malformed messages");
        }
    }

    @Test
    void fiveValidatorsAndThreeNormalNodesAgreeOnHeadAndStateAndFinaliseATransactionFromEveryNode() {
        LedgerCluster c = new LedgerCluster(new LedgerCluster.Config());
        c.sim.runFor(5_000);
        List<CompletableFuture<Receipt>> futures = new ArrayList<>();
        List<Hash> txs = new ArrayList<>();
        int u = 0;
        for (LedgerNode n : c.running()) {
            Transaction tx = c.add(u++ % c.users.size(), 10);
            txs.add(tx.hash());
            futures.add(n.submit(tx));
        }
        boolean done = c.runUntil(() -> futures.stream().allMatch(CompletableFuture::isDone)
                && txs.stream().allMatch(h -> finalEverywhere(c, h)) && c.sameHead(), 120_000);
        assertTrue(done, "every transaction final at every node, one head: " + summary(c));
        for (CompletableFuture<Receipt> f : futures) {
            assertTrue(f.join().success(), f.join().reason());
        }
        LedgerNode v0 = c.node("v0");
        for (LedgerNode n : c.running()) {
            assertEquals(v0.head().hash(), n.head().hash(), n.id() + " head");
            assertEquals(v0.head().stateRoot(), n.head().stateRoot(), n.id() + " state root");
            assertEquals(v0.head().stateRoot(), n.reader().recomputeStateRoot(), n.id() + " state recomputed");
            assertEquals(10L * txs.size(), LedgerCluster.finalTotal(n), n.id() + " final total");
        }
        assertEquals(List.of(), c.violations);
        assertNoRefusals(c);
        long sealed = 0;
        for (LedgerNode n : c.running()) {
            sealed += n.count(NodeCounter.BLOCKS_SEALED);
        }
        assertTrue(sealed >= v0.head().number(), "every block was sealed by a node of the cluster");
    }

    static boolean allDone(List<CompletableFuture<Receipt>> fs, int count) {
        return fs.size() == count && fs.stream().allMatch(CompletableFuture::isDone);
    }

    static void assertAllSucceeded(List<CompletableFuture<Receipt>> fs) {
        for (CompletableFuture<Receipt> f : fs) {
            assertTrue(f.join().success(), f.join().reason());
        }
    }

    /** Every running node has the same head, state root and finalised block as {@code ref}. */
    static void assertConverged(LedgerCluster c, LedgerNode ref) {
        for (LedgerNode n : c.running()) {
            assertEquals(ref.head().hash(), n.head().hash(), n.id() + " head");
            assertEquals(ref.head().stateRoot(), n.head().stateRoot(), n.id() + " state root");
            assertEquals(ref.finalized().hash(), n.finalized().hash(), n.id() + " finalised block");
        }
    }

    @Test
    void withOneOfFiveValidatorsStoppedTheChainGoesOnAndTheValidatorSyncsOnRestart() {
        LedgerCluster.Config cfg = new LedgerCluster.Config();
        cfg.node = b -> b.syncBatch(8);
        LedgerCluster c = new LedgerCluster(cfg);
        c.sim.runFor(3_000);
        PeerId v2 = new PeerId("v2");
        c.stop(v2);
        long finalAtStop = c.node("v0").finalized().number();
        List<CompletableFuture<Receipt>> load = c.load("n0", 0, 10, 200);
        assertTrue(c.runUntil(() -> allDone(load, 10), 600_000), "10 transactions final without v2: " + summary(c));
        assertAllSucceeded(load);
        LedgerNode v0 = c.node("v0");
        assertTrue(v0.finalized().number() > finalAtStop + 16, "finality went on without v2: " + summary(c));
        LedgerNode restarted = c.start(v2);
        long behind = v0.head().number() - restarted.head().number();
        assertTrue(behind > 16, "v2 restarts more than two sync batches behind, was " + behind);
        List<CompletableFuture<Receipt>> more = c.load("v2", 1, 3, 200);
        assertTrue(c.runUntil(() -> allDone(more, 3) && c.sameHead()
                && restarted.finalized().number() >= c.node("v0").finalized().number(), 120_000),
                "v2 caught up and its own transactions are final: " + summary(c));
        assertAllSucceeded(more);
        c.sim.runFor(10_000);
        assertConverged(c, c.node("v0"));
        assertTrue(restarted.count(NodeCounter.REQUESTS_SENT) >= 2, "synced in batches");
        assertTrue(restarted.count(NodeCounter.BLOCKS_SEALED) > 0, "v2 seals again after catching up");
        assertEquals(13L, LedgerCluster.finalTotal(restarted));
        assertEquals(List.of(), c.violations);
        assertNoRefusals(c);
    }

    @Test
    void aNodeJoiningLateSyncsTheWholeChainFromGenesis() {
        LedgerCluster.Config cfg = new LedgerCluster.Config();
        cfg.startNow = id -> !id.equals("n2");
        cfg.node = b -> b.syncBatch(8);
        LedgerCluster c = new LedgerCluster(cfg);
        List<CompletableFuture<Receipt>> load = c.load("n0", 0, 8, 100);
        assertTrue(c.runUntil(() -> allDone(load, 8), 600_000), summary(c));
        c.sim.runFor(10_000);
        long height = c.node("v0").head().number();
        assertTrue(height > 24, "more than three sync batches to fetch, height " + height);
        LedgerNode late = c.start(new PeerId("n2"));
        assertEquals(0, late.head().number());
        assertTrue(c.runUntil(() -> late.head().hash().equals(c.node("v0").head().hash())
                && late.finalized().hash().equals(c.node("v0").finalized().hash()), 60_000), summary(c));
        assertConverged(c, c.node("v0"));
        assertEquals(late.head().stateRoot(), late.reader().recomputeStateRoot());
        assertEquals(8L, LedgerCluster.finalTotal(late));
        assertEquals(List.of(), c.violations);
        assertNoRefusals(c);
    }

    @Test
    void aThreeTwoPartitionHealsWithoutRevertingAFinalBlockAndTheMinoritysTransactionsBecomeFinal() {
        LedgerCluster c = new LedgerCluster(new LedgerCluster.Config());
        c.sim.runFor(3_000);
        List<PeerId> majority = List.of(new PeerId("v0"), new PeerId("v1"), new PeerId("v2"), new PeerId("n0"));
        List<PeerId> minority = List.of(new PeerId("v3"), new PeerId("v4"), new PeerId("n1"), new PeerId("n2"));
        c.network.partition(List.of(majority, minority));
        List<CompletableFuture<Receipt>> major = c.load("n0", 0, 4, 300);
        List<CompletableFuture<Receipt>> minor = c.load("n1", 1, 3, 300);
        assertTrue(c.runUntil(() -> allDone(major, 4), 300_000), "the majority finalises on its own: " + summary(c));
        assertFalse(minor.get(0).isDone(), "two of five validators cannot finalise");
        long minorityFinal = c.node("v3").finalized().number();
        long minorityHead = c.node("v3").head().number();
        assertTrue(minorityHead > minorityFinal, "the minority sealed blocks it cannot finalise: " + summary(c));
        c.network.heal();
        assertTrue(c.runUntil(() -> allDone(minor, 3) && c.sameHead(), 120_000), summary(c));
        c.sim.runFor(10_000);
        assertConverged(c, c.node("v0"));
        assertAllSucceeded(major);
        assertAllSucceeded(minor);
        assertEquals(7L, LedgerCluster.finalTotal(c.node("v4")));
        assertTrue(c.node("v3").head().number() > minorityHead);
        assertEquals(List.of(), c.violations, "no node finalised a block off another's final chain");
        assertNoRefusals(c);
    }

    @Test
    void aPeerFloodingJunkAndInvalidBlocksDoesNotStopHonestNodes() {
        LedgerCluster.Config cfg = new LedgerCluster.Config();
        cfg.node = b -> b.orphans(8, org.tem.ledger.block.Block.MAX_ENCODED_BYTES).serveBudget(32);
        LedgerCluster c = new LedgerCluster(cfg);
        PeerId attackerId = new PeerId("x-attacker");
        var attackerLoop = c.sim.newScheduler();
        InMemoryNetwork.Endpoint attacker = c.network.join(attackerId, attackerLoop);
        attacker.start(new org.tem.consensus.network.Transport.Handler() {
            @Override
            public void onMessage(PeerId from, org.tem.consensus.network.Message m) {
            }
        });
        Junk junk = new Junk(c, c.sim.random().split());
        int[] sent = {0};
        Runnable[] flood = new Runnable[1];
        flood[0] = () -> {
            for (PeerId p : attacker.peers()) {
                junk.send(attacker, p);
                sent[0]++;
            }
            attackerLoop.schedule(100, flood[0]);
        };
        attackerLoop.schedule(0, flood[0]);
        c.sim.runFor(2_000);
        List<CompletableFuture<Receipt>> load = c.load("n0", 0, 3, 200);
        assertTrue(c.runUntil(() -> allDone(load, 3), 300_000), summary(c));
        assertAllSucceeded(load);
        attackerLoop.stop();
        c.sim.runFor(10_000);
        assertTrue(c.runUntil(c::sameHead, 30_000));
        assertConverged(c, c.node("v0"));
        assertEquals(3L, LedgerCluster.finalTotal(c.node("n2")));
        assertTrue(sent[0] > 1_000, "the attacker sent " + sent[0]);
        for (LedgerNode n : c.running()) {
            assertEquals(0, n.count(NodeCounter.FAILURES), n.id() + " failures");
            assertTrue(n.count(NodeCounter.MESSAGES_MALFORMED) > 0, n.id() + " saw junk bytes");
            assertTrue(n.count(NodeCounter.BLOCKS_REJECTED) > 0, n.id() + " saw forged blocks");
            assertTrue(n.count(NodeCounter.BLOCKS_MALFORMED) > 0, n.id() + " saw undecodable blocks");
            assertTrue(n.count(NodeCounter.ORPHANS_DROPPED) > 0, n.id() + " kept its orphan pool bounded");
            assertTrue(n.count(NodeCounter.PEERS_INCOMPATIBLE) > 0, n.id() + " saw a wrong genesis");
            assertTrue(n.count(NodeCounter.ANSWERS_UNSOLICITED) > 0, n.id() + " saw unsolicited answers");
            assertTrue(n.count(NodeCounter.TRANSACTIONS_MALFORMED) > 0, n.id() + " saw junk transactions");
            assertTrue(n.count(NodeCounter.REQUESTS_THROTTLED) > 0, n.id() + " throttled the block requests");
            assertTrue(n.refusedFrom(attackerId) > 100, n.id() + " counted the attacker's refused input");
            assertEquals(n.head().stateRoot(), n.reader().recomputeStateRoot());
        }
        assertEquals(List.of(), c.violations);
    }

    /**
     * With no out-of-turn delay, validators race and the nodes reorganise often; a transaction
     * that a reorganisation's new branch includes while it is pending at its submitter leaves
     * the pool there, and its future must still complete with the receipt (not fail as evicted).
     * Six users load three normal nodes at once over a slow, uneven network (this seed failed
     * with "dropped after a reorganisation: nonce too low" before the rule).
     */
    @Test
    void transactionsMovedIntoTheNewBranchByAReorganisationStillCompleteTheirFutures() {
        LedgerCluster.Config cfg = new LedgerCluster.Config();
        cfg.wiggleMillis = 0;
        cfg.minLatencyMillis = 10;
        cfg.maxLatencyMillis = 300;
        LedgerCluster c = new LedgerCluster(cfg);
        long[] reorganisations = {0};
        c.node("n0").addListener(new org.tem.ledger.chain.ChainListener() {
            @Override
            public void onReorganization(List<org.tem.ledger.block.BlockHeader> dropped,
                    List<org.tem.ledger.block.BlockHeader> added) {
                reorganisations[0]++;
            }
        });
        List<List<CompletableFuture<Receipt>>> loads = new ArrayList<>();
        for (int u = 0; u < 6; u++) {
            loads.add(c.load("n" + (u % 3), u, 3, 37L * u));
        }
        assertTrue(c.runUntil(() -> loads.stream().allMatch(l -> allDone(l, 3)), 900_000), summary(c));
        for (List<CompletableFuture<Receipt>> l : loads) {
            for (CompletableFuture<Receipt> f : l) {
                assertFalse(f.isCompletedExceptionally(), () -> f.handle((r, e) -> e.getMessage()).join());
                assertTrue(f.join().success(), f.join().reason());
            }
        }
        assertTrue(reorganisations[0] > 0, "the race reorganised n0");
        assertEquals(List.of(), c.violations);
    }

    /**
     * Operators vote through the node: a proposal made at three of five validators rides in
     * their blocks and adds the signer (strictly more than half voted); it is listed until
     * discarded.
     */
    @Test
    void proposalsMadeThroughTheNodesAddASigner() {
        LedgerCluster c = new LedgerCluster(new LedgerCluster.Config());
        org.tem.ledger.crypto.Address candidate = LedgerCluster.key("candidate").address();
        for (String v : List.of("v0", "v1", "v2")) {
            c.node(v).propose(candidate, true);
            assertEquals(java.util.Map.of(candidate, true), c.node(v).proposals());
        }
        List<CompletableFuture<Receipt>> load = c.load("n0", 0, 6, 0);
        assertTrue(c.runUntil(() -> allDone(load, 6)
                && c.node("n1").signers(c.node("n1").finalized().number()).contains(candidate), 300_000), summary(c));
        assertEquals(6, c.node("n2").signers(c.node("n2").finalized().number()).size());
        for (String v : List.of("v0", "v1", "v2")) {
            c.node(v).discard(candidate);
            assertEquals(java.util.Map.of(), c.node(v).proposals());
        }
        assertEquals(List.of(), c.violations);
        assertNoRefusals(c);
    }
}
