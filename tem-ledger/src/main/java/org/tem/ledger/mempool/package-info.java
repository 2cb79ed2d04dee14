/**
 * The pool of pending transactions waiting for a block: per-sender nonce order, deduplication,
 * a bounded size and early rejection with a reason.
 */
package org.tem.ledger.mempool;
