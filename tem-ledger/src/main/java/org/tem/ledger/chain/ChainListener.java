package org.tem.ledger.chain;

import java.util.List;
import org.tem.ledger.block.BlockHeader;

/**
 * Receives the changes of a chain's canonical branch, on the importing thread, after the change
 * is committed to storage, in this order for one import: {@link #onReorganization} (if the head
 * moved to another branch), {@link #onNewHead}, {@link #onFinalized} (if finality moved). Keep
 * the work short: the next import waits for it. Reads of the chain from a listener see the new
 * head. A listener that throws does not undo the import: the other listeners are still called,
 * and the first exception then propagates out of the import call.
 */
public interface ChainListener {

    /**
     * @param head the new head
     */
    default void onNewHead(BlockHeader head) {
    }

    /**
     * The head moved to another branch.
     *
     * @param dropped the blocks that left the canonical chain, oldest first (their transactions
     *     are no longer in it, unless the added blocks hold them too)
     * @param added the blocks that joined it, oldest first, ending with the new head
     */
    default void onReorganization(List<BlockHeader> dropped, List<BlockHeader> added) {
    }

    /**
     * @param finalized the new highest final block; it and its ancestors never leave the
     *     canonical chain
     */
    default void onFinalized(BlockHeader finalized) {
    }
}
