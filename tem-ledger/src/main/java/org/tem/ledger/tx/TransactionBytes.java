package org.tem.ledger.tx;

import org.apache.tuweni.bytes.Bytes;
import org.tem.ledger.crypto.Hash;
import org.tem.ledger.crypto.Keccak;
import org.tem.ledger.internal.FlatBytes;

/**
 * Bytes received as a transaction, in a private copy, with their Keccak-256 hash, which is the
 * hash the transaction decoded from them has ({@link Transaction#hash()}). A node hashes what a
 * peer sends to drop repeats before decoding; {@link Transaction#decode(TransactionBytes)} then
 * takes this hash over instead of hashing the bytes a second time.
 *
 * <p>The only way to make one is {@link #of(Bytes)}, which copies the bytes and hashes the copy
 * itself, so the hash always belongs to the bytes: no caller can pair bytes with a hash of
 * something else, and a later change to the caller's array changes neither. Immutable and
 * thread-safe.
 */
public final class TransactionBytes {

    private final byte[] bytes;
    private final Hash hash;

    private TransactionBytes(byte[] bytes, Hash hash) {
        this.bytes = bytes;
        this.hash = hash;
    }

    /**
     * Copies and hashes untrusted bytes. Checks nothing else: {@link Transaction#decode(TransactionBytes)}
     * does; the copy is the size of the input.
     *
     * @param received the bytes as received (not kept)
     * @return the copy with its Keccak-256 hash
     */
    public static TransactionBytes of(Bytes received) {
        byte[] copy = FlatBytes.copyOf(received);
        return new TransactionBytes(copy, Keccak.hash256(copy));
    }

    /**
     * @return Keccak-256 of {@link #bytes()}: the hash of the transaction they decode to
     */
    public Hash hash() {
        return hash;
    }

    /**
     * @return the bytes (a read-only view of the private copy)
     */
    public Bytes bytes() {
        return Bytes.wrap(bytes);
    }

    /** @return the private copy itself, for the decoder; never handed out of this package */
    byte[] array() {
        return bytes;
    }

    /**
     * @return the number of bytes
     */
    public int size() {
        return bytes.length;
    }

    @Override
    public String toString() {
        return "TransactionBytes[" + hash + ", " + bytes.length + " bytes]";
    }
}
