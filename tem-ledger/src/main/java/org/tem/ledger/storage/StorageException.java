package org.tem.ledger.storage;

import org.tem.api.TemException;

/**
 * The store under a chain failed: a read, scan or commit did not complete (a RocksDB error, a
 * closed store, or stored bytes that do not decode). It is not about the input being processed:
 * a transaction or block that was being handled when it happened is neither accepted nor
 * rejected, and the exception propagates to the caller instead of becoming a rejection reason.
 *
 * <p>Deliberately not a {@link org.tem.ledger.LedgerException} (which means bad input), so that
 * a {@code catch} of bad input never swallows it.
 */
public class StorageException extends TemException {
    private static final long serialVersionUID = 1L;

    /**
     * @param reason what failed
     */
    public StorageException(String reason) {
        super(reason);
    }

    /**
     * @param reason what failed
     * @param cause the underlying failure
     */
    public StorageException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
