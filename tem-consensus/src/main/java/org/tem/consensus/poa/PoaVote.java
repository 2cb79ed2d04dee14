package org.tem.consensus.poa;

import java.util.Objects;
import org.tem.ledger.crypto.Address;

/**
 * A signer's vote, carried in the consensus data of a block it seals, to authorise a new signer
 * or to drop an existing one (EIP-225). Immutable.
 *
 * <p>Go-ethereum encodes "no vote" as a vote to drop the zero address; here no vote is simply
 * absent ({@code Optional.empty()}), and the zero address can never be a target nor a signer.
 * With that, an absent vote and geth's encoding of no vote have exactly the same effect on the
 * tally.
 *
 * @param target the account voted on; never {@link Address#ZERO}
 * @param authorize {@code true} to add {@code target} to the signers, {@code false} to drop it
 */
public record PoaVote(Address target, boolean authorize) {

    /**
     * @param target the account voted on; never {@link Address#ZERO}
     * @param authorize {@code true} to add {@code target} to the signers, {@code false} to drop it
     * @throws NullPointerException if {@code target} is null
     * @throws IllegalArgumentException if {@code target} is the zero address
     */
    public PoaVote {
        Objects.requireNonNull(target, "target");
        if (target.equals(Address.ZERO)) {
            throw new IllegalArgumentException("target must not be the zero address");
        }
    }

    /**
     * @param target the account to add
     * @return a vote to authorise {@code target}
     * @throws IllegalArgumentException if {@code target} is the zero address
     */
    public static PoaVote authorize(Address target) {
        return new PoaVote(target, true);
    }

    /**
     * @param target the signer to drop
     * @return a vote to drop {@code target}
     * @throws IllegalArgumentException if {@code target} is the zero address
     */
    public static PoaVote drop(Address target) {
        return new PoaVote(target, false);
    }
}
