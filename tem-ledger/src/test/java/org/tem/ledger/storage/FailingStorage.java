package org.tem.ledger.storage;

import java.util.Arrays;
import java.util.Optional;
import java.util.function.BiConsumer;

/** An in-memory store whose reads of keys under a prefix fail while armed (a disk going bad). */
public final class FailingStorage implements KeyValueStorage {
    private final InMemoryStorage store = new InMemoryStorage();
    private volatile byte[] failingPrefix;

    /** @param prefix reads of keys with this prefix fail from now on; null to heal */
    public void failReadsUnder(byte[] prefix) {
        this.failingPrefix = prefix;
    }

    @Override
    public Optional<byte[]> get(byte[] key) {
        byte[] p = failingPrefix;
        if (p != null && key.length >= p.length && Arrays.equals(key, 0, p.length, p, 0, p.length)) {
            throw new StorageException("injected read failure");
        }
        return store.get(key);
    }

    @Override
    public void scan(byte[] prefix, BiConsumer<byte[], byte[]> visitor) {
        store.scan(prefix, visitor);
    }

    @Override
    public void commit(StorageBatch batch) {
        store.commit(batch);
    }

    @Override
    public void close() {
        store.close();
    }
}
