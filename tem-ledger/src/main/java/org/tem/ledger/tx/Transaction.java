package org.tem.ledger.tx;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.regex.Pattern;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.rlp.RLP;
import org.tem.api.contract.Limits;
import org.tem.ledger.crypto.Address;
import org.tem.ledger.crypto.Hash;
import org.tem.ledger.crypto.Keccak;
import org.tem.ledger.crypto.KeyPair;
import org.tem.ledger.crypto.Secp256k1;
import org.tem.ledger.crypto.Signature;
import org.tem.ledger.internal.FlatBytes;

/**
 * A signed call of one contract method. Immutable and thread-safe.
 *
 * <p>The encoding (canonical RLP, the only one accepted, so a transaction has exactly one hash)
 * is {@code [chainId, nonce, from, to, method, args, recoveryId, r, s]}; the sender signs
 * {@code keccak256(rlp([chainId, nonce, from, to, method, args]))}. The sender's address
 * {@code from} travels in the clear so that a node can refuse a transaction from an account that
 * may not send, or with a nonce out of its window, before any signature work; the signature is
 * then <em>verified</em> against the public key the chain's allow-list holds for {@code from}
 * ({@link #verifySignature(Bytes)}), which is cheaper than recovering it. The recovery id is kept,
 * and checked, so that anyone can still recover the signer without the chain's state.
 *
 * <p>{@link #decode} checks only the structure (sizes, ranges, canonical encoding, low s): a
 * decoded transaction's {@link #sender()} is a <em>claim</em> until {@link #verifySignature}
 * confirms it; the chain and the mempool never execute or admit a transaction before that. A
 * transaction made by {@link Builder#sign} is verified by construction. Whether it can execute
 * (chain id, permission, nonce, contract, method) depends on the chain.
 */
public final class Transaction {

    /** The largest accepted encoding, in bytes. */
    public static final int MAX_ENCODED_BYTES = Limits.MAX_ARGS_BYTES + 1024;

    private static final Pattern METHOD = Pattern.compile("[A-Za-z0-9_]{1," + Limits.MAX_NAME_CHARS + "}");

    private final long chainId;
    private final long nonce;
    private final Address from;
    private final Address to;
    private final String method;
    private final Bytes args;
    private final Signature signature;
    private final Bytes encoded;
    // Keccak-256 of encoded: given by the decoder when the caller hashed the same bytes
    // (TransactionBytes), else computed on first use; a pure function of encoded, so a race
    // computes the same value twice at worst
    private volatile Hash hash;
    // The public key the signature was verified against, once it has been; a cache of a pure
    // function of the fields (so the instance is still immutable in effect).
    private volatile Bytes verifiedKey;

    /** {@code encoded} must be the canonical encoding of the other fields, {@code hash} its hash or null. */
    private Transaction(long chainId, long nonce, Address from, Address to, String method, Bytes args,
            Signature signature, Bytes encoded, Hash hash) {
        this.chainId = chainId;
        this.nonce = nonce;
        this.from = from;
        this.to = to;
        this.method = method;
        this.args = args;
        this.signature = signature;
        this.encoded = encoded;
        this.hash = hash;
    }

    /**
     * The canonical encoding of the fields, written by Tuweni's RLP writer: what {@link Builder#sign}
     * stores, and the reference the decoder's canonical-only reader is tested against.
     */
    static Bytes encode(long chainId, long nonce, Address from, Address to, String method, Bytes args,
            Signature signature) {
        // one flat array: the encoding is read many times (hash, Merkle leaf, block encoding,
        // gossip), and a concatenated view is read a byte at a time
        return Bytes.wrap(RLP.encodeList(w -> {
            w.writeLong(chainId);
            w.writeLong(nonce);
            w.writeValue(from.toBytes());
            w.writeValue(to.toBytes());
            w.writeString(method);
            w.writeValue(args);
            w.writeInt(signature.recoveryId());
            w.writeBigInteger(signature.r());
            w.writeBigInteger(signature.s());
        }).toArray());
    }

    /**
     * @return a builder for a new transaction
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Decodes untrusted transaction bytes and checks their structure, without any signature
     * work (see {@link #verifySignature(Bytes)}). The transaction keeps a private copy of the
     * bytes as its {@link #encoded()} encoding: they are accepted only if they are the canonical
     * encoding of the fields (every item in its one RLP form), so they are byte for byte what the
     * fields would encode to and the hash is a function of the fields. Allocates at most a
     * constant factor of the input's size, which is checked first. The hash is computed on the
     * first call of {@link #hash()}.
     *
     * @param encoded the RLP encoding (not kept: copied)
     * @return the transaction, its sender not yet verified
     * @throws InvalidTransactionException naming the reason if the bytes are oversized, not
     *     canonical RLP of the right shape, out of range, or carry a signature that is out of
     *     range or high-s
     */
    public static Transaction decode(Bytes encoded) {
        checkSize(encoded.size());
        return decode(FlatBytes.copyOf(encoded), null);
    }

    /**
     * Decodes bytes the caller has already hashed ({@link TransactionBytes#of}), as
     * {@link #decode(Bytes)} does, and takes their hash over as the transaction's {@link #hash()}
     * instead of hashing them again: a {@link TransactionBytes} always holds the hash of its own
     * bytes, and the bytes are the transaction's encoding.
     *
     * @param received the bytes and their hash
     * @return the transaction, its sender not yet verified
     * @throws InvalidTransactionException as {@link #decode(Bytes)}
     */
    public static Transaction decode(TransactionBytes received) {
        checkSize(received.size());
        return decode(received.array(), received.hash());
    }

    private static void checkSize(int size) {
        if (size > MAX_ENCODED_BYTES) {
            throw new InvalidTransactionException("transaction too large: " + size
                    + " bytes, limit " + MAX_ENCODED_BYTES);
        }
    }

    /**
     * Decodes {@code in}, which nobody else holds (it becomes the encoding); {@code hash} is
     * Keccak-256 of {@code in} or null.
     */
    private static Transaction decode(byte[] in, Hash hash) {
        CanonicalRlp r = new CanonicalRlp(in);
        r.enterWholeList();
        long chainId = r.readLong();
        long nonce = r.readLong();
        r.readString();
        int fromAt = r.start();
        int fromSize = r.length();
        r.readString();
        int toAt = r.start();
        int toSize = r.length();
        r.readString();
        int methodAt = r.start();
        int methodSize = r.length();
        r.readString();
        int argsAt = r.start();
        int argsSize = r.length();
        long recId = r.readLong();
        // r and s of any length (bounded by the input): a long one is refused below as out of range
        r.readUnsigned(Integer.MAX_VALUE);
        int rAt = r.start();
        int rSize = r.length();
        r.readUnsigned(Integer.MAX_VALUE);
        int sAt = r.start();
        int sSize = r.length();
        if (!r.isComplete()) {
            throw new InvalidTransactionException("malformed RLP: extra fields");
        }
        checkFields(chainId, nonce, fromSize, toSize, in, methodAt, methodSize, argsSize);
        if (recId != 0 && recId != 1) {
            throw new InvalidTransactionException("bad signature: recovery id " + recId);
        }
        BigInteger sigR = new BigInteger(1, in, rAt, rSize);
        BigInteger sigS = new BigInteger(1, in, sAt, sSize);
        if (sigR.signum() <= 0 || sigR.compareTo(Secp256k1.N) >= 0
                || sigS.signum() <= 0 || sigS.compareTo(Secp256k1.N) >= 0) {
            throw new InvalidTransactionException("bad signature: r or s out of range");
        }
        if (sigS.compareTo(Secp256k1.HALF_N) > 0) {
            throw new InvalidTransactionException("bad signature: high s");
        }
        return new Transaction(chainId, nonce, Address.of(Arrays.copyOfRange(in, fromAt, fromAt + fromSize)),
                Address.of(Arrays.copyOfRange(in, toAt, toAt + toSize)),
                new String(in, methodAt, methodSize, StandardCharsets.US_ASCII),
                // a view of the encoding, which is this transaction's own copy
                Bytes.wrap(in, argsAt, argsSize), new Signature(sigR, sigS, (int) recId), Bytes.wrap(in), hash);
    }

    private static void checkFields(long chainId, long nonce, int fromSize, int toSize, byte[] in, int methodAt,
            int methodSize, int argsSize) {
        if (chainId <= 0) {
            throw new InvalidTransactionException("chain id must be positive, was " + chainId);
        }
        if (nonce < 0) {
            throw new InvalidTransactionException("nonce out of range: " + Long.toUnsignedString(nonce));
        }
        if (fromSize != Address.SIZE) {
            throw new InvalidTransactionException("sender address must be 20 bytes, was " + fromSize);
        }
        if (toSize != Address.SIZE) {
            throw new InvalidTransactionException("target address must be 20 bytes, was " + toSize);
        }
        if (!isMethodName(in, methodAt, methodSize)) {
            throw new InvalidTransactionException(
                    "method name must be 1 to " + Limits.MAX_NAME_CHARS + " characters [A-Za-z0-9_]");
        }
        if (argsSize > Limits.MAX_ARGS_BYTES) {
            throw new InvalidTransactionException("arguments too large: " + argsSize + " bytes, limit "
                    + Limits.MAX_ARGS_BYTES);
        }
    }

    /** Whether {@code in[at, at + size)} matches {@link #METHOD}, without a String or a regex. */
    private static boolean isMethodName(byte[] in, int at, int size) {
        if (size < 1 || size > Limits.MAX_NAME_CHARS) {
            return false;
        }
        for (int i = at; i < at + size; i++) {
            int c = in[i];
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static Hash signingHash(long chainId, long nonce, Address from, Address to, String method,
            Bytes args) {
        return Keccak.hash256(RLP.encodeList(w -> {
            w.writeLong(chainId);
            w.writeLong(nonce);
            w.writeValue(from.toBytes());
            w.writeValue(to.toBytes());
            w.writeString(method);
            w.writeValue(args);
        }));
    }

    /**
     * Verifies the signature against a public key: true exactly when the key's address is
     * {@link #sender()} and the signature over {@link #signingHash()} is the key's, recovery id
     * included ({@link Secp256k1#verifyRecoverable}). A success is cached in the object and in a
     * bounded process-wide memo keyed by the transaction's {@link #hash()} (which covers every
     * field and the signature), so verifying the same transaction again, from this object or
     * another decoded from the same bytes, costs a lookup.
     *
     * @param publicKey the 64-byte uncompressed public key the chain holds for the sender
     * @return whether the sender signed this transaction
     */
    public boolean verifySignature(Bytes publicKey) {
        Bytes known = verifiedKey;
        if (known == null) {
            known = VerifiedSenders.get(hash());
        }
        if (known != null) {
            verifiedKey = known;
            return known.equals(publicKey);
        }
        if (publicKey.size() != 64 || !Address.fromPublicKey(publicKey).equals(from)
                || !Secp256k1.verifyRecoverable(signingHash(), signature, publicKey)) {
            return false;
        }
        Bytes key = publicKey.copy();
        verifiedKey = key;
        VerifiedSenders.put(hash(), key);
        return true;
    }

    /** @return the key the signature was verified against, or null if it has not been (yet) */
    Bytes verifiedKey() {
        return verifiedKey;
    }

    /**
     * Takes over another copy's signature check: if {@code other} is the same transaction (an
     * equal {@link #hash()}, which covers every field and the signature) and its signature has been
     * verified, this copy is marked verified against the same key, so that {@link
     * #verifySignature(Bytes)} answers it without curve arithmetic. A node uses it to check a
     * transaction once although it decodes it twice (from gossip into its mempool, then in a
     * block). Otherwise nothing changes.
     *
     * @param other another copy, possibly verified; any transaction
     * @return whether this copy now carries a verified key
     */
    public boolean adoptVerification(Transaction other) {
        if (verifiedKey == null && other != this && other.hash().equals(hash())) {
            Bytes key = other.verifiedKey;
            if (key != null) {
                verifiedKey = key;
            }
        }
        return verifiedKey != null;
    }

    /**
     * @return the chain id, positive; a transaction is valid only on the chain with this id
     */
    public long chainId() {
        return chainId;
    }

    /**
     * @return the sender's nonce: its first transaction has 0, each next one the previous + 1
     */
    public long nonce() {
        return nonce;
    }

    /**
     * @return the address of the called contract
     */
    public Address to() {
        return to;
    }

    /**
     * @return the called method, 1 to 64 characters of {@code [A-Za-z0-9_]}
     */
    public String method() {
        return method;
    }

    /**
     * @return the argument bytes (RLP by convention), at most {@link Limits#MAX_ARGS_BYTES}
     */
    public Bytes args() {
        return args;
    }

    /**
     * @return the signature
     */
    public Signature signature() {
        return signature;
    }

    /**
     * @return the sender's address as the transaction states it ({@code from}); authentic only
     *     once {@link #verifySignature(Bytes)} has confirmed it against the sender's key
     */
    public Address sender() {
        return from;
    }

    /**
     * @return the hash the sender signed: Keccak-256 of the RLP of the unsigned fields
     *     {@code [chainId, nonce, from, to, method, args]}
     */
    public Hash signingHash() {
        // The unsigned fields are the encoding's first six items, each already in its canonical
        // form (the encoding is canonical), so their RLP list is a new list prefix followed by
        // those bytes as they are: nothing is encoded again.
        byte[] enc = encoded.toArrayUnsafe();
        CanonicalRlp r = new CanonicalRlp(enc);
        r.enterWholeList();
        int start = r.position();
        for (int i = 0; i < 6; i++) {
            r.readString();
        }
        int length = r.position() - start;
        byte[] prefix = CanonicalRlp.listPrefix(length);
        byte[] unsigned = Arrays.copyOf(prefix, prefix.length + length);
        System.arraycopy(enc, start, unsigned, prefix.length, length);
        return Keccak.hash256(unsigned);
    }

    /**
     * @return the canonical RLP encoding
     */
    public Bytes encoded() {
        return encoded;
    }

    /**
     * @return the transaction hash: Keccak-256 of {@link #encoded()}
     */
    public Hash hash() {
        Hash h = hash;
        if (h == null) {
            h = Keccak.hash256(encoded);
            hash = h;
        }
        return h;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Transaction t && t.hash().equals(hash());
    }

    @Override
    public int hashCode() {
        return hash().hashCode();
    }

    @Override
    public String toString() {
        return "Transaction[" + hash() + " " + from + "#" + nonce + " -> " + to + "." + method + "]";
    }

    /**
     * Builds and signs a transaction. Each setter validates its argument at once; {@link #sign}
     * checks that every field was set. Not thread-safe.
     */
    public static final class Builder {
        private long chainId;
        private long nonce = -1;
        private Address to;
        private String method;
        private Bytes args = Bytes.EMPTY;

        private Builder() {
        }

        /**
         * @param chainId the chain id, positive
         * @return this builder
         * @throws IllegalArgumentException if not positive
         */
        public Builder chainId(long chainId) {
            if (chainId <= 0) {
                throw new IllegalArgumentException("chainId must be positive, was " + chainId);
            }
            this.chainId = chainId;
            return this;
        }

        /**
         * @param nonce the sender's nonce, at least 0
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder nonce(long nonce) {
            if (nonce < 0) {
                throw new IllegalArgumentException("nonce must be at least 0, was " + nonce);
            }
            this.nonce = nonce;
            return this;
        }

        /**
         * @param to the contract's address
         * @return this builder
         */
        public Builder to(Address to) {
            this.to = Objects.requireNonNull(to, "to");
            return this;
        }

        /**
         * @param method 1 to 64 characters of {@code [A-Za-z0-9_]}
         * @return this builder
         * @throws IllegalArgumentException if the name is not of that form
         */
        public Builder method(String method) {
            if (method == null || !METHOD.matcher(method).matches()) {
                throw new IllegalArgumentException("method must be 1 to " + Limits.MAX_NAME_CHARS
                        + " characters [A-Za-z0-9_], was " + method);
            }
            this.method = method;
            return this;
        }

        /**
         * @param args the argument bytes; copied; at most {@link Limits#MAX_ARGS_BYTES}
         * @return this builder
         * @throws IllegalArgumentException if too long
         */
        public Builder args(Bytes args) {
            if (args.size() > Limits.MAX_ARGS_BYTES) {
                throw new IllegalArgumentException("args must be at most " + Limits.MAX_ARGS_BYTES
                        + " bytes, was " + args.size());
            }
            this.args = args.copy();
            return this;
        }

        /**
         * @param args the argument bytes; copied; at most {@link Limits#MAX_ARGS_BYTES}
         * @return this builder
         * @throws IllegalArgumentException if too long
         */
        public Builder args(byte[] args) {
            return args(Bytes.wrap(args));
        }

        /**
         * Signs the transaction; the sender ({@code from}) is the key's address.
         *
         * @param key the sender's key
         * @return the signed transaction, already verified against the key
         * @throws IllegalStateException if chain id, nonce, target or method was not set
         */
        public Transaction sign(KeyPair key) {
            if (chainId == 0 || nonce < 0 || to == null || method == null) {
                throw new IllegalStateException("chainId, nonce, to and method must all be set");
            }
            Signature sig = key.sign(signingHash(chainId, nonce, key.address(), to, method, args));
            Transaction tx = new Transaction(chainId, nonce, key.address(), to, method, args, sig,
                    encode(chainId, nonce, key.address(), to, method, args, sig), null);
            tx.verifiedKey = key.publicKey();
            return tx;
        }
    }
}
