package org.tem.consensus.sim;

import java.util.Objects;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.rlp.RLP;
import org.apache.tuweni.rlp.RLPReader;
import org.apache.tuweni.rlp.RLPWriter;
import org.tem.consensus.ConsensusHeader;
import org.tem.ledger.crypto.Hash;
import org.tem.ledger.crypto.Keccak;

/**
 * The header of the simulation's blocks: the fields a consensus engine reads, plus a body hash
 * standing for everything else a real header commits to. The sealing hash covers every field
 * but the seal; the hash covers all. Immutable; the two digests are computed once.
 */
public final class SimHeader implements ConsensusHeader {

    /** The body hash of a block without transactions. */
    public static final Hash EMPTY_BODY = SimBlock.bodyHash(java.util.List.of());

    private static final int MAX_ENCODED_BYTES = 64 * 1024;

    private final Hash parentHash;
    private final long number;
    private final long timestamp;
    private final Hash bodyHash;
    private final Bytes consensusData;
    private final Bytes seal;
    private final Hash sealingHash;
    private final Hash hash;
    private final Bytes encoded;

    /**
     * @throws IllegalArgumentException if a number is negative
     */
    public SimHeader(Hash parentHash, long number, long timestamp, Hash bodyHash, Bytes consensusData, Bytes seal) {
        this.parentHash = Objects.requireNonNull(parentHash);
        this.number = number;
        this.timestamp = timestamp;
        this.bodyHash = Objects.requireNonNull(bodyHash);
        this.consensusData = consensusData.copy();
        this.seal = seal.copy();
        if (number < 0 || timestamp < 0) {
            throw new IllegalArgumentException("number and timestamp must be at least 0");
        }
        this.sealingHash = Keccak.hash256(RLP.encodeList(this::writeUnsealed));
        this.encoded = RLP.encodeList(w -> {
            writeUnsealed(w);
            w.writeValue(this.seal);
        });
        this.hash = Keccak.hash256(encoded);
    }

    /** A genesis header carrying {@code consensusData}. */
    public static SimHeader genesis(long timestamp, Bytes consensusData) {
        return new SimHeader(Hash.ZERO, 0, timestamp, EMPTY_BODY, consensusData, Bytes.EMPTY);
    }

    private void writeUnsealed(RLPWriter w) {
        w.writeValue(parentHash.toBytes());
        w.writeLong(number);
        w.writeLong(timestamp);
        w.writeValue(bodyHash.toBytes());
        w.writeValue(consensusData);
    }

    /** This header with {@code newSeal}. */
    public SimHeader withSeal(Bytes newSeal) {
        return new SimHeader(parentHash, number, timestamp, bodyHash, consensusData, newSeal);
    }

    public Bytes encode() {
        return encoded;
    }

    /**
     * @throws IllegalArgumentException if the bytes are not a canonical header encoding
     */
    public static SimHeader decode(Bytes bytes) {
        if (bytes.size() > MAX_ENCODED_BYTES) {
            throw new IllegalArgumentException("header too large");
        }
        SimHeader h;
        try {
            h = RLP.decodeList(bytes, SimHeader::read);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("malformed header: " + e.getMessage(), e);
        }
        if (!h.encode().equals(bytes)) {
            throw new IllegalArgumentException("malformed header: not canonical");
        }
        return h;
    }

    static SimHeader read(RLPReader r) {
        SimHeader h = new SimHeader(hash(r.readValue()), r.readLong(), r.readLong(), hash(r.readValue()), r.readValue(),
                r.readValue());
        if (!r.isComplete()) {
            throw new IllegalArgumentException("extra header fields");
        }
        return h;
    }

    private static Hash hash(Bytes b) {
        if (b.size() != Hash.SIZE) {
            throw new IllegalArgumentException("hash of " + b.size() + " bytes");
        }
        return Hash.of(b);
    }

    public Hash bodyHash() {
        return bodyHash;
    }

    @Override
    public Hash hash() {
        return hash;
    }

    @Override
    public Hash parentHash() {
        return parentHash;
    }

    @Override
    public long number() {
        return number;
    }

    @Override
    public long timestamp() {
        return timestamp;
    }

    @Override
    public Bytes consensusData() {
        return consensusData;
    }

    @Override
    public Bytes seal() {
        return seal;
    }

    @Override
    public Hash sealingHash() {
        return sealingHash;
    }

    @Override
    public boolean empty() {
        return bodyHash.equals(EMPTY_BODY);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SimHeader h && hash.equals(h.hash);
    }

    @Override
    public int hashCode() {
        return hash.hashCode();
    }

    @Override
    public String toString() {
        return "#" + number + " " + hash.toHexString().substring(0, 10);
    }
}
