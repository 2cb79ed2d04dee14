package org.tem.ledger.crypto;

import java.util.Arrays;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/**
 * An immutable 32-byte hash (Keccak-256 throughout the ledger). Ordered by unsigned
 * lexicographic comparison of the bytes.
 */
public final class Hash implements Comparable<Hash> {

    /** The number of bytes in a hash. */
    public static final int SIZE = 32;

    /** The all-zero hash, used as the parent hash of the genesis block. */
    public static final Hash ZERO = new Hash(new byte[SIZE]);

    private final byte[] bytes;

    private Hash(byte[] bytes) {
        this.bytes = bytes;
    }

    /**
     * @param bytes exactly 32 bytes; copied
     * @return the hash
     * @throws IllegalArgumentException if the length is not 32
     */
    public static Hash of(byte[] bytes) {
        if (bytes.length != SIZE) {
            throw new IllegalArgumentException("hash must be 32 bytes, was " + bytes.length);
        }
        return new Hash(bytes.clone());
    }

    /**
     * @param bytes exactly 32 bytes
     * @return the hash
     * @throws IllegalArgumentException if the length is not 32
     */
    public static Hash of(Bytes bytes) {
        return of(bytes.toArrayUnsafe());
    }

    /**
     * @param hex 64 hex digits, with or without a {@code 0x} prefix
     * @return the hash
     * @throws IllegalArgumentException if the string is not 32 bytes of hex
     */
    public static Hash fromHexString(String hex) {
        return of(Bytes.fromHexString(hex).toArrayUnsafe());
    }

    static Hash wrap(byte[] bytes) {
        return new Hash(bytes);
    }

    /**
     * @return the hash as Tuweni bytes (a view that must not be mutated)
     */
    public Bytes32 toBytes() {
        return Bytes32.wrap(bytes);
    }

    /**
     * @return a fresh copy of the 32 bytes
     */
    public byte[] toArray() {
        return bytes.clone();
    }

    /**
     * @return {@code 0x} followed by 64 lower-case hex digits
     */
    public String toHexString() {
        return Bytes.wrap(bytes).toHexString();
    }

    @Override
    public int compareTo(Hash other) {
        return Arrays.compareUnsigned(bytes, other.bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Hash h && Arrays.equals(bytes, h.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return toHexString();
    }
}
