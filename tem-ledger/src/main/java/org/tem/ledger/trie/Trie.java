package org.tem.ledger.trie;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.tem.ledger.crypto.Hash;
import org.tem.ledger.crypto.Keccak;
import org.tem.ledger.trie.Node.Branch;
import org.tem.ledger.trie.Node.Extension;
import org.tem.ledger.trie.Ref.HashRef;
import org.tem.ledger.trie.Node.Leaf;

/**
 * Constants and read algorithms of the Merkle Patricia trie (the format is Ethereum's; see the
 * {@linkplain org.tem.ledger.trie package overview}). Reads walk from a root through stored
 * nodes: O(depth) node loads, nothing else of the trie is touched. Stateless and thread-safe.
 */
public final class Trie {

    /** The root of the empty trie: Keccak-256 of {@code rlp("")}, as in Ethereum. */
    public static final Hash EMPTY_ROOT = Keccak.hash256(new byte[] {(byte) 0x80});

    /** The longest key the trie accepts, in bytes (a path of up to twice as many nibbles). */
    public static final int MAX_KEY_BYTES = 1024;

    /** The longest value the trie accepts, in bytes (a contract value of 64 KiB plus framing). */
    public static final int MAX_VALUE_BYTES = 128 * 1024;

    private Trie() {
    }

    /**
     * Receives entries in ascending unsigned key order.
     */
    @FunctionalInterface
    public interface EntryVisitor {
        /**
         * @param key a key (a fresh array)
         * @param value its value (a fresh array)
         * @return whether to go on
         */
        boolean visit(byte[] key, byte[] value);
    }

    static void checkKey(byte[] key) {
        Objects.requireNonNull(key, "key");
        if (key.length > MAX_KEY_BYTES) {
            throw new IllegalArgumentException("key must be at most " + MAX_KEY_BYTES + " bytes, was "
                    + key.length);
        }
    }

    static Optional<byte[]> get(NodeSource source, Hash root, byte[] key) {
        checkKey(key);
        if (root.equals(EMPTY_ROOT)) {
            return Optional.empty();
        }
        byte[] k = Nibbles.of(key);
        Node n = source.node(root);
        int pos = 0;
        while (n != null) {
            if (n instanceof Leaf l) {
                boolean match = l.path.length == k.length - pos && Nibbles.startsWith(k, pos, l.path);
                return match ? Optional.of(l.value.clone()) : Optional.empty();
            }
            if (n instanceof Extension e) {
                if (!Nibbles.startsWith(k, pos, e.path)) {
                    return Optional.empty();
                }
                pos += e.path.length;
                n = source.resolve(e.child);
            } else {
                Branch b = (Branch) n;
                if (pos == k.length) {
                    return Optional.ofNullable(b.value).map(byte[]::clone);
                }
                n = source.resolve(b.children[k[pos++]]);
            }
        }
        return Optional.empty();
    }

    /** The stored nodes on the path to {@code key}, root first. */
    static List<byte[]> prove(NodeSource source, Hash root, byte[] key) {
        checkKey(key);
        List<byte[]> proof = new ArrayList<>();
        if (root.equals(EMPTY_ROOT)) {
            return proof;
        }
        byte[] k = Nibbles.of(key);
        Node n = load(source, root, proof);
        int pos = 0;
        while (true) {
            Ref next;
            if (n instanceof Leaf) {
                return proof;
            }
            if (n instanceof Extension e) {
                if (!Nibbles.startsWith(k, pos, e.path)) {
                    return proof;
                }
                pos += e.path.length;
                next = e.child;
            } else {
                Branch b = (Branch) n;
                if (pos == k.length) {
                    return proof;
                }
                next = b.children[k[pos++]];
            }
            if (next == null) {
                return proof;
            }
            n = next instanceof HashRef h ? load(source, h.hash(), proof) : (Node) next;
        }
    }

    private static Node load(NodeSource source, Hash h, List<byte[]> proof) {
        byte[] enc = source.bytes(h);
        proof.add(enc);
        return NodeCodec.decode(enc, h);
    }

    /**
     * Visits the entries whose key starts with {@code prefix} and is not below {@code from}, in
     * ascending key order, until the visitor returns false.
     */
    static void scan(NodeSource source, Hash root, byte[] prefix, byte[] from, EntryVisitor visitor) {
        checkKey(prefix);
        if (root.equals(EMPTY_ROOT)) {
            return;
        }
        byte[] bound = from != null && Arrays.compareUnsigned(from, prefix) > 0 ? from : prefix;
        new Scan(source, Nibbles.of(bound), Nibbles.of(prefix), visitor).walk(source.node(root), true);
    }

    /** A depth-first walk in key order with a lower bound. */
    private static final class Scan {
        private final NodeSource source;
        private final byte[] bound;
        private final byte[] prefix;
        private final EntryVisitor visitor;
        private byte[] path = new byte[64];
        private int length;

        Scan(NodeSource source, byte[] bound, byte[] prefix, EntryVisitor visitor) {
            this.source = source;
            this.bound = bound;
            this.prefix = prefix;
            this.visitor = visitor;
        }

        /** @param bounded whether the path so far equals the bound's first nibbles */
        boolean walk(Node n, boolean bounded) {
            int mark = length;
            try {
                if (n instanceof Leaf l) {
                    append(l.path);
                    if (bounded && compareToBound() < 0) {
                        return true;
                    }
                    return emit(l.value);
                }
                if (n instanceof Extension e) {
                    append(e.path);
                    if (bounded) {
                        int k = Math.min(length, bound.length);
                        int c = Arrays.compare(path, 0, k, bound, 0, k);
                        if (c < 0) {
                            return true;
                        }
                        bounded = c == 0 && length < bound.length;
                    }
                    return walk(source.resolve(e.child), bounded);
                }
                Branch b = (Branch) n;
                if (bounded && length >= bound.length) {
                    bounded = false;
                }
                if (b.value != null && !bounded && !emit(b.value)) {
                    return false;
                }
                int first = bounded ? bound[length] : 0;
                for (int i = first; i < 16; i++) {
                    if (b.children[i] == null) {
                        continue;
                    }
                    append(new byte[] {(byte) i});
                    boolean ok = walk(source.resolve(b.children[i]), bounded && i == first);
                    length--;
                    if (!ok) {
                        return false;
                    }
                }
                return true;
            } finally {
                length = mark;
            }
        }

        private int compareToBound() {
            return Arrays.compare(path, 0, length, bound, 0, bound.length);
        }

        private boolean emit(byte[] value) {
            if (length < prefix.length || Arrays.compare(path, 0, prefix.length, prefix, 0, prefix.length) != 0) {
                return false;
            }
            return visitor.visit(Nibbles.toBytes(path, length), value.clone());
        }

        private void append(byte[] nibbles) {
            if (length + nibbles.length > path.length) {
                path = Arrays.copyOf(path, Math.max(path.length * 2, length + nibbles.length));
            }
            System.arraycopy(nibbles, 0, path, length, nibbles.length);
            length += nibbles.length;
        }
    }
}
