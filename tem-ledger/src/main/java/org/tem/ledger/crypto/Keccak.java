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
     * Inputs of a kilobyte or more are memoised process-wide by content (a bounded memo: the
     * in-process nodes of a simulated network hash the same transactions and state leaves, and a
     * node hashes a transaction from every peer that sends it); the answer is the same either way.
     *
     * @param data the input (not modified, not kept)
     * @return its Keccak-256 hash
     */
    public static Hash hash256(byte[] data) {
        if (data.length < HashMemo.MIN_BYTES) {
            return hash256(data, 0, data.length);
        }
        Hash known = HashMemo.get(data);
        if (known != null) {
            return known;
        }
        Hash h = hash256(data, 0, data.length);
        HashMemo.put(data, h);
        return h;
    }

    /**
     * @param data the input
     * @return its Keccak-256 hash (memoised as {@link #hash256(byte[])})
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
