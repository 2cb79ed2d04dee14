package org.tem.consensus.poa;

import java.util.Objects;
import org.tem.ledger.crypto.Address;
import org.tem.ledger.crypto.Hash;

/**
 * Evidence that a signer broke a voting rule of {@link PoaFinality} that no honest or crashed
 * signer breaks: two blocks it sealed whose finality votes conflict ({@link
 * PoaFinalityVote#conflictsWith}). The two headers, which carry the signer's signatures, are the
 * proof an operator can check and act on (for example by voting the signer out); the node keeps
 * them by hash. Immutable; the two blocks are in ascending hash order so that the same pair gives
 * equal evidence whatever order it was seen in.
 *
 * <p>Two blocks by one signer at one height are not by themselves evidence: under Clique's fork
 * choice an honest signer seals again at a height it has used when it follows a reorganisation
 * (geth's signers do), and seals commit to nothing in this design. Two such blocks that both
 * carry finality votes for different anchors are a {@link Kind#DOUBLE_VOTE}.
 *
 * @param kind which rule was broken
 * @param signer the signer of both blocks
 * @param first the block with the lower hash
 * @param second the block with the higher hash
 */
public record PoaEquivocation(Kind kind, Address signer, Sighting first, Sighting second) {

    /**
     * @param kind which rule was broken
     * @param signer the signer of both blocks
     * @param first the block with the lower hash
     * @param second the block with the higher hash
     * @throws NullPointerException if a component is null
     * @throws IllegalArgumentException if the sightings are not in strictly ascending hash order,
     *     are not both by {@code signer}, or their votes do not conflict as {@code kind} says
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
        if (Kind.of(first.vote(), second.vote()) != kind) {
            throw new IllegalArgumentException("the votes are not a " + kind);
        }
    }

    /** The rule a pair of votes breaks. */
    public enum Kind {
        /** Two different finality votes with one target number. */
        DOUBLE_VOTE,
        /** One finality vote's span (source to target) strictly contains the other's. */
        SURROUND_VOTE;

        /**
         * @param a a vote
         * @param b another vote by the same signer
         * @return the rule the pair breaks, or null if it breaks none
         */
        static Kind of(PoaFinalityVote a, PoaFinalityVote b) {
            if (!a.conflictsWith(b)) {
                return null;
            }
            return a.target().number() == b.target().number() ? DOUBLE_VOTE : SURROUND_VOTE;
        }
    }

    /**
     * One sealed block carrying a finality vote, as the detector saw it. Immutable.
     *
     * @param hash the block hash
     * @param number the block number
     * @param signer the signer recovered from the seal
     * @param vote the finality vote the block casts
     */
    public record Sighting(Hash hash, long number, Address signer, PoaFinalityVote vote) {

        /**
         * @param hash the block hash
         * @param number the block number
         * @param signer the signer recovered from the seal
         * @param vote the finality vote the block casts
         * @throws NullPointerException if a component is null
         */
        public Sighting {
            Objects.requireNonNull(hash, "hash");
            Objects.requireNonNull(signer, "signer");
            Objects.requireNonNull(vote, "vote");
        }
    }
}
