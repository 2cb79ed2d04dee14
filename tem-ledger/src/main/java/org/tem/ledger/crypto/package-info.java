/**
 * Cryptography: Keccak-256 ({@link org.tem.ledger.crypto.Keccak}), 32-byte hashes, 20-byte
 * Ethereum-style addresses, and secp256k1 keys and recoverable ECDSA signatures
 * ({@link org.tem.ledger.crypto.Secp256k1}), all on Bouncy Castle's optimised custom curve with
 * RFC 6979 deterministic nonces.
 */
package org.tem.ledger.crypto;
