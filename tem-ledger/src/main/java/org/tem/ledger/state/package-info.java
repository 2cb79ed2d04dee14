/**
 * The world state of a block and its proofs.
 *
 * <p>The whole world state is one Merkle Patricia trie (see {@link org.tem.ledger.trie}), whose
 * root is the header's {@code stateRoot}. It holds tables, each under its own 20-byte address:
 * <ul>
 *   <li>each contract's state, at the contract's address;
 *   <li>the account-nonce table at the zero address ({@link org.tem.ledger.state.StateView#NONCES}:
 *       key the 20-byte sender, value its next nonce as 8 bytes big-endian), so nonces are
 *       committed too;
 *   <li>the permissions list at {@link org.tem.ledger.permission.Permissions#ADDRESS};
 *   <li>the chain table at {@link org.tem.ledger.chain.Genesis#CHAIN_TABLE}: the chain id and
 *       the time rules, and the name of every registered contract, written once at genesis, so
 *       the genesis hash commits to them.
 * </ul>
 * A block touching k entries costs O(k · depth) to update and hash, whatever the size of the
 * state. {@link org.tem.ledger.state.StateView} reads one block's state (immutable: reads never
 * wait for an import); a {@link org.tem.ledger.state.StateProof} lets anyone holding a trusted
 * state root check one entry, or the absence of a key, without the rest of the state.
 */
package org.tem.ledger.state;
