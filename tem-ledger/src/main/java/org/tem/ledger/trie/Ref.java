package org.tem.ledger.trie;

import org.tem.ledger.crypto.Hash;

/** What a child slot of a node may hold besides {@code null}: a node, or a stored node's hash. */
sealed interface Ref permits Node, Ref.HashRef {

    /**
     * A reference to a stored node by hash, not loaded yet.
     *
     * @param hash the node's Keccak-256 hash
     */
    record HashRef(Hash hash) implements Ref {
    }
}
