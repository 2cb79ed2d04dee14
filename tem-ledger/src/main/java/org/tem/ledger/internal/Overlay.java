package org.tem.ledger.internal;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import org.tem.ledger.storage.KeyValueStorage;

/**
 * Staged writes over a parent overlay or the committed store; a {@code null} value is a delete.
 * Sorted, so iteration is deterministic. Not thread-safe.
 */
public final class Overlay {
    private final Overlay parent;
    private final KeyValueStorage base;
    private final TreeMap<byte[], byte[]> writes = new TreeMap<>(Arrays::compareUnsigned);

    /**
     * @param base the committed store
     */
    public Overlay(KeyValueStorage base) {
        this.parent = null;
        this.base = base;
    }

    private Overlay(Overlay parent) {
        this.parent = parent;
        this.base = parent.base;
    }

    /**
     * @return a child overlay whose writes reach this one only on {@link #mergeIntoParent()}
     */
    public Overlay child() {
        return new Overlay(this);
    }

    /**
     * @param key full storage key
     * @return the staged or committed value
     */
    public Optional<byte[]> get(byte[] key) {
        if (writes.containsKey(key)) {
            byte[] v = writes.get(key);
            return v == null ? Optional.empty() : Optional.of(v.clone());
        }
        return parent != null ? parent.get(key) : base.get(key);
    }

    /**
     * @param key full storage key
     * @param value the value, or {@code null} to delete
     */
    public void put(byte[] key, byte[] value) {
        writes.put(key.clone(), value == null ? null : value.clone());
    }

    /** Moves this overlay's writes into its parent. */
    public void mergeIntoParent() {
        parent.writes.putAll(writes);
        writes.clear();
    }

    /**
     * @param visitor receives every staged key and value ({@code null} = delete), in key order
     */
    public void forEach(BiConsumer<byte[], byte[]> visitor) {
        for (Map.Entry<byte[], byte[]> e : writes.entrySet()) {
            visitor.accept(e.getKey(), e.getValue());
        }
    }

    /**
     * @return the number of staged writes
     */
    public int size() {
        return writes.size();
    }
}
