/**
 * The pool of pending transactions waiting for a block: cheap checks before any signature work,
 * per-sender nonce order, deduplication, a per-sender quota and an eviction rule that keep a
 * flooding sender from crowding out the others, and early rejection with a reason.
 */
package org.tem.ledger.mempool;
