package org.tem.ledger.storage;

import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * An ordered key-value store of byte strings with atomic batch writes.
 *
 * <p>Keys are ordered by unsigned lexicographic comparison. Implementations are thread-safe; a
 * batch is applied atomically: a reader, and a store reopened after a crash, sees all of it or
 * none of it. Arrays passed in may be retained only as copies; arrays returned are fresh.
 *
 * <p>Every failure of the store, including use after {@link #close()}, is a
 * {@link StorageException}: callers never confuse it with bad input.
 */
public interface KeyValueStorage extends AutoCloseable {

    /**
     * @param key the key
     * @return the value, or empty if absent
     * @throws StorageException if the store fails or is closed
     */
    Optional<byte[]> get(byte[] key);

    /**
     * Visits every entry whose key starts with {@code prefix}, in ascending key order, as of one
     * consistent snapshot.
     *
     * @param prefix the key prefix, possibly empty (all entries)
     * @param visitor receives each key and value
     * @throws StorageException if the store fails or is closed
     */
    void scan(byte[] prefix, BiConsumer<byte[], byte[]> visitor);

    /**
     * Applies every operation of the batch, in order, atomically and durably (surviving the
     * process being killed once this method returns).
     *
     * @param batch the operations
     * @throws StorageException if the store fails (then nothing was applied) or is closed
     */
    void commit(StorageBatch batch);

    /**
     * Releases the store. Idempotent.
     */
    @Override
    void close();
}
