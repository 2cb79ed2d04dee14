package org.tem.ledger.crypto;

import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A process-wide, bounded memo of Keccak-256 over large inputs, keyed by the input's content: the
 * nodes sharing a JVM (a simulated network) hash the same transaction encodings and the same
 * state-trie leaves, and one node hashes a transaction when it arrives from each peer and again
 * when it decodes it. A lookup costs a sampled hash code and, on a hit, one full comparison of the
 * bytes (an intrinsic, far cheaper than the permutation rounds).
 *
 * <p>Sound because Keccak-256 is a pure function of the bytes and an entry is returned only when
 * the stored copy equals the input byte for byte; the input is copied on insertion, so a caller
 * that later reuses its array cannot change an entry.
 *
 * <p>Only inputs of at least {@link #MIN_BYTES} are memoised; the copies held total at most
 * {@link #MAX_TOTAL_BYTES}, least recently used first out. Thread-safe (one lock; hashing a miss
 * runs outside it).
 */
final class HashMemo {

    /** The smallest input memoised: below it, hashing costs about what the lookup does. */
    static final int MIN_BYTES = 1024;

    /** The most bytes of inputs held. */
    static final long MAX_TOTAL_BYTES = 8L << 20;

    private static final int SAMPLES = 64;

    private static final Map<Key, Hash> ENTRIES = new LinkedHashMap<>(256, 0.75f, true);
    private static long totalBytes;

    private HashMemo() {
    }

    /** An input's content, with a hash code sampled from it. */
    private static final class Key {
        private final byte[] data;
        private final int hash;

        Key(byte[] data) {
            this.data = data;
            this.hash = sampledHash(data);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.hash == hash && Arrays.equals(k.data, data);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    /** The length, about {@link #SAMPLES} bytes spread over the input and its last 32 bytes. */
    private static int sampledHash(byte[] data) {
        int n = data.length;
        int h = n;
        int step = Math.max(1, n / SAMPLES);
        for (int i = 0; i < n; i += step) {
            h = 31 * h + data[i];
        }
        for (int i = Math.max(0, n - 32); i < n; i++) {
            h = 31 * h + data[i];
        }
        return h;
    }

    /**
     * @param data an input of at least {@link #MIN_BYTES}
     * @return its hash, if held
     */
    static Hash get(byte[] data) {
        Key key = new Key(data);
        synchronized (ENTRIES) {
            return ENTRIES.get(key);
        }
    }

    /**
     * @param data an input of at least {@link #MIN_BYTES} (copied)
     * @param hash its Keccak-256 hash, just computed
     */
    static void put(byte[] data, Hash hash) {
        if (data.length > MAX_TOTAL_BYTES) {
            return;
        }
        Key key = new Key(data.clone());
        synchronized (ENTRIES) {
            if (ENTRIES.put(key, hash) == null) {
                totalBytes += data.length;
            }
            Iterator<Key> eldest = ENTRIES.keySet().iterator();
            while (totalBytes > MAX_TOTAL_BYTES && eldest.hasNext()) {
                totalBytes -= eldest.next().data.length;
                eldest.remove();
            }
        }
    }

    /** @return the bytes of input held, at most {@link #MAX_TOTAL_BYTES} */
    static long totalBytes() {
        synchronized (ENTRIES) {
            return totalBytes;
        }
    }
}
