package org.tem.consensus.network;

import java.util.Objects;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.rlp.RLP;
import org.tem.ledger.crypto.Hash;

/**
 * A node's handshake and head announcement: which chain it is on, its head and its finalised
 * block. Sent when a connection opens (peers on a different protocol version, chain id or
 * genesis disconnect) and again whenever a node wants its peers to know its head. Immutable.
 *
 * @param protocolVersion the message protocol's version ({@link #PROTOCOL_VERSION})
 * @param chainId the chain id transactions are signed for
 * @param genesisHash the genesis block's hash (it commits to the consensus parameters)
 * @param headNumber the head's height
 * @param headHash the head's hash
 * @param weight the head's fork-choice weight in the consensus engine's own encoding (opaque
 *     here), at most {@link #MAX_WEIGHT_BYTES}
 * @param finalizedNumber the height of the highest final block, at most {@code headNumber}
 * @param finalizedHash its hash
 */
public record Status(int protocolVersion, long chainId, Hash genesisHash, long headNumber, Hash headHash,
        Bytes weight, long finalizedNumber, Hash finalizedHash) implements Message {

    /** The protocol version of this code. */
    public static final int PROTOCOL_VERSION = 1;

    /** The largest weight, in bytes. */
    public static final int MAX_WEIGHT_BYTES = 64;

    static final int TYPE = 0;

    /**
     * @param protocolVersion the message protocol's version ({@link #PROTOCOL_VERSION})
     * @param chainId the chain id transactions are signed for
     * @param genesisHash the genesis block's hash (it commits to the consensus parameters)
     * @param headNumber the head's height
     * @param headHash the head's hash
     * @param weight the head's fork-choice weight in the consensus engine's own encoding (opaque
     *     here), at most {@link #MAX_WEIGHT_BYTES}
     * @param finalizedNumber the height of the highest final block, at most {@code headNumber}
     * @param finalizedHash its hash
     * @throws NullPointerException if a component is null
     * @throws IllegalArgumentException if a number is negative, the finalised block is above the
     *     head, or the weight is too long
     */
    public Status {
        Objects.requireNonNull(genesisHash, "genesisHash");
        Objects.requireNonNull(headHash, "headHash");
        Objects.requireNonNull(weight, "weight");
        Objects.requireNonNull(finalizedHash, "finalizedHash");
        if (protocolVersion < 0 || chainId < 0 || headNumber < 0 || finalizedNumber < 0) {
            throw new IllegalArgumentException("protocol version, chain id and numbers must be at least 0");
        }
        if (finalizedNumber > headNumber) {
            throw new IllegalArgumentException("finalised block " + finalizedNumber + " above head " + headNumber);
        }
        if (weight.size() > MAX_WEIGHT_BYTES) {
            throw new IllegalArgumentException("weight must be at most " + MAX_WEIGHT_BYTES + " bytes, was "
                    + weight.size());
        }
    }

    @Override
    public Bytes encode() {
        return RLP.encodeList(w -> {
            w.writeInt(TYPE);
            w.writeInt(protocolVersion);
            w.writeLong(chainId);
            w.writeValue(genesisHash.toBytes());
            w.writeLong(headNumber);
            w.writeValue(headHash.toBytes());
            w.writeValue(weight);
            w.writeLong(finalizedNumber);
            w.writeValue(finalizedHash.toBytes());
        });
    }
}
