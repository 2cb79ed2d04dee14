package org.tem.ledger.tx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tem.ledger.crypto.Address;
import org.tem.ledger.crypto.KeyPair;
import org.tem.ledger.crypto.Secp256k1;
import org.tem.ledger.crypto.SignatureMemo;

/**
 * {@link ParallelVerifier} and {@link Transaction#adoptVerification}, counted in curve computations
 * with the process-wide memo off (so that a check already done can only come from the object).
 */
class ParallelVerifierTest {

    private static final Address TO = Address.fromHexString("0x00000000000000000000000000000000000000b1");

    @BeforeEach
    void privateChecks() {
        SignatureMemo.setShared(false);
    }

    @AfterEach
    void shareAgain() {
        SignatureMemo.setShared(true);
    }

    private static KeyPair key(int i) {
        return KeyPair.fromPrivateKey(BigInteger.valueOf(77_000 + i));
    }

    /** A copy decoded from the signed bytes: unchecked, as a node receives it. */
    private static Transaction received(KeyPair from, long nonce) {
        Transaction signed = Transaction.builder().chainId(9).nonce(nonce).to(TO).method("m").sign(from);
        return Transaction.decode(signed.encoded());
    }

    @Test
    void afterABatchCheckTheSequentialChecksCostNoCurveArithmetic() {
        List<Transaction> txs = new ArrayList<>();
        List<Bytes> keys = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            txs.add(received(key(i), i));
            keys.add(key(i).publicKey());
        }
        long before = Secp256k1.computations();
        ParallelVerifier.verify(txs, keys);
        assertEquals(12, Secp256k1.computations() - before, "one check each");
        for (int i = 0; i < 12; i++) {
            assertTrue(txs.get(i).verifySignature(keys.get(i)));
        }
        assertEquals(12, Secp256k1.computations() - before, "the sequential checks found them done");
    }

    @Test
    void aTransactionWithoutAKeyIsLeftUnchecked() {
        Transaction a = received(key(1), 0);
        Transaction b = received(key(2), 0);
        long before = Secp256k1.computations();
        ParallelVerifier.verify(List.of(a, b), Arrays.asList(key(1).publicKey(), null));
        assertEquals(1, Secp256k1.computations() - before);
        assertTrue(b.verifySignature(key(2).publicKey()));
        assertEquals(2, Secp256k1.computations() - before, "b is checked when the sequential check asks");
    }

    @Test
    void aForgeryStopsTheBatchEarlyAndTheSequentialCheckStillRefusesIt() {
        KeyPair victim = key(3);
        // signed by another key but claiming the victim as sender
        Transaction honest = received(victim, 0);
        Transaction other = Transaction.builder().chainId(9).nonce(0).to(TO).method("m").sign(key(4));
        Transaction forged = Transaction.decode(org.tem.ledger.Fixtures.withSignature(honest, other.signature()));
        int n = 100;
        List<Transaction> txs = new ArrayList<>(List.of(forged));
        List<Bytes> keys = new ArrayList<>(List.of(victim.publicKey()));
        for (int i = 1; i < n; i++) {
            txs.add(received(key(10 + i), i));
            keys.add(key(10 + i).publicKey());
        }
        long before = Secp256k1.computations();
        ParallelVerifier.verify(txs, keys);
        long done = Secp256k1.computations() - before;
        int t = ParallelVerifier.THREADS;
        long bound = 1 + (long) (t - 1) * ((n + t - 1) / t);
        assertTrue(done <= bound, done + " checks, at most " + bound + " with an early stop on " + t + " threads");
        assertFalse(forged.verifySignature(victim.publicKey()), "the forgery is refused");
    }

    @Test
    void listsOfDifferentLengthsAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> ParallelVerifier.verify(List.of(received(key(5), 0)), List.of()));
    }

    @Test
    void aCopyAdoptsAnotherCopysCheckOnlyForTheSameTransaction() {
        KeyPair k = key(6);
        Transaction checked = received(k, 0);
        assertTrue(checked.verifySignature(k.publicKey()));
        Transaction copy = Transaction.decode(checked.encoded());
        Transaction another = received(k, 1);
        assertFalse(another.adoptVerification(checked), "a different transaction adopts nothing");
        assertFalse(copy.adoptVerification(received(k, 0)), "an unchecked copy gives nothing");
        long before = Secp256k1.computations();
        assertTrue(copy.adoptVerification(checked));
        assertTrue(copy.verifySignature(k.publicKey()));
        assertFalse(copy.verifySignature(key(7).publicKey()), "still the signer's key only");
        assertEquals(0, Secp256k1.computations() - before, "no curve arithmetic for the adopted check");
        assertTrue(another.verifySignature(k.publicKey()));
        assertEquals(1, Secp256k1.computations() - before, "the other transaction is checked for real");
    }
}
