package org.tem.examples.data;

import org.tem.api.TemException;

/**
 * A data or parameters file that cannot be used: unreadable, malformed, out of bounds or
 * inconsistent. The message starts with where the problem is — {@code file:line: } for the CSV files
 * (e.g. {@code hourly.csv:17: load_wh: must be a whole number of Wh in [0, 1000000], was '-5'}) and
 * the field path for a parameters file (e.g. {@code battery.capacity: unknown field ...}). Nothing is
 * loaded when one is thrown.
 */
public class DataException extends TemException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message where the problem is and what is wrong
     */
    public DataException(String message) {
        super(message);
    }

    /**
     * @param message where the problem is and what is wrong
     * @param cause the underlying failure
     */
    public DataException(String message, Throwable cause) {
        super(message, cause);
    }
}
