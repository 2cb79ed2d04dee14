package org.tem.ledger.dev;

import org.tem.ledger.LedgerException;

/** Completes a submission's future when the transaction was rejected and never included. */
public class TransactionRejectedException extends LedgerException {
    private static final long serialVersionUID = 1L;

    /**
     * @param reason why the transaction was rejected
     */
    public TransactionRejectedException(String reason) {
        super(reason);
    }
}
