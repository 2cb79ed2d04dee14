package org.tem.consensus.node;

/**
 * What a {@link LedgerNode} counts: its own work, and every input from a peer it refused. A
 * refused input changed nothing; the counts are how an operator (and a test) sees a broken or
 * hostile peer.
 */
public enum NodeCounter {
    /** Blocks this node sealed and imported. */
    BLOCKS_SEALED,
    /** Blocks from peers imported (as head, reorganisation or side block). */
    BLOCKS_IMPORTED,
    /** Blocks that did not decode. */
    BLOCKS_MALFORMED,
    /** Blocks the chain rejected as invalid (seal, signer, roots, transactions, ...). */
    BLOCKS_REJECTED,
    /** Blocks on a branch that leaves the chain below its finalised block. */
    BLOCKS_BELOW_FINALIZED,
    /** Blocks the chain could not process here (not a verdict on them). */
    BLOCKS_NOT_PROCESSED,
    /** Blocks kept because their parent was unknown. */
    BLOCKS_ORPHANED,
    /** Orphan blocks dropped to keep the pool bounded, or because finality passed them. */
    ORPHANS_DROPPED,
    /** Transactions from peers admitted to the mempool. */
    TRANSACTIONS_ADMITTED,
    /** Transactions from peers that did not decode. */
    TRANSACTIONS_MALFORMED,
    /** Transactions from peers the mempool refused (stale nonce, gap, not permitted, ...). */
    TRANSACTIONS_REFUSED,
    /** Messages whose bytes did not decode. */
    MESSAGES_MALFORMED,
    /** Status messages of another protocol version, chain or genesis. */
    PEERS_INCOMPATIBLE,
    /** Block answers that matched no request of this node. */
    ANSWERS_UNSOLICITED,
    /** Block requests sent to peers. */
    REQUESTS_SENT,
    /** Block requests from peers answered. */
    REQUESTS_SERVED,
    /** Block requests from peers answered with no blocks: the peer had used its budget. */
    REQUESTS_THROTTLED,
    /**
     * Exceptions caught on the loop that no input should cause (a listener that threw, a store
     * failure, a bug): the node logged them and went on.
     */
    FAILURES
}
