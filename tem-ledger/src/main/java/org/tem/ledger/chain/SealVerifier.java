package org.tem.ledger.chain;

import org.tem.ledger.Validation;
import org.tem.ledger.block.BlockHeader;

/**
 * The consensus hook: decides whether a header's seal is valid on top of its parent (for example
 * that an authorised validator, in turn, signed {@link BlockHeader#sealingHash()}). The chain
 * calls it before executing an imported block. tem-consensus implements it; the dev chain has a
 * single-signer implementation.
 *
 * <p>Implementations must be deterministic and must not throw for bad input.
 */
@FunctionalInterface
public interface SealVerifier {

    /**
     * @param header the header to check (its number, parent hash and timestamp already checked
     *     against the parent by the chain: at least the parent's plus the block period)
     * @param parent the parent header: the chain's head, or a block held for being stamped in
     *     the future
     * @return valid, or invalid with a reason
     */
    Validation verify(BlockHeader header, BlockHeader parent);

    /**
     * How many of the most recent blocks, up to and including {@code parent}, the median
     * timestamp that contracts see ({@link org.tem.api.contract.ReadContext#medianTimestamp()})
     * is taken over, for a block on top of {@code parent}: {@code floor(N/2) + 1} for N
     * validators, so that a minority of validators cannot move it. The default, 1, is right for
     * a single validator.
     *
     * @param parent the parent header of the block being executed
     * @return the window, at least 1
     */
    default int timeWindow(BlockHeader parent) {
        return 1;
    }

    /**
     * @return a verifier that accepts every seal; for tests and single-node tools only
     */
    static SealVerifier acceptAll() {
        return (header, parent) -> Validation.ok();
    }
}
