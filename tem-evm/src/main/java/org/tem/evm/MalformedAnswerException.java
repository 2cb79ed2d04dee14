package org.tem.evm;

/**
 * A node's answer did not decode as the contract's encoding, or contradicted the contract's own
 * state (a round's terms that do not match the settings it enforces): a faulty or hostile node,
 * or an operator that published terms other than the round it opened.
 */
public final class MalformedAnswerException extends EvmException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what did not decode or match
     */
    public MalformedAnswerException(String message) {
        super(message);
    }

    /**
     * @param message what did not decode or match
     * @param cause the decoding failure
     */
    public MalformedAnswerException(String message, Throwable cause) {
        super(message, cause);
    }
}
