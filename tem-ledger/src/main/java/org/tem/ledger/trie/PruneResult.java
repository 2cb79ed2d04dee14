package org.tem.ledger.trie;

/**
 * What one {@link TrieStore#prune} call did. Immutable.
 *
 * @param versionsRemoved versions whose records were removed (side branches and versions that
 *     fell out of the window)
 * @param nodesDeleted stored nodes deleted because no retained version uses them any more
 * @param batches atomic storage batches committed
 */
public record PruneResult(int versionsRemoved, long nodesDeleted, int batches) {
}
