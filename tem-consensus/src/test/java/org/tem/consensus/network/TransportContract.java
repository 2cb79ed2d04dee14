package org.tem.consensus.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import org.apache.tuweni.bytes.Bytes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.tem.consensus.scheduler.RealScheduler;

/**
 * The behaviour every {@link Transport} shares, on real schedulers: nodes connect and see each
 * other, messages go to one peer or to all and arrive on the receiver's scheduler, a closed node
 * is seen to leave and receives nothing, a restarted one is connected again. An implementation's
 * test extends this and supplies {@link #cluster}.
 */
public abstract class TransportContract {

    /** How long a test waits for something that should happen (a timeout, not a measurement). */
    public static final long WAIT_MILLIS = 20_000;

    /** Nodes of one network, each with its own scheduler. */
    public interface Cluster extends AutoCloseable {

        /**
         * @param i a node's index
         * @return its transport (the latest, after a restart), not started until {@link #start}
         */
        Transport transport(int i);

        /**
         * @param i a node's index
         * @return its scheduler
         */
        RealScheduler scheduler(int i);

        /**
         * Starts node {@code i}'s transport with the handler and does what it takes for it to
         * reach the others (over TCP: its static peers).
         *
         * @param i a node's index
         * @param handler the handler
         */
        void start(int i, Transport.Handler handler);

        /**
         * Closes node {@code i}'s transport and makes a new one with the same identity, not
         * started.
         *
         * @param i a node's index
         */
        void restart(int i);

        @Override
        void close();
    }

    /**
     * @param n the number of nodes
     * @return a new network of {@code n} nodes, none started
     */
    protected abstract Cluster cluster(int n);

    /** What a handler saw, thread-safe. */
    public static final class Recorder implements Transport.Handler {
        private final RealScheduler loop;
        private final List<String> events = new ArrayList<>();
        private final List<Message> messages = new ArrayList<>();
        private final List<PeerId> senders = new ArrayList<>();
        private volatile boolean offLoop;

        /**
         * @param loop the scheduler the callbacks must run on
         */
        public Recorder(RealScheduler loop) {
            this.loop = loop;
        }

        private void check() {
            if (!loop.inLoop()) {
                offLoop = true;
            }
        }

        @Override
        public synchronized void onMessage(PeerId from, Message m) {
            check();
            if (!(m instanceof Status)) {
                messages.add(m);
                senders.add(from);
            }
        }

        @Override
        public synchronized void onConnected(PeerId p) {
            check();
            events.add("up " + p);
        }

        @Override
        public synchronized void onDisconnected(PeerId p) {
            check();
            events.add("down " + p);
        }

        @Override
        public synchronized void onMalformed(PeerId from, String reason) {
            check();
            events.add("malformed " + from);
        }

        /** @return the connection events so far, in order */
        public synchronized List<String> events() {
            return List.copyOf(events);
        }

        /** @return the messages other than {@link Status} so far, in order */
        public synchronized List<Message> messages() {
            return List.copyOf(messages);
        }

        /** @return their senders */
        public synchronized List<PeerId> senders() {
            return List.copyOf(senders);
        }

        /** @return whether a callback ever ran off the scheduler's thread */
        public boolean calledOffLoop() {
            return offLoop;
        }
    }

    /**
     * Waits until a condition holds, failing the test after {@link #WAIT_MILLIS}.
     *
     * @param what what is awaited, for the failure message
     * @param condition the condition
     */
    public static void await(String what, BooleanSupplier condition) {
        long end = System.nanoTime() + WAIT_MILLIS * 1_000_000;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - end > 0) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private Cluster cluster;

    private Cluster open(int n) {
        cluster = cluster(n);
        return cluster;
    }

    @AfterEach
    void closeCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static Message block(int i) {
        return new NewBlock(Bytes.ofUnsignedInt(i));
    }

    private List<Recorder> startAll(Cluster c, int n) {
        List<Recorder> recs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Recorder r = new Recorder(c.scheduler(i));
            recs.add(r);
            c.start(i, r);
        }
        for (int i = 0; i < n; i++) {
            int k = i;
            await("node " + i + " connected to all", () -> c.transport(k).peers().size() == n - 1);
        }
        return recs;
    }

    @Test
    void fourNodesConnectEachSeeingTheOthersOnceOnItsOwnScheduler() {
        Cluster c = open(4);
        List<Recorder> recs = startAll(c, 4);
        for (int i = 0; i < 4; i++) {
            Set<PeerId> others = new TreeSet<>();
            for (int j = 0; j < 4; j++) {
                if (j != i) {
                    others.add(c.transport(j).self());
                }
            }
            assertEquals(others, c.transport(i).peers());
            int k = i;
            await("connection events at " + i, () -> recs.get(k).events().size() == 3);
            Set<String> ups = new TreeSet<>();
            for (PeerId p : others) {
                ups.add("up " + p);
            }
            assertEquals(ups, new TreeSet<>(recs.get(i).events()));
            assertFalse(recs.get(i).calledOffLoop());
        }
    }

    @Test
    void sendReachesOnlyThePeerNamedAndBroadcastReachesEveryPeer() {
        Cluster c = open(4);
        List<Recorder> recs = startAll(c, 4);
        PeerId a = c.transport(0).self();
        c.transport(0).send(c.transport(1).self(), block(1));
        await("the message at node 1", () -> recs.get(1).messages().size() == 1);
        assertEquals(List.of(block(1)), recs.get(1).messages());
        assertEquals(List.of(a), recs.get(1).senders());
        c.transport(0).broadcast(block(2));
        await("the broadcast at node 1", () -> recs.get(1).messages().size() == 2);
        await("the broadcast at node 2", () -> recs.get(2).messages().size() == 1);
        await("the broadcast at node 3", () -> recs.get(3).messages().size() == 1);
        assertEquals(List.of(block(2)), recs.get(2).messages());
        assertEquals(List.of(block(2)), recs.get(3).messages());
        assertTrue(recs.get(0).messages().isEmpty(), "a node does not receive its own broadcast");
        for (Recorder r : recs) {
            assertFalse(r.calledOffLoop());
        }
    }

    @Test
    void aClosedNodeIsSeenToLeaveAndMessagesToItAreDropped() {
        Cluster c = open(3);
        List<Recorder> recs = startAll(c, 3);
        PeerId gone = c.transport(2).self();
        c.transport(2).close();
        await("node 0 sees node 2 leave", () -> recs.get(0).events().contains("down " + gone));
        await("node 1 sees node 2 leave", () -> recs.get(1).events().contains("down " + gone));
        assertEquals(Set.of(c.transport(1).self()), c.transport(0).peers());
        c.transport(0).send(gone, block(3));
        c.transport(0).broadcast(block(4));
        await("the broadcast at node 1", () -> recs.get(1).messages().size() == 1);
        assertTrue(recs.get(2).messages().isEmpty());
    }

    @Test
    void aRestartedNodeIsConnectedAgainAndExchangesMessages() {
        Cluster c = open(3);
        List<Recorder> recs = startAll(c, 3);
        PeerId b = c.transport(1).self();
        c.restart(1);
        await("node 0 sees node 1 leave", () -> recs.get(0).events().contains("down " + b));
        Recorder again = new Recorder(c.scheduler(1));
        c.start(1, again);
        await("node 1 back at node 0", () -> recs.get(0).events().lastIndexOf("up " + b) > 0
                && c.transport(0).peers().contains(b));
        await("node 1 back at node 2", () -> c.transport(2).peers().contains(b));
        await("node 1 sees both", () -> c.transport(1).peers().size() == 2);
        assertEquals(b, c.transport(1).self());
        c.transport(0).send(b, block(5));
        c.transport(1).broadcast(block(6));
        await("node 1 gets the message", () -> again.messages().contains(block(5)));
        await("node 2 gets the broadcast", () -> recs.get(2).messages().contains(block(6)));
    }
}
