package org.tem.ledger.storage;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * An ordered list of puts and deletes to apply atomically with
 * {@link KeyValueStorage#commit(StorageBatch)}. Copies the arrays it is given. Not thread-safe.
 */
public final class StorageBatch {

    /**
     * One operation.
     *
     * @param key the key
     * @param value the value to put, or {@code null} to delete
     */
    public record Op(byte[] key, byte[] value) {
        /**
         * @return whether this operation deletes the key
         */
        public boolean isDelete() {
            return value == null;
        }
    }

    private final List<Op> ops = new ArrayList<>();

    /**
     * @param key the key, not empty; copied
     * @param value the value; copied
     * @return this batch
     * @throws IllegalArgumentException if the key is empty
     */
    public StorageBatch put(byte[] key, byte[] value) {
        if (key.length == 0) {
            throw new IllegalArgumentException("key must not be empty");
        }
        ops.add(new Op(key.clone(), value.clone()));
        return this;
    }

    /**
     * @param key the key, not empty; copied
     * @return this batch
     * @throws IllegalArgumentException if the key is empty
     */
    public StorageBatch delete(byte[] key) {
        if (key.length == 0) {
            throw new IllegalArgumentException("key must not be empty");
        }
        ops.add(new Op(key.clone(), null));
        return this;
    }

    /**
     * @return the operations in order, an unmodifiable view (implementations must not mutate
     *     the arrays)
     */
    public List<Op> operations() {
        return Collections.unmodifiableList(ops);
    }

    /**
     * @return the number of operations
     */
    public int size() {
        return ops.size();
    }
}
