/**
 * The consensus SPI: the {@link org.tem.consensus.Consensus} interface a node drives (who seals
 * when, sealing, verification, fork choice, finality), and the narrow views of headers and of a
 * chain ({@link org.tem.consensus.ConsensusHeader}, {@link org.tem.consensus.ChainView}) through
 * which an engine reads its host's blocks. Engines are written against these views only, so that
 * the same engine runs in a node over tem-ledger's block tree and in a simulation over a block
 * tree of its own.
 *
 * <p>Implementations: {@link org.tem.consensus.poa.PoaConsensus} (the reference
 * proof-of-authority: Clique with finality) and {@link org.tem.consensus.dev.DevConsensus} (one
 * signer, every block final). Sub-packages: {@code scheduler} (the event loop a node runs on,
 * real or simulated) and {@code network} (messages, the transport interface and the in-memory
 * network).
 */
package org.tem.consensus;
