package org.tem.solver.contract;

import java.util.Objects;
import org.tem.api.contract.ContractException;

/**
 * Why a coordination operation ({@link Coordination}) did not succeed: the contract refused it, the
 * ledger never executed it, or its answer could not be read. The {@link #kind()} tells a caller
 * what to do (a refused call is final; a lost one may be sent again; a malformed answer comes from
 * a faulty or hostile node), and {@link #reason()} carries the contract's own reason where there is
 * one. It is a {@link ContractException}, so code that handles the contract's refusals handles
 * this too. Immutable.
 */
public final class CoordinationException extends ContractException {
    private static final long serialVersionUID = 1L;

    /** What went wrong, from the caller's side. */
    public enum Kind {
        /**
         * The contract refused the call or query (a failed receipt that is final, or a refused
         * query); the reason is the contract's.
         */
        REFUSED,
        /**
         * The call never executed: the ledger rejected the transaction before a block (mempool,
         * signature, nonce, permission) or it was lost on the way. Sending it again may succeed.
         */
        NOT_EXECUTED,
        /** The answer did not decode as the contract's encoding: a faulty or hostile node. */
        MALFORMED
    }

    /** The kind; serialised with the exception. */
    private final Kind kind;

    /**
     * @param kind what went wrong
     * @param reason the contract's reason, or a description of the failure; never null
     */
    public CoordinationException(Kind kind, String reason) {
        super(reason);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    /**
     * @param kind what went wrong
     * @param reason the contract's reason, or a description of the failure; never null
     * @param cause the underlying failure
     */
    public CoordinationException(Kind kind, String reason, Throwable cause) {
        super(reason, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    /** @return what went wrong */
    public Kind kind() {
        return kind;
    }

    /** @return the contract's reason (for {@link Kind#REFUSED}) or a description of the failure */
    public String reason() {
        return getMessage();
    }
}
