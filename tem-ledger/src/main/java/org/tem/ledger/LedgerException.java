package org.tem.ledger;

import org.tem.api.TemException;

/**
 * Malformed or invalid ledger input (transaction or block bytes), or a storage failure. The
 * message states the reason.
 */
public class LedgerException extends TemException {
    private static final long serialVersionUID = 1L;

    /**
     * @param reason what was wrong
     */
    public LedgerException(String reason) {
        super(reason);
    }

    /**
     * @param reason what was wrong
     * @param cause the underlying failure
     */
    public LedgerException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
