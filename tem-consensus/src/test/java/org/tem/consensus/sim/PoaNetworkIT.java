package org.tem.consensus.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.tuweni.bytes.Bytes;
import org.junit.jupiter.api.Test;
import org.tem.consensus.BlockId;
import org.tem.consensus.network.NewBlock;
import org.tem.consensus.network.PeerId;
import org.tem.consensus.poa.PoaConsensus;
import org.tem.consensus.poa.PoaHeaderData;
import org.tem.consensus.poa.PoaSnapshot;
import org.tem.ledger.crypto.Address;
import org.tem.ledger.crypto.Hash;
import org.tem.ledger.crypto.KeyPair;

/**
 * The reference proof-of-authority on a simulated network of validators and normal nodes, each
 * node driving its engine through the SPI only: agreement, finality, crash and restart, replay,
 * Clique's sealing rules as observed in the sealed chains, the finality period, and votes.
 */
class PoaNetworkIT {

    private static final PeerId V2 = new PeerId("v2");

    @Test
    void fiveValidatorsAndThreeNormalNodesReachTheSameHeadAndFinaliseEveryTransaction() {
        SimCluster c = new SimCluster(new SimCluster.Config());
        c.sim.runFor(10_000);
        List<Hash> txs = new ArrayList<>();
        for (SimNode n : c.nodes()) {
            Bytes tx = c.newTx();
            txs.add(SimBlock.txHash(tx));
            n.submit(tx);
        }
        boolean done = c.runUntil(() -> allFinal(c, txs) && c.sameHead(), 60_000);
        assertTrue(done, "every transaction final at every node, one head: " + summary(c));
        assertTrue(c.minFinal() > 0);
        assertEquals(List.of(), c.violations);
        for (SimNode n : c.nodes()) {
            assertEquals(List.of(), n.rejected, n.id + " rejected blocks");
        }
    }

    @Test
    void withOneValidatorStoppedTheChainContinuesAndTheValidatorCatchesUpOnRestart() {
        SimCluster c = new SimCluster(new SimCluster.Config());
        c.sim.runFor(10_000);
        c.stop(V2);
        long headAtStop = c.node("v0").head().header().number();
        long finalAtStop = c.node("v0").finalSeen().number();
        c.sim.runFor(60_000);
        SimNode v0 = c.node("v0");
        // v2's slots, and those its out-of-turn replacement is then too recent for, wait a delay.
        assertTrue(v0.head().header().number() >= headAtStop + 40, "the four others go on sealing: " + summary(c));
        assertTrue(v0.finalSeen().number() >= finalAtStop + 30, "and finalising: " + summary(c));
        long sealedByV2 = c.sealings.stream().filter(s -> s.sealer().equals(V2)).count();

        SimNode restarted = c.start(V2);
        assertTrue(restarted.head().header().number() <= headAtStop + 1, "restarts from its own disk");
        assertTrue(c.runUntil(c::sameHead, 30_000), "catches up: " + summary(c));
        c.sim.runFor(20_000);
        assertTrue(c.sealings.stream().filter(s -> s.sealer().equals(V2)).count() > sealedByV2,
                "and seals again");
        assertTrue(c.runUntil(c::sameHead, 5_000));
        assertEquals(List.of(), c.violations);
    }

    @Test
    void theSameSeedReplaysTheSameRunAndAnotherSeedDoesNot() {
        List<SimCluster.HeadChange> first = scriptedRun(7);
        assertEquals(first, scriptedRun(7));
        assertNotEquals(first, scriptedRun(8));
    }

    /** A run with a crash, a partition, loss and transactions, recording every head change. */
    private static List<SimCluster.HeadChange> scriptedRun(long seed) {
        SimCluster.Config cfg = new SimCluster.Config().seed(seed);
        cfg.loss = 0.05;
        SimCluster c = new SimCluster(cfg);
        c.sim.runFor(5_000);
        c.node("n1").submit(c.newTx());
        c.network.partition(List.of(List.of(new PeerId("v0"), new PeerId("v1"), new PeerId("n0"))));
        c.sim.runFor(8_000);
        c.stop(V2);
        c.network.heal();
        c.sim.runFor(8_000);
        c.start(V2);
        c.node("v3").submit(c.newTx());
        c.sim.runFor(10_000);
        return c.heads;
    }

    @Test
    void sealedChainsShowCliquesOutOfTurnDelaysAndRecentSignersRule() {
        SimCluster c = new SimCluster(new SimCluster.Config());
        c.stop(V2);
        c.sim.runFor(60_000);
        int limit = 5 / 2 + 1;
        long wiggle = c.config.wiggleMillis * limit;
        int outOfTurn = 0;
        for (SimCluster.Sealing s : c.sealings) {
            PoaHeaderData d = s.data();
            long due = s.parent().header().timestamp() + c.config.periodMillis;
            assertEquals(s.slot().inTurn(), d.difficulty() == PoaSnapshot.DIFFICULTY_IN_TURN);
            assertTrue(s.block().header().timestamp() >= due, "timestamp at least the parent's plus the period");
            if (s.slot().inTurn()) {
                assertEquals(due, s.sealedAt(), "in turn: sealed when due");
            } else {
                outOfTurn++;
                long delay = s.sealedAt() - due;
                assertTrue(delay >= 1 && delay <= wiggle, "out of turn: waited " + delay + " ms");
            }
        }
        assertTrue(outOfTurn >= 5, "v2's slots were taken out of turn: " + outOfTurn);
        SimNode v0 = c.node("v0");
        List<SimBlock> chain = v0.tree.chain(v0.head());
        List<Address> signers = v0.poa().signers(v0.tree, v0.tree.genesis().header());
        assertTrue(chain.size() >= 40, "blocks on the chain: " + chain.size());
        for (int i = 0; i < chain.size(); i++) {
            Address signer = SealSignatures.signer(chain.get(i).header());
            for (int j = Math.max(0, i - limit + 1); j < i; j++) {
                assertNotEquals(signer, SealSignatures.signer(chain.get(j).header()),
                        "a signer seals at most one of any " + limit + " consecutive blocks");
            }
            boolean inTurn = signers.get((int) (chain.get(i).header().number() % signers.size())).equals(signer);
            assertEquals(inTurn, PoaHeaderData.decode(chain.get(i).header().consensusData()).difficulty() == 2);
            assertNotEquals(c.key("v2").address(), signer, "the stopped validator sealed nothing");
        }
    }

    @Test
    void withPeriodZeroEmptyBlocksAreSealedOnlyWhileTheLastTransactionIsNotFinal() {
        SimCluster.Config cfg = new SimCluster.Config().period(0);
        SimCluster c = new SimCluster(cfg);
        c.sim.runFor(20_000);
        assertEquals(0, c.sealings.size(), "nothing pending, nothing to finalise: no blocks");

        long submitted = c.now();
        Bytes tx = c.newTx();
        c.node("n2").submit(tx);
        assertTrue(c.runUntil(() -> allFinal(c, List.of(SimBlock.txHash(tx))) && c.sameHead(), 60_000),
                summary(c));
        SimCluster.Sealing first = c.sealings.get(0);
        assertEquals(List.of(tx), first.block().transactions());
        assertTrue(first.sealedAt() - submitted < 500, "sealed without waiting for a period");
        c.sim.runFor(5_000);
        int sealed = c.sealings.size();
        assertTrue(sealed > 1, "empty blocks carried the transaction to finality");
        c.sim.runFor(60_000);
        assertEquals(sealed, c.sealings.size(), "no empty block once the transaction is final");

        PoaConsensus verifier = PoaConsensus.builder(c.params).build();
        for (SimCluster.Sealing s : c.sealings) {
            if (s.block().transactions().isEmpty()) {
                BlockId f = verifier.finalized(c.global, s.parent().header());
                assertTrue(lastWithTransactions(c.global, s.parent()) > f.number(),
                        "empty block #" + s.block().header().number() + " sealed while the last transaction was final");
                assertTrue(s.sealedAt() >= s.parent().header().timestamp() + cfg.finalityPeriodMillis,
                        "at the finality period");
            }
        }
        assertEquals(List.of(), c.violations);
    }

    private static long lastWithTransactions(SimTree tree, SimBlock b) {
        for (SimBlock x = b; x.header().number() > 0; x = tree.block(x.header().parentHash()).orElseThrow()) {
            if (!x.transactions().isEmpty()) {
                return x.header().number();
            }
        }
        return 0;
    }

    @Test
    void votesProposedThroughTheApiPassAndChangeTheSignerSet() {
        SimCluster.Config cfg = new SimCluster.Config();
        cfg.candidates = 1;
        SimCluster c = new SimCluster(cfg);
        Address newcomer = c.key("c5").address();
        Address leaving = c.key("v4").address();
        c.sim.runFor(5_000);
        for (String v : List.of("v0", "v1", "v2")) {
            c.node(v).poa().propose(newcomer, true);
        }
        assertEquals(java.util.Map.of(newcomer, true), c.node("v0").poa().proposals());
        assertTrue(c.runUntil(() -> signersAtHead(c.node("n0")).contains(newcomer), 60_000), summary(c));
        assertEquals(6, signersAtHead(c.node("n0")).size());
        long newcomerSealed = c.sealings.stream().filter(s -> s.sealer().equals(new PeerId("c5"))).count();
        c.sim.runFor(30_000);
        assertTrue(c.sealings.stream().filter(s -> s.sealer().equals(new PeerId("c5"))).count() > newcomerSealed,
                "the new signer seals");

        for (String v : List.of("v0", "v1", "v2", "c5")) {
            c.node(v).poa().discard(newcomer);
            c.node(v).poa().propose(leaving, false);
        }
        assertTrue(c.runUntil(() -> !signersAtHead(c.node("n0")).contains(leaving), 90_000), summary(c));
        assertEquals(5, signersAtHead(c.node("n0")).size());
        c.sim.runFor(10_000);
        long at = c.node("n0").head().header().number();
        c.sim.runFor(20_000);
        SimNode n0 = c.node("n0");
        for (SimBlock b : n0.tree.chain(n0.head())) {
            if (b.header().number() > at) {
                assertNotEquals(leaving, SealSignatures.signer(b.header()), "the dropped signer seals no more");
            }
        }
        assertTrue(c.runUntil(c::sameHead, 5_000));
        assertTrue(c.minFinal() > at, "finality goes on with the new set: " + summary(c));
        assertEquals(List.of(), c.violations);
    }

    private static List<Address> signersAtHead(SimNode n) {
        return n.poa().signers(n.tree, n.head().header());
    }

    @Test
    void junkAndForgedBlocksFromAPeerAreRejectedAndTheChainGoesOn() {
        SimCluster c = new SimCluster(new SimCluster.Config());
        c.sim.runFor(5_000);
        SimNode n0 = c.node("n0");
        var hostile = c.network.join(new PeerId("x"), c.sim.newScheduler());
        hostile.start((from, m) -> { });
        c.sim.runFor(100);
        KeyPair outsider = Keys.key(99, 99);
        SimBlock parent = n0.head();
        SimHeader forged = new SimHeader(parent.hash(), parent.header().number() + 1, parent.header().timestamp() + 1_000,
                SimHeader.EMPTY_BODY, PoaHeaderData.plain(1, false).encode(), Bytes.EMPTY);
        forged = forged.withSeal(SealSignatures.sign(outsider, forged));
        hostile.send(n0.id(), new NewBlock(new SimBlock(forged, List.of()).encode()));
        hostile.sendRaw(n0.id(), Bytes.fromHexString("0xdeadbeef"));
        hostile.send(n0.id(), new NewBlock(Bytes.fromHexString("0xc0")));
        long before = n0.head().header().number();
        c.sim.runFor(20_000);
        assertEquals(1, n0.rejected.size(), "the forged block: " + n0.rejected);
        assertTrue(n0.rejected.get(0).startsWith("UNAUTHORIZED_SIGNER"), n0.rejected.get(0));
        assertEquals(2, n0.malformed);
        assertFalse(n0.tree.contains(forged.hash()));
        assertTrue(n0.head().header().number() >= before + 15);
        assertEquals(List.of(), c.violations);
    }

    @Test
    void nodesOnRealSchedulersAgreeToo() {
        SimCluster.Config cfg = new SimCluster.Config().validators(3).observers(1).period(50);
        cfg.realTime = true;
        cfg.finalityEpoch = 3;
        cfg.wiggleMillis = 20;
        cfg.minLatencyMillis = 1;
        cfg.maxLatencyMillis = 5;
        SimCluster c = new SimCluster(cfg);
        try {
            assertTrue(c.runUntil(() -> c.minFinal() >= 9, 30_000), summary(c));
            assertEquals(List.of(), c.violations);
        } finally {
            c.close();
        }
        Set<Hash> finalAt3 = new HashSet<>();
        for (SimNode n : c.nodes()) {
            finalAt3.add(n.tree.ancestorAt(n.tree.block(n.finalSeen().hash()).orElseThrow(), 3).hash());
        }
        assertEquals(1, finalAt3.size(), "one final block at height 3");
    }

    private static boolean allFinal(SimCluster c, List<Hash> txs) {
        return c.runningNodes().stream().allMatch(n -> n.finalTxs.containsAll(txs));
    }

    static String summary(SimCluster c) {
        StringBuilder sb = new StringBuilder("t=" + c.now() + " ");
        for (SimNode n : c.nodes()) {
            sb.append(n.id).append(c.running(n.id) ? "" : "(down)").append(':').append(n.head().header().number())
                    .append('/').append(n.finalSeen().number()).append(' ');
        }
        return sb.append("violations=").append(c.violations).toString();
    }
}
