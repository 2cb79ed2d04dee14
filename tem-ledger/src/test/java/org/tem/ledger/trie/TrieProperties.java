package org.tem.ledger.trie;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.tem.ledger.crypto.Hash;

/**
 * Invariants of the trie core against two independent references: a {@link TreeMap} model of the
 * key set, and {@link ScratchTrie}'s from-scratch root. Keys are drawn from a few byte values so
 * that they share prefixes, are prefixes of each other, and split and merge nodes often.
 */
class TrieProperties {

    /** One operation: put (value non-null), delete, or delete every key under a prefix. */
    record Op(int kind, byte[] key, byte[] value) {
        static final int PUT = 0;
        static final int DELETE = 1;
        static final int DELETE_PREFIX = 2;

        void apply(TrieUpdate u) {
            switch (kind) {
                case PUT -> u.put(key, value);
                case DELETE -> u.delete(key);
                default -> u.deletePrefix(key);
            }
        }

        void apply(SortedMap<byte[], byte[]> model) {
            switch (kind) {
                case PUT -> model.put(key, value);
                case DELETE -> model.remove(key);
                default -> model.keySet().removeIf(k -> startsWith(k, key));
            }
        }

        @Override
        public String toString() {
            return (kind == PUT ? "put " : kind == DELETE ? "delete " : "deletePrefix ")
                    + org.apache.tuweni.bytes.Bytes.wrap(key) + (value == null ? "" : "=" + value.length + "B");
        }
    }

    static boolean startsWith(byte[] k, byte[] p) {
        return k.length >= p.length && Arrays.equals(k, 0, p.length, p, 0, p.length);
    }

    static TreeMap<byte[], byte[]> newModel() {
        return new TreeMap<>(Arrays::compareUnsigned);
    }

    static Arbitrary<byte[]> keys() {
        return Arbitraries.of((byte) 0x00, (byte) 0x01, (byte) 0x10, (byte) 0x7f, (byte) 0xff)
                .list().ofMinSize(0).ofMaxSize(5)
                .map(l -> {
                    byte[] b = new byte[l.size()];
                    for (int i = 0; i < b.length; i++) {
                        b[i] = l.get(i);
                    }
                    return b;
                });
    }

    private static final byte[] ALPHABET = {0x00, 0x01, 0x10, 0x7f, (byte) 0xff};

    /** A key like {@link #keys()}, from a plain random source (usable outside jqwik). */
    static byte[] randomKey(Random r) {
        byte[] k = new byte[r.nextInt(6)];
        for (int i = 0; i < k.length; i++) {
            k[i] = ALPHABET[r.nextInt(ALPHABET.length)];
        }
        return k;
    }

    static Arbitrary<byte[]> values() {
        return Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(48);
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Op> put = Combinators.combine(keys(), values()).as((k, v) -> new Op(Op.PUT, k, v));
        Arbitrary<Op> delete = keys().map(k -> new Op(Op.DELETE, k, null));
        Arbitrary<Op> deletePrefix = keys().filter(k -> k.length > 0).map(k -> new Op(Op.DELETE_PREFIX, k, null));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, put), net.jqwik.api.Tuple.of(2, delete), net.jqwik.api.Tuple.of(1, deletePrefix))
                .list().ofMinSize(0).ofMaxSize(60);
    }

    @Property(tries = 300)
    void rootDependsOnlyOnTheFinalKeySet_notOnOrderOrBatches(@ForAll("ops") List<Op> ops, @ForAll long seed) {
        SortedMap<byte[], byte[]> model = newModel();
        ops.forEach(op -> op.apply(model));
        Hash expected = ScratchTrie.root(model);

        // The operations in their order, split into random batches.
        Random random = new Random(seed);
        MemorySource s = new MemorySource();
        Hash root = Trie.EMPTY_ROOT;
        int i = 0;
        while (i < ops.size()) {
            int n = 1 + random.nextInt(ops.size() - i);
            TrieUpdate u = s.update(root);
            ops.subList(i, i + n).forEach(op -> op.apply(u));
            root = s.apply(u);
            i += n;
        }
        assertEquals(expected, root, "batched in order");

        // The final entries inserted in a random order, in one batch.
        List<Map.Entry<byte[], byte[]>> entries = new ArrayList<>(model.entrySet());
        Collections.shuffle(entries, random);
        MemorySource fresh = new MemorySource();
        TrieUpdate u = fresh.update(Trie.EMPTY_ROOT);
        entries.forEach(e -> u.put(e.getKey(), e.getValue()));
        assertEquals(expected, fresh.apply(u), "shuffled entries");
    }

    @Provide
    Arbitrary<List<List<Op>>> versions() {
        return ops().list().ofMinSize(1).ofMaxSize(12);
    }

    @Property(tries = 150)
    void readsScansAndRootsMatchATreeMapModel_overBranchingVersions(@ForAll("versions") List<List<Op>> batches,
            @ForAll long seed) {
        Random random = new Random(seed);
        MemorySource s = new MemorySource();
        List<Hash> roots = new ArrayList<>(List.of(Trie.EMPTY_ROOT));
        List<TreeMap<byte[], byte[]>> models = new ArrayList<>(List.of(newModel()));
        for (List<Op> batch : batches) {
            int parent = random.nextInt(roots.size());
            TreeMap<byte[], byte[]> model = newModel();
            model.putAll(models.get(parent));
            TrieUpdate u = s.update(roots.get(parent));
            for (Op op : batch) {
                op.apply(u);
                op.apply(model);
            }
            Hash root = s.apply(u);
            assertEquals(ScratchTrie.root(model), root);
            roots.add(root);
            models.add(model);
        }
        // Every version stays readable and equal to its model (versions share nodes).
        for (int v = 0; v < roots.size(); v++) {
            checkReads(s, roots.get(v), models.get(v), random);
        }
    }

    static void checkReads(NodeSource s, Hash root, TreeMap<byte[], byte[]> model, Random random) {
        for (Map.Entry<byte[], byte[]> e : model.entrySet()) {
            Optional<byte[]> got = Trie.get(s, root, e.getKey());
            assertTrue(got.isPresent(), "present key");
            assertArrayEquals(e.getValue(), got.get());
        }
        for (int i = 0; i < 10; i++) {
            byte[] k = randomKey(random);
            assertEquals(Optional.ofNullable(model.get(k)).map(Arrays::toString),
                    Trie.get(s, root, k).map(Arrays::toString), "lookup of a random key");
        }
        for (int i = 0; i < 5; i++) {
            byte[] prefix = randomKey(random);
            byte[] from = random.nextBoolean() ? null : randomKey(random);
            List<String> want = new ArrayList<>();
            for (Map.Entry<byte[], byte[]> e : model.entrySet()) {
                if (startsWith(e.getKey(), prefix) && (from == null || Arrays.compareUnsigned(e.getKey(), from) >= 0)) {
                    want.add(Arrays.toString(e.getKey()) + Arrays.toString(e.getValue()));
                }
            }
            List<String> got = new ArrayList<>();
            Trie.scan(s, root, prefix, from, (k, v) -> got.add(Arrays.toString(k) + Arrays.toString(v)));
            assertEquals(want, got, "scan of prefix " + Arrays.toString(prefix) + " from " + Arrays.toString(from));
        }
    }
}
