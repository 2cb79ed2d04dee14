package org.tem.ledger.chain;

import java.util.Optional;
import org.tem.ledger.block.BlockHeader;
import org.tem.ledger.crypto.Hash;

/**
 * A read-only view of the headers a chain holds, through which a {@link ConsensusHook} walks a
 * header's ancestors (parent hash after parent hash, down to the genesis). The chain passes one
 * to every hook call; it holds every stored block (canonical or not), the blocks held for being
 * stamped in the future, and the block being judged.
 *
 * <p>Implementations are thread-safe and never block on an import.
 */
@FunctionalInterface
public interface HeaderView {

    /**
     * @param hash a block hash
     * @return the header with that hash, if the chain holds it
     */
    Optional<BlockHeader> header(Hash hash);

    /**
     * Walks from {@code from} down to its ancestor at height {@code number}, one parent at a time:
     * {@code from.number() - number} lookups.
     *
     * @param from a header
     * @param number a height at most {@code from.number()}
     * @return the ancestor (or {@code from} itself if the number is its own); empty if
     *     {@code number} is negative or above {@code from}, or an ancestor on the way is missing
     */
    default Optional<BlockHeader> ancestor(BlockHeader from, long number) {
        if (number < 0 || number > from.number()) {
            return Optional.empty();
        }
        BlockHeader h = from;
        while (h.number() > number) {
            Optional<BlockHeader> p = header(h.parentHash());
            if (p.isEmpty() || p.get().number() != h.number() - 1) {
                return Optional.empty();
            }
            h = p.get();
        }
        return Optional.of(h);
    }
}
