package org.tem.ledger.internal;

import java.util.Arrays;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.tem.ledger.trie.StateLayout;
import org.tem.ledger.trie.TrieUpdate;

/**
 * Staged writes over a parent overlay or the committed state, by trie key: puts, deletes (a
 * {@code null} value) and prefix deletes. Sorted, so iteration and the resulting trie update are
 * deterministic.
 *
 * <p>Prefix deletes are kept as a prefix-free sorted set: a new prefix removes the staged writes
 * and prefixes under it, and is not added if a staged prefix already covers it. So whether a key
 * lies under a deleted prefix is one floor lookup (in a prefix-free set, the only candidate is the
 * greatest prefix not above the key), and applying the overlay is: every prefix delete, then every
 * write (a write staged after a prefix delete is the only one left under it). Not thread-safe.
 */
public final class Overlay {
    private static final java.util.Comparator<byte[]> ORDER = Arrays::compareUnsigned;

    private final Overlay parent;
    private final StateReader base;
    private final TreeMap<byte[], byte[]> writes = new TreeMap<>(ORDER);
    private final TreeSet<byte[]> deleted = new TreeSet<>(ORDER);

    /**
     * @param base the committed state
     */
    public Overlay(StateReader base) {
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
     * @param key a trie key
     * @return the staged or committed table value
     */
    public Optional<byte[]> get(byte[] key) {
        if (writes.containsKey(key)) {
            byte[] v = writes.get(key);
            return v == null ? Optional.empty() : Optional.of(v.clone());
        }
        if (covered(key)) {
            return Optional.empty();
        }
        return parent != null ? parent.get(key) : base.get(key);
    }

    private boolean covered(byte[] key) {
        byte[] p = deleted.floor(key);
        return p != null && startsWith(key, p);
    }

    /**
     * @param key a trie key
     * @param value the table value, or {@code null} to delete
     */
    public void put(byte[] key, byte[] value) {
        writes.put(key.clone(), value == null ? null : value.clone());
    }

    /**
     * @param prefix a trie key prefix: every key under it is deleted
     */
    public void deletePrefix(byte[] prefix) {
        byte[] p = prefix.clone();
        if (covered(p)) {
            // An earlier prefix delete covers this one: only the writes staged since go.
            under(writes, p).clear();
            return;
        }
        under(writes, p).clear();
        byte[] up = upper(p);
        (up == null ? deleted.tailSet(p, true) : deleted.subSet(p, true, up, false)).clear();
        deleted.add(p);
    }

    private static NavigableMap<byte[], byte[]> under(TreeMap<byte[], byte[]> map, byte[] p) {
        byte[] up = upper(p);
        return up == null ? map.tailMap(p, true) : map.subMap(p, true, up, false);
    }

    /** The least key above every key starting with {@code p}, or null if there is none. */
    private static byte[] upper(byte[] p) {
        byte[] u = p.clone();
        for (int i = u.length - 1; i >= 0; i--) {
            if (u[i] != (byte) 0xff) {
                u[i]++;
                return Arrays.copyOf(u, i + 1);
            }
        }
        return null;
    }

    /** Moves this overlay's prefix deletes and writes into its parent. */
    public void mergeIntoParent() {
        for (byte[] p : deleted) {
            parent.deletePrefix(p);
        }
        parent.writes.putAll(writes);
        writes.clear();
        deleted.clear();
    }

    /**
     * Applies the staged changes to a trie update on the committed state's root: the prefix
     * deletes, then the writes (values in their stored form).
     *
     * @param update the update
     */
    public void applyTo(TrieUpdate update) {
        for (byte[] p : deleted) {
            update.deletePrefix(p);
        }
        for (Map.Entry<byte[], byte[]> e : writes.entrySet()) {
            if (e.getValue() == null) {
                update.delete(e.getKey());
            } else {
                update.put(e.getKey(), StateLayout.storedValue(e.getValue()));
            }
        }
    }

    /**
     * @return the number of staged writes and prefix deletes
     */
    public int size() {
        return writes.size() + deleted.size();
    }

    private static boolean startsWith(byte[] key, byte[] prefix) {
        return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }
}
