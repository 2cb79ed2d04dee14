package org.tem.ledger.mempool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tem.ledger.Fixtures.ALICE;
import static org.tem.ledger.Fixtures.BANK;
import static org.tem.ledger.Fixtures.BOB;
import static org.tem.ledger.Fixtures.CAROL;
import static org.tem.ledger.Fixtures.OPERATOR;
import static org.tem.ledger.Fixtures.mint;

import java.util.ArrayList;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.junit.jupiter.api.Test;
import org.tem.ledger.Fixtures;
import org.tem.ledger.Validation;
import org.tem.ledger.chain.Blockchain;
import org.tem.ledger.crypto.Keccak;
import org.tem.ledger.crypto.KeyPair;
import org.tem.ledger.storage.InMemoryStorage;
import org.tem.ledger.tx.Transaction;

class MempoolTest {

    private final Blockchain chain = Fixtures.chain(new InMemoryStorage());
    private final List<String> evictions = new ArrayList<>();

    private Mempool pool(int size, int perSender) {
        return new Mempool(chain, size, perSender, (tx, reason) -> evictions.add(tx.sender() + "#" + tx.nonce()
                + " " + reason));
    }

    private static Transaction inc(KeyPair from, long nonce) {
        return Fixtures.tx(from, nonce, "increment", Bytes.EMPTY);
    }

    @Test
    void rejectsEarlyWithAReason() {
        Mempool pool = pool(3, 2);
        assertTrue(pool.add(mint(OPERATOR, 0, 1)).valid());
        assertEquals("already pending", pool.add(mint(OPERATOR, 0, 1)).reason().substring(0, 15));
        assertTrue(pool.add(mint(OPERATOR, 2, 1)).reason().startsWith("nonce gap: expected 1"));
        assertTrue(pool.add(mint(OPERATOR, 0, 2)).reason().startsWith("nonce already pending"));
        assertTrue(pool.add(mint(OPERATOR, 1, 1)).valid());
        assertEquals("too many pending transactions from " + OPERATOR.address() + " (quota 2)",
                pool.add(mint(OPERATOR, 2, 1)).reason());
        assertTrue(pool.add(Transaction.builder().chainId(2).nonce(0).to(BANK).method("mint").sign(ALICE))
                .reason().startsWith("wrong chain id"));
        assertTrue(pool.add(Fixtures.tx(ALICE, 0, "nope", Bytes.EMPTY)).reason().startsWith("unknown method"));
        assertTrue(pool.add(Bytes.of(1, 2, 3)).reason().startsWith("malformed RLP"));
        assertTrue(pool.add(Bytes.wrap(new byte[Transaction.MAX_ENCODED_BYTES + 1])).reason()
                .startsWith("transaction too large"));
        assertTrue(pool.add(inc(ALICE, 0)).valid());
        assertEquals(3, pool.size());
        List<Transaction> pending = pool.pending(10);
        assertTrue(chain.importBlock(chain.buildBlock(pending, chain.head().timestamp() + 1).block()).imported());
        pool.prune();
        assertEquals(0, pool.size());
        assertTrue(pool.add(mint(OPERATOR, 0, 1)).reason().startsWith("nonce too low (replayed)"));
    }

    @Test
    void cheapChecksComeBeforeTheSignature() {
        Mempool pool = pool(10, 5);
        Transaction alice = inc(ALICE, 0);
        Bytes badSignature = Fixtures.withSignature(alice, BOB.sign(Keccak.hash256(new byte[] {7})));
        assertEquals("bad signature: not signed by " + ALICE.address(), pool.add(badSignature).reason());
        // The same forgery with a nonce out of the window is refused for the nonce, unverified.
        Bytes gapped = Fixtures.withSignature(inc(ALICE, 5), BOB.sign(Keccak.hash256(new byte[] {7})));
        assertEquals("nonce gap: expected 0, was 5", pool.add(gapped).reason());
        assertEquals(0, pool.size());
    }

    /**
     * {@link Mempool#preverify} checks on all cores only what the pool would admit now, and the
     * adds that follow find those checked (counted in curve computations, the process-wide memo
     * off so that only the objects carry results).
     */
    @Test
    void preverifyChecksOnlyAdmissibleTransactionsAndTheAddsThenCostNoCurveArithmetic() {
        org.tem.ledger.crypto.SignatureMemo.setShared(false);
        try {
            Mempool pool = pool(10, 5);
            Transaction alice = Transaction.decode(inc(ALICE, 0).encoded());
            Transaction carol = Transaction.decode(inc(CAROL, 0).encoded());
            Transaction gapped = Transaction.decode(inc(BOB, 5).encoded());
            Transaction stranger = Transaction.decode(inc(Fixtures.STRANGER, 0).encoded());
            long before = org.tem.ledger.crypto.Secp256k1.computations();
            pool.preverify(List.of(alice, carol, gapped, stranger));
            assertEquals(2, org.tem.ledger.crypto.Secp256k1.computations() - before,
                    "the gapped nonce and the unpermitted sender cost no check");
            assertEquals(0, pool.size(), "preverify admits nothing");
            assertTrue(pool.add(alice).valid());
            assertTrue(pool.add(carol).valid());
            assertEquals(2, org.tem.ledger.crypto.Secp256k1.computations() - before, "the adds found them checked");
            assertTrue(pool.get(alice.hash()).isPresent());
            assertTrue(pool.get(gapped.hash()).isEmpty());
        } finally {
            org.tem.ledger.crypto.SignatureMemo.setShared(true);
        }
    }

    /** Issue 7, break 6: a flooding sender fills only its quota; an honest meter still gets in. */
    @Test
    void aFloodingSenderCannotKeepAnHonestMetersTransactionOut() {
        Mempool pool = pool(20, 8);
        int admitted = 0;
        for (int i = 0; i < 30; i++) {
            if (pool.add(inc(ALICE, i)).valid()) {
                admitted++;
            }
        }
        assertEquals(8, admitted, "the quota");
        assertTrue(pool.add(inc(CAROL, 0)).valid());
        assertTrue(pool.contains(inc(CAROL, 0).hash()));
    }

    @Test
    void aFullPoolEvictsFromTheSenderWithTheMostPendingUntilSharesAreEqual() {
        Mempool pool = pool(20, 8);
        for (KeyPair k : List.of(ALICE, BOB, OPERATOR)) {
            for (int i = 0; i < 8; i++) {
                pool.add(inc(k, i));
            }
        }
        assertEquals(20, pool.size());
        int alice = pool.pendingFrom(ALICE.address());
        int bob = pool.pendingFrom(BOB.address());
        int operator = pool.pendingFrom(OPERATOR.address());
        assertEquals(20, alice + bob + operator);
        assertTrue(Math.max(alice, Math.max(bob, operator)) - Math.min(alice, Math.min(bob, operator)) <= 1,
                alice + " " + bob + " " + operator);
        assertTrue(!evictions.isEmpty() && evictions.get(0).contains("evicted: the mempool is full"), evictions.toString());

        // Carol (nothing pending) evicts the latest nonce of a sender with the most.
        assertTrue(pool.add(inc(CAROL, 0)).valid());
        assertEquals(20, pool.size());
        // Each sender's pending transactions are still a contiguous run from its next nonce.
        for (KeyPair k : List.of(ALICE, BOB, OPERATOR, CAROL)) {
            List<Long> nonces = pool.pending(100).stream().filter(t -> t.sender().equals(k.address()))
                    .map(Transaction::nonce).toList();
            for (int i = 0; i < nonces.size(); i++) {
                assertEquals(i, nonces.get(i));
            }
        }
    }

    @Test
    void aFullPoolOfEqualSharesRefusesANewcomerWithAReason() {
        Mempool pool = pool(4, 2);
        assertTrue(pool.add(inc(ALICE, 0)).valid());
        assertTrue(pool.add(inc(ALICE, 1)).valid());
        assertTrue(pool.add(inc(BOB, 0)).valid());
        assertTrue(pool.add(inc(BOB, 1)).valid());
        assertTrue(pool.add(inc(CAROL, 0)).valid(), "Alice has 2 > 0 + 1 pending");
        assertTrue(pool.add(inc(OPERATOR, 0)).valid(), "Bob has 2 > 0 + 1 pending");
        assertEquals("mempool full (4 transactions)", pool.add(inc(CAROL, 1)).reason(), "everyone has 1");
        assertEquals(2, evictions.size());
    }

    @Test
    void constructorRejectsAQuotaAboveThePoolSize() {
        assertThrows(IllegalArgumentException.class, () -> new Mempool(chain, 5, 6));
        assertThrows(IllegalArgumentException.class, () -> new Mempool(chain, 0, 0));
    }

    @Test
    void addAcceptsAndKeepsOnlyValidTransactions() {
        Mempool pool = pool(10, 5);
        Validation v = pool.add(inc(BOB, 0).encoded());
        assertTrue(v.valid(), v.reason());
        assertEquals(1, pool.size());
    }
}
