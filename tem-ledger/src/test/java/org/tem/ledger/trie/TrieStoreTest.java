package org.tem.ledger.trie;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.tem.ledger.LedgerException;
import org.tem.ledger.crypto.Hash;
import org.tem.ledger.storage.InMemoryStorage;
import org.tem.ledger.storage.StorageBatch;

/** Examples of the versioned store: commits, misuse, side branches, prefix deletes, growth, crashes. */
class TrieStoreTest {

    private static byte[] s(String v) {
        return v.getBytes(StandardCharsets.UTF_8);
    }

    private static Hash id(long n) {
        return StoreFixtures.id(n);
    }

    private final InMemoryStorage kv = new InMemoryStorage();

    private TrieStore pruned(int window) {
        return TrieStore.open(kv, TrieOptions.pruned(window).withCacheNodes(0));
    }

    private static byte[] value(Random r, int n) {
        byte[] v = new byte[n];
        r.nextBytes(v);
        return v;
    }

    @Test
    void commit_writesNothingUntilTheBatchIsCommitted_thenTheVersionReads() {
        TrieStore store = pruned(2);
        StorageBatch batch = new StorageBatch();
        TrieVersion v = store.commit(store.update(Trie.EMPTY_ROOT).put(s("a"), s("1")).changes(), id(0), null, batch);
        assertTrue(store.version(id(0)).isEmpty());
        assertEquals(0, store.stats().nodes());
        kv.commit(batch);
        assertEquals(v, store.version(id(0)).orElseThrow());
        assertEquals(v, store.base().orElseThrow());
        assertArrayEquals(s("1"), store.get(v.root(), s("a")).orElseThrow());
    }

    @Test
    void commit_refusesMisuse() {
        TrieStore store = pruned(2);
        TrieVersion g = StoreFixtures.commit(store, kv, store.update(Trie.EMPTY_ROOT).put(s("a"), s("1")), id(0), null);
        TrieChanges onGenesis = store.update(g.root()).put(s("b"), s("2")).changes();
        StorageBatch b = new StorageBatch();
        assertThrows(IllegalArgumentException.class, () -> store.commit(onGenesis, id(0), g.id(), b), "existing id");
        assertThrows(IllegalArgumentException.class, () -> store.commit(onGenesis, id(1), id(99), b), "unknown parent");
        assertThrows(IllegalArgumentException.class, () -> store.commit(onGenesis, id(1), null, b), "second first version");
        TrieChanges onEmpty = store.update(Trie.EMPTY_ROOT).put(s("c"), s("3")).changes();
        assertThrows(IllegalArgumentException.class, () -> store.commit(onEmpty, id(1), g.id(), b), "other parent root");
        assertEquals(0, b.size(), "a refused commit writes nothing");
    }

    @Test
    void aSecondWrite_beforeTheFirstBatchReachedTheStore_isRefused_unlessAbandoned() {
        TrieStore store = pruned(2);
        TrieVersion g = StoreFixtures.commit(store, kv, store.update(Trie.EMPTY_ROOT).put(s("a"), s("1")), id(0), null);
        store.commit(store.update(g.root()).put(s("b"), s("2")).changes(), id(1), g.id(), new StorageBatch());
        TrieChanges sibling = store.update(g.root()).put(s("b"), s("3")).changes();
        assertThrows(IllegalStateException.class, () -> store.commit(sibling, id(2), g.id(), new StorageBatch()));
        assertThrows(IllegalStateException.class, () -> store.prune(g.id()));
        store.abandon();
        StorageBatch b = new StorageBatch();
        store.commit(sibling, id(2), g.id(), b);
        kv.commit(b);
        assertEquals(List.of(id(2)), store.children(g.id()));
    }

    @Test
    void open_refusesTheOtherMode() {
        TrieStore store = pruned(2);
        StoreFixtures.commit(store, kv, store.update(Trie.EMPTY_ROOT).put(s("a"), s("1")), id(0), null);
        assertThrows(IllegalArgumentException.class, () -> TrieStore.open(kv, TrieOptions.archival()));
        TrieStore.open(kv, TrieOptions.pruned(7));
    }

    @Test
    void sideBranches_arePrunedOnceTheyCannotBecomeCanonical_andSharedNodesStay() {
        TrieStore store = pruned(0);
        Random r = new Random(1);
        TrieUpdate g = store.update(Trie.EMPTY_ROOT);
        for (int i = 0; i < 50; i++) {
            g.put(s("key" + i), value(r, 40));
        }
        TrieVersion v0 = StoreFixtures.commit(store, kv, g, id(0), null);
        TrieVersion a1 = StoreFixtures.commit(store, kv, store.update(v0.root()).put(s("key1"), value(r, 40)), id(1), v0.id());
        long before = store.stats().nodes();
        TrieVersion b1 = StoreFixtures.commit(store, kv, store.update(v0.root()).put(s("key2"), value(r, 40)), id(2), v0.id());
        assertTrue(store.stats().nodes() - before <= 5, "a sibling block shares all but its changed path");
        TrieVersion b2 = StoreFixtures.commit(store, kv, store.update(b1.root()).put(s("key3"), value(r, 40)), id(3), b1.id());
        TrieVersion a2 = StoreFixtures.commit(store, kv, store.update(a1.root()).put(s("key4"), value(r, 40)), id(4), a1.id());
        // Nothing is final yet beyond the base: everything stays.
        assertEquals(new PruneResult(0, 0, 0), store.prune(v0.id()));
        assertEquals(StoreFixtures.reachable(store.source(), List.of(v0.root(), a1.root(), b1.root(), b2.root(), a2.root())),
                new TreeSet<>(store.storedNodes()));

        PruneResult res = store.prune(a2.id());
        assertEquals(4, res.versionsRemoved(), "b2, b1, then v0 and a1 out of a window of 0");
        assertTrue(store.version(b1.id()).isEmpty());
        assertTrue(store.version(b2.id()).isEmpty());
        assertEquals(new TrieVersion(a2.id(), java.util.Optional.empty(), a2.height(), a2.root()),
                store.base().orElseThrow(), "a2 is the new base");
        assertEquals(StoreFixtures.reachable(store.source(), List.of(a2.root())), new TreeSet<>(store.storedNodes()));
        TrieProperties.checkReads(store.source(), a2.root(), modelOf(store, a2.root()), new Random(9));
        assertThrows(IllegalArgumentException.class, () -> store.prune(b2.id()), "a pruned version cannot be finalised");
    }

    private static TreeMap<byte[], byte[]> modelOf(TrieStore store, Hash root) {
        TreeMap<byte[], byte[]> m = TrieProperties.newModel();
        store.scan(root, new byte[0], null, (k, v) -> m.put(k, v) == null);
        return m;
    }

    @Test
    void deletingAWholeTable_costsOneUpdate_andFreesEveryNodeOnceFinal() {
        TrieStore store = pruned(0);
        Random r = new Random(2);
        org.tem.ledger.crypto.Address round = org.tem.ledger.crypto.Address.of(new byte[20]);
        TrieUpdate g = store.update(Trie.EMPTY_ROOT);
        g.put(s("other"), s("kept"));
        for (int i = 0; i < 2000; i++) {
            g.put(StateLayout.key(round, s("round/7/state/" + i)), StateLayout.storedValue(value(r, 100)));
        }
        TrieVersion v0 = StoreFixtures.commit(store, kv, g, id(0), null);
        long before = store.stats().nodes();
        TrieUpdate del = store.update(v0.root()).deletePrefix(StateLayout.prefix(round, s("round/7/")));
        TrieChanges c = del.changes();
        assertTrue(c.killedTrees().size() + c.killedNodes().size() <= 4, "a prefix delete touches O(depth) nodes");
        TrieVersion v1 = StoreFixtures.commit(store, kv, del, id(1), v0.id());
        assertEquals(before + c.newNodes().size(), store.stats().nodes(), "nothing is freed before finality");
        store.prune(v1.id());
        assertEquals(StoreFixtures.reachable(store.source(), List.of(v1.root())), new TreeSet<>(store.storedNodes()));
        assertEquals(1, store.stats().nodes(), "only the root leaf of 'other' is left");
        assertArrayEquals(s("kept"), store.get(v1.root(), s("other")).orElseThrow());
    }

    @Test
    void storage_staysBoundedWhenPruning_andGrowsInArchiveMode() {
        InMemoryStorage archiveKv = new InMemoryStorage();
        TrieStore archive = TrieStore.open(archiveKv, TrieOptions.archival());
        TrieStore store = pruned(4);
        Random r = new Random(3);
        Hash pr = Trie.EMPTY_ROOT;
        Hash ar = Trie.EMPTY_ROOT;
        long[] prunedNodes = new long[200];
        for (int v = 0; v < 200; v++) {
            TrieUpdate pu = store.update(pr);
            TrieUpdate au = archive.update(ar);
            for (int k = 0; k < 50; k++) {
                byte[] val = value(r, 64);
                pu.put(s("k" + k), val);
                au.put(s("k" + k), val);
            }
            pr = StoreFixtures.commit(store, kv, pu, id(v), v == 0 ? null : id(v - 1)).root();
            ar = StoreFixtures.commit(archive, archiveKv, au, id(v), v == 0 ? null : id(v - 1)).root();
            assertEquals(pr, ar);
            store.prune(id(v));
            prunedNodes[v] = store.stats().nodes();
        }
        long perVersion = prunedNodes[0];
        assertTrue(prunedNodes[199] <= 5 * perVersion, "window of 4 below the head: at most 5 versions' nodes");
        assertTrue(archive.stats().nodes() >= 200 * 50, "archive keeps every version's leaves");
        assertEquals(5, store.stats().versions());
    }

    /** A block tree with side branches and a prefix delete; the models of every version. */
    private Map<Hash, TreeMap<byte[], byte[]>> buildTree(TrieStore store) {
        Random r = new Random(4);
        Map<Hash, TreeMap<byte[], byte[]>> models = new HashMap<>();
        Map<Hash, Hash> roots = new HashMap<>();
        long[][] tree = {{0, -1}, {1, 0}, {2, 1}, {3, 2}, {4, 1}, {5, 4}, {6, 3}, {7, 6}, {8, 6}, {9, 7}, {10, 9}};
        for (long[] e : tree) {
            Hash parent = e[1] < 0 ? null : id(e[1]);
            TreeMap<byte[], byte[]> model = TrieProperties.newModel();
            if (parent != null) {
                model.putAll(models.get(parent));
            }
            TrieUpdate u = store.update(parent == null ? Trie.EMPTY_ROOT : roots.get(parent));
            for (int i = 0; i < 30; i++) {
                byte[] k = s("t" + (e[0] % 3) + "/" + r.nextInt(40));
                byte[] v = value(r, 1 + r.nextInt(70));
                u.put(k, v);
                model.put(k, v);
            }
            if (e[0] == 7) {
                u.deletePrefix(s("t1/"));
                model.keySet().removeIf(k -> TrieProperties.startsWith(k, s("t1/")));
            }
            TrieVersion v = StoreFixtures.commit(store, kv, u, id(e[0]), parent);
            models.put(v.id(), model);
            roots.put(v.id(), v.root());
        }
        return models;
    }

    @Test
    void aCrashAtAnyPruningBatch_losesNothing_andARerunEndsInTheSameStore() {
        TrieStore store = pruned(1);
        Map<Hash, TreeMap<byte[], byte[]>> models = buildTree(store);
        Hash finalised = id(9);

        InMemoryStorage reference = StoreFixtures.copy(kv);
        PruneResult done = TrieStore.open(reference, TrieOptions.pruned(1).withCacheNodes(0)).prune(finalised);
        assertTrue(done.batches() >= 6, "side branches 4-5 and 8, and versions 0-2 leave: " + done);
        TreeMap<String, String> expected = StoreFixtures.dump(reference);

        for (int failAt = 0; failAt < done.batches(); failAt++) {
            InMemoryStorage disk = StoreFixtures.copy(kv);
            TrieStore crashing = TrieStore.open(new StoreFixtures.CrashingStorage(disk, failAt),
                    TrieOptions.pruned(1).withCacheNodes(0));
            assertThrows(LedgerException.class, () -> crashing.prune(finalised));

            // After the crash: every version still recorded reads exactly its state.
            TrieStore restarted = TrieStore.open(disk, TrieOptions.pruned(1).withCacheNodes(0));
            for (Map.Entry<Hash, TreeMap<byte[], byte[]>> m : models.entrySet()) {
                restarted.version(m.getKey()).ifPresent(v -> TrieProperties.checkReads(restarted.source(), v.root(),
                        m.getValue(), new Random(5)));
            }
            restarted.prune(finalised);
            assertEquals(expected, StoreFixtures.dump(disk), "crash at batch " + failAt + ", then a rerun");
        }
        TrieStore after = TrieStore.open(reference, TrieOptions.pruned(1).withCacheNodes(0));
        assertFalse(after.version(id(8)).isPresent());
        assertEquals(id(7), after.base().orElseThrow().id(), "window of 1 below version 9");
        assertEquals(new PruneResult(0, 0, 0), after.prune(finalised), "pruning again does nothing");
    }
}
