package org.tem.ledger.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.apache.tuweni.bytes.Bytes;

/**
 * Verification against a known key ({@link Secp256k1#verifyRecoverable}) is exactly recovery
 * followed by a comparison: the same answer for genuine signatures, for signatures with the other
 * recovery id, with another r, on another message, and for another key.
 */
class SignatureProperties {

    @Property(tries = 60)
    void verifyingAgainstAKeyAgreesWithRecoveringIt(@ForAll("keys") BigInteger d, @ForAll("keys") BigInteger other,
            @ForAll byte[] message, @ForAll @IntRange(min = 0, max = 4) int tamper) {
        KeyPair key = KeyPair.fromPrivateKey(d);
        Hash h = Keccak.hash256(message);
        Signature sig = key.sign(h);
        assertTrue(Secp256k1.verifyRecoverable(h, sig, key.publicKey()));

        Hash hash = tamper == 3 ? Keccak.hash256(Bytes.concatenate(Bytes.wrap(message), Bytes.of(0))) : h;
        Signature s = switch (tamper) {
            case 1 -> new Signature(sig.r(), sig.s(), 1 - sig.recoveryId());
            case 2 -> new Signature(other.mod(Secp256k1.N.subtract(BigInteger.ONE)).add(BigInteger.ONE), sig.s(),
                    sig.recoveryId());
            default -> sig;
        };
        Bytes pk = tamper == 4 ? KeyPair.fromPrivateKey(other).publicKey() : key.publicKey();
        boolean recovered = Secp256k1.recover(hash, s).map(pk::equals).orElse(false);
        assertEquals(recovered, Secp256k1.verifyRecoverable(hash, s, pk));
        if (tamper != 0 && !d.equals(other)) {
            assertFalse(recovered);
        }
    }

    @Property(tries = 20)
    void aKeyOffTheCurveNeverVerifies(@ForAll("keys") BigInteger d, @ForAll byte[] junk) {
        KeyPair key = KeyPair.fromPrivateKey(d);
        Hash h = Keccak.hash256(junk);
        // (x, y ± 1) is not on the curve: y² = x³ + 7 has the two roots y and p − y only.
        byte[] k = key.publicKey().toArray();
        k[63] ^= 1;
        Bytes offCurve = Bytes.wrap(k);
        assertFalse(Secp256k1.isValidPublicKey(offCurve));
        assertFalse(Secp256k1.verifyRecoverable(h, key.sign(h), offCurve));
        assertFalse(Secp256k1.verifyRecoverable(h, key.sign(h), Bytes.wrap(new byte[64])));
    }

    @Provide
    Arbitrary<BigInteger> keys() {
        return Arbitraries.bigIntegers().between(BigInteger.ONE, Secp256k1.N.subtract(BigInteger.ONE));
    }
}
