package org.tem.ledger.trie;

import java.util.Objects;

/**
 * How a {@link TrieStore} keeps versions. Immutable.
 *
 * @param namespace the bytes every storage key of the store starts with (1 to 8 bytes), so the
 *     trie can share a {@link org.tem.ledger.storage.KeyValueStorage} with other tables
 * @param archive whether every version is kept forever ({@code true}) or versions are pruned
 *     once they fall out of the window below the finalised version ({@code false}); fixed when
 *     the store is first written
 * @param window in pruning mode, how many canonical versions below the finalised one stay
 *     readable and provable (for reorganisations above finality and late proof requests); 0 keeps
 *     only the finalised version and its descendants
 * @param cacheNodes how many decoded nodes reads keep in memory (0 for none)
 */
public record TrieOptions(byte[] namespace, boolean archive, int window, int cacheNodes) {

    /** The default window: 128 versions below the finalised one. */
    public static final int DEFAULT_WINDOW = 128;

    /** The default node cache: 16,384 decoded nodes. */
    public static final int DEFAULT_CACHE_NODES = 16_384;

    /** The default namespace: the single byte {@code 'T'}. */
    public static final byte[] DEFAULT_NAMESPACE = {'T'};

    /**
     * @param namespace the bytes every storage key of the store starts with (1 to 8 bytes), so the
     *     trie can share a {@link org.tem.ledger.storage.KeyValueStorage} with other tables
     * @param archive whether every version is kept forever ({@code true}) or versions are pruned
     *     once they fall out of the window below the finalised version ({@code false}); fixed when
     *     the store is first written
     * @param window in pruning mode, how many canonical versions below the finalised one stay
     *     readable and provable (for reorganisations above finality and late proof requests); 0 keeps
     *     only the finalised version and its descendants
     * @param cacheNodes how many decoded nodes reads keep in memory (0 for none)
     * @throws IllegalArgumentException if the namespace is empty or longer than 8 bytes, or the
     *     window or cache size is negative
     */
    public TrieOptions {
        Objects.requireNonNull(namespace, "namespace");
        if (namespace.length == 0 || namespace.length > 8) {
            throw new IllegalArgumentException("namespace must be 1 to 8 bytes, was " + namespace.length);
        }
        namespace = namespace.clone();
        if (window < 0) {
            throw new IllegalArgumentException("window must be >= 0, was " + window);
        }
        if (cacheNodes < 0) {
            throw new IllegalArgumentException("cacheNodes must be >= 0, was " + cacheNodes);
        }
    }

    /**
     * @return pruning mode with the default window, namespace and cache
     */
    public static TrieOptions pruned() {
        return pruned(DEFAULT_WINDOW);
    }

    /**
     * @param window canonical versions kept below the finalised one, at least 0
     * @return pruning mode with the default namespace and cache
     * @throws IllegalArgumentException if the window is negative
     */
    public static TrieOptions pruned(int window) {
        return new TrieOptions(DEFAULT_NAMESPACE, false, window, DEFAULT_CACHE_NODES);
    }

    /**
     * @return archive mode (nothing is ever deleted) with the default namespace and cache
     */
    public static TrieOptions archival() {
        return new TrieOptions(DEFAULT_NAMESPACE, true, 0, DEFAULT_CACHE_NODES);
    }

    /**
     * @param ns the key prefix of every entry the store writes, 1 to 8 bytes
     * @return these options with that namespace
     * @throws IllegalArgumentException if the namespace is empty or longer than 8 bytes
     */
    public TrieOptions withNamespace(byte... ns) {
        return new TrieOptions(ns, archive, window, cacheNodes);
    }

    /**
     * @param nodes decoded nodes to cache, at least 0
     * @return these options with that cache size
     * @throws IllegalArgumentException if negative
     */
    public TrieOptions withCacheNodes(int nodes) {
        return new TrieOptions(namespace, archive, window, nodes);
    }

    /**
     * @return a copy of the namespace
     */
    @Override
    public byte[] namespace() {
        return namespace.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrieOptions t && java.util.Arrays.equals(namespace, t.namespace)
                && archive == t.archive && window == t.window && cacheNodes == t.cacheNodes;
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(namespace) * 31 + Objects.hash(archive, window, cacheNodes);
    }

    @Override
    public String toString() {
        return "TrieOptions[" + (archive ? "archive" : "pruned, window " + window) + ", cache " + cacheNodes + "]";
    }
}
