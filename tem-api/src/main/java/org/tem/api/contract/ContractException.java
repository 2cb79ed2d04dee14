package org.tem.api.contract;

import org.tem.api.TemException;

/**
 * Thrown by a contract to reject a call or query. The ledger records the message as the reason
 * of the failed receipt and discards every write and event of the call.
 *
 * <p>It is unchecked (a {@link TemException}) but declared on the contract methods so that an
 * implementation documents it.
 */
public class ContractException extends TemException {
    private static final long serialVersionUID = 1L;

    /**
     * @param reason why the call was rejected, short and specific (for example
     *     {@code "submission for iteration 3 already received"})
     */
    public ContractException(String reason) {
        super(reason);
    }

    /**
     * @param reason why the call was rejected
     * @param cause the underlying failure, for example a malformed-argument exception
     */
    public ContractException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
