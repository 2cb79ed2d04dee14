package org.tem.ledger.trie;

/**
 * The size of a {@link TrieStore}'s tables, counted by a full scan. Immutable.
 *
 * @param nodes stored trie nodes
 * @param nodeBytes their encodings' total size in bytes (keys not included)
 * @param versions version records
 * @param journalBytes the total size of the version records in bytes (the pruning journal)
 */
public record StoreStats(long nodes, long nodeBytes, long versions, long journalBytes) {
}
