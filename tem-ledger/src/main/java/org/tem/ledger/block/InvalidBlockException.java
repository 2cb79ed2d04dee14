package org.tem.ledger.block;

import org.tem.ledger.LedgerException;

/** Thrown when block or header bytes are malformed or oversized. */
public class InvalidBlockException extends LedgerException {
    private static final long serialVersionUID = 1L;

    /**
     * @param reason what was wrong
     */
    public InvalidBlockException(String reason) {
        super(reason);
    }
}
