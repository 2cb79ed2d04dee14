package org.tem.consensus.poa;

import java.util.Objects;
import org.tem.ledger.crypto.Hash;

/**
 * A finality anchor: a block whose number is a multiple of the finality epoch length (see
 * {@link PoaFinality}), the unit that finality votes justify and finalise. Immutable.
 *
 * @param number the block number, at least 0
 * @param hash the block hash
 */
public record PoaAnchor(long number, Hash hash) {

    /**
     * @param number the block number, at least 0
     * @param hash the block hash
     * @throws NullPointerException if {@code hash} is null
     * @throws IllegalArgumentException if {@code number} is negative
     */
    public PoaAnchor {
        Objects.requireNonNull(hash, "hash");
        if (number < 0) {
            throw new IllegalArgumentException("number must be at least 0, was " + number);
        }
    }
}
