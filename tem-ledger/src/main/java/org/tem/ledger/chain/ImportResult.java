package org.tem.ledger.chain;

import java.util.List;
import java.util.Objects;
import org.tem.ledger.tx.Receipt;

/**
 * The outcome of importing a block. Only {@link Status#IMPORTED} changed the chain.
 *
 * @param status what happened
 * @param reason why the block was not imported (held, rejected, not processed), or the empty
 *     string for an imported or already known block
 * @param receipts the receipts of an imported block, in transaction order; empty otherwise
 */
public record ImportResult(Status status, String reason, List<Receipt> receipts) {

    /** What happened to the block. */
    public enum Status {
        /** Executed and committed; it is the new head. */
        IMPORTED,
        /** Already in the chain; nothing done. */
        ALREADY_KNOWN,
        /**
         * Stamped further ahead of this node's clock than the allowed drift, on a valid seal:
         * queued (bounded) and imported when the clock reaches it, by a later
         * {@link Blockchain#importBlock} or {@link Blockchain#importHeld()}; nothing changed yet.
         */
        HELD,
        /** Invalid, for a reason every honest node reaches; nothing changed. */
        REJECTED,
        /**
         * Not judged: this node could not process the block (a transaction's execution raised
         * an {@link Error} such as {@link OutOfMemoryError} here, or the queue of held blocks is
         * full). Nothing changed and the block is not marked invalid: importing it again later
         * may succeed.
         */
        NOT_PROCESSED
    }

    /** @throws IllegalArgumentException if the reason does not fit the status */
    public ImportResult {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reason, "reason");
        receipts = List.copyOf(receipts);
        boolean needsReason = status != Status.IMPORTED && status != Status.ALREADY_KNOWN;
        if (needsReason == reason.isEmpty()) {
            throw new IllegalArgumentException("a block not imported needs a reason, and only such a block");
        }
        if (status != Status.IMPORTED && !receipts.isEmpty()) {
            throw new IllegalArgumentException("only an imported block has receipts");
        }
    }

    static ImportResult rejected(String reason) {
        return new ImportResult(Status.REJECTED, reason, List.of());
    }

    static ImportResult of(Status status, String reason) {
        return new ImportResult(status, reason, List.of());
    }

    /**
     * @return whether the block is now the head
     */
    public boolean imported() {
        return status == Status.IMPORTED;
    }
}
