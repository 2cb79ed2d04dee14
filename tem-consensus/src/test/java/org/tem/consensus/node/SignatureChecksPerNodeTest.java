package org.tem.consensus.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.tem.ledger.crypto.Secp256k1;
import org.tem.ledger.crypto.SignatureMemo;
import org.tem.ledger.tx.Receipt;
import org.tem.ledger.tx.Transaction;

/**
 * Each node checks each transaction's signature once, counted in curve computations ({@link
 * Secp256k1#computations()}): one validator and one normal node, transactions submitted at the
 * normal node as decoded bytes (unchecked, as a meter's would arrive), gossiped to the validator,
 * sealed into blocks and imported back at the normal node. With the process-wide memo off (each
 * node on its own, as on machines of their own) every transaction costs exactly one check at each
 * node, none at block building or import; with it on, one in the whole process. The seals are the
 * only other curve work: one recovery per block at each node.
 */
class SignatureChecksPerNodeTest {

    private static final int TRANSACTIONS = 24;

    @AfterEach
    void shareAgain() {
        SignatureMemo.setShared(true);
    }

    /** The curve computations of a run: the transactions' checks plus the seals' recoveries. */
    private record Run(long computations, long blocks, int nodes) {
        long transactionChecks() {
            return computations - blocks * nodes;
        }
    }

    private static Run run(long seed) {
        LedgerCluster.Config cfg = new LedgerCluster.Config();
        cfg.validators = 1;
        cfg.observers = 1;
        cfg.seed = seed;
        cfg.finalityEpoch = 1;
        LedgerCluster c = new LedgerCluster(cfg);
        c.sim.runFor(1_000);
        LedgerNode v0 = c.node("v0");
        LedgerNode n0 = c.node("n0");
        assertEquals(0, v0.head().number(), "no block before the load (period 0)");
        long before = Secp256k1.computations();
        List<CompletableFuture<Receipt>> fs = new ArrayList<>();
        for (int i = 0; i < TRANSACTIONS; i++) {
            // an amount no other test uses, so that no earlier test in this JVM left these
            // signatures in the shared memo
            Transaction signed = c.add(i % c.users.size(), 7_919 + seed * 1_000 + i);
            fs.add(n0.submit(Transaction.decode(signed.encoded())));
        }
        boolean done = c.runUntil(() -> fs.stream().allMatch(CompletableFuture::isDone) && c.sameHead(), 60_000);
        long computations = Secp256k1.computations() - before;
        assertTrue(done, "every submission final and one head");
        for (CompletableFuture<Receipt> f : fs) {
            assertTrue(f.join().success(), f.join().reason());
        }
        assertEquals(TRANSACTIONS, v0.count(NodeCounter.TRANSACTIONS_ADMITTED), "the validator admitted each by gossip");
        return new Run(computations, v0.head().number(), 2);
    }

    @Test
    void withoutTheSharedMemoEachNodeChecksEachTransactionOnceNotAgainWhenBuildingOrImportingItsBlock() {
        SignatureMemo.setShared(false);
        Run r = run(11);
        assertTrue(r.blocks() >= 1, "blocks: " + r.blocks());
        assertEquals(2L * TRANSACTIONS, r.transactionChecks(),
                "one check per transaction at each of the two nodes (computations " + r.computations() + ", blocks "
                        + r.blocks() + ")");
    }

    @Test
    void withTheSharedMemoTheProcessChecksEachSignatureOnce() {
        SignatureMemo.setShared(true);
        Run r = run(12);
        // one recovery per seal for the whole process, one check per transaction
        assertEquals(TRANSACTIONS + r.blocks(), r.computations(),
                "computations " + r.computations() + ", blocks " + r.blocks());
    }
}
