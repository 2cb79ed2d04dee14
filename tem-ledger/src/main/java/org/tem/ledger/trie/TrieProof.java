package org.tem.ledger.trie;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.tuweni.bytes.Bytes;
import org.tem.ledger.LedgerException;
import org.tem.ledger.crypto.Hash;
import org.tem.ledger.crypto.Keccak;
import org.tem.ledger.trie.Node.Branch;
import org.tem.ledger.trie.Node.Extension;
import org.tem.ledger.trie.Ref.HashRef;
import org.tem.ledger.trie.Node.Leaf;

/**
 * A proof that a key has a value, or has none, under a trie root: the encodings of the stored
 * nodes on the key's path, root first (the format of Ethereum's {@code eth_getProof}). Checking
 * needs only the trusted root: {@link #verify} hashes each node and follows the key, so it runs
 * anywhere, without the store. Immutable.
 *
 * @param nodes the node encodings, root first
 */
public record TrieProof(List<Bytes> nodes) {

    /**
     * The most nodes a proof may hold: one per nibble of the longest key, plus the root.
     */
    public static final int MAX_NODES = 2 * Trie.MAX_KEY_BYTES + 1;

    /** The default bound on an encoded proof's size for {@link #decode(Bytes)}: 4 MiB. */
    public static final int DEFAULT_MAX_BYTES = 4 * 1024 * 1024;

    /**
     * @param nodes the node encodings, root first
     * @throws NullPointerException if the list or an element is null
     * @throws IllegalArgumentException if there are more than {@link #MAX_NODES} nodes
     */
    public TrieProof {
        nodes = List.copyOf(nodes);
        if (nodes.size() > MAX_NODES) {
            throw new IllegalArgumentException("a proof has at most " + MAX_NODES + " nodes, was " + nodes.size());
        }
    }

    /**
     * Checks the proof for a key against a trusted root (for example a block header's state
     * root). Never throws for a bad proof.
     *
     * @param root the trusted root
     * @param key the key the proof is about
     * @return present with the value, absent, or invalid with the reason
     * @throws NullPointerException if an argument is null
     */
    public ProofResult verify(Hash root, byte[] key) {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(key, "key");
        if (key.length > Trie.MAX_KEY_BYTES) {
            return ProofResult.invalid("key longer than " + Trie.MAX_KEY_BYTES + " bytes");
        }
        if (root.equals(Trie.EMPTY_ROOT)) {
            return nodes.isEmpty() ? ProofResult.absent() : ProofResult.invalid("nodes under the empty root");
        }
        try {
            return walk(root, Nibbles.of(key));
        } catch (LedgerException e) {
            return ProofResult.invalid(e.getMessage());
        }
    }

    private ProofResult walk(Hash root, byte[] k) {
        int[] next = {0};
        Node n = take(root, next);
        int pos = 0;
        while (true) {
            Ref child;
            if (n instanceof Leaf l) {
                boolean match = l.path.length == k.length - pos && Nibbles.startsWith(k, pos, l.path);
                return end(next[0], match ? ProofResult.present(l.value) : ProofResult.absent());
            }
            if (n instanceof Extension e) {
                if (!Nibbles.startsWith(k, pos, e.path)) {
                    return end(next[0], ProofResult.absent());
                }
                pos += e.path.length;
                child = e.child;
            } else {
                Branch b = (Branch) n;
                if (pos == k.length) {
                    return end(next[0], b.value == null ? ProofResult.absent() : ProofResult.present(b.value));
                }
                child = b.children[k[pos++]];
            }
            if (child == null) {
                return end(next[0], ProofResult.absent());
            }
            n = child instanceof HashRef h ? take(h.hash(), next) : (Node) child;
        }
    }

    private Node take(Hash expected, int[] next) {
        if (next[0] >= nodes.size()) {
            throw new LedgerException("the proof ends before the key's path does");
        }
        byte[] enc = nodes.get(next[0]++).toArrayUnsafe();
        if (!Keccak.hash256(enc).equals(expected)) {
            throw new LedgerException("node " + (next[0] - 1) + " does not hash to its reference");
        }
        return NodeCodec.decode(enc, expected);
    }

    private ProofResult end(int used, ProofResult r) {
        return used == nodes.size() ? r : ProofResult.invalid((nodes.size() - used) + " unused nodes in the proof");
    }

    /**
     * @return the total size of the node encodings in bytes
     */
    public int size() {
        int n = 0;
        for (Bytes b : nodes) {
            n += b.size();
        }
        return n;
    }

    /**
     * @return the RLP list of the node encodings
     */
    public Bytes encode() {
        NodeCodec.Buf b = new NodeCodec.Buf(size() + 8 * nodes.size());
        for (Bytes n : nodes) {
            NodeCodec.writeString(b, n.toArrayUnsafe());
        }
        return Bytes.wrap(NodeCodec.list(b));
    }

    /**
     * Decodes an untrusted encoding of at most {@link #DEFAULT_MAX_BYTES}.
     *
     * @param rlp the encoding
     * @return the proof (not yet verified)
     * @throws LedgerException if the bytes are too long or not an RLP list of at most
     *     {@link #MAX_NODES} strings
     */
    public static TrieProof decode(Bytes rlp) {
        return decode(rlp, DEFAULT_MAX_BYTES);
    }

    /**
     * Decodes an untrusted encoding. Memory used is bounded by the input's size.
     *
     * @param rlp the encoding
     * @param maxBytes the largest encoding accepted
     * @return the proof (not yet verified)
     * @throws LedgerException if the bytes are longer than {@code maxBytes} or not an RLP list
     *     of at most {@link #MAX_NODES} strings
     */
    public static TrieProof decode(Bytes rlp, int maxBytes) {
        Objects.requireNonNull(rlp, "rlp");
        if (rlp.size() > maxBytes) {
            throw new LedgerException("proof of " + rlp.size() + " bytes exceeds " + maxBytes);
        }
        byte[] b = rlp.toArrayUnsafe();
        NodeCodec.Item list = NodeCodec.item(b, 0, b.length);
        if (!list.list() || list.end() != b.length) {
            throw new LedgerException("a proof must be one RLP list");
        }
        List<Bytes> nodes = new ArrayList<>();
        for (int p = list.start(); p < list.end(); ) {
            if (nodes.size() == MAX_NODES) {
                throw new LedgerException("a proof has at most " + MAX_NODES + " nodes");
            }
            NodeCodec.Item it = NodeCodec.item(b, p, list.end());
            if (it.list()) {
                throw new LedgerException("proof nodes must be RLP strings");
            }
            nodes.add(Bytes.wrap(it.bytes(b)));
            p = it.end();
        }
        return new TrieProof(nodes);
    }
}
