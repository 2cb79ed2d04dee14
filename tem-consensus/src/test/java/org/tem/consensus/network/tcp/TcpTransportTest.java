package org.tem.consensus.network.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tem.consensus.network.TransportContract.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.apache.tuweni.bytes.Bytes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.tem.consensus.network.Message;
import org.tem.consensus.network.NewBlock;
import org.tem.consensus.network.PeerId;
import org.tem.consensus.network.Status;
import org.tem.consensus.network.Transport;
import org.tem.consensus.network.TransportContract.Recorder;
import org.tem.consensus.scheduler.RealScheduler;
import org.tem.ledger.crypto.Hash;

/**
 * The TCP transport on loopback: the handshake's checks, hostile peers (bad frames, wrong chain,
 * unknown keys, replayed and reflected signatures, floods, slow readers, connection floods),
 * bounded queues, duplicate connections, peer limits and redialling. Counters are asserted, never
 * wall-clock times.
 */
class TcpTransportTest {

    private final List<AutoCloseable> open = new ArrayList<>();

    private record Node(TcpTransport t, RealScheduler s, Recorder r) {
        PeerId id() {
            return t.self();
        }
    }

    private Node node(int i, UnaryOperator<TcpTransport.Builder> custom) {
        return node(i, custom, null);
    }

    private Node node(int i, UnaryOperator<TcpTransport.Builder> custom, Transport.Handler handler) {
        RealScheduler s = new RealScheduler("node-" + i);
        open.add(s);
        TcpTransport t = custom.apply(TcpFixture.builder(i, s)).build();
        open.add(t);
        Recorder r = new Recorder(s);
        t.start(handler == null ? r : handler);
        return new Node(t, s, r);
    }

    private Node node(int i) {
        return node(i, b -> b);
    }

    @AfterEach
    void closeAll() throws Exception {
        Collections.reverse(open);
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private static Message block(int i) {
        return new NewBlock(Bytes.ofUnsignedInt(i));
    }

    private static boolean rejected(Node n, String reason) {
        return n.t().recentRejections().stream().anyMatch(l -> l.contains(reason));
    }

    private static void exchange(Node a, Node b, int tag) {
        await("a and b connected", () -> a.t().peers().contains(b.id()) && b.t().peers().contains(a.id()));
        a.t().send(b.id(), block(tag));
        b.t().send(a.id(), block(tag));
        await("the exchange " + tag, () -> a.r().messages().contains(block(tag)) && b.r().messages().contains(block(tag)));
    }

    private static RawPeer raw(Node n, int key) throws IOException {
        RawPeer p = new RawPeer(n.t().localAddress(), TcpFixture.key(key));
        return p;
    }

    // ------------------------------------------------------------------ handshake

    @Test
    void peersAreNamedByTheirKeysAddressAndTheHandshakeStatusArrivesRightAfterTheConnection() {
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        Transport.Handler h = new Transport.Handler() {
            @Override
            public void onMessage(PeerId from, Message m) {
                seen.add(m instanceof Status s ? "status " + s.chainId() : "message");
            }

            @Override
            public void onConnected(PeerId p) {
                seen.add("up " + p);
            }
        };
        Node a = node(0, b -> b, h);
        Node b = node(1, x -> x);
        b.t().addStaticPeer(a.t().localAddress());
        await("connected", () -> seen.size() == 2);
        PeerId bid = TcpTransport.peerIdOf(TcpFixture.key(1).publicKey());
        assertEquals(TcpFixture.key(1).address().toHexString(), bid.name());
        assertEquals(List.of("up " + bid, "status " + TcpFixture.CHAIN), seen);
        // b finishes its side of the handshake on its own thread: wait for it rather than race it
        await("b sees a", () -> b.t().peers().equals(Set.of(a.id())));
    }

    @Test
    void aPeerOnAnotherChainIdIsRefusedByBothSides() {
        Node a = node(0);
        Node b = node(1, x -> x.chain(TcpFixture.CHAIN + 1, TcpFixture.GENESIS)
                .status(() -> TcpFixture.status(TcpFixture.CHAIN + 1, TcpFixture.GENESIS)));
        b.t().addStaticPeer(a.t().localAddress());
        await("both refuse", () -> rejected(a, "chain id 8, expected 7") && rejected(b, "chain id 7, expected 8"));
        assertTrue(a.t().peers().isEmpty() && b.t().peers().isEmpty());
        assertTrue(a.r().events().isEmpty(), "no connection event");
        assertTrue(a.t().stats().handshakesRejected() >= 1);
    }

    @Test
    void aPeerWithAnotherGenesisIsRefused() {
        Hash other = Hash.fromHexString("0x" + "11".repeat(32));
        Node a = node(0);
        Node b = node(1, x -> x.chain(TcpFixture.CHAIN, other).status(() -> TcpFixture.status(TcpFixture.CHAIN, other)));
        b.t().addStaticPeer(a.t().localAddress());
        await("refused", () -> rejected(a, "genesis") && rejected(b, "genesis"));
        assertTrue(a.t().peers().isEmpty() && a.r().events().isEmpty());
    }

    @Test
    void aNodeKeyThePolicyDoesNotAllowIsRefused() throws IOException {
        Node a = node(0);
        try (RawPeer p = raw(a, 50)) {
            p.handshake();
            assertTrue(p.closedByNode());
        }
        assertTrue(rejected(a, "is not allowed"));
        Node b = node(1, x -> x.policy(NodeKeyPolicy.of(List.of(TcpFixture.key(2).publicKey()))));
        b.t().addStaticPeer(a.t().localAddress());
        await("b refuses a", () -> rejected(b, "is not allowed"));
        assertTrue(a.t().peers().isEmpty() && b.t().peers().isEmpty() && a.r().events().isEmpty());
    }

    @Test
    void aSignatureRecordedFromAnEarlierHandshakeIsRefused() throws IOException {
        Node a = node(0);
        PeerId p5 = TcpTransport.peerIdOf(TcpFixture.key(5).publicKey());
        Bytes recorded;
        Bytes recordedNonce;
        try (RawPeer first = raw(a, 5)) {
            first.handshake();
            await("first connection", () -> a.t().peers().contains(p5));
            recorded = first.sentSignature;
            recordedNonce = first.nonce;
        }
        await("first connection closed", () -> a.t().peers().isEmpty());
        try (RawPeer replay = raw(a, 5)) {
            replay.readHello();
            replay.sendHello(TcpFixture.key(5).publicKey(), recordedNonce, TcpFixture.status());
            replay.frame(Frames.AUTH, recorded);
            assertTrue(replay.closedByNode());
        }
        assertTrue(rejected(a, "bad handshake signature"));
        assertEquals(List.of("up " + p5, "down " + p5), a.r().events(), "the replay never connected");
    }

    @Test
    void theNodesOwnSignatureReflectedBackIsRefusedAndSoIsItsOwnKey() throws IOException {
        Node a = node(0);
        try (RawPeer p = raw(a, 6)) {
            Handshake.Hello theirs = p.readHello();
            // Echo a's own challenge, so that a signs exactly what it would want to see back.
            p.sendHello(TcpFixture.key(6).publicKey(), theirs.nonce(), TcpFixture.status());
            byte[] auth = p.readFrame();
            assertEquals(Frames.AUTH, auth[0]);
            p.frame(Frames.AUTH, Bytes.wrap(auth, 1, auth.length - 1));
            assertTrue(p.closedByNode());
        }
        assertTrue(rejected(a, "bad handshake signature"));
        try (RawPeer p = raw(a, 6)) {
            Handshake.Hello theirs = p.readHello();
            p.sendHello(TcpFixture.key(0).publicKey(), theirs.nonce(), TcpFixture.status());
            assertTrue(p.closedByNode());
        }
        assertTrue(rejected(a, "connected to itself"));
        assertTrue(a.r().events().isEmpty());
    }

    @Test
    void aHandshakeThatDoesNotFinishInTimeIsClosed() throws IOException {
        Node a = node(0, b -> b.handshakeTimeout(200));
        try (RawPeer p = raw(a, 5)) {
            p.readHello();
            assertTrue(p.closedByNode());
        }
        assertTrue(rejected(a, "handshake timeout"));
    }

    @Test
    void pingsKeepAnIdleConnectionOpenAndASilentPeerIsClosed() throws IOException {
        Node a = node(0, x -> x.pingInterval(200));
        Node b = node(1, x -> x.pingInterval(200));
        b.t().addStaticPeer(a.t().localAddress());
        await("a-b", () -> a.t().peers().contains(b.id()) && b.t().peers().contains(a.id()));
        PeerId p7 = TcpTransport.peerIdOf(TcpFixture.key(7).publicKey());
        try (RawPeer p = raw(a, 7)) {
            p.handshake(); // then says nothing
            assertTrue(p.closedByNode());
        }
        assertTrue(rejected(a, p7 + "): silent for too long"));
        assertFalse(rejected(a, b.id() + "): silent"), "b pinged all along");
        exchange(a, b, 6);
        assertEquals(List.of("up " + a.id()), b.r().events(), "never dropped while idle");
    }

    // ------------------------------------------------------------------ framing

    @Test
    void anOversizedLengthBeforeAuthenticationClosesTheConnectionOnItsFourBytes() throws IOException {
        Node a = node(0);
        try (RawPeer p = raw(a, 5)) {
            p.raw(new byte[] {0x00, 0x00, 0x04, 0x01}); // 1,025 bytes: above the handshake limit
            assertTrue(p.closedByNode(), "closed without waiting for the frame's bytes");
        }
        assertTrue(rejected(a, "frame length 1025 outside 1..1024"));
        assertEquals(1, a.t().stats().handshakesRejected());
    }

    @Test
    void anOversizedLengthFromAnAuthenticatedPeerClosesItsConnectionAndOthersCarryOn() throws IOException {
        Node a = node(0);
        Node b = node(1);
        b.t().addStaticPeer(a.t().localAddress());
        await("a-b", () -> a.t().peers().contains(b.id()));
        PeerId p7 = TcpTransport.peerIdOf(TcpFixture.key(7).publicKey());
        try (RawPeer p = raw(a, 7)) {
            p.handshake();
            await("raw peer connected", () -> a.t().peers().contains(p7));
            p.raw(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff});
            assertTrue(p.closedByNode());
        }
        await("raw peer gone", () -> a.r().events().contains("down " + p7));
        assertEquals(1, a.t().stats().framesRejected());
        exchange(a, b, 1);
    }

    @Test
    void malformedMessagesAreReportedDroppedAndTheConnectionStays() throws IOException {
        Node a = node(0);
        Node b = node(1);
        b.t().addStaticPeer(a.t().localAddress());
        PeerId p7 = TcpTransport.peerIdOf(TcpFixture.key(7).publicKey());
        try (RawPeer p = raw(a, 7)) {
            p.handshake();
            await("raw peer connected", () -> a.t().peers().contains(p7));
            for (int i = 0; i < 3; i++) {
                p.frame(Frames.MESSAGE, Bytes.fromHexString("0xdeadbeef"));
            }
            p.frame(Frames.MESSAGE, block(9).encode());
            await("the valid message after the junk", () -> a.r().messages().contains(block(9)));
            assertEquals(3, a.r().events().stream().filter(e -> e.equals("malformed " + p7)).count());
            assertEquals(3, a.t().stats().malformed());
            assertTrue(a.t().peers().contains(p7));
            exchange(a, b, 2);
        }
    }

    // ------------------------------------------------------------------ floods

    /** Rate 100 messages/s (burst 200), 50 drops tolerated; the clock is frozen, so nothing refills. */
    private static TcpTransport.Builder frozen(TcpTransport.Builder b) {
        return b.rateLimit(100, 1e9, 50, 60_000).nanoClock(() -> 0L);
    }

    @Test
    void aFloodOfValidMessagesIsCutAtTheRateAndTheSenderBannedWhileHonestPeersCarryOn() throws IOException {
        Node a = node(0, TcpTransportTest::frozen);
        Node b = node(1);
        b.t().addStaticPeer(a.t().localAddress());
        await("a-b", () -> a.t().peers().contains(b.id()));
        PeerId p8 = TcpTransport.peerIdOf(TcpFixture.key(8).publicKey());
        try (RawPeer p = raw(a, 8)) {
            p.handshake();
            await("flooder connected", () -> a.t().peers().contains(p8));
            for (int i = 0; i < 1_000 && !p.socket.isClosed(); i++) {
                try {
                    p.frame(Frames.MESSAGE, block(1_000 + i).encode());
                } catch (IOException e) {
                    break; // the node closed the connection
                }
            }
            assertTrue(p.closedByNode());
        }
        TcpStats s = a.t().stats();
        assertEquals(51, s.rateLimited(), "50 drops tolerated, the 51st bans");
        assertEquals(1, s.peersBanned());
        assertTrue(s.maxPendingInboundBytes() <= 4L * 1024 * 1024 + Message.MAX_BYTES, "inbound queue bounded");
        await("the flooder's 200 messages handled", () -> a.r().messages().size() == 200);
        assertEquals(200, a.r().senders().stream().filter(p8::equals).count());
        try (RawPeer again = raw(a, 8)) {
            again.handshake();
            assertTrue(again.closedByNode());
        }
        assertTrue(rejected(a, "banned"));
        exchange(a, b, 3);
        assertTrue(b.t().peers().contains(a.id()));
    }

    @Test
    void aFloodOfJunkIsReportedThenCutAtTheRateAndTheSenderBanned() throws IOException {
        Node a = node(0, TcpTransportTest::frozen);
        Node b = node(1);
        b.t().addStaticPeer(a.t().localAddress());
        await("a-b", () -> a.t().peers().contains(b.id()));
        try (RawPeer p = raw(a, 8)) {
            p.handshake();
            Bytes junk = Bytes.repeat((byte) 0xc1, 100);
            for (int i = 0; i < 1_000; i++) {
                try {
                    p.frame(Frames.MESSAGE, junk);
                } catch (IOException e) {
                    break;
                }
            }
            assertTrue(p.closedByNode());
        }
        TcpStats s = a.t().stats();
        assertEquals(200, s.malformed(), "the burst is decoded and reported, the rest dropped undecoded");
        assertEquals(51, s.rateLimited());
        assertEquals(1, s.peersBanned());
        exchange(a, b, 4);
    }

    @Test
    void connectionsStillInTheirHandshakeAreBoundedInTotalAndPerAddress() throws IOException {
        Node a = node(0, b -> b.maxPendingHandshakes(3, 2).handshakeTimeout(600_000));
        List<RawPeer> silent = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                RawPeer p = raw(a, 5);
                p.readHello();
                silent.add(p);
            }
            await("two pending", () -> a.t().stats().pendingHandshakes() == 2);
            for (int i = 0; i < 3; i++) {
                try (RawPeer p = raw(a, 5)) {
                    assertTrue(p.closedByNode(), "a third from the same address is closed at once");
                }
            }
            assertEquals(3, a.t().stats().connectionsRefused());
            assertEquals(2, a.t().stats().pendingHandshakes());
        } finally {
            for (RawPeer p : silent) {
                p.close();
            }
        }
        await("none pending", () -> a.t().stats().pendingHandshakes() == 0);
        PeerId p6 = TcpTransport.peerIdOf(TcpFixture.key(6).publicKey());
        try (RawPeer p = raw(a, 6)) {
            p.handshake();
            await("an honest handshake passes again", () -> a.t().peers().contains(p6));
        }
    }

    @Test
    void connectionAttemptsFromOneAddressAreRateLimited() throws IOException {
        Node a = node(0, b -> b.connectionAttempts(1, 2).nanoClock(() -> 0L));
        try (RawPeer p1 = raw(a, 5); RawPeer p2 = raw(a, 6)) {
            p1.readHello();
            p2.readHello();
            try (RawPeer p3 = raw(a, 7)) {
                assertTrue(p3.closedByNode(), "the third attempt is over the burst");
            }
            assertEquals(1, a.t().stats().connectionsRefused());
        }
    }

    // ------------------------------------------------------------------ bounded queues

    @Test
    void aPeerThatStopsReadingIsDisconnectedAndItsQueueNeverPassesTheBound() throws IOException {
        long bound = Frames.wireSize(Message.MAX_BYTES);
        Node a = node(0, b -> b.outboundQueue(bound, 200));
        PeerId p7 = TcpTransport.peerIdOf(TcpFixture.key(7).publicKey());
        Message big = new NewBlock(Bytes.wrap(new byte[256 * 1024]));
        try (RawPeer p = raw(a, 7)) {
            p.handshake(); // and never reads again
            await("connected", () -> a.t().peers().contains(p7));
            for (int i = 0; i < 2_000 && a.t().peers().contains(p7); i++) {
                a.t().send(p7, big);
                if (a.t().queuedBytes(p7) > bound / 2) {
                    sleepMillis(5);
                }
            }
            await("the slow reader disconnected", () -> !a.t().peers().contains(p7));
        }
        TcpStats s = a.t().stats();
        assertEquals(1, s.slowPeersDisconnected());
        assertTrue(s.maxQueuedOutboundBytes() <= bound, s.maxQueuedOutboundBytes() + " > " + bound);
        assertTrue(rejected(a, "too slow"));
    }

    @Test
    void aNodeBusyElsewhereStopsReadingAtItsInboundBoundAndLosesNothing() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        List<Message> got = Collections.synchronizedList(new ArrayList<>());
        Transport.Handler slow = new Transport.Handler() {
            @Override
            public void onMessage(PeerId from, Message m) {
                if (m instanceof Status) {
                    return;
                }
                try {
                    release.await(); // the node's loop is stuck on something else
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                got.add(m);
            }
        };
        long limit = 64 * 1024;
        Node a = node(0, b -> b.inboundQueue(limit), slow);
        Node b = node(1);
        b.t().addStaticPeer(a.t().localAddress());
        await("a-b", () -> b.t().peers().contains(a.id()));
        int n = 400;
        for (int i = 0; i < n; i++) {
            b.t().send(a.id(), new NewBlock(Bytes.concatenate(Bytes.ofUnsignedInt(i), Bytes.wrap(new byte[16 * 1024]))));
        }
        await("the inbound queue reached its bound", () -> a.t().stats().maxPendingInboundBytes() >= limit);
        Thread.sleep(200); // the sender keeps trying; nothing more may be taken in meanwhile
        long max = a.t().stats().maxPendingInboundBytes();
        assertTrue(max <= limit + 64 * 1024 + 17 * 1024, "pending " + max
                + " above the bound plus one socket read and one message");
        assertEquals(0, b.t().stats().outboundDropped());
        release.countDown();
        await("every message handled in the end", () -> got.size() == n);
    }

    // ------------------------------------------------------------------ connections

    @Test
    void twoNodesDiallingEachOtherEndWithOneConnectionOpenedByTheLowerId() {
        Node a = node(0);
        Node b = node(1);
        a.t().addStaticPeer(b.t().localAddress());
        b.t().addStaticPeer(a.t().localAddress());
        PeerId lower = a.id().compareTo(b.id()) < 0 ? a.id() : b.id();
        await("both kept the lower id's connection",
                () -> lower.equals(a.t().openerOf(b.id())) && lower.equals(b.t().openerOf(a.id())));
        exchange(a, b, 5);
        assertEquals(List.of("up " + b.id()), a.r().events());
        assertEquals(List.of("up " + a.id()), b.r().events());
    }

    @Test
    void peersBeyondTheMaximumAreRefused() {
        Node a = node(0, x -> x.maxPeers(1));
        Node b = node(1);
        Node c = node(2);
        b.t().addStaticPeer(a.t().localAddress());
        await("b connected", () -> a.t().peers().contains(b.id()));
        c.t().addStaticPeer(a.t().localAddress());
        await("c refused", () -> rejected(a, "too many peers (1)"));
        assertEquals(Set.of(b.id()), a.t().peers());
        assertFalse(c.t().peers().contains(a.id()));
    }

    @Test
    void aKeyRemovedFromThePolicyIsDisconnectedOnRevalidateAndRefusedAfter() {
        Set<Bytes> allowed = ConcurrentHashMap.newKeySet();
        allowed.addAll(TcpFixture.keys(2));
        Node a = node(0, x -> x.policy(allowed::contains));
        Node b = node(1);
        b.t().addStaticPeer(a.t().localAddress());
        await("connected", () -> a.t().peers().contains(b.id()));
        a.t().revalidate();
        assertEquals(Set.of(b.id()), a.t().peers(), "still allowed");
        allowed.remove(TcpFixture.key(1).publicKey());
        a.t().revalidate();
        await("disconnected", () -> a.t().peers().isEmpty());
        await("b's redial refused", () -> rejected(a, "is not allowed"));
        assertTrue(rejected(a, "node key no longer allowed"));
    }

    @Test
    void aStaticPeerThatIsDownIsRedialledWithBackoffUntilItComesUp() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Node a = node(0);
        a.t().addStaticPeer(TcpFixture.loopback(port));
        await("three failed attempts", () -> a.t().stats().connectionsFailed() >= 3);
        Node b = node(1, x -> x.listen(TcpFixture.loopback(port)));
        await("connected once b listens", () -> a.t().peers().contains(b.id()));
        await("b told", () -> b.r().events().equals(List.of("up " + a.id())));
    }

    @Test
    void aStaticPeerListingItselfIsDroppedNotRedialled() {
        Node a = node(0);
        a.t().addStaticPeer(a.t().localAddress());
        await("self refused", () -> rejected(a, "connected to itself"));
        long dials = a.t().stats().dials();
        sleepMillis(300); // several back-off periods
        assertEquals(dials, a.t().stats().dials());
        assertTrue(a.t().peers().isEmpty());
    }

    @Test
    void theBuilderRefusesBadSettingsAndAMissingChain() {
        RealScheduler s = new RealScheduler("b");
        open.add(s);
        TcpTransport.Builder b = TcpTransport.builder(TcpFixture.key(0), s);
        assertThrows(IllegalStateException.class, b::build);
        assertThrows(IllegalArgumentException.class, () -> b.chain(-1, TcpFixture.GENESIS));
        assertThrows(IllegalArgumentException.class, () -> b.outboundQueue(1024, 100));
        assertThrows(IllegalArgumentException.class, () -> b.rateLimit(0, 1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> b.backoff(100, 50, 0));
        assertThrows(IllegalArgumentException.class, () -> b.maxPeers(0));
        TcpTransport t = TcpFixture.builder(0, s).build();
        open.add(t);
        assertThrows(IllegalStateException.class, t::localAddress);
        t.start((from, m) -> { });
        assertThrows(IllegalStateException.class, () -> t.start((from, m) -> { }));
        t.close();
        t.close();
        assertNull(t.openerOf(t.self()));
    }

    private static void sleepMillis(long ms) {
        try {
            TimeUnit.MILLISECONDS.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
