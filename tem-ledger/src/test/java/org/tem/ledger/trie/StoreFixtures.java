package org.tem.ledger.trie;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.tem.ledger.LedgerException;
import org.tem.ledger.crypto.Hash;
import org.tem.ledger.crypto.Keccak;
import org.tem.ledger.storage.InMemoryStorage;
import org.tem.ledger.storage.KeyValueStorage;
import org.tem.ledger.storage.StorageBatch;
import org.tem.ledger.trie.Node.Branch;
import org.tem.ledger.trie.Node.Extension;

/** Helpers for the store tests. */
final class StoreFixtures {
    private StoreFixtures() {
    }

    /** A version id derived from a number. */
    static Hash id(long n) {
        return Keccak.hash256(java.nio.ByteBuffer.allocate(8).putLong(n).array());
    }

    /** The hashes of every stored node reachable from the roots. */
    static TreeSet<Hash> reachable(NodeSource source, Iterable<Hash> roots) {
        TreeSet<Hash> out = new TreeSet<>();
        Deque<Ref> stack = new ArrayDeque<>();
        for (Hash r : roots) {
            if (!r.equals(Trie.EMPTY_ROOT)) {
                stack.push(new Ref.HashRef(r));
            }
        }
        while (!stack.isEmpty()) {
            Ref ref = stack.pop();
            Node n;
            if (ref instanceof Ref.HashRef h) {
                if (!out.add(h.hash())) {
                    continue;
                }
                n = NodeCodec.decode(source.bytes(h.hash()), h.hash());
            } else {
                n = (Node) ref;
            }
            if (n instanceof Extension e) {
                stack.push(e.child);
            } else if (n instanceof Branch b) {
                for (Ref c : b.children) {
                    if (c != null) {
                        stack.push(c);
                    }
                }
            }
        }
        return out;
    }

    /** Every entry of a store, for byte-for-byte comparisons. */
    static TreeMap<String, String> dump(KeyValueStorage kv) {
        TreeMap<String, String> m = new TreeMap<>();
        kv.scan(new byte[0], (k, v) -> m.put(org.apache.tuweni.bytes.Bytes.wrap(k).toHexString(),
                org.apache.tuweni.bytes.Bytes.wrap(v).toHexString()));
        return m;
    }

    /** A copy of an in-memory store. */
    static InMemoryStorage copy(KeyValueStorage kv) {
        InMemoryStorage c = new InMemoryStorage();
        StorageBatch b = new StorageBatch();
        kv.scan(new byte[0], b::put);
        if (b.size() > 0) {
            c.commit(b);
        }
        return c;
    }

    /** A store that fails (applying nothing) at its {@code failAt}-th commit, counting from 0. */
    static final class CrashingStorage implements KeyValueStorage {
        private final KeyValueStorage inner;
        private final int failAt;
        private int commits;

        CrashingStorage(KeyValueStorage inner, int failAt) {
            this.inner = inner;
            this.failAt = failAt;
        }

        @Override
        public java.util.Optional<byte[]> get(byte[] key) {
            return inner.get(key);
        }

        @Override
        public void scan(byte[] prefix, java.util.function.BiConsumer<byte[], byte[]> visitor) {
            inner.scan(prefix, visitor);
        }

        @Override
        public void commit(StorageBatch batch) {
            if (commits++ == failAt) {
                throw new LedgerException("simulated crash at commit " + failAt);
            }
            inner.commit(batch);
        }

        @Override
        public void close() {
            inner.close();
        }
    }

    /** Commits one update as a version in its own batch. */
    static TrieVersion commit(TrieStore store, KeyValueStorage kv, TrieUpdate u, Hash id, Hash parent) {
        StorageBatch batch = new StorageBatch();
        TrieVersion v = store.commit(u.changes(), id, parent, batch);
        kv.commit(batch);
        return v;
    }

    static Map<Hash, Long> counts(TrieStore store) {
        Map<Hash, Long> m = new TreeMap<>();
        store.storedNodes().forEach(h -> m.put(h, store.count(h)));
        return m;
    }
}
