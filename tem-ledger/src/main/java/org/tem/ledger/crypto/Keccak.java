package org.tem.ledger.crypto;

import org.apache.tuweni.bytes.Bytes;
import org.bouncycastle.crypto.digests.KeccakDigest;

/**
 * Keccak-256 (the original Keccak padding that Ethereum uses, not SHA3-256), by Bouncy Castle.
 * Thread-safe.
 */
public final class Keccak {

    private Keccak() {
    }

    /**
     * @param data the input
     * @return its Keccak-256 hash
     */
    public static Hash hash256(byte[] data) {
        return hash256(data, 0, data.length);
    }

    /**
     * @param data the input
     * @return its Keccak-256 hash
     */
    public static Hash hash256(Bytes data) {
        return hash256(data.toArrayUnsafe());
    }

    /**
     * Hashes a one-byte domain prefix followed by the data, as the Merkle trees do.
     *
     * @param prefix the first byte hashed
     * @param parts the data hashed after it, in order
     * @return the Keccak-256 hash of the concatenation
     */
    public static Hash hash256(byte prefix, byte[]... parts) {
        KeccakDigest d = new KeccakDigest(256);
        d.update(prefix);
        for (byte[] p : parts) {
            d.update(p, 0, p.length);
        }
        byte[] out = new byte[32];
        d.doFinal(out, 0);
        return Hash.wrap(out);
    }

    private static Hash hash256(byte[] data, int off, int len) {
        KeccakDigest d = new KeccakDigest(256);
        d.update(data, off, len);
        byte[] out = new byte[32];
        d.doFinal(out, 0);
        return Hash.wrap(out);
    }
}
