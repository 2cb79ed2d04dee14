package org.tem.consensus.node;

import org.tem.api.TemException;

/**
 * A chain specification that cannot be read: malformed JSON, an unknown field, a wrong type, a
 * value out of range, a size over a bound, or a contract name no factory makes. The message
 * starts with the path of the offending field ({@code accounts[2]: not a secp256k1 public
 * key ...}).
 */
public class ChainSpecException extends TemException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong, starting with the field's path
     */
    public ChainSpecException(String message) {
        super(message);
    }

    /**
     * @param message what is wrong, starting with the field's path
     * @param cause the underlying failure
     */
    public ChainSpecException(String message, Throwable cause) {
        super(message, cause);
    }
}
