package org.tem.consensus.internal;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.tem.ledger.crypto.Address;
import org.tem.ledger.crypto.Hash;
import org.tem.ledger.crypto.KeyPair;
import org.tem.ledger.crypto.Secp256k1;
import org.tem.ledger.crypto.Signature;

/**
 * The seal format shared by tem's engines (and by the ledger's dev seal): a recoverable
 * secp256k1 signature over the sealing hash, 65 bytes {@code r || s || recoveryId}, in low-s
 * form. Thread-safe.
 */
public final class SealSignature {

    /** The size of a seal, in bytes. */
    public static final int SIZE = 65;

    private SealSignature() {
    }

    /**
     * @param key the signing key
     * @param sealingHash the digest to sign
     * @return the 65-byte seal
     */
    public static Bytes sign(KeyPair key, Hash sealingHash) {
        Signature sig = key.sign(sealingHash);
        return Bytes.concatenate(Bytes32.leftPad(Bytes.wrap(unsigned(sig.r()))),
                Bytes32.leftPad(Bytes.wrap(unsigned(sig.s()))), Bytes.of(sig.recoveryId()));
    }

    /**
     * Recovers the signer of a seal. Never throws for bad input.
     *
     * @param sealingHash the signed digest
     * @param seal untrusted seal bytes
     * @return the signer's address, or empty if the seal is not 65 bytes, not a canonical
     *     signature, or recovers no key
     */
    public static Optional<Address> recover(Hash sealingHash, Bytes seal) {
        if (seal.size() != SIZE) {
            return Optional.empty();
        }
        Signature sig;
        try {
            sig = new Signature(seal.slice(0, 32).toUnsignedBigInteger(), seal.slice(32, 32).toUnsignedBigInteger(),
                    seal.get(64));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return Secp256k1.recover(sealingHash, sig).map(Address::fromPublicKey);
    }

    private static byte[] unsigned(BigInteger v) {
        byte[] b = v.toByteArray();
        return b.length == 33 ? Arrays.copyOfRange(b, 1, 33) : b;
    }
}
