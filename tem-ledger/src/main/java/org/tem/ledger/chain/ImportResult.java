package org.tem.ledger.chain;

import java.util.List;
import java.util.Objects;
import org.tem.ledger.block.BlockHeader;
import org.tem.ledger.tx.Receipt;

/**
 * The outcome of importing a block. Only {@link Status#NEW_HEAD}, {@link Status#REORGANIZED} and
 * {@link Status#SIDE_BLOCK} stored anything ({@link #imported()}); every other outcome changed
 * nothing. Immutable.
 *
 * @param status what happened
 * @param reason why the block was not imported (every status but the three imported ones and
 *     {@link Status#ALREADY_KNOWN}), or the empty string
 * @param receipts the receipts of an imported block, in transaction order; empty otherwise
 * @param dropped for {@link Status#REORGANIZED}: the blocks that left the canonical chain, oldest
 *     first (never empty); empty otherwise
 * @param added for {@link Status#NEW_HEAD} and {@link Status#REORGANIZED}: the blocks that joined
 *     the canonical chain, oldest first, ending with this block; empty otherwise
 */
public record ImportResult(Status status, String reason, List<Receipt> receipts, List<BlockHeader> dropped,
        List<BlockHeader> added) {

    /** What happened to the block. */
    public enum Status {
        /** Executed, stored and now the head, extending the previous head's branch. */
        NEW_HEAD,
        /**
         * Executed, stored and now the head of another branch, which the consensus' fork choice
         * prefers: the chain switched branches above its finalised block (see
         * {@link ImportResult#dropped()} and {@link ImportResult#added()}).
         */
        REORGANIZED,
        /** Executed and stored on a branch the fork choice does not prefer; the head is unchanged. */
        SIDE_BLOCK,
        /** Already stored; nothing done. */
        ALREADY_KNOWN,
        /**
         * The parent is neither stored nor held: nothing done. Import the parent first (a node
         * keeps such blocks in a bounded pool and asks a peer for the parent).
         */
        UNKNOWN_PARENT,
        /**
         * Stamped further ahead of this node's clock than the allowed drift (or a child of such a
         * block), on a valid seal: queued (bounded) and imported when the clock reaches it, by a
         * later {@link Blockchain#importBlock} or {@link Blockchain#importHeld()}; nothing changed
         * yet.
         */
        HELD,
        /** Invalid, for a reason every honest node reaches; nothing changed. */
        REJECTED,
        /**
         * Its branch leaves the canonical chain below the finalised block, so it can never become
         * canonical here: refused, nothing changed. A peer sending it is on a branch that
         * contradicts finality.
         */
        BELOW_FINALIZED,
        /**
         * Not judged: this node could not process the block (a transaction's execution raised
         * an {@link Error} such as {@link OutOfMemoryError} here, the queue of held blocks is
         * full, or the consensus hook failed). Nothing changed and the block is not marked
         * invalid: importing it again later may succeed.
         */
        NOT_PROCESSED
    }

    /**
     * @param status what happened
     * @param reason why the block was not imported (every status but the three imported ones and
     *     {@link Status#ALREADY_KNOWN}), or the empty string
     * @param receipts the receipts of an imported block, in transaction order; empty otherwise
     * @param dropped for {@link Status#REORGANIZED}: the blocks that left the canonical chain, oldest
     *     first (never empty); empty otherwise
     * @param added for {@link Status#NEW_HEAD} and {@link Status#REORGANIZED}: the blocks that joined
     *     the canonical chain, oldest first, ending with this block; empty otherwise
     * @throws IllegalArgumentException if the reason or the lists do not fit the status
     */
    public ImportResult {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reason, "reason");
        receipts = List.copyOf(receipts);
        dropped = List.copyOf(dropped);
        added = List.copyOf(added);
        boolean stored = status == Status.NEW_HEAD || status == Status.REORGANIZED || status == Status.SIDE_BLOCK;
        boolean needsReason = !stored && status != Status.ALREADY_KNOWN;
        if (needsReason == reason.isEmpty()) {
            throw new IllegalArgumentException("a block not imported needs a reason, and only such a block");
        }
        if (!stored && !receipts.isEmpty()) {
            throw new IllegalArgumentException("only an imported block has receipts");
        }
        if ((status == Status.REORGANIZED) == dropped.isEmpty()) {
            throw new IllegalArgumentException("exactly a reorganisation drops blocks");
        }
        boolean headMoved = status == Status.NEW_HEAD || status == Status.REORGANIZED;
        if (headMoved == added.isEmpty()) {
            throw new IllegalArgumentException("exactly a new head adds blocks to the canonical chain");
        }
    }

    static ImportResult of(Status status, String reason) {
        return new ImportResult(status, reason, List.of(), List.of(), List.of());
    }

    static ImportResult rejected(String reason) {
        return of(Status.REJECTED, reason);
    }

    /**
     * @return whether the block was stored: {@link Status#NEW_HEAD}, {@link Status#REORGANIZED}
     *     or {@link Status#SIDE_BLOCK}
     */
    public boolean imported() {
        return status == Status.NEW_HEAD || status == Status.REORGANIZED || status == Status.SIDE_BLOCK;
    }

    /**
     * @return whether the block is now the head ({@link Status#NEW_HEAD} or
     *     {@link Status#REORGANIZED})
     */
    public boolean headChanged() {
        return status == Status.NEW_HEAD || status == Status.REORGANIZED;
    }
}
