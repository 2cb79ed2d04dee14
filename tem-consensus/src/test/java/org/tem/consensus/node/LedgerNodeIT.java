package org.tem.consensus.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
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
}
