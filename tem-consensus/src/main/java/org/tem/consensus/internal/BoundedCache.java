package org.tem.consensus.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A map that keeps at most {@code capacity} entries, forgetting the least recently used first.
 * Not thread-safe: confine it or synchronise.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class BoundedCache<K, V> {

    private final int capacity;
    private final LinkedHashMap<K, V> map;

    /**
     * @param capacity the most entries kept, at least 1
     * @throws IllegalArgumentException if {@code capacity} is below 1
     */
    public BoundedCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.capacity = capacity;
        this.map = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > BoundedCache.this.capacity;
            }
        };
    }

    /**
     * @param key a key
     * @return its value, if kept (and marks it as recently used)
     */
    public Optional<V> get(K key) {
        return Optional.ofNullable(map.get(key));
    }

    /**
     * @param key a key
     * @param value its value, not null
     */
    public void put(K key, V value) {
        map.put(key, value);
    }

    /**
     * @return the number of entries kept, at most the capacity
     */
    public int size() {
        return map.size();
    }

    /**
     * @return the capacity
     */
    public int capacity() {
        return capacity;
    }
}
