package org.tem.ledger.trie;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.tem.ledger.crypto.Hash;
import org.tem.ledger.storage.InMemoryStorage;

/**
 * The versioned store against a model of a block tree: random versions on random retained
 * parents (side branches included), random puts, deletes and prefix deletes, and finality moving
 * along one branch. After every prune: each retained version reads exactly its model, the
 * retained set is exactly the finalised version's window of ancestors plus all its descendants,
 * and the stored nodes are exactly those reachable from retained roots (nothing needed was
 * deleted, nothing unneeded was kept).
 */
class TrieStoreProperties {

    /** A committed version in the model. */
    record V(Hash id, Hash parent, long height, Hash root, TreeMap<byte[], byte[]> model) {
    }

    static final class Model {
        final Map<Hash, V> all = new HashMap<>();
        final Set<Hash> retained = new LinkedHashSet<>();
        Hash finalised;

        boolean isAncestorOrSelf(Hash a, Hash v) {
            for (Hash x = v; x != null; x = all.get(x).parent()) {
                if (x.equals(a)) {
                    return true;
                }
            }
            return false;
        }
    }

    private static final byte[][] SHARED = {{7}, filled(33, 8), filled(60, 9)};

    private static byte[] filled(int n, int b) {
        byte[] v = new byte[n];
        java.util.Arrays.fill(v, (byte) b);
        return v;
    }

    static List<TrieProperties.Op> randomOps(Random r) {
        List<TrieProperties.Op> ops = new ArrayList<>();
        int n = 1 + r.nextInt(8);
        for (int i = 0; i < n; i++) {
            byte[] key = TrieProperties.randomKey(r);
            int p = r.nextInt(10);
            if (p < 6) {
                // Half the values come from a set of three, so identical nodes occur at several
                // places and in several versions (occurrences, not nodes, are counted).
                byte[] v = r.nextBoolean() ? SHARED[r.nextInt(SHARED.length)].clone() : new byte[1 + r.nextInt(60)];
                if (v.length > 0 && v[0] == 0) {
                    r.nextBytes(v);
                }
                ops.add(new TrieProperties.Op(TrieProperties.Op.PUT, key, v));
            } else if (p < 9) {
                ops.add(new TrieProperties.Op(TrieProperties.Op.DELETE, key, null));
            } else if (key.length > 0) {
                ops.add(new TrieProperties.Op(TrieProperties.Op.DELETE_PREFIX, key, null));
            }
        }
        return ops;
    }

    /** Runs a random block tree through a store; checks after each prune. */
    static void run(TrieStore store, InMemoryStorage kv, Model m, Random r, int steps, int window, boolean archive) {
        V genesis = newVersion(store, kv, m, null, r, 0);
        m.finalised = genesis.id();
        for (int step = 1; step <= steps; step++) {
            if (r.nextInt(4) != 0) {
                // Blocks are built on the finalised version or its descendants only.
                List<Hash> parents = m.retained.stream().filter(v -> m.isAncestorOrSelf(m.finalised, v)).toList();
                newVersion(store, kv, m, parents.get(r.nextInt(parents.size())), r, step);
            } else {
                List<Hash> candidates = m.retained.stream().filter(v -> m.isAncestorOrSelf(m.finalised, v)).toList();
                Hash f = candidates.get(r.nextInt(candidates.size()));
                store.prune(f);
                m.finalised = f;
                if (!archive) {
                    V fin = m.all.get(f);
                    m.retained.removeIf(v -> !(m.isAncestorOrSelf(f, v)
                            || m.isAncestorOrSelf(v, f) && m.all.get(v).height() >= fin.height() - window));
                }
                check(store, m, r);
                if (!archive) {
                    for (Hash below : m.retained) {
                        if (!below.equals(f) && m.isAncestorOrSelf(below, f)) {
                            TrieChanges c = store.update(m.all.get(below).root()).put(new byte[] {1}, new byte[] {1})
                                    .changes();
                            org.tem.ledger.storage.StorageBatch b = new org.tem.ledger.storage.StorageBatch();
                            assertThrows(IllegalArgumentException.class,
                                    () -> store.commit(c, StoreFixtures.id(-1), below, b), "a parent below finality");
                            assertEquals(0, b.size());
                        }
                    }
                }
            }
        }
        check(store, m, r);
    }

    static V newVersion(TrieStore store, InMemoryStorage kv, Model m, Hash parent, Random r, long n) {
        TreeMap<byte[], byte[]> model = TrieProperties.newModel();
        Hash parentRoot = Trie.EMPTY_ROOT;
        long height = 0;
        if (parent != null) {
            model.putAll(m.all.get(parent).model());
            parentRoot = m.all.get(parent).root();
            height = m.all.get(parent).height() + 1;
        }
        TrieUpdate u = store.update(parentRoot);
        for (TrieProperties.Op op : randomOps(r)) {
            op.apply(u);
            op.apply(model);
        }
        TrieVersion tv = StoreFixtures.commit(store, kv, u, StoreFixtures.id(n), parent);
        assertEquals(height, tv.height());
        V v = new V(tv.id(), parent, height, tv.root(), model);
        m.all.put(v.id(), v);
        m.retained.add(v.id());
        return v;
    }

    static void check(TrieStore store, Model m, Random r) {
        Set<Hash> retainedRoots = new TreeSet<>();
        for (Hash id : m.retained) {
            V v = m.all.get(id);
            assertEquals(v.root(), store.version(id).orElseThrow().root(), "retained version record");
            TrieProperties.checkReads(store.source(), v.root(), v.model(), r);
            retainedRoots.add(v.root());
        }
        TreeSet<Hash> reachable = StoreFixtures.reachable(store.source(), retainedRoots);
        for (V v : m.all.values()) {
            if (!m.retained.contains(v.id())) {
                assertTrue(store.version(v.id()).isEmpty(), "pruned version record");
                // (a pruned root may still be stored as an identical node inside a retained version)
                if (!reachable.contains(v.root()) && !v.root().equals(Trie.EMPTY_ROOT)) {
                    assertThrows(MissingNodeException.class, () -> store.get(v.root(), new byte[0]),
                            "a pruned root is gone");
                }
            }
        }
        assertEquals(reachable, new TreeSet<>(store.storedNodes()),
                "stored nodes are exactly those the retained versions reach");
    }

    @Property(tries = 60)
    void pruningKeepsExactlyWhatRetainedVersionsReach(@ForAll long seed, @ForAll @IntRange(min = 5, max = 60) int steps,
            @ForAll @IntRange(min = 0, max = 3) int window) {
        InMemoryStorage kv = new InMemoryStorage();
        TrieStore store = TrieStore.open(kv, TrieOptions.pruned(window).withCacheNodes(0));
        run(store, kv, new Model(), new Random(seed), steps, window, false);
    }

    @Property(tries = 20)
    void archiveModeKeepsEveryVersion(@ForAll long seed, @ForAll @IntRange(min = 5, max = 40) int steps) {
        InMemoryStorage kv = new InMemoryStorage();
        TrieStore store = TrieStore.open(kv, TrieOptions.archival().withCacheNodes(0));
        Model m = new Model();
        run(store, kv, m, new Random(seed), steps, 0, true);
        assertEquals(m.all.size(), m.retained.size());
    }
}
