package org.tem.ledger.crypto;

import java.math.BigInteger;
import java.security.SecureRandom;
import org.apache.tuweni.bytes.Bytes;

/**
 * A secp256k1 key pair and its address. Immutable and thread-safe; {@link #toString()} never
 * shows the private key.
 */
public final class KeyPair {

    private final BigInteger privateKey;
    private final Bytes publicKey;
    private final Address address;

    private KeyPair(BigInteger privateKey) {
        this.privateKey = privateKey;
        this.publicKey = Secp256k1.publicKeyOf(privateKey);
        this.address = Address.fromPublicKey(publicKey);
    }

    /**
     * @param privateKey the private key, in [1, n)
     * @return the key pair
     * @throws IllegalArgumentException if the key is out of range
     */
    public static KeyPair fromPrivateKey(BigInteger privateKey) {
        if (privateKey.signum() <= 0 || privateKey.compareTo(Secp256k1.N) >= 0) {
            throw new IllegalArgumentException("private key out of range [1, n)");
        }
        return new KeyPair(privateKey);
    }

    /**
     * @param hex the private key as up to 64 hex digits, with or without {@code 0x}
     * @return the key pair
     * @throws IllegalArgumentException if the key is not hex or out of range
     */
    public static KeyPair fromPrivateKeyHex(String hex) {
        return fromPrivateKey(Bytes.fromHexString(hex).toUnsignedBigInteger());
    }

    /**
     * @param random the source of randomness
     * @return a fresh random key pair
     */
    public static KeyPair random(SecureRandom random) {
        while (true) {
            BigInteger d = new BigInteger(256, random);
            if (d.signum() > 0 && d.compareTo(Secp256k1.N) < 0) {
                return new KeyPair(d);
            }
        }
    }

    /**
     * @return the 64-byte uncompressed public key (x then y)
     */
    public Bytes publicKey() {
        return publicKey;
    }

    /**
     * @return the address of the public key
     */
    public Address address() {
        return address;
    }

    /**
     * @return the private key; handle with care
     */
    public BigInteger privateKey() {
        return privateKey;
    }

    /**
     * Signs a 32-byte message hash deterministically (RFC 6979), in low-s form.
     *
     * @param hash the hash to sign
     * @return the recoverable signature
     */
    public Signature sign(Hash hash) {
        return Secp256k1.sign(privateKey, publicKey, hash);
    }

    @Override
    public String toString() {
        return "KeyPair[" + address + "]";
    }
}
