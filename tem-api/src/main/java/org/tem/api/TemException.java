package org.tem.api;

/**
 * The root of tem's unchecked exceptions for untrusted or malformed input (a scenario file, a
 * transaction, a block). Misuse of the API itself is reported with the JDK's
 * {@link IllegalArgumentException} and {@link IllegalStateException}; outcomes such as an
 * infeasible problem are statuses in a result, not exceptions.
 */
public class TemException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what was wrong, naming the offending field or value
     */
    public TemException(String message) {
        super(message);
    }

    /**
     * @param message what was wrong, naming the offending field or value
     * @param cause the underlying failure
     */
    public TemException(String message, Throwable cause) {
        super(message, cause);
    }
}
