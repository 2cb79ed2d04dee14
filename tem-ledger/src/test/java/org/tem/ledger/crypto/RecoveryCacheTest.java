package org.tem.ledger.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.junit.jupiter.api.Test;

/** The process-wide recovery memo never turns a bad signature into a good one. */
class RecoveryCacheTest {

    private static final KeyPair SIGNER = KeyPair.fromPrivateKey(BigInteger.valueOf(987_654_321));
    private static final KeyPair OTHER = KeyPair.fromPrivateKey(BigInteger.valueOf(123_456_789));

    /** A signature memoised as valid, then tampered in s, r or the recovery id, is checked afresh and fails. */
    @Test
    void aTamperedSignatureStillFailsAfterTheValidOneIsMemoised() {
        Hash h = Keccak.hash256(new byte[] {7, 7, 7});
        Signature good = SIGNER.sign(h);
        assertTrue(Secp256k1.verifyRecoverable(h, good, SIGNER.publicKey()));
        assertEquals(SIGNER.publicKey(), Secp256k1.recover(h, good).orElseThrow());
        assertTrue(RecoveryCache.get(h, good).isPresent(), "the valid signature is memoised");

        Signature otherS = new Signature(good.r(), good.s().subtract(BigInteger.ONE), good.recoveryId());
        Signature otherR = new Signature(good.r().subtract(BigInteger.ONE), good.s(), good.recoveryId());
        Signature otherId = new Signature(good.r(), good.s(), 1 - good.recoveryId());
        for (Signature bad : new Signature[] {otherS, otherR, otherId}) {
            assertFalse(Secp256k1.verifyRecoverable(h, bad, SIGNER.publicKey()), bad.toString());
            Optional<Bytes> recovered = Secp256k1.recover(h, bad);
            assertFalse(recovered.map(SIGNER.publicKey()::equals).orElse(false), bad.toString());
            // and still false on the second ask, whether or not the first memoised its (wrong) key
            assertFalse(Secp256k1.verifyRecoverable(h, bad, SIGNER.publicKey()), bad.toString());
        }
    }

    /** The same signature over another hash is another input: it fails for the signer. */
    @Test
    void aMemoisedSignatureOverAnotherHashFails() {
        Hash h = Keccak.hash256(new byte[] {1, 2});
        Hash other = Keccak.hash256(new byte[] {1, 3});
        Signature good = SIGNER.sign(h);
        assertTrue(Secp256k1.verifyRecoverable(h, good, SIGNER.publicKey()));
        assertFalse(Secp256k1.verifyRecoverable(other, good, SIGNER.publicKey()));
        assertNotEquals(Optional.of(SIGNER.publicKey()), Secp256k1.recover(other, good));
    }

    /** A memoised valid signature does not verify against another key. */
    @Test
    void aMemoisedSignatureIsOnlyTheSignersKey() {
        Hash h = Keccak.hash256(new byte[] {4, 5, 6});
        Signature good = SIGNER.sign(h);
        assertTrue(Secp256k1.verifyRecoverable(h, good, SIGNER.publicKey()));
        assertFalse(Secp256k1.verifyRecoverable(h, good, OTHER.publicKey()));
        assertTrue(Secp256k1.verifyRecoverable(h, good, SIGNER.publicKey()));
    }

    /** The memo holds at most its capacity, however many signatures pass through it. */
    @Test
    void theMemoIsBounded() {
        Signature s = SIGNER.sign(Keccak.hash256(new byte[] {9}));
        for (int i = 0; i < RecoveryCache.CAPACITY + 100; i++) {
            RecoveryCache.put(Keccak.hash256(BigInteger.valueOf(i).toByteArray()), s, SIGNER.publicKey());
        }
        assertEquals(RecoveryCache.CAPACITY, RecoveryCache.size());
    }
}
