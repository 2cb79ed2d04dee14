package org.tem.api.contract;

/**
 * The context of one state-changing call: the signed sender, block data, and staged write access
 * to the called contract's state.
 *
 * <p>Every write and event is staged: it becomes part of the state only if the call returns
 * normally, and is discarded if it throws. A context is valid only during the call that received
 * it and is not thread-safe.
 */
public interface CallContext extends ReadContext {

    /**
     * The address that signed the transaction (the last 20 bytes of the Keccak-256 hash of its
     * public key), already verified by the ledger.
     *
     * @return a fresh 20-byte array
     */
    byte[] sender();

    /**
     * Stages a write.
     *
     * @param key the key, 1 to {@link Limits#MAX_KEY_BYTES} bytes
     * @param value the value, 0 to {@link Limits#MAX_VALUE_BYTES} bytes
     * @throws IllegalArgumentException if the key or value is out of bounds
     * @throws ContractException if the call exceeds {@link Limits#MAX_WRITES_PER_CALL}
     */
    void put(byte[] key, byte[] value);

    /**
     * Stages the removal of a key; removing an absent key is not an error.
     *
     * @param key the key, 1 to {@link Limits#MAX_KEY_BYTES} bytes
     * @throws IllegalArgumentException if the key is empty or too long
     * @throws ContractException if the call exceeds {@link Limits#MAX_WRITES_PER_CALL}
     */
    void delete(byte[] key);

    /**
     * Stages an event, recorded in the receipt in emission order if the call succeeds.
     *
     * @param event the event name, 1 to {@link Limits#MAX_NAME_CHARS} characters
     * @param data the event data, at most {@link Limits#MAX_VALUE_BYTES} bytes
     * @throws IllegalArgumentException if the name or data is out of bounds
     * @throws ContractException if the call exceeds {@link Limits#MAX_EVENTS_PER_CALL}
     */
    void emit(String event, byte[] data);
}
