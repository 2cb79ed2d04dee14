/**
 * The storage SPI: an ordered byte-key store with atomic batches
 * ({@link org.tem.ledger.storage.KeyValueStorage}), with a RocksDB implementation (the default,
 * on disk) and an in-memory one (tests and simulations). Any other implementation must pass the
 * shared contract test {@code KeyValueStorageContract} in this module's tests.
 */
package org.tem.ledger.storage;
