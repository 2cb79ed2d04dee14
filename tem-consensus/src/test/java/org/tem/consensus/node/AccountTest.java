package org.tem.consensus.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.tem.consensus.network.PeerId;
import org.tem.ledger.block.BlockHeader;
import org.tem.ledger.chain.ChainListener;
import org.tem.ledger.crypto.Hash;
import org.tem.ledger.tx.Receipt;
import org.tem.ledger.tx.Transaction;
import org.tem.ledger.tx.TransactionRejectedException;

/**
 * {@link Account} on a simulated network (deterministic): refused and lost calls are sent again,
 * a call a reorganisation drops is included again, futures complete with final receipts, nonces
 * are recovered from the chain, and a nonce used elsewhere fails the call and the later ones.
 */
class AccountTest {

    private static Account account(LedgerCluster c, String node, int user) {
        return Account.open(c.node(node), c.scheduler(node), c.users.get(user), LedgerCluster.CHAIN_ID, 1_000);
    }

    private static CompletableFuture<Receipt> add(Account a, long amount) {
        return a.send(LedgerCluster.TALLY, "add", TallyContract.amount(amount));
    }

    private static boolean allDone(List<CompletableFuture<Receipt>> fs) {
        return fs.stream().allMatch(CompletableFuture::isDone);
    }

    private static void assertFinalAndSucceeded(LedgerCluster c, LedgerNode node, List<CompletableFuture<Receipt>> fs) {
        for (CompletableFuture<Receipt> f : fs) {
            assertFalse(f.isCompletedExceptionally(), () -> f.handle((r, e) -> e.getMessage()).join());
            Receipt r = f.join();
            assertTrue(r.success(), r.reason());
            BlockHeader b = node.reader().blockOf(r.transactionHash()).orElseThrow();
            assertTrue(b.number() <= node.finalized().number(), "the receipt's block is final");
            assertTrue(node.reader().isCanonical(b.hash()));
        }
    }

    @Test
    void callsTheNodeRefusesForTheMomentAreSentAgainWithTheSameBytesAndEndFinal() {
        LedgerCluster.Config cfg = new LedgerCluster.Config();
        cfg.node = b -> b.mempool(100, 1); // one pending transaction per sender: the rest are refused
        LedgerCluster c = new LedgerCluster(cfg);
        c.sim.runFor(2_000);
        Account a = account(c, "n0", 0);
        List<CompletableFuture<Receipt>> fs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            fs.add(add(a, 1));
        }
        assertTrue(c.runUntil(() -> allDone(fs), 300_000));
        assertFinalAndSucceeded(c, c.node("n0"), fs);
        assertTrue(a.resent() >= 3, "the refused calls were resent: " + a.resent());
        for (int i = 0; i < 4; i++) {
            Hash h = fs.get(i).join().transactionHash();
            Transaction tx = c.node("n0").reader().block(c.node("n0").reader().blockOf(h).orElseThrow().hash())
                    .orElseThrow().transactions().stream().filter(t -> t.hash().equals(h)).findFirst().orElseThrow();
            assertEquals(i, tx.nonce(), "the calls keep their nonces in the order sent");
        }
        assertEquals(4L, LedgerCluster.finalTotal(c.node("v0")));
        assertEquals(0, a.pendingCount());
    }

    @Test
    void aCallSentWhileItsNodeIsCutOffBecomesFinalAfterTheNetworkHeals() {
        LedgerCluster c = new LedgerCluster(new LedgerCluster.Config());
        c.sim.runFor(2_000);
        List<PeerId> rest = new ArrayList<>(c.ids());
        rest.remove(new PeerId("n1"));
        c.network.partition(List.of(List.of(new PeerId("n1")), rest));
        Account a = account(c, "n1", 1);
        CompletableFuture<Receipt> f = add(a, 5);
        c.sim.runFor(20_000);
        assertFalse(f.isDone(), "no validator can see it");
        c.network.heal();
        assertTrue(c.runUntil(f::isDone, 120_000));
        assertFinalAndSucceeded(c, c.node("n1"), List.of(f));
        assertEquals(5L, LedgerCluster.finalTotal(c.node("v3")));
    }

    @Test
    void aCallDroppedByAReorganisationIsIncludedAgainAndCompletesWithItsFinalReceipt() {
        LedgerCluster c = new LedgerCluster(new LedgerCluster.Config());
        c.sim.runFor(3_000);
        List<PeerId> majority = List.of(new PeerId("v0"), new PeerId("v1"), new PeerId("v2"), new PeerId("n0"));
        List<PeerId> minority = List.of(new PeerId("v3"), new PeerId("v4"), new PeerId("n1"), new PeerId("n2"));
        c.network.partition(List.of(majority, minority));
        List<Hash> droppedHolding = new ArrayList<>();
        Account a = account(c, "n1", 2);
        CompletableFuture<Receipt> f = add(a, 7);
        c.node("n1").addListener(new ChainListener() {
            @Override
            public void onReorganization(List<BlockHeader> dropped, List<BlockHeader> added) {
                dropped.forEach(h -> droppedHolding.add(h.hash()));
            }
        });
        Hash[] included = new Hash[1];
        assertTrue(c.runUntil(() -> (included[0] = holding(c.node("n1"), a)) != null, 60_000),
                "the minority includes the call");
        // Meanwhile the majority finalises blocks of its own, so its branch wins when the
        // network heals (the fork choice prefers the higher justified block).
        List<CompletableFuture<Receipt>> major = c.load("n0", 0, 3, 300);
        assertTrue(c.runUntil(() -> major.size() == 3 && allDone(major), 120_000));
        assertFalse(f.isDone(), "two of five validators cannot finalise it");
        c.network.heal();
        assertTrue(c.runUntil(f::isDone, 300_000));
        assertTrue(droppedHolding.contains(included[0]), "the block that first held the call was dropped");
        assertFinalAndSucceeded(c, c.node("n1"), List.of(f));
        assertFalse(c.node("n1").reader().blockOf(f.join().transactionHash()).orElseThrow().hash().equals(included[0]));
        assertEquals(10L, LedgerCluster.finalTotal(c.node("n1")));
        assertEquals(List.of(), c.violations);
    }

    /** The canonical block of {@code node} holding a transaction of the account, or null. */
    private static Hash holding(LedgerNode node, Account a) {
        for (long n = 1; n <= node.head().number(); n++) {
            var b = node.reader().block(n).orElseThrow();
            if (b.transactions().stream().anyMatch(t -> t.sender().equals(a.address()))) {
                return b.hash();
            }
        }
        return null;
    }

    @Test
    void anAccountOpenedAgainTakesItsNextNonceFromTheChain() {
        LedgerCluster c = new LedgerCluster(new LedgerCluster.Config());
        c.sim.runFor(2_000);
        Account first = account(c, "n0", 3);
        List<CompletableFuture<Receipt>> fs = List.of(add(first, 1), add(first, 2));
        assertTrue(c.runUntil(() -> allDone(fs), 120_000));
        first.close();
        Account again = account(c, "n2", 3);
        CompletableFuture<Receipt> next = add(again, 4);
        assertTrue(c.runUntil(next::isDone, 120_000));
        assertFinalAndSucceeded(c, c.node("n2"), List.of(next));
        Transaction tx = c.node("n2").reader().block(c.node("n2").reader().blockOf(next.join().transactionHash())
                .orElseThrow().number()).orElseThrow().transactions().stream()
                .filter(t -> t.hash().equals(next.join().transactionHash())).findFirst().orElseThrow();
        assertEquals(2, tx.nonce());
        assertEquals(7L, LedgerCluster.finalTotal(c.node("v0")));
    }

    @Test
    void aNonceUsedByAnotherTransactionFailsTheCallAndTheLaterOnes() {
        LedgerCluster c = new LedgerCluster(new LedgerCluster.Config());
        c.sim.runFor(2_000);
        List<PeerId> rest = new ArrayList<>(c.ids());
        rest.remove(new PeerId("n1"));
        c.network.partition(List.of(List.of(new PeerId("n1")), rest));
        Account a = account(c, "n1", 4);
        CompletableFuture<Receipt> mine = add(a, 1);
        CompletableFuture<Receipt> later = add(a, 2);
        // The same key spends nonce 0 elsewhere, and that transaction becomes final.
        CompletableFuture<Receipt> other = c.node("n0").submit(c.add(4, 100));
        assertTrue(c.runUntil(other::isDone, 120_000));
        assertTrue(other.join().success());
        c.network.heal();
        assertTrue(c.runUntil(() -> mine.isDone() && later.isDone(), 120_000));
        Throwable e = mine.handle((r, x) -> x).join();
        assertInstanceOf(TransactionRejectedException.class, e instanceof CompletionException ? e.getCause() : e);
        assertTrue(e.getMessage().contains("nonce 0 was used by another transaction"), e.getMessage());
        Throwable e2 = later.handle((r, x) -> x).join();
        assertTrue(e2.getMessage().contains("an earlier transaction of this account failed"), e2.getMessage());
        assertEquals(100L, LedgerCluster.finalTotal(c.node("v0")));
    }
}
