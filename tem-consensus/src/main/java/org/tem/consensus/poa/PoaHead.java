package org.tem.consensus.poa;

import java.util.Objects;
import org.tem.ledger.crypto.Hash;

/**
 * What the fork choice compares of a candidate head (see {@link PoaForkChoice}). Immutable.
 *
 * @param hash the head block's hash (EIP-3436's last tie-break, as an unsigned 256-bit integer)
 * @param number the head block's number
 * @param totalDifficulty the sum of the difficulties of every block from the genesis to the head,
 *     the genesis included; at least 0
 * @param inTurnDistance EIP-3436's {@code (Hn - Vi) mod Vt} for the head's signer, from the
 *     snapshot of the head's parent ({@link PoaSnapshot#inTurnDistance}); 0 for the genesis
 * @param justified the highest anchor justified on the head's chain ({@link
 *     PoaFinality#justified()}); used only by {@link PoaForkChoice#WITH_FINALITY}
 */
public record PoaHead(Hash hash, long number, long totalDifficulty, int inTurnDistance, PoaAnchor justified) {

    /**
     * @param hash the head block's hash (EIP-3436's last tie-break, as an unsigned 256-bit integer)
     * @param number the head block's number
     * @param totalDifficulty the sum of the difficulties of every block from the genesis to the head,
     *     the genesis included; at least 0
     * @param inTurnDistance EIP-3436's {@code (Hn - Vi) mod Vt} for the head's signer, from the
     *     snapshot of the head's parent ({@link PoaSnapshot#inTurnDistance}); 0 for the genesis
     * @param justified the highest anchor justified on the head's chain ({@link
     *     PoaFinality#justified()}); used only by {@link PoaForkChoice#WITH_FINALITY}
     * @throws NullPointerException if the hash or anchor is null
     * @throws IllegalArgumentException if a number is negative or the anchor is above the head
     */
    public PoaHead {
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(justified, "justified");
        if (number < 0 || totalDifficulty < 0 || inTurnDistance < 0) {
            throw new IllegalArgumentException("number, totalDifficulty and inTurnDistance must be at least 0, were "
                    + number + ", " + totalDifficulty + ", " + inTurnDistance);
        }
        if (justified.number() > number) {
            throw new IllegalArgumentException("justified anchor " + justified.number() + " above head " + number);
        }
    }
}
