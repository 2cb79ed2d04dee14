package org.tem.consensus;

import java.util.Objects;
import org.tem.ledger.crypto.Address;

/**
 * Proof that a validator broke a rule of its consensus that no honest or crashed validator
 * breaks: two headers it sealed that conflict. The headers carry the validator's signatures, so
 * anyone can check the proof without trusting the node that found it; an operator acts on it
 * (for example by voting the validator out). Immutable; {@code first} has the lower hash, so the
 * same pair gives equal evidence whatever order it was seen in.
 *
 * @param validator the address that sealed both headers
 * @param rule the rule broken, in a few words (for example "double finality vote")
 * @param first the header with the lower hash
 * @param second the header with the higher hash
 */
public record Evidence(Address validator, String rule, ConsensusHeader first, ConsensusHeader second) {

    /**
     * @param validator the address that sealed both headers
     * @param rule the rule broken, in a few words (for example "double finality vote")
     * @param first the header with the lower hash
     * @param second the header with the higher hash
     * @throws NullPointerException if a component is null
     * @throws IllegalArgumentException if the headers are not in strictly ascending hash order
     */
    public Evidence {
        Objects.requireNonNull(validator, "validator");
        Objects.requireNonNull(rule, "rule");
        if (first.hash().compareTo(second.hash()) >= 0) {
            throw new IllegalArgumentException("headers must be in strictly ascending hash order");
        }
    }
}
