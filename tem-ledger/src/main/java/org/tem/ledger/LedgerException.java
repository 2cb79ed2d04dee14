package org.tem.ledger;

import org.tem.api.TemException;

/**
 * Malformed or invalid ledger input: transaction, block, receipt or proof bytes that do not
 * decode, or a transaction that may not be admitted. The message states the reason.
 *
 * <p>A failure of the store is not bad input and is reported by
 * {@link org.tem.ledger.storage.StorageException} instead, which is not a subclass of this one.
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
