package org.tem.solver.contract;

import java.util.concurrent.CompletableFuture;

/**
 * The raw connection to the coordination contract that a node supplies, in the contract's own
 * encoding ({@link Codec}): "sign and send this call, tell me when it is final" and "run this
 * query". {@link ContractCoordination} turns it into the typed {@link Coordination}. tem-solver
 * does not know the ledger; the node (or a test) implements this.
 *
 * <p>Implementations must be safe to call from the thread their users call them on; futures may
 * complete on any thread.
 */
public interface CoordinationChannel {

    /**
     * The outcome of a call in a final block: whether it succeeded and, if not, the contract's reason.
     *
     * @param success true when the call executed without error in a final block
     * @param reason the contract's reason when it failed; empty when it succeeded
     */
    record Outcome(boolean success, String reason) {
        /**
         * @param success true when the call executed without error in a final block
         * @param reason the contract's reason when it failed; empty when it succeeded
         * @throws NullPointerException when {@code reason} is null
         */
        public Outcome {
            java.util.Objects.requireNonNull(reason, "reason");
        }

        /** The outcome of a call that succeeded. */
        public static final Outcome OK = new Outcome(true, "");
    }

    /**
     * Signs a call to the coordination contract with the party's key and sends it. Never blocks.
     *
     * @param method the contract method
     * @param args its RLP arguments
     * @return completes with the call's outcome (from its receipt) once the block holding it is
     *     final (whether the call succeeded or failed there); completes exceptionally when the ledger did not take the
     *     transaction or it can no longer land (rejected, dropped, replaced); may never complete
     *     when the transaction is lost without the node knowing
     */
    CompletableFuture<Outcome> call(String method, byte[] args);

    /**
     * A read-only query of the coordination contract. The implementation decides which state it
     * reads (the head or the last final block) and documents it.
     *
     * @param method the query
     * @param args its RLP arguments
     * @return the contract's answer (hostile: the caller decodes it defensively)
     * @throws org.tem.api.contract.ContractException when the contract refuses the query
     */
    byte[] query(String method, byte[] args);
}
