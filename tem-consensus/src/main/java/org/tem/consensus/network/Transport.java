package org.tem.consensus.network;

import java.util.SortedSet;

/**
 * How a node exchanges {@link Message}s with its peers. Delivery is best effort: a message to a
 * peer that is not connected, or lost on the way, is dropped without error, and a node recovers
 * by asking again (the protocol never depends on one message arriving). Every handler callback
 * runs on the node's scheduler (the one the transport was created with), one at a time, so a
 * node's logic stays single-threaded. Two implementations: {@link InMemoryNetwork}'s endpoints
 * and, in a later module version, TCP.
 *
 * <p>Bytes that arrive but do not decode ({@link Message#decode}) never reach {@link
 * Handler#onMessage}; they are reported to {@link Handler#onMalformed} and change nothing.
 */
public interface Transport extends AutoCloseable {

    /**
     * @return this node's identity
     */
    PeerId self();

    /**
     * Opens the transport: from now on messages and connection events are delivered to {@code
     * handler}.
     *
     * @param handler receives messages and connection events on the node's scheduler
     * @throws IllegalStateException if already started or closed
     */
    void start(Handler handler);

    /**
     * Sends a message to one peer, if connected.
     *
     * @param peer the recipient
     * @param message the message
     */
    void send(PeerId peer, Message message);

    /**
     * Sends a message to every connected peer.
     *
     * @param message the message
     */
    void broadcast(Message message);

    /**
     * @return the peers connected now, ascending; a copy
     */
    SortedSet<PeerId> peers();

    /**
     * Closes the transport: nothing more is sent or delivered, and peers see a disconnection.
     * Idempotent.
     */
    @Override
    void close();

    /**
     * What a node does with what arrives. Called on the node's scheduler.
     */
    interface Handler {

        /**
         * @param from the sender
         * @param message a decoded message
         */
        void onMessage(PeerId from, Message message);

        /**
         * A peer became reachable (a connection opened, a partition healed); a node sends it its
         * {@link Status}.
         *
         * @param peer the peer
         */
        default void onConnected(PeerId peer) {
        }

        /**
         * A peer became unreachable.
         *
         * @param peer the peer
         */
        default void onDisconnected(PeerId peer) {
        }

        /**
         * Bytes from a peer did not decode; they were dropped.
         *
         * @param from the sender
         * @param reason why they were refused
         */
        default void onMalformed(PeerId from, String reason) {
        }
    }
}
