/**
 * The bridge between the consensus SPI and tem-ledger's chain: {@link
 * org.tem.consensus.ledger.LedgerConsensusHook} makes any {@link org.tem.consensus.Consensus}
 * the chain's {@link org.tem.ledger.chain.ConsensusHook}, reading ledger headers through {@link
 * org.tem.consensus.ledger.LedgerHeader}.
 */
package org.tem.consensus.ledger;
