package org.tem.consensus;

/**
 * When a validator may seal on a given parent (the answer of {@link Consensus#nextSeal}).
 * Immutable.
 *
 * @param atMillis the earliest time to seal, milliseconds since 1970-01-01T00:00Z on the host's
 *     clock; may be in the past (seal at once)
 * @param inTurn whether the validator is the preferred sealer of this height (in Clique, the
 *     in-turn signer); an out-of-turn slot already includes the engine's randomised delay
 */
public record SealSlot(long atMillis, boolean inTurn) {
}
