/**
 * Signed transactions and their receipts.
 *
 * <p>A {@link org.tem.ledger.tx.Transaction} calls one method of one contract. Its RLP encoding
 * is {@code [chainId, nonce, from, to, method, args, recoveryId, r, s]}; the signer signs
 * {@code keccak256(rlp([chainId, nonce, from, to, method, args]))}. The sender is named in the
 * clear and authenticated against the public key the chain's allow-list holds for it; decoding
 * checks only the structure. Only the canonical encoding is accepted (low s, the recovery id that
 * really recovers the signer), so a transaction has exactly one hash.
 */
package org.tem.ledger.tx;
