package org.tem.ledger.trie;

import java.util.Objects;
import java.util.Optional;
import org.tem.ledger.LedgerException;
import org.tem.ledger.crypto.Address;
import org.tem.ledger.crypto.Hash;

/**
 * The world state's tables (contract states, the nonce table, the permission list) over a
 * {@link TrieStore}, in the {@link StateLayout}: table keys and values in, table keys and values
 * out. Reads take the root of the version to read, so a query runs against an immutable state
 * and never waits for a block import. Thread-safe as the store is.
 */
public final class StateTables {

    private final TrieStore store;

    /**
     * @param store the versioned trie
     */
    public StateTables(TrieStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /**
     * @return the versioned trie these tables are read from
     */
    public TrieStore store() {
        return store;
    }

    /**
     * @param root a retained state root
     * @param table the table's address
     * @param key the table key, 1 to 256 bytes
     * @return the value (possibly empty), or empty if the key is absent
     * @throws MissingNodeException if the root is not (or no longer) stored
     * @throws IllegalArgumentException if the key is empty or too long
     */
    public Optional<byte[]> get(Hash root, Address table, byte[] key) {
        return store.get(root, StateLayout.key(table, key)).map(StateLayout::tableValue);
    }

    /**
     * Visits a table's entries whose key starts with {@code keyPrefix} and is not below
     * {@code from}, in ascending unsigned key order, until the visitor returns false.
     *
     * @param root a retained state root
     * @param table the table's address
     * @param keyPrefix the key prefix (empty for the whole table)
     * @param from the smallest table key to visit, or {@code null}
     * @param visitor receives table keys and values
     * @throws MissingNodeException if the root is not (or no longer) stored
     */
    public void scan(Hash root, Address table, byte[] keyPrefix, byte[] from, Trie.EntryVisitor visitor) {
        Objects.requireNonNull(visitor, "visitor");
        byte[] prefix = StateLayout.prefix(table, keyPrefix);
        byte[] start = from == null || from.length == 0 ? null : StateLayout.key(table, from);
        store.scan(root, prefix, start, (k, v) -> visitor.visit(StateLayout.tableKey(k), StateLayout.tableValue(v)));
    }

    /**
     * @param root a retained state root
     * @param table the table's address
     * @param key the table key
     * @return the proof of the key's value or absence
     * @throws MissingNodeException if the root is not (or no longer) stored
     */
    public TrieProof prove(Hash root, Address table, byte[] key) {
        return store.prove(root, StateLayout.key(table, key));
    }

    /**
     * Checks a proof of a table entry against a trusted state root, without any store.
     *
     * @param proof the proof
     * @param root the trusted root (a block header's state root)
     * @param table the table's address
     * @param key the table key
     * @return present with the table value, absent, or invalid with the reason
     */
    public static ProofResult verify(TrieProof proof, Hash root, Address table, byte[] key) {
        ProofResult r = proof.verify(root, StateLayout.key(table, key));
        if (r.status() != ProofResult.Status.PRESENT) {
            return r;
        }
        try {
            return ProofResult.present(StateLayout.tableValue(r.value().orElseThrow().toArrayUnsafe()));
        } catch (LedgerException e) {
            return ProofResult.invalid("proven value is not in the state layout: " + e.getMessage());
        }
    }

    /**
     * @param update the update to add to
     * @param table the table's address
     * @param key the table key, 1 to 256 bytes
     * @param value the value, 0 to 64 KiB
     */
    public static void put(TrieUpdate update, Address table, byte[] key, byte[] value) {
        update.put(StateLayout.key(table, key), StateLayout.storedValue(value));
    }

    /**
     * @param update the update to add to
     * @param table the table's address
     * @param key the table key to remove
     */
    public static void delete(TrieUpdate update, Address table, byte[] key) {
        update.delete(StateLayout.key(table, key));
    }

    /**
     * Removes every key of a table that starts with {@code keyPrefix} (the whole table for an
     * empty prefix), at a cost independent of how many keys go.
     *
     * @param update the update to add to
     * @param table the table's address
     * @param keyPrefix the key prefix
     */
    public static void deletePrefix(TrieUpdate update, Address table, byte[] keyPrefix) {
        update.deletePrefix(StateLayout.prefix(table, keyPrefix));
    }
}
