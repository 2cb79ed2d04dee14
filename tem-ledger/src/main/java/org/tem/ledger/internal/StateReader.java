package org.tem.ledger.internal;

import java.util.Optional;

/** Where an {@link Overlay} reads what it has not staged: committed state, by trie key. */
@FunctionalInterface
public interface StateReader {

    /**
     * @param trieKey a key in the state layout ({@link org.tem.ledger.trie.StateLayout#key})
     * @return the table value (not the stored form), or empty if absent
     * @throws org.tem.ledger.storage.StorageException if the store fails, or the state's nodes
     *     are missing
     */
    Optional<byte[]> get(byte[] trieKey);
}
