package org.tem.consensus;

import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.tem.ledger.Validation;
import org.tem.ledger.crypto.Address;

/**
 * A consensus engine: who may seal a block on top of a parent and when, how to seal it, whether a
 * header received from anyone is valid, which of two branch heads to follow, which block is
 * final, and the evidence of validators that broke a rule. The host (a node, or a simulation)
 * owns the blocks and the clock; the engine reads headers through a {@link ChainView} and never
 * blocks or reads a clock of its own, so it runs the same in a discrete-event simulation and in a
 * node.
 *
 * <p>The host's sealing loop: when the head or the presence of pending transactions changes, ask
 * {@link #nextSeal}; at the slot's time, if the head is still the same, call {@link #prepare},
 * build the header with the returned timestamp and consensus data (and its transactions), call
 * {@link #seal} and put the returned bytes in the header's seal; import and publish it. For any
 * header received from a peer, {@link #verify} before importing; follow the head that {@link
 * #compare} prefers; never reorganise below {@link #finalized}.
 *
 * <p>Rules every implementation keeps (checked by the shared contract test that every
 * implementation's test inherits): a header sealed through this interface verifies, and one with
 * any field changed does not; {@link #compare} is a total order on the blocks it is given;
 * finality never moves backwards along a chain; {@link #verify} never throws for bad input.
 * Implementations are thread-safe, and everything a ledger executes from them ({@link #verify},
 * {@link #compare}, {@link #finalized}, {@link #timeWindow}) is deterministic.
 */
public interface Consensus {

    /**
     * @return the consensus data of this chain's genesis header: the consensus parameters the
     *     genesis commits to (so nodes configured differently disagree on the genesis hash)
     */
    Bytes genesisData();

    /**
     * @return the address this engine seals with, or empty for an engine that only verifies
     */
    Optional<Address> validator();

    /**
     * When this validator may seal on top of {@code parent}, if it may at all. The answer can
     * depend on {@code nowMillis} (a slot never lies before it is asked for); ask again when the
     * parent or {@code transactionsPending} changes, not on every tick, and seal at the returned
     * time if the parent is still the head.
     *
     * @param chain the host's headers; must hold {@code parent} and its ancestors
     * @param parent the head to seal on, already verified (or the genesis)
     * @param transactionsPending whether the host has transactions to include
     * @param nowMillis the host's clock, milliseconds since 1970-01-01T00:00Z
     * @return the slot, or empty if this engine has no key, the validator may not seal on this
     *     parent, or there is nothing to seal
     * @throws IllegalArgumentException if {@code parent}'s chain is invalid or not held by
     *     {@code chain}
     */
    Optional<SealSlot> nextSeal(ChainView chain, ConsensusHeader parent, boolean transactionsPending,
            long nowMillis);

    /**
     * The timestamp and consensus data of the next block on {@code parent}.
     *
     * @param chain the host's headers
     * @param parent the head to seal on, already verified (or the genesis)
     * @param nowMillis the host's clock
     * @return the fields to put in the new header
     * @throws IllegalStateException if this engine has no key or may not seal on {@code parent}
     * @throws IllegalArgumentException if {@code parent}'s chain is invalid or not held by
     *     {@code chain}
     */
    HeaderTemplate prepare(ChainView chain, ConsensusHeader parent, long nowMillis);

    /**
     * Signs a header built from {@link #prepare}'s template, after checking it as {@link
     * #verify} would (all but the seal). Any commitment the seal makes (a finality vote) is
     * persisted before this method returns, so publish the header only afterwards.
     *
     * @param chain the host's headers; must hold the header's parent
     * @param unsealed the complete header with an empty seal
     * @return the seal to put in the header
     * @throws IllegalStateException if this engine has no key, or the header's consensus data is
     *     not what this validator may publish on its parent (for example, prepared for an
     *     earlier vote that a later seal has made unsafe)
     */
    Bytes seal(ChainView chain, ConsensusHeader unsealed);

    /**
     * Checks a header from anyone against its ancestors: its seal, its signer's right to seal
     * it, its consensus data and its timestamp. Never throws for bad input, and a rejected header
     * changes no state the engine relies on.
     *
     * @param chain the host's headers; must hold the header's ancestors
     * @param header the header to check (number at least 1)
     * @return valid, or invalid with a reason (an unknown parent is a reason)
     */
    Validation verify(ChainView chain, ConsensusHeader header);

    /**
     * Fork choice between two branch heads: the host follows the greatest. A total order over
     * verified blocks: {@code compare(a, b) == 0} exactly when the hashes are equal, {@code
     * compare(a, b)} has the sign opposite to {@code compare(b, a)}, and it is transitive.
     *
     * @param chain the host's headers
     * @param a a verified block (or the genesis)
     * @param b another
     * @return negative if {@code a} is less preferred than {@code b}, 0 if the same block,
     *     positive if more preferred
     * @throws IllegalArgumentException if either chain is invalid or not held by {@code chain}
     */
    int compare(ChainView chain, ConsensusHeader a, ConsensusHeader b);

    /**
     * The highest final block on {@code head}'s chain: it and its ancestors are never
     * reorganised by a host that follows {@link #compare}.
     *
     * @param chain the host's headers
     * @param head a verified block (or the genesis)
     * @return {@code head} or one of its ancestors; along a chain, never lower than the parent's
     * @throws IllegalArgumentException if the chain is invalid or not held by {@code chain}
     */
    BlockId finalized(ChainView chain, ConsensusHeader head);

    /**
     * How many of the most recent blocks, up to and including {@code parent}, the median
     * timestamp a contract sees is taken over, for a block on top of {@code parent}: enough that
     * the validators who can seal a minority of them cannot move it.
     *
     * @param chain the host's headers
     * @param parent the parent of the block being executed
     * @return the window, at least 1
     * @throws IllegalArgumentException if the chain is invalid or not held by {@code chain}
     */
    int timeWindow(ChainView chain, ConsensusHeader parent);

    /**
     * @return the evidence found so far in verified headers, oldest first; bounded (the oldest
     *     is forgotten first); an unmodifiable copy
     */
    List<Evidence> evidence();
}
