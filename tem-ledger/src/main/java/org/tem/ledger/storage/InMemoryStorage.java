package org.tem.ledger.storage;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * A {@link KeyValueStorage} in a sorted map, for tests and simulations. Thread-safe (one lock);
 * nothing survives the JVM.
 */
public final class InMemoryStorage implements KeyValueStorage {

    private final TreeMap<byte[], byte[]> map = new TreeMap<>(Arrays::compareUnsigned);
    private boolean closed;

    /** Creates an empty store. */
    public InMemoryStorage() {
    }

    @Override
    public synchronized Optional<byte[]> get(byte[] key) {
        checkOpen();
        byte[] v = map.get(key);
        return v == null ? Optional.empty() : Optional.of(v.clone());
    }

    @Override
    public void scan(byte[] prefix, BiConsumer<byte[], byte[]> visitor) {
        Map<byte[], byte[]> snapshot;
        synchronized (this) {
            checkOpen();
            snapshot = new TreeMap<>(Arrays::compareUnsigned);
            for (Map.Entry<byte[], byte[]> e : map.tailMap(prefix, true).entrySet()) {
                if (!startsWith(e.getKey(), prefix)) {
                    break;
                }
                snapshot.put(e.getKey(), e.getValue());
            }
        }
        snapshot.forEach((k, v) -> visitor.accept(k.clone(), v.clone()));
    }

    @Override
    public synchronized void commit(StorageBatch batch) {
        checkOpen();
        for (StorageBatch.Op op : batch.operations()) {
            if (op.isDelete()) {
                map.remove(op.key());
            } else {
                map.put(op.key().clone(), op.value().clone());
            }
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
    }

    private void checkOpen() {
        if (closed) {
            throw new StorageException("storage is closed");
        }
    }

    static boolean startsWith(byte[] key, byte[] prefix) {
        return key.length >= prefix.length
                && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }
}
