/**
 * The world state and its proofs.
 *
 * <p>Each contract owns a sorted key-value store. A contract's root is the Merkle root (see
 * {@link org.tem.ledger.merkle}) over its entries in ascending unsigned key order, each leaf
 * being {@code rlp([key, value])}. The world-state root is the Merkle root over every registered
 * contract in ascending address order, each leaf being {@code rlp([address, name, contractRoot])}.
 * The account-nonce table is the pseudo-contract {@code "nonces"} at the zero address (key = the
 * 20-byte sender address, value = the next nonce as 8 big-endian bytes), so nonces are committed
 * too. A {@link org.tem.ledger.state.StateProof} lets anyone holding a trusted state root (from a
 * header) check one entry without the rest of the state.
 */
package org.tem.ledger.state;
