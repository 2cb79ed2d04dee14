package org.tem.consensus.poa;

import org.tem.ledger.LedgerException;

/**
 * Thrown when proof-of-authority bytes (a snapshot, a header's consensus data, a signer's
 * record) are oversized, not the canonical encoding, or describe an impossible state. The
 * message names the reason.
 */
public class PoaDataException extends LedgerException {
    private static final long serialVersionUID = 1L;

    /**
     * @param reason what was wrong
     */
    public PoaDataException(String reason) {
        super(reason);
    }
}
