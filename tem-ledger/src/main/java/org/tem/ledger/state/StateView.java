package org.tem.ledger.state;

import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.tem.ledger.LedgerException;
import org.tem.ledger.crypto.Address;
import org.tem.ledger.crypto.Hash;
import org.tem.ledger.permission.Permissions;
import org.tem.ledger.storage.InMemoryStorage;
import org.tem.ledger.storage.StorageException;
import org.tem.ledger.trie.MissingNodeException;
import org.tem.ledger.trie.StateLayout;
import org.tem.ledger.trie.StateTables;
import org.tem.ledger.trie.Trie;
import org.tem.ledger.trie.TrieOptions;
import org.tem.ledger.trie.TrieStore;
import org.tem.ledger.trie.TrieUpdate;

/**
 * The world state of one block, read through its state root: table entries, nonces, permitted
 * accounts, ordered scans and proofs. A view is immutable (a root names one version of the
 * state, and nodes are addressed by their hash), so reads from any thread never wait for a block
 * import and never see half of one.
 *
 * <p>A view stays readable while its block's state is retained: the finalised block, the
 * pruning window below it, and every block that may still become canonical (see
 * {@link org.tem.ledger.trie.TrieOptions#window()}). A read at a pruned root fails with
 * {@link MissingNodeException}, never with a wrong answer. Reads cost O(depth) node loads.
 *
 * <p>Thread-safe.
 */
public final class StateView {

    /** The address of the account-nonce table (key: the 20-byte sender, value: 8 bytes big-endian). */
    public static final Address NONCES = Address.ZERO;

    private final StateTables tables;
    private final Hash root;

    /**
     * @param tables the versioned state
     * @param root the state root to read (a retained one)
     */
    public StateView(StateTables tables, Hash root) {
        this.tables = Objects.requireNonNull(tables, "tables");
        this.root = Objects.requireNonNull(root, "root");
    }

    /**
     * @param otherRoot another state root (for example an older block's)
     * @return a view of that root over the same store; reads fail with
     *     {@link MissingNodeException} if its state is not (or no longer) stored
     */
    public StateView at(Hash otherRoot) {
        return new StateView(tables, otherRoot);
    }

    /**
     * @return the state root this view reads
     */
    public Hash root() {
        return root;
    }

    /**
     * @param table a contract address, {@link #NONCES} or {@link Permissions#ADDRESS}
     * @param key the entry's key, 1 to 256 bytes
     * @return the value (possibly empty), or empty if the key is absent
     * @throws MissingNodeException if this state is no longer retained
     * @throws IllegalArgumentException if the key is empty or too long
     * @throws StorageException if the store fails
     */
    public Optional<Bytes> get(Address table, Bytes key) {
        return tables.get(root, table, key.toArrayUnsafe()).map(Bytes::wrap);
    }

    /**
     * Visits a table's entries whose key starts with {@code prefix}, in ascending unsigned key
     * order, until the visitor returns false: O(depth) to the first entry, then amortised O(1)
     * per entry.
     *
     * @param table the table
     * @param prefix the key prefix, empty for the whole table, at most 256 bytes
     * @param visitor receives each key and value (fresh arrays)
     * @throws MissingNodeException if this state is no longer retained
     * @throws StorageException if the store fails
     */
    public void scan(Address table, Bytes prefix, Trie.EntryVisitor visitor) {
        tables.scan(root, table, prefix.toArrayUnsafe(), null, visitor);
    }

    /**
     * @param account an address
     * @return the nonce its next transaction must carry (0 if it never sent one)
     * @throws MissingNodeException if this state is no longer retained
     * @throws StorageException if the store fails or holds a malformed nonce
     */
    public long nonce(Address account) {
        return readNonce(tables.get(root, NONCES, account.toArray()));
    }

    /**
     * @param account an address
     * @return its 64-byte public key if the account may send transactions in this state, else
     *     empty
     * @throws MissingNodeException if this state is no longer retained
     * @throws StorageException if the store fails
     */
    public Optional<Bytes> accountKey(Address account) {
        return tables.get(root, Permissions.ADDRESS, Permissions.accountKey(account)).map(Bytes::wrap);
    }

    /**
     * Proves an entry's value, or its absence, against {@link #root()}.
     *
     * @param table the table
     * @param key the key, 1 to 256 bytes
     * @return the proof, checkable by anyone holding a trusted state root
     * @throws MissingNodeException if this state is no longer retained
     * @throws IllegalArgumentException if the key is empty or too long
     * @throws StorageException if the store fails
     */
    public StateProof prove(Address table, Bytes key) {
        byte[] k = key.toArrayUnsafe();
        Optional<Bytes> value = tables.get(root, table, k).map(Bytes::wrap);
        return new StateProof(table, key.copy(), value, tables.prove(root, table, k));
    }

    /**
     * The root of a trie that holds one table's entries alone, in the state layout: a digest of
     * the table that changes exactly when one of its entries does (for audits and tests). Costs a
     * scan of the table, O(entries) time and memory.
     *
     * @param table the table
     * @return the digest ({@link Trie#EMPTY_ROOT} for an empty table)
     * @throws MissingNodeException if this state is no longer retained
     * @throws StorageException if the store fails
     */
    public Hash tableRoot(Address table) {
        TrieUpdate scratch = scratch();
        tables.scan(root, table, new byte[0], null, (k, v) -> {
            StateTables.put(scratch, table, k, v);
            return true;
        });
        return scratch.changes().root();
    }

    /**
     * Rebuilds the state root from every entry reachable from {@link #root()}, in a scratch trie:
     * an integrity check of the stored nodes (a corrupted value or node gives another root, a
     * missing one throws). Costs O(state) time and memory.
     *
     * @return the recomputed root, equal to {@link #root()} for an intact store
     * @throws MissingNodeException if a node is missing
     * @throws StorageException if the store fails
     * @throws LedgerException if a stored node does not decode
     */
    public Hash recomputeRoot() {
        TrieUpdate scratch = scratch();
        tables.store().scan(root, new byte[0], null, (k, v) -> {
            scratch.put(k, v);
            return true;
        });
        return scratch.changes().root();
    }

    private static TrieUpdate scratch() {
        return TrieStore.open(new InMemoryStorage(), TrieOptions.archival().withCacheNodes(0)).update(Trie.EMPTY_ROOT);
    }

    /**
     * @param stored a nonce value as stored, or empty
     * @return the nonce (0 if absent)
     * @throws StorageException if the stored value is not 8 bytes
     */
    public static long readNonce(Optional<byte[]> stored) {
        if (stored.isEmpty()) {
            return 0;
        }
        byte[] b = stored.get();
        if (b.length != Long.BYTES) {
            throw new StorageException("stored nonce of " + b.length + " bytes, expected 8");
        }
        return ByteBuffer.wrap(b).getLong();
    }

    /**
     * @param nonce a nonce
     * @return its stored form: 8 bytes big-endian
     */
    public static byte[] nonceBytes(long nonce) {
        return ByteBuffer.allocate(Long.BYTES).putLong(nonce).array();
    }

    /**
     * @param account an address
     * @return the trie key of its nonce
     */
    public static byte[] nonceTrieKey(Address account) {
        return StateLayout.key(NONCES, account.toArray());
    }

    /**
     * @param account an address
     * @return the trie key of its entry in the permissions list
     */
    public static byte[] permissionTrieKey(Address account) {
        return StateLayout.key(Permissions.ADDRESS, Permissions.accountKey(account));
    }
}
