package org.tem.ledger.trie;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.tem.ledger.crypto.Hash;
import org.tem.ledger.crypto.Keccak;
import org.tem.ledger.trie.Node.Branch;
import org.tem.ledger.trie.Node.Extension;
import org.tem.ledger.trie.Ref.HashRef;
import org.tem.ledger.trie.Node.Leaf;

/**
 * A batch of changes to the trie at one root, applied in memory: puts, deletes and deletes of
 * every key under a prefix, in the order given. {@link #changes()} then hashes the new nodes and
 * yields the new root and what must be stored. Nothing is written anywhere; the parent state is
 * only read (its nodes must stay stored until {@link #changes()} returns).
 *
 * <p>Cost: a put or delete loads and rebuilds the nodes on its key's path, O(depth); a prefix
 * delete also O(depth) however many keys it removes (the removed subtrees are recorded by their
 * root hashes and freed by pruning later). The resulting root depends only on the final set of
 * keys and values, never on the order of operations or on how changes are split into batches.
 *
 * <p>Not thread-safe; one update is used by one thread and then discarded.
 */
public final class TrieUpdate {

    private final NodeSource source;
    private final Hash parentRoot;
    private Node root;
    private final List<Hash> killedNodes = new ArrayList<>();
    private final List<Hash> killedTrees = new ArrayList<>();
    private int operations;
    private TrieChanges result;

    TrieUpdate(NodeSource source, Hash parentRoot) {
        this.source = source;
        this.parentRoot = parentRoot;
        this.root = parentRoot.equals(Trie.EMPTY_ROOT) ? null : source.node(parentRoot);
    }

    /**
     * @return the root this update started from
     */
    public Hash parentRoot() {
        return parentRoot;
    }

    /**
     * @return the number of operations applied so far
     */
    public int operations() {
        return operations;
    }

    /**
     * Sets a key's value.
     *
     * @param key the key, at most {@link Trie#MAX_KEY_BYTES} bytes (may be empty)
     * @param value the value, 1 to {@link Trie#MAX_VALUE_BYTES} bytes (an empty value cannot be
     *     stored in this trie, as in Ethereum's; use {@link #delete})
     * @return this update
     * @throws IllegalArgumentException if the key or value is out of bounds
     * @throws IllegalStateException if {@link #changes()} was called
     * @throws MissingNodeException if the parent state is no longer stored
     */
    public TrieUpdate put(byte[] key, byte[] value) {
        Trie.checkKey(key);
        Objects.requireNonNull(value, "value");
        if (value.length == 0 || value.length > Trie.MAX_VALUE_BYTES) {
            throw new IllegalArgumentException("value must be 1 to " + Trie.MAX_VALUE_BYTES + " bytes, was "
                    + value.length);
        }
        open();
        root = put(root, Nibbles.of(key), 0, value.clone());
        return this;
    }

    /**
     * Removes a key if present.
     *
     * @param key the key, at most {@link Trie#MAX_KEY_BYTES} bytes
     * @return this update
     * @throws IllegalArgumentException if the key is too long
     * @throws IllegalStateException if {@link #changes()} was called
     * @throws MissingNodeException if the parent state is no longer stored
     */
    public TrieUpdate delete(byte[] key) {
        Trie.checkKey(key);
        open();
        root = delete(root, Nibbles.of(key), 0);
        return this;
    }

    /**
     * Removes every key that starts with {@code prefix} (all keys for an empty prefix), in
     * O(length of the prefix) node loads.
     *
     * @param prefix the prefix, at most {@link Trie#MAX_KEY_BYTES} bytes
     * @return this update
     * @throws IllegalArgumentException if the prefix is too long
     * @throws IllegalStateException if {@link #changes()} was called
     * @throws MissingNodeException if the parent state is no longer stored
     */
    public TrieUpdate deletePrefix(byte[] prefix) {
        Trie.checkKey(prefix);
        open();
        root = deletePrefix(root, Nibbles.of(prefix), 0);
        return this;
    }

    private void open() {
        if (result != null) {
            throw new IllegalStateException("changes() was already called");
        }
        operations++;
    }

    /**
     * Hashes the new nodes and returns the new root with everything a store needs. Idempotent:
     * later calls return the same result; no operation may follow.
     *
     * @return the changes
     */
    public TrieChanges changes() {
        if (result != null) {
            return result;
        }
        Map<Hash, byte[]> newNodes = new TreeMap<>();
        List<Hash> created = new ArrayList<>();
        Hash newRoot;
        if (root == null) {
            newRoot = Trie.EMPTY_ROOT;
        } else if (root.stored != null) {
            newRoot = root.stored;
        } else {
            byte[] enc = NodeCodec.encode(root, c -> ref(c, newNodes, created));
            newRoot = Keccak.hash256(enc);
            root.stored = newRoot;
            newNodes.put(newRoot, enc);
            created.add(newRoot);
        }
        // Net out nodes that were replaced by an identical node (multiset difference).
        Map<Hash, Integer> net = new HashMap<>();
        created.forEach(h -> net.merge(h, 1, Integer::sum));
        killedNodes.forEach(h -> net.merge(h, -1, Integer::sum));
        List<Hash> c = new ArrayList<>();
        List<Hash> k = new ArrayList<>();
        net.forEach((h, n) -> {
            for (int i = 0; i < Math.abs(n); i++) {
                (n > 0 ? c : k).add(h);
            }
        });
        newNodes.keySet().retainAll(new java.util.HashSet<>(c));
        result = new TrieChanges(parentRoot, newRoot, newNodes, c, k, killedTrees);
        return result;
    }

    private byte[] ref(Ref r, Map<Hash, byte[]> newNodes, List<Hash> created) {
        if (r instanceof HashRef h) {
            return NodeCodec.hashRef(h.hash());
        }
        Node n = (Node) r;
        if (n.stored != null) {
            return NodeCodec.hashRef(n.stored);
        }
        byte[] enc = NodeCodec.encode(n, c -> ref(c, newNodes, created));
        if (enc.length < 32) {
            return enc;
        }
        Hash h = Keccak.hash256(enc);
        n.stored = h;
        newNodes.put(h, enc);
        created.add(h);
        return NodeCodec.hashRef(h);
    }

    // ------------------------------------------------------------ the algorithms

    /** Records that a stored occurrence leaves the trie (its children stay where they are). */
    private void kill(Node n) {
        if (n.stored != null) {
            killedNodes.add(n.stored);
        }
    }

    /** Records that a whole subtree leaves the trie. */
    private void drop(Ref r) {
        if (r == null) {
            return;
        }
        if (r instanceof HashRef h) {
            killedTrees.add(h.hash());
            return;
        }
        Node n = (Node) r;
        if (n.stored != null) {
            killedTrees.add(n.stored);
        } else if (n instanceof Extension e) {
            drop(e.child);
        } else if (n instanceof Branch b) {
            for (Ref c : b.children) {
                drop(c);
            }
        }
    }

    private Node put(Node n, byte[] key, int pos, byte[] value) {
        if (n == null) {
            return new Leaf(Nibbles.slice(key, pos), value);
        }
        if (n instanceof Leaf l) {
            int common = Nibbles.common(l.path, key, pos);
            int rest = key.length - pos;
            if (common == l.path.length && common == rest) {
                if (Arrays.equals(l.value, value)) {
                    return l;
                }
                kill(l);
                return new Leaf(l.path, value);
            }
            kill(l);
            Ref[] children = new Ref[16];
            byte[] branchValue = null;
            if (common == l.path.length) {
                branchValue = l.value;
            } else {
                children[l.path[common]] = new Leaf(Nibbles.slice(l.path, common + 1), l.value);
            }
            if (common == rest) {
                branchValue = value;
            } else {
                children[key[pos + common]] = new Leaf(Nibbles.slice(key, pos + common + 1), value);
            }
            Branch b = new Branch(children, branchValue, null);
            return common == 0 ? b : new Extension(Nibbles.slice(l.path, 0, common), b);
        }
        if (n instanceof Extension e) {
            int common = Nibbles.common(e.path, key, pos);
            if (common == e.path.length) {
                Node child = source.resolve(e.child);
                Node updated = put(child, key, pos + common, value);
                if (updated == child) {
                    return e;
                }
                kill(e);
                return new Extension(e.path, updated);
            }
            kill(e);
            Ref[] children = new Ref[16];
            byte[] branchValue = null;
            if (common + 1 == e.path.length) {
                children[e.path[common]] = e.child;
            } else {
                children[e.path[common]] = new Extension(Nibbles.slice(e.path, common + 1), e.child);
            }
            if (common == key.length - pos) {
                branchValue = value;
            } else {
                children[key[pos + common]] = new Leaf(Nibbles.slice(key, pos + common + 1), value);
            }
            Branch b = new Branch(children, branchValue, null);
            return common == 0 ? b : new Extension(Nibbles.slice(e.path, 0, common), b);
        }
        Branch b = (Branch) n;
        if (pos == key.length) {
            if (Arrays.equals(b.value, value)) {
                return b;
            }
            kill(b);
            return b.withValue(value);
        }
        int i = key[pos];
        Node child = source.resolve(b.children[i]);
        Node updated = put(child, key, pos + 1, value);
        if (updated == child) {
            return b;
        }
        kill(b);
        return b.withChild(i, updated);
    }

    private Node delete(Node n, byte[] key, int pos) {
        if (n == null) {
            return null;
        }
        if (n instanceof Leaf l) {
            if (l.path.length == key.length - pos && Nibbles.startsWith(key, pos, l.path)) {
                kill(l);
                return null;
            }
            return l;
        }
        if (n instanceof Extension e) {
            if (!Nibbles.startsWith(key, pos, e.path)) {
                return e;
            }
            Node child = source.resolve(e.child);
            Node updated = delete(child, key, pos + e.path.length);
            if (updated == child) {
                return e;
            }
            kill(e);
            return extend(e.path, updated);
        }
        Branch b = (Branch) n;
        if (pos == key.length) {
            if (b.value == null) {
                return b;
            }
            kill(b);
            return normalise(b.withValue(null));
        }
        int i = key[pos];
        Node child = source.resolve(b.children[i]);
        if (child == null) {
            return b;
        }
        Node updated = delete(child, key, pos + 1);
        if (updated == child) {
            return b;
        }
        kill(b);
        return normalise(b.withChild(i, updated));
    }

    private Node deletePrefix(Node n, byte[] prefix, int pos) {
        if (n == null) {
            return null;
        }
        if (pos == prefix.length) {
            drop(n);
            return null;
        }
        if (n instanceof Leaf l) {
            if (Nibbles.startsWith(l.path, 0, Nibbles.slice(prefix, pos))) {
                drop(l);
                return null;
            }
            return l;
        }
        if (n instanceof Extension e) {
            int rest = prefix.length - pos;
            int common = Nibbles.common(e.path, prefix, pos);
            if (common == rest) {
                drop(e);
                return null;
            }
            if (common < e.path.length) {
                return e;
            }
            Node child = source.resolve(e.child);
            Node updated = deletePrefix(child, prefix, pos + e.path.length);
            if (updated == child) {
                return e;
            }
            kill(e);
            return extend(e.path, updated);
        }
        Branch b = (Branch) n;
        int i = prefix[pos];
        if (b.children[i] == null) {
            return b;
        }
        Node child = source.resolve(b.children[i]);
        Node updated = deletePrefix(child, prefix, pos + 1);
        if (updated == child) {
            return b;
        }
        kill(b);
        return normalise(b.withChild(i, updated));
    }

    /** An extension over {@code path} whose child became {@code child}, in canonical form. */
    private Node extend(byte[] path, Node child) {
        if (child == null) {
            return null;
        }
        if (child instanceof Leaf l) {
            kill(l);
            return new Leaf(Nibbles.concat(path, l.path), l.value);
        }
        if (child instanceof Extension e) {
            kill(e);
            return new Extension(Nibbles.concat(path, e.path), e.child);
        }
        return new Extension(path, child);
    }

    /** A branch that lost an entry, in canonical form (a branch keeps at least two entries). */
    private Node normalise(Branch b) {
        int entries = b.entries();
        if (entries >= 2) {
            return b;
        }
        if (entries == 0) {
            return null;
        }
        if (b.value != null) {
            return new Leaf(Nibbles.EMPTY, b.value);
        }
        int i = 0;
        while (b.children[i] == null) {
            i++;
        }
        Node child = source.resolve(b.children[i]);
        byte[] nibble = {(byte) i};
        if (child instanceof Leaf l) {
            kill(l);
            return new Leaf(Nibbles.concat(nibble, l.path), l.value);
        }
        if (child instanceof Extension e) {
            kill(e);
            return new Extension(Nibbles.concat(nibble, e.path), e.child);
        }
        return new Extension(nibble, b.children[i]);
    }
}
