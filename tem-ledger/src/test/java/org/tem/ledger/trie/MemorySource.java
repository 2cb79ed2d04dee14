package org.tem.ledger.trie;

import java.util.HashMap;
import java.util.Map;
import org.tem.ledger.crypto.Hash;

/** A node source in a hash map, for tests: every node ever added stays. */
final class MemorySource implements NodeSource {
    final Map<Hash, byte[]> nodes = new HashMap<>();

    @Override
    public byte[] bytes(Hash hash) {
        byte[] b = nodes.get(hash);
        if (b == null) {
            throw new MissingNodeException(hash);
        }
        return b;
    }

    TrieUpdate update(Hash root) {
        return new TrieUpdate(this, root);
    }

    /** Stores an update's new nodes and returns its root. */
    Hash apply(TrieUpdate u) {
        TrieChanges c = u.changes();
        nodes.putAll(c.newNodes());
        return c.root();
    }
}
