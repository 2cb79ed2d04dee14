package org.tem.ledger.crypto;

import java.math.BigInteger;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import org.apache.tuweni.bytes.Bytes;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.asn1.x9.X9IntegerConverter;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.math.ec.ECAlgorithms;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;

/**
 * secp256k1 ECDSA on Bouncy Castle's custom curve: deterministic signing (RFC 6979,
 * HMAC-SHA-256), low-s normalisation, and public-key recovery (SEC 1 v2, section 4.1.6).
 * Thread-safe.
 */
public final class Secp256k1 {

    private static final X9ECParameters PARAMS = CustomNamedCurves.getByName("secp256k1");
    private static final ECDomainParameters DOMAIN = new ECDomainParameters(
            PARAMS.getCurve(), PARAMS.getG(), PARAMS.getN(), PARAMS.getH());

    /** The order n of the curve's base point. */
    public static final BigInteger N = PARAMS.getN();

    /** n / 2, rounded down: the largest s a canonical signature may have. */
    public static final BigInteger HALF_N = N.shiftRight(1);

    private static final X9IntegerConverter X9 = new X9IntegerConverter();

    private static final LongAdder COMPUTATIONS = new LongAdder();

    private Secp256k1() {
    }

    /**
     * The signature checks this JVM has computed on the curve: recoveries, {@link
     * #verifyRecoverable} and {@link #verify} calls that did the elliptic-curve arithmetic (a
     * result answered by the memo is not counted; signing is not counted). For tests and
     * benchmarks that count the checks per transaction.
     *
     * @return the count since the JVM started, non-decreasing
     */
    public static long computations() {
        return COMPUTATIONS.sum();
    }

    /**
     * @param privateKey a private key in [1, n)
     * @return its 64-byte uncompressed public key (x then y)
     */
    public static Bytes publicKeyOf(BigInteger privateKey) {
        ECPoint q = new FixedPointCombMultiplier().multiply(DOMAIN.getG(), privateKey).normalize();
        byte[] enc = q.getEncoded(false);
        return Bytes.wrap(enc, 1, 64);
    }

    static Signature sign(BigInteger privateKey, Bytes publicKey, Hash hash) {
        // ECDSA as Bouncy Castle's ECDSASigner computes it (RFC 6979 nonce, e = the 256-bit hash),
        // keeping R so that the recovery id is R's y parity instead of found by trial recovery
        byte[] message = hash.toArray();
        HMacDSAKCalculator nonces = new HMacDSAKCalculator(new SHA256Digest());
        nonces.init(N, privateKey, message);
        BigInteger e = new BigInteger(1, message);
        FixedPointCombMultiplier multiplier = new FixedPointCombMultiplier();
        while (true) {
            BigInteger k = nonces.nextK();
            ECPoint bigR = multiplier.multiply(DOMAIN.getG(), k).normalize();
            BigInteger x = bigR.getAffineXCoord().toBigInteger();
            // x >= n would need recovery ids 2 and 3, which are not used (probability ~2^-128)
            if (x.signum() == 0 || x.compareTo(N) >= 0) {
                continue;
            }
            BigInteger s = k.modInverse(N).multiply(e.add(privateKey.multiply(x))).mod(N);
            if (s.signum() == 0) {
                continue;
            }
            int recId = bigR.getAffineYCoord().testBitZero() ? 1 : 0;
            if (s.compareTo(HALF_N) > 0) {
                // (r, n - s) is the signature of -k, whose point -R has the other y parity
                s = N.subtract(s);
                recId ^= 1;
            }
            return new Signature(x, s, recId);
        }
    }

    /**
     * Recovers the public key that made a signature over a hash.
     *
     * <p>Any well-formed signature recovers to <em>some</em> key; whether it is the expected
     * signer is decided by comparing addresses.
     *
     * @param hash the signed hash
     * @param signature the signature
     * <p>Results are memoised process-wide (a bounded cache keyed by the hash and every component
     * of the signature, so a repeat of the same input, from another node in the same JVM or from
     * the same node seeing the signature again, costs a map lookup; a tampered signature is a
     * different input and is computed afresh).
     *
     * @return the 64-byte uncompressed public key, or empty if no key recovers (r is not the x
     *     coordinate of a curve point)
     */
    public static Optional<Bytes> recover(Hash hash, Signature signature) {
        Optional<Bytes> known = RecoveryCache.get(hash, signature);
        if (known.isPresent()) {
            return known;
        }
        Optional<Bytes> key = recover(hash.toArray(), signature.r(), signature.s(), signature.recoveryId());
        key.ifPresent(k -> RecoveryCache.put(hash, signature, k));
        return key;
    }

    /**
     * Verifies a signature against a public key with Bouncy Castle's ECDSA verifier (no
     * recovery), rejecting high-s signatures.
     *
     * @param hash the signed hash
     * @param signature the signature
     * @param publicKey the 64-byte uncompressed public key
     * @return whether the signature is valid for the key
     */
    public static boolean verify(Hash hash, Signature signature, Bytes publicKey) {
        if (publicKey.size() != 64) {
            return false;
        }
        ECPoint q;
        try {
            q = DOMAIN.getCurve().decodePoint(Bytes.concatenate(Bytes.of(4), publicKey).toArrayUnsafe());
        } catch (IllegalArgumentException e) {
            return false;
        }
        COMPUTATIONS.increment();
        ECDSASigner verifier = new ECDSASigner();
        verifier.init(false, new ECPublicKeyParameters(q, DOMAIN));
        return verifier.verifySignature(hash.toArray(), signature.r(), signature.s());
    }

    /**
     * Checks that a recoverable signature was made by a known public key, without recovering
     * it: true exactly when {@link #recover(Hash, Signature)} would return {@code publicKey}
     * (the recovery id must match too, so that a signature has one encoding). It computes
     * {@code R = (e/s)G + (r/s)Q} and compares R's x coordinate with r and R's y parity with the
     * recovery id; cheaper than recovery, which must first decompress R. A successful check is
     * memoised with {@link #recover(Hash, Signature)}'s results (the key it proved recovery
     * returns); a hash and signature already memoised are answered by comparing keys, without
     * curve arithmetic.
     *
     * @param hash the signed hash
     * @param signature the signature (its constructor already enforced ranges and low s)
     * @param publicKey the 64-byte uncompressed public key (x then y)
     * @return whether the signature is the key's; false for a key that is not a curve point
     */
    public static boolean verifyRecoverable(Hash hash, Signature signature, Bytes publicKey) {
        Optional<Bytes> known = RecoveryCache.get(hash, signature);
        if (known.isPresent()) {
            return known.get().equals(publicKey);
        }
        if (!checkRecoverable(hash, signature, publicKey)) {
            return false;
        }
        RecoveryCache.put(hash, signature, Bytes.wrap(publicKey.toArray()));
        return true;
    }

    private static boolean checkRecoverable(Hash hash, Signature signature, Bytes publicKey) {
        ECPoint q = decodePublicKey(publicKey);
        if (q == null) {
            return false;
        }
        COMPUTATIONS.increment();
        BigInteger e = new BigInteger(1, hash.toArray());
        BigInteger w = signature.s().modInverse(N);
        BigInteger u1 = e.multiply(w).mod(N);
        BigInteger u2 = signature.r().multiply(w).mod(N);
        ECPoint bigR = ECAlgorithms.sumOfTwoMultiplies(DOMAIN.getG(), u1, q, u2).normalize();
        if (bigR.isInfinity()) {
            return false;
        }
        // x must equal r itself (not r + n): recovery ids 2 and 3 are not used.
        return bigR.getAffineXCoord().toBigInteger().equals(signature.r())
                && bigR.getAffineYCoord().testBitZero() == (signature.recoveryId() == 1);
    }

    /**
     * @param publicKey a candidate public key
     * @return whether it is 64 bytes (x then y) of a point on the curve other than infinity
     */
    public static boolean isValidPublicKey(Bytes publicKey) {
        return decodePublicKey(publicKey) != null;
    }

    private static ECPoint decodePublicKey(Bytes publicKey) {
        if (publicKey.size() != 64) {
            return null;
        }
        byte[] enc = new byte[65];
        enc[0] = 4;
        System.arraycopy(publicKey.toArrayUnsafe(), 0, enc, 1, 64);
        try {
            ECPoint q = DOMAIN.getCurve().decodePoint(enc);
            return q.isInfinity() ? null : q;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Optional<Bytes> recover(byte[] message, BigInteger r, BigInteger s, int recId) {
        // x = r (recovery ids 2 and 3, x = r + n, are not used: their probability is ~2^-128).
        ECPoint bigR;
        try {
            byte[] comp = X9.integerToBytes(r, 1 + X9.getByteLength(DOMAIN.getCurve()));
            comp[0] = (byte) ((recId & 1) == 1 ? 0x03 : 0x02);
            bigR = DOMAIN.getCurve().decodePoint(comp);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        COMPUTATIONS.increment();
        BigInteger e = new BigInteger(1, message);
        BigInteger eInv = BigInteger.ZERO.subtract(e).mod(N);
        BigInteger rInv = r.modInverse(N);
        BigInteger srInv = rInv.multiply(s).mod(N);
        BigInteger eInvrInv = rInv.multiply(eInv).mod(N);
        ECPoint q = ECAlgorithms.sumOfTwoMultiplies(DOMAIN.getG(), eInvrInv, bigR, srInv).normalize();
        if (q.isInfinity()) {
            return Optional.empty();
        }
        byte[] enc = q.getEncoded(false);
        return Optional.of(Bytes.wrap(enc, 1, 64));
    }
}
