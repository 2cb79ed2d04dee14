package org.tem.consensus.network;

import org.tem.api.TemException;

/**
 * Thrown when bytes from a peer are not a valid message: oversized, not the canonical encoding,
 * or outside a message's bounds. The message names the reason.
 */
public class MalformedMessageException extends TemException {
    private static final long serialVersionUID = 1L;

    /**
     * @param reason what was wrong
     */
    public MalformedMessageException(String reason) {
        super(reason);
    }
}
