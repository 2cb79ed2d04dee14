/**
 * The ledger: signed transactions, blocks with Merkle roots, a world state whose root commits to
 * every contract, a deterministic contract runtime, the mempool and block storage.
 *
 * <p>Sub-packages: {@code crypto} (Keccak-256, secp256k1 keys, addresses), {@code merkle}
 * (binary Merkle trees and proofs), {@code tx} (transactions, receipts), {@code block} (headers,
 * blocks), {@code state} (state proofs), {@code storage} (the key-value SPI with RocksDB and
 * in-memory implementations), {@code chain} (genesis, block building and import, the consensus
 * hook, time rules, held future blocks), {@code permission} (the account allow-list, a system
 * contract every chain has), {@code mempool} (fair admission, cheap checks before signatures) and
 * {@code dev} (a single-validator development chain).
 *
 * <p>Untrusted input (transaction or block bytes) is rejected with a reason and never changes
 * state; see {@link org.tem.ledger.Validation}. Bad input is a {@link org.tem.ledger.LedgerException}
 * or a result with a reason; a failure of the store is a
 * {@link org.tem.ledger.storage.StorageException}, never confused with it.
 */
package org.tem.ledger;
