package org.tem.evm;

import org.tem.api.TemException;

/**
 * A failure talking to an EVM node: the node could not be reached within the configured retries,
 * answered with an error, or a transaction was not included in time.
 */
public class EvmException extends TemException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed
     */
    public EvmException(String message) {
        super(message);
    }

    /**
     * @param message what failed
     * @param cause the underlying error
     */
    public EvmException(String message, Throwable cause) {
        super(message, cause);
    }
}
