package org.tem.consensus;

import java.util.Objects;
import org.tem.ledger.crypto.Hash;

/**
 * A block named by its number and hash. Immutable.
 *
 * @param number the height, at least 0
 * @param hash the block hash
 */
public record BlockId(long number, Hash hash) {

    /**
     * @param number the height, at least 0
     * @param hash the block hash
     * @throws NullPointerException if {@code hash} is null
     * @throws IllegalArgumentException if {@code number} is negative
     */
    public BlockId {
        Objects.requireNonNull(hash, "hash");
        if (number < 0) {
            throw new IllegalArgumentException("number must be at least 0, was " + number);
        }
    }

    /**
     * @param header a header
     * @return the header's number and hash
     */
    public static BlockId of(ConsensusHeader header) {
        return new BlockId(header.number(), header.hash());
    }
}
