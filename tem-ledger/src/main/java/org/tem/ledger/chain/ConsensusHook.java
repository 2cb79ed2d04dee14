package org.tem.ledger.chain;

import org.tem.ledger.Validation;
import org.tem.ledger.block.BlockHeader;
import org.tem.ledger.crypto.Hash;

/**
 * What the chain asks of its consensus: whether a header may be imported on top of its
 * ancestors, which of two branch heads to follow, which block of a branch is final, and over how
 * many blocks contracts' median time is taken. The ledger knows nothing else of the consensus:
 * tem-consensus adapts its engines to this interface, and the dev chain has a single-validator
 * implementation ({@link org.tem.ledger.dev.DevSeal#verifier}).
 *
 * <p>Every method reads headers only through the {@link HeaderView} it is given (which holds the
 * header being judged and all its ancestors), is deterministic (every honest node must reach
 * the same answers from the same headers) and thread-safe: the chain calls {@link #verify},
 * {@link #compare} and {@link #finalized} from the importing thread, and {@link #timeWindow} also
 * from threads running contract queries. The chain treats an exception thrown by a hook as this
 * node failing to process the block ({@link ImportResult.Status#NOT_PROCESSED}), never as a
 * verdict on it.
 */
public interface ConsensusHook {

    /**
     * Checks a header against its ancestors: its seal, its signer's right to seal it, its
     * consensus data, anything the consensus demands of its timestamp. Called before the block's
     * transactions are executed; the chain has already checked the number, the parent's
     * existence and the timestamp against the parent plus the block period. Never throws for bad
     * input.
     *
     * @param chain the chain's headers, holding the header's ancestors
     * @param header the header to check (number at least 1)
     * @return valid, or invalid with a reason
     */
    Validation verify(HeaderView chain, BlockHeader header);

    /**
     * Fork choice between two valid branch heads: the chain follows the greater. A total order:
     * {@code compare(a, b) == 0} exactly when the hashes are equal, {@code compare(b, a)} has the
     * opposite sign, and it is transitive, so that nodes that see the same blocks in any order
     * follow the same head. It may look at the whole of both branches (Clique's total difficulty
     * and EIP-3436's tie-breaks need the ancestors, not a per-block weight).
     *
     * @param chain the chain's headers
     * @param a a verified block (or the genesis)
     * @param b another
     * @return negative if {@code a} is less preferred than {@code b}, 0 if the same block,
     *     positive if more preferred
     */
    int compare(HeaderView chain, BlockHeader a, BlockHeader b);

    /**
     * The highest final block on {@code head}'s branch: the chain never reorganises below it, and
     * prunes state older than it (keeping a window). It must be {@code head} or one of its
     * ancestors; the chain ignores an answer lower than the finality it already has (finality
     * never moves back).
     *
     * @param chain the chain's headers
     * @param head a verified block that is about to become the head (or the genesis)
     * @return the hash of {@code head} or of one of its ancestors
     */
    Hash finalized(HeaderView chain, BlockHeader head);

    /**
     * How many of the most recent blocks, up to and including {@code parent}, the median
     * timestamp that contracts see ({@link org.tem.api.contract.ReadContext#medianTimestamp()})
     * is taken over for a block on top of {@code parent}: {@code floor(N/2) + 1} for N
     * validators, so that a minority of validators cannot move it. The default, 1, is right for
     * a single validator.
     *
     * @param chain the chain's headers
     * @param parent the parent header of the block being executed (for a query: the block read)
     * @return the window, at least 1 (a smaller answer counts as 1)
     */
    default int timeWindow(HeaderView chain, BlockHeader parent) {
        return 1;
    }

    /**
     * The simplest fork choice: the higher block, then the lower hash. A total order.
     *
     * @param a a header
     * @param b another
     * @return positive if {@code a} is preferred
     */
    static int highestThenLowestHash(BlockHeader a, BlockHeader b) {
        int c = Long.compare(a.number(), b.number());
        return c != 0 ? c : b.hash().compareTo(a.hash());
    }

    /**
     * A hook for tests and single-node tools: accepts every header, follows the highest block
     * (then the lowest hash), and treats every new head as final at once, as a chain with one
     * trusted sealer may (so it never reorganises, and prunes state as it goes).
     *
     * @return the hook
     */
    static ConsensusHook acceptAll() {
        return new ConsensusHook() {
            @Override
            public Validation verify(HeaderView chain, BlockHeader header) {
                return Validation.ok();
            }

            @Override
            public int compare(HeaderView chain, BlockHeader a, BlockHeader b) {
                return highestThenLowestHash(a, b);
            }

            @Override
            public Hash finalized(HeaderView chain, BlockHeader head) {
                return head.hash();
            }
        };
    }
}
