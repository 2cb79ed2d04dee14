package org.tem.ledger.crypto;

import java.math.BigInteger;
import java.util.Objects;

/**
 * A recoverable secp256k1 ECDSA signature in canonical (low-s) form.
 *
 * @param r the r value, in [1, n)
 * @param s the s value, in [1, n/2] (low-s: high-s signatures are rejected, never normalised on
 *     input, so a signature has exactly one encoding)
 * @param recoveryId 0 or 1: the parity of the y coordinate of the nonce point R, which selects
 *     the public key during recovery
 */
public record Signature(BigInteger r, BigInteger s, int recoveryId) {

    /**
     * @param r the r value, in [1, n)
     * @param s the s value, in [1, n/2] (low-s: high-s signatures are rejected, never normalised on
     *     input, so a signature has exactly one encoding)
     * @param recoveryId 0 or 1: the parity of the y coordinate of the nonce point R, which selects
     *     the public key during recovery
     * @throws IllegalArgumentException if r or s is out of range, s is high, or the recovery id
     *     is not 0 or 1
     */
    public Signature {
        Objects.requireNonNull(r, "r");
        Objects.requireNonNull(s, "s");
        if (r.signum() <= 0 || r.compareTo(Secp256k1.N) >= 0) {
            throw new IllegalArgumentException("r out of range [1, n): " + r.toString(16));
        }
        if (s.signum() <= 0 || s.compareTo(Secp256k1.N) >= 0) {
            throw new IllegalArgumentException("s out of range [1, n): " + s.toString(16));
        }
        if (s.compareTo(Secp256k1.HALF_N) > 0) {
            throw new IllegalArgumentException("high-s signature: s must be at most n/2");
        }
        if (recoveryId != 0 && recoveryId != 1) {
            throw new IllegalArgumentException("recovery id must be 0 or 1, was " + recoveryId);
        }
    }
}
