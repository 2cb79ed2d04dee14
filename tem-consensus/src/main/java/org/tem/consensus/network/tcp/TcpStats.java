package org.tem.consensus.network.tcp;

/**
 * A snapshot of a {@link TcpTransport}'s counters, each counted since it was built. Immutable.
 *
 * @param connectionsRefused inbound connections closed at once because too many handshakes were
 *     pending (in total or from one address) or their address was over its rate of attempts
 * @param handshakesRejected connections closed during the handshake: bad frames, another
 *     version, chain id or genesis, a key the policy refuses, a bad signature, a timeout
 * @param connectionsFailed outgoing connection attempts that failed to connect
 * @param framesRejected authenticated connections closed for breaking the framing (a length
 *     of zero or above the limit, an unknown kind)
 * @param messagesReceived messages decoded and passed to the node's scheduler
 * @param malformed frames from authenticated peers that did not decode to a message
 * @param rateLimited frames dropped because their sender was over its rate
 * @param peersBanned peers disconnected and banned for staying over their rate
 * @param outboundDropped messages not sent because the peer's outbound queue was full
 * @param slowPeersDisconnected peers disconnected because their queue stayed above the
 *     high-water mark for the stall timeout
 * @param maxQueuedOutboundBytes the most bytes ever queued to one peer and not yet written
 * @param maxPendingInboundBytes the most bytes of one peer's messages ever waiting for the
 *     node's scheduler
 * @param pendingHandshakes inbound connections in their handshake now
 * @param dials outgoing connection attempts made
 */
public record TcpStats(long connectionsRefused, long handshakesRejected, long connectionsFailed, long framesRejected,
        long messagesReceived, long malformed, long rateLimited, long peersBanned, long outboundDropped,
        long slowPeersDisconnected, long maxQueuedOutboundBytes, long maxPendingInboundBytes, int pendingHandshakes,
        long dials) {
}
