package org.tem.ledger.block;

import java.util.Objects;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.rlp.RLP;
import org.apache.tuweni.rlp.RLPReader;
import org.apache.tuweni.rlp.RLPWriter;
import org.tem.ledger.crypto.Hash;
import org.tem.ledger.crypto.Keccak;

/**
 * A block header. Immutable.
 *
 * <p>Two fields belong to the consensus and are opaque to the ledger: {@code consensusData}
 * (votes, checkpoint signer lists, finality votes, a difficulty: whatever the consensus puts
 * there when it prepares a block; for the genesis, the consensus parameters the chain commits
 * to), which the {@linkplain #sealingHash() sealing hash} covers, so a sealer signs it; and the
 * {@code seal} itself (for example a validator's signature over the sealing hash), which only the
 * {@linkplain #hash() block hash} covers.
 *
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
 */
public record BlockHeader(Hash parentHash, long number, long timestamp, Hash transactionsRoot,
        Hash stateRoot, Hash receiptsRoot, Bytes consensusData, Bytes seal) {

    /** The largest seal, in bytes. */
    public static final int MAX_SEAL_BYTES = 4096;

    /**
     * The largest consensus data, in bytes: room for a checkpoint listing a few hundred signers
     * or a finality vote with its justification.
     */
    public static final int MAX_CONSENSUS_DATA_BYTES = 8192;

    /** The largest header encoding, in bytes: the seal, the consensus data and the other fields. */
    public static final int MAX_ENCODED_BYTES = MAX_SEAL_BYTES + MAX_CONSENSUS_DATA_BYTES + 512;

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
     */
    public BlockHeader {
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
    }

    /**
     * @param newSeal the seal, at most {@link #MAX_SEAL_BYTES}
     * @return a copy of this header with the given seal
     * @throws IllegalArgumentException if the seal is too long
     */
    public BlockHeader withSeal(Bytes newSeal) {
        return new BlockHeader(parentHash, number, timestamp, transactionsRoot, stateRoot, receiptsRoot,
                consensusData, newSeal.copy());
    }

    /**
     * @return Keccak-256 of the RLP of every field but the seal (the consensus data included):
     *     what a sealer signs
     */
    public Hash sealingHash() {
        return Keccak.hash256(RLP.encodeList(this::writeUnsealed));
    }

    /**
     * @return the block hash: Keccak-256 of {@link #encode()}
     */
    public Hash hash() {
        return Keccak.hash256(encode());
    }

    /**
     * @return the RLP {@code [parentHash, number, timestamp, txRoot, stateRoot, receiptsRoot,
     *     consensusData, seal]}
     */
    public Bytes encode() {
        return RLP.encodeList(this::write);
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
        if (!h.encode().equals(rlp)) {
            throw new InvalidBlockException("malformed header: not the canonical encoding");
        }
        return h;
    }
}
