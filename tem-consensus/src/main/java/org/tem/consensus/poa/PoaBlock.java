package org.tem.consensus.poa;

import java.util.Objects;
import org.tem.ledger.crypto.Address;
import org.tem.ledger.crypto.Hash;

/**
 * What the finality rule and the fork choice need of a sealed block, already verified by the
 * caller against its parent's {@link PoaSnapshot}. Immutable.
 *
 * @param hash the block hash
 * @param number the block number, at least 1
 * @param signer the signer recovered from the seal
 * @param difficulty 1 or 2 (see {@link PoaSnapshot#difficulty})
 * @param finalityVote the header's {@link PoaHeaderData#finalityVote()} flag
 */
public record PoaBlock(Hash hash, long number, Address signer, int difficulty, boolean finalityVote) {

    /**
     * @param hash the block hash
     * @param number the block number, at least 1
     * @param signer the signer recovered from the seal
     * @param difficulty 1 or 2 (see {@link PoaSnapshot#difficulty})
     * @param finalityVote the header's {@link PoaHeaderData#finalityVote()} flag
     * @throws NullPointerException if the hash or signer is null
     * @throws IllegalArgumentException if the number is below 1 or the difficulty is not 1 or 2
     */
    public PoaBlock {
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(signer, "signer");
        if (number < 1) {
            throw new IllegalArgumentException("number must be at least 1, was " + number);
        }
        if (difficulty != PoaSnapshot.DIFFICULTY_IN_TURN && difficulty != PoaSnapshot.DIFFICULTY_OUT_OF_TURN) {
            throw new IllegalArgumentException("difficulty must be 1 or 2, was " + difficulty);
        }
    }
}
