/**
 * The ledger node: {@link org.tem.consensus.node.LedgerNode} runs a chain, its mempool, a
 * consensus engine and a transport on one event loop; it gossips transactions and blocks, seals
 * when the engine says (as a validator), imports and verifies blocks from peers, syncs what it
 * misses, and completes a submitted transaction's future with its receipt once the transaction
 * is final. {@link org.tem.consensus.node.NodeCounter} names what it counts, refused peer input
 * included.
 */
package org.tem.consensus.node;
