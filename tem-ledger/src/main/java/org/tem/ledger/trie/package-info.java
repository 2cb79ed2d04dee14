/**
 * Authenticated, versioned state: a Merkle Patricia trie whose versions are named by their root,
 * updated in O(k · depth) for a batch of k keys, with proofs that anyone can check against a
 * root, and pruning of versions that can no longer be needed.
 *
 * <h2>The trie</h2>
 * Nodes, encodings and roots are Ethereum's Merkle Patricia trie, unchanged: a leaf is
 * {@code rlp([hp(path, leaf), value])}, an extension {@code rlp([hp(path, ext), child])}, a
 * branch {@code rlp([c0, ..., c15, value])}; a child shorter than 32 bytes is embedded in its
 * parent, a longer one referenced by its Keccak-256 hash; the root is the hash of the root node,
 * {@link org.tem.ledger.trie.Trie#EMPTY_ROOT} for no keys. The tests check the roots of Ethereum's
 * published trie vectors. Keys are used as given, not hashed (Ethereum's account and storage tries
 * hash them): the order of keys is kept, so a table can be listed in key order and all keys under
 * a prefix can be deleted at once, at the price that key choice shapes the trie's depth (at most
 * two levels per key byte). As in Ethereum, an empty value cannot be stored in the trie itself.
 * The trie is canonical: the root depends only on the set of keys and values, never on the order
 * of updates or on how they were batched.
 *
 * <h2>tem's world state in one trie</h2>
 * {@link org.tem.ledger.trie.StateLayout} puts every table (each contract's state, the nonce
 * table, the permission list, each under its own 20-byte address) into one trie under its
 * address, with keys in a prefix-free, order-preserving form and values RLP-wrapped, so empty
 * values are storable and no value ever sits in a branch node. A contract's state, or a settled
 * round's working state, is deleted with one prefix delete whose cost does not depend on how many
 * keys it removes.
 *
 * <h2>Versions, storage and pruning</h2>
 * {@link org.tem.ledger.trie.TrieStore} keeps nodes in a
 * {@link org.tem.ledger.storage.KeyValueStorage} by hash, so every version and every branch of
 * a block tree shares the nodes it has in common. A new version is a
 * {@link org.tem.ledger.trie.TrieUpdate} of any retained parent, committed into the caller's
 * storage batch (with its block, atomically). Old versions are pruned by occurrence counts and a
 * per-version journal: each version records the stored node occurrences it created and those of
 * its parent it removed, each node counts its occurrences in the oldest retained version plus those
 * created by later retained versions, and a node is deleted exactly when its count reaches zero.
 * Pruning for a finalised version removes the versions that can no longer become canonical and
 * the canonical versions more than a window below it, one atomic batch per version, so a crash
 * at any point is repaired by pruning again. An archive mode keeps everything.
 *
 * <h2>Use in a chain</h2>
 * <pre>{@code
 * TrieStore trie = TrieStore.open(kv, TrieOptions.pruned());          // or archival()
 * TrieUpdate u = trie.update(parent.header().stateRoot());            // any retained parent
 * StateTables.put(u, contract, key, value);                           // the block's writes
 * StateTables.deletePrefix(u, contract, "round/7/".getBytes(UTF_8));  // a settled round
 * TrieChanges changes = u.changes();                                  // changes.root(): the state root
 * StorageBatch batch = new StorageBatch();
 * trie.commit(changes, block.hash(), parent.hash(), batch);           // + block, receipts, indexes
 * kv.commit(batch);                                                   // one atomic write
 * trie.prune(finalisedBlockHash);                                     // when finality moves
 * new StateTables(trie).get(root, contract, key);                     // reads at any retained root
 * }</pre>
 *
 * <h2>Proofs</h2>
 * {@link org.tem.ledger.trie.TrieProof} holds the stored nodes on a key's path; its
 * {@link org.tem.ledger.trie.TrieProof#verify verify} proves presence with the value or absence
 * against a trusted root, without the store, and refuses anything tampered with. Decoding an
 * untrusted proof is bounded in size and node count.
 *
 * <h2>Why not Apache Tuweni's trie</h2>
 * {@code tuweni-merkle-trie} 2.3.1 is written in Kotlin with suspending functions: it brings the
 * Kotlin standard library, kotlinx-coroutines, Guava and (through {@code tuweni-crypto}) jnr-ffi,
 * fails the build's dependency-convergence check, offers no proofs, ordered iteration, prefix
 * deletes or pruning, and stores nodes one by one instead of into one atomic batch.
 */
package org.tem.ledger.trie;
