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
 * @param parentHash the hash of the parent header ({@link Hash#ZERO} for genesis)
 * @param number the height, 0 for genesis
 * @param timestamp milliseconds since 1970-01-01T00:00Z, at least the parent's; the only time a
 *     contract sees
 * @param transactionsRoot the Merkle root of the transactions
 * @param stateRoot the world-state root after executing the block
 * @param receiptsRoot the Merkle root of the receipts
 * @param seal consensus data (for example a validator signature over {@link #sealingHash()}),
 *     opaque to the ledger, at most {@link #MAX_SEAL_BYTES}
 */
public record BlockHeader(Hash parentHash, long number, long timestamp, Hash transactionsRoot,
        Hash stateRoot, Hash receiptsRoot, Bytes seal) {

    /** The largest seal, in bytes. */
    public static final int MAX_SEAL_BYTES = 4096;

    /** The largest header encoding, in bytes: the seal plus room for the other fields. */
    public static final int MAX_ENCODED_BYTES = MAX_SEAL_BYTES + 512;

    /**
     * @throws IllegalArgumentException if the number or timestamp is negative or the seal too long
     */
    public BlockHeader {
        Objects.requireNonNull(parentHash, "parentHash");
        Objects.requireNonNull(transactionsRoot, "transactionsRoot");
        Objects.requireNonNull(stateRoot, "stateRoot");
        Objects.requireNonNull(receiptsRoot, "receiptsRoot");
        Objects.requireNonNull(seal, "seal");
        if (number < 0) {
            throw new IllegalArgumentException("number must be at least 0, was " + number);
        }
        if (timestamp < 0) {
            throw new IllegalArgumentException("timestamp must be at least 0, was " + timestamp);
        }
        if (seal.size() > MAX_SEAL_BYTES) {
            throw new IllegalArgumentException("seal must be at most " + MAX_SEAL_BYTES + " bytes, was " + seal.size());
        }
    }

    /**
     * @param newSeal the seal
     * @return a copy of this header with the given seal
     */
    public BlockHeader withSeal(Bytes newSeal) {
        return new BlockHeader(parentHash, number, timestamp, transactionsRoot, stateRoot, receiptsRoot,
                newSeal.copy());
    }

    /**
     * @return Keccak-256 of the RLP of every field but the seal: what a sealer signs
     */
    public Hash sealingHash() {
        return Keccak.hash256(RLP.encodeList(w -> writeUnsealed(w)));
    }

    /**
     * @return the block hash: Keccak-256 of {@link #encode()}
     */
    public Hash hash() {
        return Keccak.hash256(encode());
    }

    /**
     * @return the RLP {@code [parentHash, number, timestamp, txRoot, stateRoot, receiptsRoot, seal]}
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
    }

    static BlockHeader read(RLPReader r) {
        BlockHeader h = new BlockHeader(Hash.of(r.readValue()), r.readLong(), r.readLong(),
                Hash.of(r.readValue()), Hash.of(r.readValue()), Hash.of(r.readValue()), r.readValue());
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
