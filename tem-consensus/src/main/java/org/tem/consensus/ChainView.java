package org.tem.consensus;

import java.util.Optional;
import org.tem.ledger.crypto.Hash;

/**
 * A read-only view of the headers a host holds, through which an engine walks a header's
 * ancestors (parent hash after parent hash, down to the genesis). The host's block tree, or a
 * simulation's, implements it; it must be safe to call from the thread that calls the engine.
 *
 * <p>An engine never trusts a view more than the bytes it got them from: a header whose number
 * is not one less than its child's, or a walk that does not reach a genesis, is treated as
 * invalid input, never as a reason to loop or throw.
 */
@FunctionalInterface
public interface ChainView {

    /**
     * @param hash a block hash
     * @return the header with that hash, if the host holds it
     */
    Optional<ConsensusHeader> header(Hash hash);
}
