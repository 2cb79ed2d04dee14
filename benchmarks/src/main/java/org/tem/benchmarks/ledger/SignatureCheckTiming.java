package org.tem.benchmarks.ledger;

import java.math.BigInteger;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECAlgorithms;
import org.bouncycastle.math.ec.ECPoint;
import org.tem.ledger.crypto.Address;
import org.tem.ledger.crypto.Hash;
import org.tem.ledger.crypto.Keccak;
import org.tem.ledger.crypto.KeyPair;
import org.tem.ledger.crypto.Secp256k1;
import org.tem.ledger.crypto.Signature;

/**
 * Compares the ways of checking a transaction's signature <em>interleaved</em>, round by round in
 * one JVM, so that a shared machine's changing load weighs on all of them alike (JMH runs one
 * benchmark after the other, so on a busy machine their ratio drifts with the load):
 * {@link Secp256k1#verifyRecoverable} against the listed key (what the chain does),
 * {@link Secp256k1#recover} plus the address comparison (what it did before), Bouncy Castle's own
 * ECDSA verification ({@link Secp256k1#verify}), and the same verification with the key's curve
 * point decoded once and reused (what a cache of decoded keys would give).
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar org.tem.benchmarks.ledger.SignatureCheckTiming}
 */
public final class SignatureCheckTiming {

    private static final X9ECParameters CURVE = CustomNamedCurves.getByName("secp256k1");
    private static final int SIGNATURES = 200;
    private static final int WARMUP_ROUNDS = 10;
    private static final int ROUNDS = 40;

    private SignatureCheckTiming() {
    }

    /**
     * @param args unused
     */
    public static void main(String[] args) {
        KeyPair key = LedgerFixtures.key(0);
        Hash[] hashes = new Hash[SIGNATURES];
        Signature[] sigs = new Signature[SIGNATURES];
        for (int i = 0; i < SIGNATURES; i++) {
            hashes[i] = Keccak.hash256(new byte[] {(byte) i, (byte) (i >> 8)});
            sigs[i] = key.sign(hashes[i]);
        }
        byte[] enc = new byte[65];
        enc[0] = 4;
        System.arraycopy(key.publicKey().toArrayUnsafe(), 0, enc, 1, 64);
        ECPoint decodedOnce = CURVE.getCurve().decodePoint(enc);
        long[] total = new long[4];
        int ok = 0;
        for (int round = 0; round < WARMUP_ROUNDS + ROUNDS; round++) {
            long[] t = new long[5];
            t[0] = System.nanoTime();
            for (int i = 0; i < SIGNATURES; i++) {
                ok += Secp256k1.verifyRecoverable(hashes[i], sigs[i], key.publicKey()) ? 1 : 0;
            }
            t[1] = System.nanoTime();
            for (int i = 0; i < SIGNATURES; i++) {
                ok += Secp256k1.recover(hashes[i], sigs[i]).map(k -> Address.fromPublicKey(k).equals(key.address()))
                        .orElse(false) ? 1 : 0;
            }
            t[2] = System.nanoTime();
            for (int i = 0; i < SIGNATURES; i++) {
                ok += Secp256k1.verify(hashes[i], sigs[i], key.publicKey()) ? 1 : 0;
            }
            t[3] = System.nanoTime();
            for (int i = 0; i < SIGNATURES; i++) {
                ok += verifyWithPoint(hashes[i], sigs[i], decodedOnce) ? 1 : 0;
            }
            t[4] = System.nanoTime();
            if (round >= WARMUP_ROUNDS) {
                for (int j = 0; j < 4; j++) {
                    total[j] += t[j + 1] - t[j];
                }
            }
        }
        if (ok != 4 * SIGNATURES * (WARMUP_ROUNDS + ROUNDS)) {
            throw new IllegalStateException("a check failed");
        }
        String[] names = {"verifyRecoverable (listed key)", "recover + compare address", "Bouncy Castle verify",
            "verify, key point decoded once"};
        for (int j = 0; j < 4; j++) {
            System.out.printf("%-32s %8.1f us  (%.2f x verifyRecoverable)%n", names[j],
                    total[j] / 1e3 / ROUNDS / SIGNATURES, (double) total[j] / total[0]);
        }
    }

    private static boolean verifyWithPoint(Hash hash, Signature sig, ECPoint q) {
        BigInteger n = CURVE.getN();
        BigInteger w = sig.s().modInverse(n);
        BigInteger u1 = new BigInteger(1, hash.toArray()).multiply(w).mod(n);
        ECPoint r = ECAlgorithms.sumOfTwoMultiplies(CURVE.getG(), u1, q, sig.r().multiply(w).mod(n)).normalize();
        return r.getAffineXCoord().toBigInteger().equals(sig.r())
                && r.getAffineYCoord().testBitZero() == (sig.recoveryId() == 1);
    }
}
