package org.tem.ledger.chain;

import java.util.List;
import java.util.Objects;
import org.tem.ledger.block.Block;
import org.tem.ledger.tx.Receipt;
import org.tem.ledger.tx.Transaction;

/**
 * An unsealed block built on the head from candidate transactions, with its receipts and the
 * candidates left out.
 *
 * @param block the block, with an empty seal
 * @param receipts the receipts of its transactions, in order
 * @param skipped the candidates that could not be included, with why
 */
public record BuiltBlock(Block block, List<Receipt> receipts, List<Skipped> skipped) {

    /**
     * A candidate left out of the block.
     *
     * @param transaction the candidate
     * @param reason why (wrong chain id, nonce, unknown contract)
     */
    public record Skipped(Transaction transaction, String reason) {
        /**
         * @param transaction the candidate
         * @param reason why (wrong chain id, nonce, unknown contract)
         * @throws NullPointerException if a component is null
         */
        public Skipped {
            Objects.requireNonNull(transaction, "transaction");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * @param block the block, with an empty seal
     * @param receipts the receipts of its transactions, in order
     * @param skipped the candidates that could not be included, with why
     * @throws NullPointerException if a component is null
     */
    public BuiltBlock {
        Objects.requireNonNull(block, "block");
        receipts = List.copyOf(receipts);
        skipped = List.copyOf(skipped);
    }
}
