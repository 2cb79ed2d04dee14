/**
 * Binary Merkle trees over Keccak-256, used for the transaction, receipt and state roots, and
 * the inclusion proofs that let a meter check one value against a root without replaying the
 * chain.
 *
 * <p>The tree: a leaf hash is {@code keccak256(0x00 || leafData)}, an inner node is
 * {@code keccak256(0x01 || left || right)} (the distinct prefixes stop a leaf from posing as a
 * node). Leaves are paired left to right level by level; an odd node at the end of a level is
 * promoted to the next level unchanged (never duplicated, which would make two lists share a
 * root). The root of zero leaves is {@code keccak256()} of the empty string. What the leaves are
 * and in which order is decided by the caller: block order for transactions and receipts, key
 * order for state.
 */
package org.tem.ledger.merkle;
