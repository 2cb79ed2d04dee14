/**
 * The TCP transport: {@link org.tem.consensus.network.tcp.TcpTransport}, a {@link
 * org.tem.consensus.network.Transport} on Netty with length-prefixed frames, a handshake that
 * checks the chain and authenticates each peer's node key against a {@link
 * org.tem.consensus.network.tcp.NodeKeyPolicy}, bounded per-peer queues and rate limits, and
 * static peers redialled with back-off. Frames are not encrypted.
 */
package org.tem.consensus.network.tcp;
