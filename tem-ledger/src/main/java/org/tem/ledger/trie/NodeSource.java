package org.tem.ledger.trie;

import org.tem.ledger.crypto.Hash;
import org.tem.ledger.trie.Ref.HashRef;

/** Where stored nodes are read from. Implementations are thread-safe. */
interface NodeSource {

    /**
     * @param hash a node hash
     * @return the node's encoding
     * @throws MissingNodeException if the node is not stored
     */
    byte[] bytes(Hash hash);

    /**
     * @param hash a node hash
     * @return the decoded node, its {@link Node#stored} set to the hash
     * @throws MissingNodeException if the node is not stored
     */
    default Node node(Hash hash) {
        return NodeCodec.decode(bytes(hash), hash);
    }

    /**
     * @param ref a child slot
     * @return the node it holds, loading a stored one, or {@code null} for an empty slot
     */
    default Node resolve(Ref ref) {
        if (ref == null) {
            return null;
        }
        if (ref instanceof HashRef h) {
            return node(h.hash());
        }
        return (Node) ref;
    }
}
