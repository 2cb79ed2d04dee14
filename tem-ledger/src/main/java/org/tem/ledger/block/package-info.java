/**
 * Block headers and blocks.
 *
 * <p>A header commits to its parent, its number and timestamp, the Merkle roots of its
 * transactions (leaf = a transaction's canonical encoding, in block order), its receipts (leaf =
 * a receipt's encoding, in block order) and the world state after it (see
 * {@link org.tem.ledger.state.StateProof}), plus an opaque seal that the consensus engine fills
 * in. The seal is excluded from the {@linkplain org.tem.ledger.block.BlockHeader#sealingHash()
 * sealing hash}, so a seal can sign the rest of the header.
 */
package org.tem.ledger.block;
