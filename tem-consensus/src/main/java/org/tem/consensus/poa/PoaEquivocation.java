package org.tem.consensus.poa;

import java.util.Objects;
import java.util.Optional;
import org.tem.ledger.crypto.Address;
import org.tem.ledger.crypto.Hash;

/**
 * Evidence that a signer broke a rule no crashed or honest signer breaks: two blocks it sealed
 * that together are impossible for an honest signer. The two headers, which carry the signer's
 * signatures, are the proof an operator can check and act on (for example by voting the signer
 * out); the node keeps them by hash. Immutable; the two blocks are in ascending hash order so
 * that the same pair gives equal evidence whatever order it was seen in.
 *
 * @param kind which rule was broken
 * @param signer the signer of both blocks
 * @param first the block with the lower hash
 * @param second the block with the higher hash
 */
public record PoaEquivocation(Kind kind, Address signer, Sighting first, Sighting second) {

    /**
     * @throws NullPointerException if a component is null
     * @throws IllegalArgumentException if the sightings are not in strictly ascending hash order
     *     or are not both by {@code signer}
     */
    public PoaEquivocation {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(signer, "signer");
        if (first.hash().compareTo(second.hash()) >= 0) {
            throw new IllegalArgumentException("sightings must be in strictly ascending hash order");
        }
        if (!first.signer().equals(signer) || !second.signer().equals(signer)) {
            throw new IllegalArgumentException("both sightings must be by " + signer);
        }
    }

    /** The rule a pair of blocks breaks. */
    public enum Kind {
        /** Two different blocks at one height. */
        DOUBLE_SEAL,
        /** Two different finality votes with one target number ({@link PoaFinalityVote#conflictsWith}). */
        DOUBLE_VOTE,
        /** One finality vote's span strictly contains the other's. */
        SURROUND_VOTE
    }

    /**
     * One sealed block as the detector saw it. Immutable.
     *
     * @param hash the block hash
     * @param number the block number
     * @param signer the signer recovered from the seal
     * @param vote the finality vote the block casts, or empty if its flag is not set
     */
    public record Sighting(Hash hash, long number, Address signer, Optional<PoaFinalityVote> vote) {

        /**
         * @throws NullPointerException if a component is null
         */
        public Sighting {
            Objects.requireNonNull(hash, "hash");
            Objects.requireNonNull(signer, "signer");
            Objects.requireNonNull(vote, "vote");
        }
    }
}
