package org.tem.ledger.tx;

import org.tem.ledger.LedgerException;

/** Thrown when transaction bytes are malformed, oversized, or carry an invalid signature. */
public class InvalidTransactionException extends LedgerException {
    private static final long serialVersionUID = 1L;

    /**
     * @param reason what was wrong
     */
    public InvalidTransactionException(String reason) {
        super(reason);
    }
}
