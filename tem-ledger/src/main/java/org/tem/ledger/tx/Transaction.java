package org.tem.ledger.tx;

import java.math.BigInteger;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.rlp.RLP;
import org.apache.tuweni.rlp.RLPException;
import org.tem.api.contract.Limits;
import org.tem.ledger.crypto.Address;
import org.tem.ledger.crypto.Hash;
import org.tem.ledger.crypto.Keccak;
import org.tem.ledger.crypto.KeyPair;
import org.tem.ledger.crypto.Secp256k1;
import org.tem.ledger.crypto.Signature;

/**
 * A signed call of one contract method. Immutable and thread-safe; an instance always carries a
 * valid signature and a known sender (it is made only by {@link Builder#sign} or by
 * {@link #decode}, which recovers and checks the signature).
 *
 * <p>Whether it can execute (chain id, nonce, contract, method) depends on the chain and is
 * decided by the mempool and the chain, not here.
 */
public final class Transaction {

    /** The largest accepted encoding, in bytes. */
    public static final int MAX_ENCODED_BYTES = Limits.MAX_ARGS_BYTES + 1024;

    private static final Pattern METHOD = Pattern.compile("[A-Za-z0-9_]{1," + Limits.MAX_NAME_CHARS + "}");

    private final long chainId;
    private final long nonce;
    private final Address to;
    private final String method;
    private final Bytes args;
    private final Signature signature;
    private final Address sender;
    private final Bytes encoded;
    private final Hash hash;

    private Transaction(long chainId, long nonce, Address to, String method, Bytes args,
            Signature signature, Address sender) {
        this.chainId = chainId;
        this.nonce = nonce;
        this.to = to;
        this.method = method;
        this.args = args;
        this.signature = signature;
        this.sender = sender;
        this.encoded = RLP.encodeList(w -> {
            w.writeLong(chainId);
            w.writeLong(nonce);
            w.writeValue(to.toBytes());
            w.writeString(method);
            w.writeValue(args);
            w.writeInt(signature.recoveryId());
            w.writeBigInteger(signature.r());
            w.writeBigInteger(signature.s());
        });
        this.hash = Keccak.hash256(encoded);
    }

    /**
     * @return a builder for a new transaction
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Decodes and authenticates untrusted transaction bytes.
     *
     * @param encoded the RLP encoding
     * @return the transaction, with its sender recovered
     * @throws InvalidTransactionException naming the reason if the bytes are oversized, not
     *     canonical RLP of the right shape, out of range, or carry a signature from which no
     *     sender can be recovered (including a high-s signature)
     */
    public static Transaction decode(Bytes encoded) {
        if (encoded.size() > MAX_ENCODED_BYTES) {
            throw new InvalidTransactionException("transaction too large: " + encoded.size()
                    + " bytes, limit " + MAX_ENCODED_BYTES);
        }
        Object[] f = new Object[8];
        try {
            RLP.decodeList(encoded, r -> {
                f[0] = r.readLong();
                f[1] = r.readLong();
                f[2] = r.readValue();
                f[3] = r.readValue();
                f[4] = r.readValue();
                f[5] = r.readLong();
                f[6] = r.readBigInteger();
                f[7] = r.readBigInteger();
                if (!r.isComplete()) {
                    throw new InvalidTransactionException("malformed RLP: extra fields");
                }
                return null;
            });
        } catch (RLPException | IllegalArgumentException e) {
            throw new InvalidTransactionException("malformed RLP: " + e.getMessage());
        }
        long chainId = (Long) f[0];
        long nonce = (Long) f[1];
        Bytes to = (Bytes) f[2];
        Bytes methodBytes = (Bytes) f[3];
        Bytes args = (Bytes) f[4];
        long recId = (Long) f[5];
        BigInteger r = (BigInteger) f[6];
        BigInteger s = (BigInteger) f[7];
        checkFields(chainId, nonce, to.size(), methodBytes, args.size());
        String method = new String(methodBytes.toArrayUnsafe(), java.nio.charset.StandardCharsets.US_ASCII);
        if (recId != 0 && recId != 1) {
            throw new InvalidTransactionException("bad signature: recovery id " + recId);
        }
        if (r.signum() <= 0 || r.compareTo(Secp256k1.N) >= 0
                || s.signum() <= 0 || s.compareTo(Secp256k1.N) >= 0) {
            throw new InvalidTransactionException("bad signature: r or s out of range");
        }
        if (s.compareTo(Secp256k1.HALF_N) > 0) {
            throw new InvalidTransactionException("bad signature: high s");
        }
        Signature sig = new Signature(r, s, (int) recId);
        Address toAddr = Address.of(to);
        Hash signing = signingHash(chainId, nonce, toAddr, method, args);
        Optional<Bytes> key = Secp256k1.recover(signing, sig);
        if (key.isEmpty()) {
            throw new InvalidTransactionException("bad signature: no public key recovers");
        }
        Transaction tx = new Transaction(chainId, nonce, toAddr, method, args.copy(), sig,
                Address.fromPublicKey(key.get()));
        if (!tx.encoded.equals(encoded)) {
            throw new InvalidTransactionException("malformed RLP: not the canonical encoding");
        }
        return tx;
    }

    private static void checkFields(long chainId, long nonce, int toSize, Bytes method, int argsSize) {
        if (chainId <= 0) {
            throw new InvalidTransactionException("chain id must be positive, was " + chainId);
        }
        if (nonce < 0) {
            throw new InvalidTransactionException("nonce out of range: " + Long.toUnsignedString(nonce));
        }
        if (toSize != Address.SIZE) {
            throw new InvalidTransactionException("target address must be 20 bytes, was " + toSize);
        }
        String m = new String(method.toArrayUnsafe(), java.nio.charset.StandardCharsets.ISO_8859_1);
        if (!METHOD.matcher(m).matches()) {
            throw new InvalidTransactionException(
                    "method name must be 1 to " + Limits.MAX_NAME_CHARS + " characters [A-Za-z0-9_]");
        }
        if (argsSize > Limits.MAX_ARGS_BYTES) {
            throw new InvalidTransactionException("arguments too large: " + argsSize + " bytes, limit "
                    + Limits.MAX_ARGS_BYTES);
        }
    }

    private static Hash signingHash(long chainId, long nonce, Address to, String method, Bytes args) {
        return Keccak.hash256(RLP.encodeList(w -> {
            w.writeLong(chainId);
            w.writeLong(nonce);
            w.writeValue(to.toBytes());
            w.writeString(method);
            w.writeValue(args);
        }));
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
     * @return the address recovered from the signature
     */
    public Address sender() {
        return sender;
    }

    /**
     * @return the hash the sender signed: Keccak-256 of the RLP of the unsigned fields
     */
    public Hash signingHash() {
        return signingHash(chainId, nonce, to, method, args);
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
        return hash;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Transaction t && t.hash.equals(hash);
    }

    @Override
    public int hashCode() {
        return hash.hashCode();
    }

    @Override
    public String toString() {
        return "Transaction[" + hash + " " + sender + "#" + nonce + " -> " + to + "." + method + "]";
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
         * Signs the transaction.
         *
         * @param key the sender's key
         * @return the signed transaction
         * @throws IllegalStateException if chain id, nonce, target or method was not set
         */
        public Transaction sign(KeyPair key) {
            if (chainId == 0 || nonce < 0 || to == null || method == null) {
                throw new IllegalStateException("chainId, nonce, to and method must all be set");
            }
            Signature sig = key.sign(signingHash(chainId, nonce, to, method, args));
            return new Transaction(chainId, nonce, to, method, args, sig, key.address());
        }
    }
}
