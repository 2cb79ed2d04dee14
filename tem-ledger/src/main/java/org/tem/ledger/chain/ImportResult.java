package org.tem.ledger.chain;

import java.util.List;
import java.util.Objects;
import org.tem.ledger.tx.Receipt;

/**
 * The outcome of importing a block. A rejected block changed nothing.
 *
 * @param status what happened
 * @param reason why the block was rejected, or the empty string
 * @param receipts the receipts of an imported block, in transaction order; empty otherwise
 */
public record ImportResult(Status status, String reason, List<Receipt> receipts) {

    /** What happened to the block. */
    public enum Status {
        /** Executed and committed; it is the new head. */
        IMPORTED,
        /** Already in the chain; nothing done. */
        ALREADY_KNOWN,
        /** Invalid; nothing changed. */
        REJECTED
    }

    /** @throws IllegalArgumentException if the reason does not fit the status */
    public ImportResult {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reason, "reason");
        receipts = List.copyOf(receipts);
        if ((status == Status.REJECTED) == reason.isEmpty()) {
            throw new IllegalArgumentException("a rejection needs a reason, and only a rejection");
        }
    }

    static ImportResult rejected(String reason) {
        return new ImportResult(Status.REJECTED, reason, List.of());
    }

    /**
     * @return whether the block is now the head
     */
    public boolean imported() {
        return status == Status.IMPORTED;
    }
}
