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
     *     against the parent by the chain)
     * @param parent the parent header
     * @return valid, or invalid with a reason
     */
    Validation verify(BlockHeader header, BlockHeader parent);

    /**
     * @return a verifier that accepts every seal; for tests and single-node tools only
     */
    static SealVerifier acceptAll() {
        return (header, parent) -> Validation.ok();
    }
}
