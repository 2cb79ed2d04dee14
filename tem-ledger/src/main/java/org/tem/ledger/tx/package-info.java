/**
 * Signed transactions and their receipts.
 *
 * <p>A {@link org.tem.ledger.tx.Transaction} calls one method of one contract. Its RLP encoding
 * is {@code [chainId, nonce, to, method, args, recoveryId, r, s]}; the signer signs
 * {@code keccak256(rlp([chainId, nonce, to, method, args]))} and the sender is recovered from the
 * signature. Only the canonical encoding is accepted, so a transaction has exactly one hash.
 */
package org.tem.ledger.tx;
