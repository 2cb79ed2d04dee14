package org.tem.ledger.trie;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.tem.ledger.crypto.Hash;

/**
 * What one {@link TrieUpdate} produced: the new root and the difference between the parent's and
 * the new version's stored nodes, counted per occurrence (a node whose content appears at two
 * places of the trie occurs twice). Immutable; the arrays in {@code newNodes} must not be mutated.
 *
 * @param parentRoot the root the update started from
 * @param root the new root ({@link Trie#EMPTY_ROOT} if no key is left)
 * @param newNodes the encodings of the nodes that occur in the new version and not in the
 *     parent (by hash, ascending), to be stored unless already present
 * @param created one entry per new stored occurrence (hashes ascending, repeated if the same
 *     node occurs more than once)
 * @param killedNodes one entry per stored occurrence of the parent that is gone from the new
 *     version, only that node (its children stay where they were)
 * @param killedTrees the roots of whole subtrees of the parent that are gone (prefix deletes),
 *     every stored occurrence below included
 */
public record TrieChanges(Hash parentRoot, Hash root, Map<Hash, byte[]> newNodes, List<Hash> created,
        List<Hash> killedNodes, List<Hash> killedTrees) {

    /**
     * @param parentRoot the root the update started from
     * @param root the new root ({@link Trie#EMPTY_ROOT} if no key is left)
     * @param newNodes the encodings of the nodes that occur in the new version and not in the
     *     parent (by hash, ascending), to be stored unless already present
     * @param created one entry per new stored occurrence (hashes ascending, repeated if the same
     *     node occurs more than once)
     * @param killedNodes one entry per stored occurrence of the parent that is gone from the new
     *     version, only that node (its children stay where they were)
     * @param killedTrees the roots of whole subtrees of the parent that are gone (prefix deletes),
     *     every stored occurrence below included
     * @throws NullPointerException if a component is null
     */
    public TrieChanges {
        Objects.requireNonNull(parentRoot, "parentRoot");
        Objects.requireNonNull(root, "root");
        newNodes = Collections.unmodifiableMap(new TreeMap<>(newNodes));
        created = List.copyOf(created.stream().sorted().toList());
        killedNodes = List.copyOf(killedNodes.stream().sorted().toList());
        killedTrees = List.copyOf(killedTrees.stream().sorted().toList());
    }

    /**
     * @return the total bytes of the new node encodings
     */
    public long newNodeBytes() {
        long n = 0;
        for (byte[] b : newNodes.values()) {
            n += b.length;
        }
        return n;
    }
}
