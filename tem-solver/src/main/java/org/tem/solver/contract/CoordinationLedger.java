package org.tem.solver.contract;

/**
 * What a meter needs of the ledger to take part in a coordination round: send a call to the
 * coordination contract signed with its own key, and read the contract's answers. The node the
 * meter talks to implements it (tem-solver does not know the ledger).
 */
public interface CoordinationLedger {

    /**
     * Sends a signed transaction calling the coordination contract. It may execute later (when
     * the next block is sealed); a rejection is reported by the implementation.
     *
     * @param method the contract method
     * @param args its RLP arguments
     */
    void call(String method, byte[] args);

    /**
     * A read-only query of the coordination contract at the current head.
     *
     * @param method the query
     * @param args its RLP arguments
     * @return the answer
     * @throws org.tem.api.contract.ContractException when the contract refuses the query
     */
    byte[] query(String method, byte[] args);
}
