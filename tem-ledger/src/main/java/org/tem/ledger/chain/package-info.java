/**
 * The chain: its {@link org.tem.ledger.chain.Genesis} (chain id, contracts, initial state), and
 * {@link org.tem.ledger.chain.Blockchain}, which builds blocks from transactions, imports blocks
 * (seal check through the consensus hook {@link org.tem.ledger.chain.SealVerifier}, execution,
 * root comparison, atomic commit) and answers state reads, proofs and contract queries.
 */
package org.tem.ledger.chain;
