/**
 * How nodes talk: the typed {@link org.tem.consensus.network.Message}s (status handshake,
 * transactions, new blocks, block requests and answers) with bounded, hostile-input-safe
 * decoding; the {@link org.tem.consensus.network.Transport} interface; and the deterministic
 * {@link org.tem.consensus.network.InMemoryNetwork} with injectable latency, loss and
 * partitions. Block and transaction payloads are opaque bytes here.
 */
package org.tem.consensus.network;
