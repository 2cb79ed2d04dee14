package org.tem.ledger.crypto;

import java.util.Arrays;
import org.apache.tuweni.bytes.Bytes;

/**
 * An immutable 20-byte Ethereum-style address: the last 20 bytes of the Keccak-256 hash of an
 * uncompressed secp256k1 public key (without its {@code 0x04} prefix). Contracts are registered
 * under addresses chosen at genesis. Ordered by unsigned lexicographic comparison.
 */
public final class Address implements Comparable<Address> {

    /** The number of bytes in an address. */
    public static final int SIZE = 20;

    /** The all-zero address; reserved by the ledger for the account-nonce table. */
    public static final Address ZERO = new Address(new byte[SIZE]);

    private final byte[] bytes;

    private Address(byte[] bytes) {
        this.bytes = bytes;
    }

    /**
     * @param bytes exactly 20 bytes; copied
     * @return the address
     * @throws IllegalArgumentException if the length is not 20
     */
    public static Address of(byte[] bytes) {
        if (bytes.length != SIZE) {
            throw new IllegalArgumentException("address must be 20 bytes, was " + bytes.length);
        }
        return new Address(bytes.clone());
    }

    /**
     * @param bytes exactly 20 bytes
     * @return the address
     * @throws IllegalArgumentException if the length is not 20
     */
    public static Address of(Bytes bytes) {
        return of(bytes.toArrayUnsafe());
    }

    /**
     * @param hex 40 hex digits, with or without a {@code 0x} prefix
     * @return the address
     * @throws IllegalArgumentException if the string is not 20 bytes of hex
     */
    public static Address fromHexString(String hex) {
        return of(Bytes.fromHexString(hex).toArrayUnsafe());
    }

    /**
     * Derives the address of a public key.
     *
     * @param publicKey the 64-byte uncompressed public key (x then y, no {@code 0x04} prefix)
     * @return the last 20 bytes of its Keccak-256 hash
     * @throws IllegalArgumentException if the key is not 64 bytes
     */
    public static Address fromPublicKey(Bytes publicKey) {
        if (publicKey.size() != 64) {
            throw new IllegalArgumentException("public key must be 64 bytes, was " + publicKey.size());
        }
        byte[] h = Keccak.hash256(publicKey).toArray();
        return new Address(Arrays.copyOfRange(h, 12, 32));
    }

    /**
     * @return the address as Tuweni bytes (a view that must not be mutated)
     */
    public Bytes toBytes() {
        return Bytes.wrap(bytes);
    }

    /**
     * @return a fresh copy of the 20 bytes
     */
    public byte[] toArray() {
        return bytes.clone();
    }

    /**
     * @return {@code 0x} followed by 40 lower-case hex digits
     */
    public String toHexString() {
        return Bytes.wrap(bytes).toHexString();
    }

    @Override
    public int compareTo(Address other) {
        return Arrays.compareUnsigned(bytes, other.bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Address a && Arrays.equals(bytes, a.bytes);
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
