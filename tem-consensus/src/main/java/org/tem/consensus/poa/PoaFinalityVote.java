package org.tem.consensus.poa;

import java.util.Objects;

/**
 * The finality vote a seal casts when its header's {@link PoaHeaderData#finalityVote()} flag is
 * set: a link from the highest anchor justified on the chain when the current finality epoch
 * began (the source) to the anchor that began it (the target). Both are fixed by the chain the
 * block is sealed on, so the flag is all a header carries. Immutable.
 *
 * @param source a justified ancestor of the target, with a smaller number
 * @param target the anchor of the epoch the voting block belongs to
 */
public record PoaFinalityVote(PoaAnchor source, PoaAnchor target) {

    /**
     * @param source a justified ancestor of the target, with a smaller number
     * @param target the anchor of the epoch the voting block belongs to
     * @throws NullPointerException if an anchor is null
     * @throws IllegalArgumentException if the source is not below the target
     */
    public PoaFinalityVote {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
        if (source.number() >= target.number()) {
            throw new IllegalArgumentException("source " + source.number() + " must be below target "
                    + target.number());
        }
    }

    /**
     * Whether a signer casting both this vote and {@code other} broke a finality rule: two
     * different votes with the same target number (a double vote), or one vote whose span
     * strictly contains the other's (a surround vote). An honest signer never does either.
     *
     * @param other another vote by the same signer
     * @return whether the pair is slashable evidence
     */
    public boolean conflictsWith(PoaFinalityVote other) {
        if (equals(other)) {
            return false;
        }
        long s1 = source.number();
        long t1 = target.number();
        long s2 = other.source.number();
        long t2 = other.target.number();
        return t1 == t2 || s1 < s2 && t2 < t1 || s2 < s1 && t1 < t2;
    }
}
