package org.tem.ledger.block;

import java.util.Arrays;
import java.util.Objects;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.rlp.RLP;
import org.apache.tuweni.rlp.RLPReader;
import org.apache.tuweni.rlp.RLPWriter;
import org.tem.ledger.crypto.Hash;
import org.tem.ledger.crypto.Keccak;
import org.tem.ledger.internal.FlatBytes;

/**
 * A block header. Immutable and thread-safe.
 *
 * <p>Two fields belong to the consensus and are opaque to the ledger: {@code consensusData}
 * (votes, checkpoint signer lists, finality votes, a difficulty: whatever the consensus puts
 * there when it prepares a block; for the genesis, the consensus parameters the chain commits
 * to), which the {@linkplain #sealingHash() sealing hash} covers, so a sealer signs it; and the
 * {@code seal} itself (for example a validator's signature over the sealing hash), which only the
 * {@linkplain #hash() block hash} covers.
 *
 * <p>A header holds private copies of its two byte fields, so nothing a caller does to the
 * values it passed in can change it; its {@linkplain #encode() encoding}, {@linkplain #hash()
 * hash} and {@linkplain #sealingHash() sealing hash} are therefore computed once per header
 * object, on first use ({@link #decode(Bytes)} writes the encoding to compare it with its input,
 * and keeps it), and shared by every later call. Two headers are {@linkplain #equals(Object) equal} when
 * all their fields are. The byte values the accessors and {@link #encode()} return are views of
 * the header's own arrays: read them, never write into their {@code toArrayUnsafe()} arrays.
 */
public final class BlockHeader {

    /** The largest seal, in bytes. */
    public static final int MAX_SEAL_BYTES = 4096;

    /**
     * The largest consensus data, in bytes: room for a checkpoint listing a few hundred signers
     * or a finality vote with its justification.
     */
    public static final int MAX_CONSENSUS_DATA_BYTES = 8192;

    /** The largest header encoding, in bytes: the seal, the consensus data and the other fields. */
    public static final int MAX_ENCODED_BYTES = MAX_SEAL_BYTES + MAX_CONSENSUS_DATA_BYTES + 512;

    private final Hash parentHash;
    private final long number;
    private final long timestamp;
    private final Hash transactionsRoot;
    private final Hash stateRoot;
    private final Hash receiptsRoot;
    private final Bytes consensusData;
    private final Bytes seal;
    // Memos, computed at most once per racing thread from the final fields above (so every
    // thread computes the same value); volatile so that the arrays behind them are published
    // with them.
    private volatile Bytes encoding;
    private volatile Hash hash;
    private volatile Hash sealingHash;

    /**
     * @param parentHash the hash of the parent header ({@link Hash#ZERO} for genesis)
     * @param number the height, 0 for genesis
     * @param timestamp milliseconds since 1970-01-01T00:00Z, at least the parent's; the only time a
     *     contract sees
     * @param transactionsRoot the Merkle root of the transactions
     * @param stateRoot the world-state trie root after executing the block
     * @param receiptsRoot the Merkle root of the receipts
     * @param consensusData consensus fields covered by the sealing hash, opaque to the ledger, at most
     *     {@link #MAX_CONSENSUS_DATA_BYTES}
     * @param seal the consensus' seal over {@link #sealingHash()}, opaque to the ledger, at most
     *     {@link #MAX_SEAL_BYTES}; empty before sealing and for the genesis
     * @throws IllegalArgumentException if the number or timestamp is negative, or the consensus
     *     data or the seal is too long
     * @throws NullPointerException if a hash or byte field is null
     */
    public BlockHeader(Hash parentHash, long number, long timestamp, Hash transactionsRoot, Hash stateRoot,
            Hash receiptsRoot, Bytes consensusData, Bytes seal) {
        Objects.requireNonNull(parentHash, "parentHash");
        Objects.requireNonNull(transactionsRoot, "transactionsRoot");
        Objects.requireNonNull(stateRoot, "stateRoot");
        Objects.requireNonNull(receiptsRoot, "receiptsRoot");
        Objects.requireNonNull(consensusData, "consensusData");
        Objects.requireNonNull(seal, "seal");
        if (number < 0) {
            throw new IllegalArgumentException("number must be at least 0, was " + number);
        }
        if (timestamp < 0) {
            throw new IllegalArgumentException("timestamp must be at least 0, was " + timestamp);
        }
        if (consensusData.size() > MAX_CONSENSUS_DATA_BYTES) {
            throw new IllegalArgumentException("consensusData must be at most " + MAX_CONSENSUS_DATA_BYTES
                    + " bytes, was " + consensusData.size());
        }
        if (seal.size() > MAX_SEAL_BYTES) {
            throw new IllegalArgumentException("seal must be at most " + MAX_SEAL_BYTES + " bytes, was " + seal.size());
        }
        this.parentHash = parentHash;
        this.number = number;
        this.timestamp = timestamp;
        this.transactionsRoot = transactionsRoot;
        this.stateRoot = stateRoot;
        this.receiptsRoot = receiptsRoot;
        // private copies: the memos below are only right if no caller can change these bytes
        this.consensusData = Bytes.wrap(FlatBytes.copyOf(consensusData));
        this.seal = Bytes.wrap(FlatBytes.copyOf(seal));
    }

    /**
     * @return the hash of the parent header ({@link Hash#ZERO} for genesis)
     */
    public Hash parentHash() {
        return parentHash;
    }

    /**
     * @return the height, 0 for genesis
     */
    public long number() {
        return number;
    }

    /**
     * @return milliseconds since 1970-01-01T00:00Z, at least the parent's
     */
    public long timestamp() {
        return timestamp;
    }

    /**
     * @return the Merkle root of the transactions
     */
    public Hash transactionsRoot() {
        return transactionsRoot;
    }

    /**
     * @return the world-state trie root after executing the block
     */
    public Hash stateRoot() {
        return stateRoot;
    }

    /**
     * @return the Merkle root of the receipts
     */
    public Hash receiptsRoot() {
        return receiptsRoot;
    }

    /**
     * @return the consensus data, at most {@link #MAX_CONSENSUS_DATA_BYTES} (a view of the
     *     header's own copy: not to be written into)
     */
    public Bytes consensusData() {
        return consensusData;
    }

    /**
     * @return the seal, at most {@link #MAX_SEAL_BYTES}; empty before sealing and for the
     *     genesis (a view of the header's own copy: not to be written into)
     */
    public Bytes seal() {
        return seal;
    }

    /**
     * @param newSeal the seal, at most {@link #MAX_SEAL_BYTES}
     * @return a copy of this header with the given seal
     * @throws IllegalArgumentException if the seal is too long
     */
    public BlockHeader withSeal(Bytes newSeal) {
        return new BlockHeader(parentHash, number, timestamp, transactionsRoot, stateRoot, receiptsRoot,
                consensusData, newSeal);
    }

    /**
     * @return Keccak-256 of the RLP of every field but the seal (the consensus data included):
     *     what a sealer signs; computed on the first call, the same object after
     */
    public Hash sealingHash() {
        Hash h = sealingHash;
        if (h == null) {
            h = Keccak.hash256(RLP.encodeList(this::writeUnsealed));
            sealingHash = h;
        }
        return h;
    }

    /**
     * @return the block hash: Keccak-256 of {@link #encode()}; computed on the first call, the
     *     same object after
     */
    public Hash hash() {
        Hash h = hash;
        if (h == null) {
            h = Keccak.hash256(encode());
            hash = h;
        }
        return h;
    }

    /**
     * @return the RLP {@code [parentHash, number, timestamp, txRoot, stateRoot, receiptsRoot,
     *     consensusData, seal]}, as one flat array; written on the first call (or kept from
     *     {@link #decode(Bytes)}), the same value after (a view of the header's own array: not to
     *     be written into)
     */
    public Bytes encode() {
        Bytes e = encoding;
        if (e == null) {
            e = Bytes.wrap(FlatBytes.of(RLP.encodeList(this::write)));
            encoding = e;
        }
        return e;
    }

    void write(RLPWriter w) {
        writeUnsealed(w);
        w.writeValue(seal);
    }

    private void writeUnsealed(RLPWriter w) {
        w.writeValue(parentHash.toBytes());
        w.writeLong(number);
        w.writeLong(timestamp);
        w.writeValue(transactionsRoot.toBytes());
        w.writeValue(stateRoot.toBytes());
        w.writeValue(receiptsRoot.toBytes());
        w.writeValue(consensusData);
    }

    static BlockHeader read(RLPReader r) {
        BlockHeader h = new BlockHeader(Hash.of(r.readValue()), r.readLong(), r.readLong(),
                Hash.of(r.readValue()), Hash.of(r.readValue()), Hash.of(r.readValue()), r.readValue(),
                r.readValue());
        if (!r.isComplete()) {
            throw new InvalidBlockException("malformed header: extra fields");
        }
        return h;
    }

    /**
     * @param rlp a header encoding, at most {@link #MAX_ENCODED_BYTES}
     * @return the header
     * @throws InvalidBlockException if the bytes are oversized or not a canonical header encoding
     */
    public static BlockHeader decode(Bytes rlp) {
        if (rlp.size() > MAX_ENCODED_BYTES) {
            throw new InvalidBlockException("header too large: " + rlp.size() + " bytes");
        }
        BlockHeader h;
        try {
            h = RLP.decodeList(rlp, BlockHeader::read);
        } catch (InvalidBlockException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new InvalidBlockException("malformed header: " + e.getMessage());
        }
        // the header's own encoding, kept as its memo, compared as flat arrays
        if (!Arrays.equals(h.encode().toArrayUnsafe(), FlatBytes.of(rlp))) {
            throw new InvalidBlockException("malformed header: not the canonical encoding");
        }
        return h;
    }

    /**
     * @param o another object
     * @return whether it is a header with equal fields (the same as equal encodings)
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof BlockHeader other && number == other.number && timestamp == other.timestamp
                && parentHash.equals(other.parentHash) && transactionsRoot.equals(other.transactionsRoot)
                && stateRoot.equals(other.stateRoot) && receiptsRoot.equals(other.receiptsRoot)
                && consensusData.equals(other.consensusData) && seal.equals(other.seal);
    }

    /**
     * @return a hash code consistent with {@link #equals(Object)}
     */
    @Override
    public int hashCode() {
        return Objects.hash(parentHash, number, timestamp, transactionsRoot, stateRoot, receiptsRoot,
                consensusData, seal);
    }

    /**
     * @return the fields, for logs
     */
    @Override
    public String toString() {
        return "BlockHeader[parentHash=" + parentHash + ", number=" + number + ", timestamp=" + timestamp
                + ", transactionsRoot=" + transactionsRoot + ", stateRoot=" + stateRoot + ", receiptsRoot="
                + receiptsRoot + ", consensusData=" + consensusData + ", seal=" + seal + "]";
    }
}
