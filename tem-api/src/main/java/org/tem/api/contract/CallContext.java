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
     * Stages the removal of every key that starts with {@code prefix} (for example all the
     * working state of a settled round, {@code "round/7/"}), however many there are; removing a
     * prefix that no key has is not an error. Reads later in the same call, and in later calls,
     * see every such key as absent until it is written again. The ledger's cost does not depend
     * on how many keys go (one subtree of its state trie is cut off), and the call counts as one
     * write against {@link Limits#MAX_WRITES_PER_CALL}.
     *
     * <p>Choose prefixes that cannot catch other keys: {@code "round/1"} is also a prefix of
     * {@code "round/10/..."}, {@code "round/1/"} is not.
     *
     * @param prefix the key prefix, 1 to {@link Limits#MAX_KEY_BYTES} bytes (an empty prefix,
     *     which would remove the whole state, is refused)
     * @throws IllegalArgumentException if the prefix is empty or too long
     * @throws ContractException if the call exceeds {@link Limits#MAX_WRITES_PER_CALL}
     */
    void deletePrefix(byte[] prefix);

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
