package org.tem.ledger.trie;

import java.util.Objects;
import java.util.Optional;
import org.tem.ledger.crypto.Hash;

/**
 * One retained version of the state, as a {@link TrieStore} records it. Immutable.
 *
 * @param id the version's id (the block hash, for a chain)
 * @param parent the parent version's id, empty for the base (the oldest retained version)
 * @param height the distance from the first version ever committed (the block number)
 * @param root the state root of this version
 */
public record TrieVersion(Hash id, Optional<Hash> parent, long height, Hash root) {

    /**
     * @param id the version's id (the block hash, for a chain)
     * @param parent the parent version's id, empty for the base (the oldest retained version)
     * @param height the distance from the first version ever committed (the block number)
     * @param root the state root of this version
     * @throws NullPointerException if a component is null
     */
    public TrieVersion {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(parent, "parent");
        Objects.requireNonNull(root, "root");
    }
}
