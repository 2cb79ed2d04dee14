package org.tem.ledger.tx;

import org.tem.ledger.LedgerException;

/**
 * Completes a submission's future when the transaction was rejected, left out of a block or
 * evicted from the mempool, and will not be included. The message states why.
 */
public class TransactionRejectedException extends LedgerException {
    private static final long serialVersionUID = 1L;

    /**
     * @param reason why the transaction was rejected
     */
    public TransactionRejectedException(String reason) {
        super(reason);
    }

    /**
     * @param reason why the transaction was rejected
     * @param cause the failure that caused it
     */
    public TransactionRejectedException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
