package org.tem.ledger.chain;

import java.util.Objects;
import org.apache.tuweni.bytes.Bytes;

/**
 * The answer to a read-only contract query.
 *
 * @param ok whether the query succeeded
 * @param output the answer bytes, empty on failure
 * @param reason why it failed, or the empty string
 */
public record QueryResult(boolean ok, Bytes output, String reason) {

    /**
     * @param ok whether the query succeeded
     * @param output the answer bytes, empty on failure
     * @param reason why it failed, or the empty string
     * @throws IllegalArgumentException if the reason does not fit the status
     */
    public QueryResult {
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(reason, "reason");
        if (ok == !reason.isEmpty()) {
            throw new IllegalArgumentException("reason must be empty exactly when ok");
        }
    }

    static QueryResult failed(String reason) {
        return new QueryResult(false, Bytes.EMPTY, reason);
    }
}
