package org.tem.consensus.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.tuweni.bytes.Bytes;
import org.junit.jupiter.api.Test;
import org.tem.consensus.scheduler.RealScheduler;
import org.tem.consensus.scheduler.Simulator;

/** The in-memory network: latency, loss, partitions and their schedule, connection events, replay. */
class InMemoryNetworkTest {

    private static final PeerId A = new PeerId("a");
    private static final PeerId B = new PeerId("b");
    private static final PeerId C = new PeerId("c");
    private static final Message PING = new NewBlock(Bytes.of(1));

    /** Everything a peer's handler sees, with the virtual time. */
    static final class Recorder implements Transport.Handler {
        final Simulator sim;
        final List<String> log = new ArrayList<>();
        final List<Long> arrivals = new ArrayList<>();

        Recorder(Simulator sim) {
            this.sim = sim;
        }

        @Override
        public void onMessage(PeerId from, Message m) {
            log.add("msg " + from);
            arrivals.add(sim.now());
        }

        @Override
        public void onConnected(PeerId p) {
            log.add("up " + p);
        }

        @Override
        public void onDisconnected(PeerId p) {
            log.add("down " + p);
        }

        @Override
        public void onMalformed(PeerId from, String reason) {
            log.add("malformed " + from);
        }
    }

    private record Net(Simulator sim, InMemoryNetwork net, List<InMemoryNetwork.Endpoint> ends, List<Recorder> recs) {
    }

    private static Net net(long seed, double loss, long minLatency, long maxLatency) {
        Simulator sim = new Simulator(0, seed);
        InMemoryNetwork net = InMemoryNetwork.builder(sim).seed(seed).loss(loss).latency(minLatency, maxLatency).build();
        List<InMemoryNetwork.Endpoint> ends = new ArrayList<>();
        List<Recorder> recs = new ArrayList<>();
        for (PeerId p : List.of(A, B, C)) {
            InMemoryNetwork.Endpoint e = net.join(p, sim.newScheduler());
            Recorder r = new Recorder(sim);
            e.start(r);
            ends.add(e);
            recs.add(r);
        }
        sim.runFor(1);
        return new Net(sim, net, ends, recs);
    }

    @Test
    void startedPeersConnectAndMessagesArriveWithinTheLatencyRange() {
        Net n = net(1, 0, 10, 50);
        assertEquals(new TreeSet<>(Set.of(B, C)), n.ends().get(0).peers());
        assertTrue(n.recs().get(1).log.containsAll(List.of("up a", "up c")));
        long sent = n.sim().now();
        for (int i = 0; i < 200; i++) {
            n.ends().get(0).send(B, PING);
        }
        n.sim().runFor(100);
        assertEquals(200, n.recs().get(1).arrivals.size());
        for (long t : n.recs().get(1).arrivals) {
            assertTrue(t - sent >= 10 && t - sent <= 50, "latency " + (t - sent));
        }
        assertTrue(n.recs().get(1).arrivals.stream().distinct().count() > 10, "latencies vary");
    }

    @Test
    void lossDropsAboutTheGivenShareAndTheSameSeedDropsTheSameMessages() {
        Net n = net(2, 0.3, 1, 5);
        for (int i = 0; i < 1_000; i++) {
            n.ends().get(0).send(B, PING);
        }
        n.sim().runFor(10);
        int got = n.recs().get(1).arrivals.size();
        assertTrue(got > 600 && got < 800, "delivered " + got);
        assertEquals(1_000 - got, n.net().lost());
        Net again = net(2, 0.3, 1, 5);
        for (int i = 0; i < 1_000; i++) {
            again.ends().get(0).send(B, PING);
        }
        again.sim().runFor(10);
        assertEquals(n.recs().get(1).arrivals, again.recs().get(1).arrivals);
    }

    @Test
    void aPartitionBlocksMessagesAndReportsDisconnectionsUntilItHeals() {
        Net n = net(3, 0, 10, 10);
        n.ends().get(0).send(B, PING);
        n.net().partition(List.of(List.of(A), List.of(B, C)));
        n.sim().runFor(20);
        assertTrue(n.recs().get(1).log.contains("down a"));
        assertTrue(n.recs().get(1).arrivals.isEmpty(), "the message in flight was cut off");
        n.ends().get(0).broadcast(PING);
        n.ends().get(2).send(B, PING);
        n.sim().runFor(20);
        assertEquals(1, n.recs().get(1).arrivals.size(), "only c's");
        assertEquals(Set.of(), n.ends().get(0).peers());
        n.net().heal();
        n.sim().runFor(1);
        assertTrue(n.recs().get(0).log.containsAll(List.of("up b", "up c")));
        n.ends().get(0).send(B, PING);
        n.sim().runFor(20);
        assertEquals(2, n.recs().get(1).arrivals.size());
    }

    @Test
    void aPartitionScheduleAppliesEachChangeAtItsTime() {
        Net n = net(4, 0, 1, 1);
        SortedSet<PeerId> left = new TreeSet<>(Set.of(A));
        n.net().apply(new PartitionSchedule(List.of(new PartitionSchedule.Change(100, List.of(left)),
                new PartitionSchedule.Change(200, List.of()))));
        n.sim().runUntil(150);
        assertTrue(!n.net().reachable(A, B) && n.net().reachable(B, C));
        n.sim().runUntil(250);
        assertTrue(n.net().reachable(A, B));
        assertThrows(IllegalArgumentException.class, () -> new PartitionSchedule(List.of(
                new PartitionSchedule.Change(2, List.of()), new PartitionSchedule.Change(1, List.of()))));
        assertThrows(IllegalArgumentException.class,
                () -> new PartitionSchedule.Change(1, List.of(new TreeSet<>(Set.of(A)), new TreeSet<>(Set.of(A, B)))));
    }

    @Test
    void aClosedEndpointReceivesNothingAndItsPeersSeeItLeave() {
        Net n = net(5, 0, 5, 5);
        n.ends().get(1).close();
        n.ends().get(0).send(B, PING);
        n.sim().runFor(10);
        assertTrue(n.recs().get(1).arrivals.isEmpty());
        assertTrue(n.recs().get(0).log.contains("down b"));
        assertThrows(IllegalStateException.class, () -> n.net().join(A, n.sim().newScheduler()));
        InMemoryNetwork.Endpoint again = n.net().join(B, n.sim().newScheduler());
        Recorder r = new Recorder(n.sim());
        again.start(r);
        n.sim().runFor(1);
        assertTrue(r.log.containsAll(List.of("up a", "up c")), "a restarted node joins again");
    }

    @Test
    void bytesThatDoNotDecodeAreReportedAsMalformedNotDelivered() {
        Net n = net(6, 0, 1, 1);
        n.ends().get(0).sendRaw(B, Bytes.fromHexString("0xdeadbeef"));
        n.sim().runFor(5);
        assertTrue(n.recs().get(1).log.contains("malformed a"));
        assertTrue(n.recs().get(1).arrivals.isEmpty());
    }

    @Test
    void endpointsOnRealSchedulersDeliverOnTheReceiversLoop() throws InterruptedException {
        try (RealScheduler clock = new RealScheduler("net"); RealScheduler sa = new RealScheduler("a");
                RealScheduler sb = new RealScheduler("b")) {
            InMemoryNetwork net = InMemoryNetwork.builder(clock).latency(1, 3).build();
            InMemoryNetwork.Endpoint a = net.join(A, sa);
            InMemoryNetwork.Endpoint b = net.join(B, sb);
            CountDownLatch connected = new CountDownLatch(1);
            CountDownLatch got = new CountDownLatch(1);
            boolean[] onLoop = new boolean[1];
            a.start((from, m) -> { });
            b.start(new Transport.Handler() {
                @Override
                public void onMessage(PeerId from, Message m) {
                    onLoop[0] = sb.inLoop();
                    got.countDown();
                }

                @Override
                public void onConnected(PeerId p) {
                    connected.countDown();
                }
            });
            assertTrue(connected.await(10, TimeUnit.SECONDS));
            a.send(B, PING);
            assertTrue(got.await(10, TimeUnit.SECONDS));
            assertTrue(onLoop[0]);
        }
    }
}
