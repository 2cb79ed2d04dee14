package org.tem.evm;

/**
 * The coordination contract refused a call or a query, with its reason (the {@code Refused(string)}
 * error of the contract, e.g. {@code "submit: a trade is beyond its link's limit"}). A refused
 * transaction changes no state.
 */
public final class RefusedException extends EvmException {
    private static final long serialVersionUID = 1L;
    /** The contract's reason, as the {@code Refused(string)} error carried it. */
    private final String reason;

    /**
     * @param reason the contract's reason
     */
    public RefusedException(String reason) {
        super("refused: " + reason);
        this.reason = reason;
    }

    /** @return the contract's reason */
    public String reason() {
        return reason;
    }
}
