package org.tem.api.contract;

import java.util.Set;

/**
 * A smart contract: deterministic Java code that owns a sorted key-value store on the ledger.
 *
 * <p>An implementation is registered in a chain's genesis under an address and is then called
 * by transactions ({@link #call}) and by read-only queries ({@link #query}). The same instance
 * may be called from several threads for queries while a block executes, so an implementation
 * should keep no mutable fields: all state lives in the context's key-value store.
 */
public interface Contract {

    /**
     * A short, stable name for the contract (for example {@code "admm-coordination/1"}). It is
     * part of the genesis state, so two nodes that register different contracts under the same
     * address disagree on the genesis hash.
     *
     * @return the name, not blank
     */
    String name();

    /**
     * The methods that {@link #call} accepts. The ledger uses this set to reject a transaction for
     * an unknown method early, before it is included in a block.
     *
     * @return the method names, an immutable set, not empty
     */
    Set<String> methods();

    /**
     * Executes one state-changing call.
     *
     * <p>Writes and events go through {@code ctx}; they are staged and take effect only if this
     * method returns normally.
     *
     * @param ctx the sender, block data and this contract's state; valid only during this call
     * @param method one of {@link #methods()}
     * @param args the transaction's argument bytes, possibly empty, never {@code null}; an
     *     untrusted input that the contract must validate
     * @return the result bytes recorded in the receipt, possibly empty, never {@code null}
     * @throws ContractException if the call is rejected; the reason goes into the failed receipt
     *     and no write or event of this call survives. Any other {@link RuntimeException} is
     *     treated the same way with a generic reason; an {@link Error} makes the ledger leave the
     *     transaction out of the block instead (see the package documentation)
     */
    byte[] call(CallContext ctx, String method, byte[] args) throws ContractException;

    /**
     * Answers a read-only query against the state at the head of the chain. Queries are not
     * transactions: they are not signed, not recorded and cannot change the state.
     *
     * <p>The default implementation supports no query and always throws.
     *
     * @param ctx read access to this contract's state and the head block's data
     * @param method the query's name
     * @param args the query's argument bytes, possibly empty, never {@code null}
     * @return the answer bytes, never {@code null}
     * @throws ContractException if the query is unknown or its arguments are invalid
     */
    default byte[] query(ReadContext ctx, String method, byte[] args) throws ContractException {
        throw new ContractException("unknown query: " + method);
    }
}
