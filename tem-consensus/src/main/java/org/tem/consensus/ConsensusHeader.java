package org.tem.consensus;

import org.apache.tuweni.bytes.Bytes;
import org.tem.ledger.crypto.Hash;

/**
 * What a consensus engine reads of a block header: the narrow view a host adapts its own header
 * type to (tem-ledger's block header, or a simulation's). Implementations must be immutable, and
 * every method must return the same value on every call.
 *
 * <p>The host computes {@link #hash()} and {@link #sealingHash()} from the header's bytes; the
 * sealing hash covers every field except the seal (the consensus data included), and the hash
 * covers every field. An engine trusts these two digests and checks everything else.
 */
public interface ConsensusHeader {

    /**
     * @return the block hash, covering every field of the header including the seal
     */
    Hash hash();

    /**
     * @return the parent's hash ({@link Hash#ZERO} for the genesis)
     */
    Hash parentHash();

    /**
     * @return the height, 0 for the genesis
     */
    long number();

    /**
     * @return milliseconds since 1970-01-01T00:00Z, as sealed in the header
     */
    long timestamp();

    /**
     * @return the consensus data (votes, signer lists, difficulty: whatever the engine put
     *     there when sealing; for the genesis, what {@link Consensus#genesisData()} returned);
     *     covered by the sealing hash
     */
    Bytes consensusData();

    /**
     * @return the seal (a signature over {@link #sealingHash()}), empty before sealing and for
     *     the genesis
     */
    Bytes seal();

    /**
     * @return the digest a sealer signs: every header field except the seal
     */
    Hash sealingHash();

    /**
     * @return whether the block carries no transactions; an engine may seal empty blocks only
     *     for its own purposes (see {@link Consensus#nextSeal})
     */
    boolean empty();
}
