package org.tem.consensus.network.tcp;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.tuweni.bytes.Bytes;
import org.tem.consensus.network.Message;
import org.tem.consensus.network.PeerId;
import org.tem.consensus.network.Status;
import org.tem.consensus.network.Transport;
import org.tem.consensus.scheduler.Scheduler;
import org.tem.ledger.crypto.Address;
import org.tem.ledger.crypto.Hash;
import org.tem.ledger.crypto.KeyPair;

/**
 * The {@link Transport} over TCP, on Netty: what a node uses between machines.
 *
 * <p><b>Wire.</b> Length-prefixed frames (a 4-byte big-endian length, then the frame): a length
 * of zero or above the limit closes the connection as soon as the 4 bytes arrive, before
 * anything is allocated for the frame. Before authentication the limit is 1 KiB; after, {@link
 * #MAX_FRAME_BYTES} ({@link Message#MAX_BYTES} plus the frame's kind byte).
 *
 * <p><b>Handshake.</b> Both sides send, at once, their node key, a fresh random 32-byte
 * challenge and their {@link Status}. A side closes the connection (and logs why) if the peer's
 * protocol version, chain id or genesis hash differ from its own, or if the {@link
 * NodeKeyPolicy} does not allow the peer's node key; otherwise it signs, with its node key, the
 * peer's challenge together with its own, both keys (its own first), the chain id and genesis,
 * and sends the signature; the peer checks it against the key it was given. A recorded signature
 * cannot be replayed on another connection (the challenge is fresh each time) nor reflected to
 * its signer (the keys' order differs, and a peer presenting one's own key is refused). A
 * handshake that does not finish in time closes the connection. The peer's {@link PeerId} is
 * its node key's address in hex ({@link #peerIdOf}); its handshake status is delivered to the
 * handler as a message right after {@link Handler#onConnected}.
 *
 * <p><b>No encryption.</b> Frames travel in clear and the handshake authenticates the peer's
 * key at the start of the connection only: an on-path attacker can read traffic, and one who
 * relays a whole connection can inject into it. Where that matters, put Netty's {@code
 * SslHandler} (TLS) under the framing; this class does not.
 *
 * <p><b>Bounded resources.</b> Per peer: an outbound queue bounded in bytes (a message that
 * would overflow it is dropped; a peer whose queue stays above the Netty high-water mark for
 * longer than the stall timeout is disconnected); an inbound queue of decoded messages waiting
 * for the node's scheduler, bounded in bytes (above it the transport stops reading that socket,
 * so TCP pushes back on the sender); token buckets for messages and bytes per second (a frame
 * over the rate is dropped; a peer that keeps exceeding it is disconnected and its key banned for
 * a while). Overall: a maximum number of peers; a maximum of unauthenticated inbound
 * connections in total and per remote address, and a token bucket of connection attempts per
 * remote address (connections beyond are closed at once, before any signature work). {@link
 * #stats()} exposes the counters.
 *
 * <p><b>Static peers.</b> Addresses given to {@link Builder#staticPeer} or {@link
 * #addStaticPeer} are dialled on start and redialled after every failure or disconnection, after
 * an exponential back-off with jitter from a seeded source. Two connections between the same two
 * nodes (both dialled at once) are resolved the same way on both ends: the one opened by the
 * node with the lower id is kept.
 *
 * <p><b>Threads.</b> Sockets are served by the transport's own Netty threads; every {@link
 * Handler} callback runs on the node's {@link Scheduler}, never on a Netty thread. Thread-safe.
 */
public final class TcpTransport implements Transport {

    /** The largest frame after authentication, in bytes: a message and its one-byte kind. */
    public static final int MAX_FRAME_BYTES = Frames.MAX_BYTES;

    private static final System.Logger LOG = System.getLogger(TcpTransport.class.getName());
    private static final int RECENT_REJECTIONS = 32;
    private static final int MAX_TRACKED_ADDRESSES = 4_096;
    private static final String DUPLICATE = "duplicate connection (keeping the one opened by the lower id)";

    private final Builder cfg;
    private final KeyPair key;
    private final PeerId self;
    private final Scheduler scheduler;
    private final LongSupplier nanoClock;
    private final EventLoopGroup group;
    private final ChannelGroup channels;
    private final java.security.SecureRandom nonces = new java.security.SecureRandom();

    // Guarded by this.
    private final SplittableRandom jitter;
    private final TreeMap<PeerId, Connection> active = new TreeMap<>();
    /** Connections past the hello (their claimed id known), not yet established or closed. */
    private final java.util.Set<Connection> handshaking = new java.util.HashSet<>();
    /** Peers whose connection closed while another to them was in its handshake: still "connected". */
    private final TreeMap<PeerId, Connection> limbo = new TreeMap<>();
    private final List<StaticPeer> statics = new ArrayList<>();
    private final Map<InetAddress, Integer> pendingByAddress = new HashMap<>();
    private final LinkedHashMap<InetAddress, TokenBucket> attempts = new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<InetAddress, TokenBucket> eldest) {
            return size() > MAX_TRACKED_ADDRESSES;
        }
    };
    private final Map<PeerId, Long> bannedUntil = new LinkedHashMap<>();
    private final ArrayDeque<String> rejections = new ArrayDeque<>();
    private int pendingInbound;
    private boolean started;
    private volatile boolean closed;
    private volatile Handler handler;
    private Channel server;

    final AtomicLong connectionsRefused = new AtomicLong();
    final AtomicLong handshakesRejected = new AtomicLong();
    final AtomicLong connectionsFailed = new AtomicLong();
    final AtomicLong framesRejected = new AtomicLong();
    final AtomicLong messagesReceived = new AtomicLong();
    final AtomicLong malformed = new AtomicLong();
    final AtomicLong rateLimited = new AtomicLong();
    final AtomicLong peersBanned = new AtomicLong();
    final AtomicLong outboundDropped = new AtomicLong();
    final AtomicLong slowPeersDisconnected = new AtomicLong();
    final AtomicLong maxQueuedOutbound = new AtomicLong();
    final AtomicLong maxPendingInbound = new AtomicLong();
    final AtomicLong dials = new AtomicLong();

    private TcpTransport(Builder b) {
        this.cfg = b;
        this.key = b.key;
        this.self = peerIdOf(b.key.publicKey());
        this.scheduler = b.scheduler;
        this.nanoClock = b.nanoClock;
        this.jitter = new SplittableRandom(b.seed);
        this.group = new MultiThreadIoEventLoopGroup(b.ioThreads, NioIoHandler.newFactory());
        this.channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
        for (InetSocketAddress a : b.staticPeers) {
            statics.add(new StaticPeer(a));
        }
    }

    /**
     * @param key the node key (the same key whose public key the peers' policies list)
     * @param scheduler the node's event loop: every handler callback runs on it
     * @return a builder
     * @throws NullPointerException if an argument is null
     */
    public static Builder builder(KeyPair key, Scheduler scheduler) {
        return new Builder(key, scheduler);
    }

    /**
     * @param publicKey a 64-byte node key
     * @return the id a node with that key has on the network: its address in hex ({@code 0x}
     *     and 40 lower-case digits)
     * @throws IllegalArgumentException if the key is not 64 bytes
     */
    public static PeerId peerIdOf(Bytes publicKey) {
        return new PeerId(Address.fromPublicKey(publicKey).toHexString());
    }

    @Override
    public PeerId self() {
        return self;
    }

    /**
     * Binds the listening socket (waiting until it is bound) and dials the static peers.
     *
     * @throws IllegalStateException if already started or closed
     * @throws UncheckedIOException if the listen address cannot be bound
     */
    @Override
    public void start(Handler h) {
        Objects.requireNonNull(h, "handler");
        synchronized (this) {
            if (started || closed) {
                throw new IllegalStateException(self + " is already started or closed");
            }
            started = true;
            handler = h;
        }
        ServerBootstrap sb = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.SO_BACKLOG, 128)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, waterMark())
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        pipeline(ch, new Connection(TcpTransport.this, false, null));
                    }
                });
        ChannelFuture bound = sb.bind(cfg.listen).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            close();
            Throwable c = bound.cause();
            throw c instanceof IOException io ? new UncheckedIOException("cannot listen on " + cfg.listen, io)
                    : new IllegalStateException("cannot listen on " + cfg.listen, c);
        }
        List<StaticPeer> toDial;
        synchronized (this) {
            server = bound.channel();
            toDial = new ArrayList<>(statics);
        }
        for (StaticPeer sp : toDial) {
            dial(sp);
        }
    }

    /**
     * @return the address the transport listens on (with the port chosen if 0 was asked)
     * @throws IllegalStateException if not started
     */
    public synchronized InetSocketAddress localAddress() {
        if (server == null) {
            throw new IllegalStateException("not started");
        }
        return (InetSocketAddress) server.localAddress();
    }

    /**
     * Adds a static peer: dialled now (if started) and redialled whenever the connection is lost.
     * An address already listed is ignored.
     *
     * @param address the peer's listen address
     */
    public void addStaticPeer(InetSocketAddress address) {
        Objects.requireNonNull(address, "address");
        StaticPeer sp;
        synchronized (this) {
            for (StaticPeer s : statics) {
                if (s.address.equals(address)) {
                    return;
                }
            }
            sp = new StaticPeer(address);
            statics.add(sp);
            if (server == null) {
                return;
            }
        }
        dial(sp);
    }

    @Override
    public void send(PeerId peer, Message message) {
        Objects.requireNonNull(peer, "peer");
        Connection c;
        synchronized (this) {
            c = active.get(peer);
        }
        if (c != null) {
            c.write(Frames.MESSAGE, message.encode().toArrayUnsafe());
        }
    }

    @Override
    public void broadcast(Message message) {
        byte[] body = message.encode().toArrayUnsafe();
        List<Connection> to;
        synchronized (this) {
            to = new ArrayList<>(active.values());
        }
        for (Connection c : to) {
            c.write(Frames.MESSAGE, body);
        }
    }

    @Override
    public synchronized SortedSet<PeerId> peers() {
        TreeSet<PeerId> all = new TreeSet<>(active.keySet());
        all.addAll(limbo.keySet());
        return Collections.unmodifiableSortedSet(all);
    }

    /**
     * @param peer a peer
     * @return the bytes queued to it and not yet written to its socket (0 if not connected); a
     *     sender may hold back while this is high
     */
    public long queuedBytes(PeerId peer) {
        Connection c;
        synchronized (this) {
            c = active.get(peer);
        }
        return c == null ? 0 : c.queued.get();
    }

    /**
     * Checks every connected peer's node key against the policy again and disconnects those no
     * longer allowed: a node calls this when the permissioned list changes.
     */
    public void revalidate() {
        List<Connection> all;
        synchronized (this) {
            all = new ArrayList<>(active.values());
        }
        for (Connection c : all) {
            if (!cfg.policy.allows(c.peerKey)) {
                c.reject("node key no longer allowed");
            }
        }
    }

    /**
     * @return the recent reasons for refusing or closing a connection, oldest first (at most 32),
     *     each as {@code remote address: reason}
     */
    public synchronized List<String> recentRejections() {
        return List.copyOf(rejections);
    }

    /**
     * @return the counters so far
     */
    public TcpStats stats() {
        int pending;
        synchronized (this) {
            pending = pendingInbound;
        }
        return new TcpStats(connectionsRefused.get(), handshakesRejected.get(), connectionsFailed.get(),
                framesRejected.get(), messagesReceived.get(), malformed.get(), rateLimited.get(), peersBanned.get(),
                outboundDropped.get(), slowPeersDisconnected.get(), maxQueuedOutbound.get(), maxPendingInbound.get(),
                pending, dials.get());
    }

    /**
     * Closes the listening socket and every connection (peers see a disconnection), stops
     * redialling, and stops the network threads. Nothing is delivered to the handler afterwards.
     * Idempotent.
     */
    @Override
    public void close() {
        Channel s;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            s = server;
            for (StaticPeer sp : statics) {
                if (sp.timer != null) {
                    sp.timer.cancel(false);
                }
            }
            active.clear();
            handshaking.clear();
            limbo.clear();
        }
        if (s != null) {
            s.close().awaitUninterruptibly();
        }
        channels.close().awaitUninterruptibly();
        group.shutdownGracefully(0, 200, TimeUnit.MILLISECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    // ---------------------------------------------------------------- internals

    private WriteBufferWaterMark waterMark() {
        int high = (int) Math.min(Integer.MAX_VALUE, cfg.outboundQueueBytes / 2);
        return new WriteBufferWaterMark(high / 2, high);
    }

    private void pipeline(Channel ch, Connection c) {
        long ping = cfg.pingIntervalMillis;
        ch.pipeline().addLast("frames", c.decoder)
                .addLast("flush", new FlushConsolidationHandler(256, true))
                .addLast("idle", new IdleStateHandler(3 * ping, ping, 0, TimeUnit.MILLISECONDS))
                .addLast("peer", c);
    }

    private void dial(StaticPeer sp) {
        synchronized (this) {
            if (closed || sp.channel != null || sp.self) {
                return;
            }
            if (sp.knownId != null && (active.containsKey(sp.knownId) || limbo.containsKey(sp.knownId))) {
                return; // connected the other way; its disconnection redials
            }
            dials.incrementAndGet();
            Bootstrap b = new Bootstrap().group(group).channel(NioSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) cfg.handshakeTimeoutMillis)
                    .option(ChannelOption.WRITE_BUFFER_WATER_MARK, waterMark())
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            pipeline(ch, new Connection(TcpTransport.this, true, sp));
                        }
                    });
            ChannelFuture f = b.connect(sp.address);
            sp.channel = f.channel();
            f.addListener(done -> {
                if (!done.isSuccess()) {
                    connectionsFailed.incrementAndGet();
                    synchronized (this) {
                        if (sp.channel == f.channel()) {
                            sp.channel = null;
                            retry(sp);
                        }
                    }
                }
            });
        }
    }

    /** Schedules the next dial of a static peer after its back-off. Call with the lock held. */
    private void retry(StaticPeer sp) {
        if (closed || sp.timer != null || sp.self) {
            return;
        }
        long delay = Backoff.delay(sp.failures, cfg.backoffBaseMillis, cfg.backoffMaxMillis, jitter);
        sp.failures = Math.min(sp.failures + 1, 62);
        sp.timer = group.next().schedule(() -> {
            synchronized (this) {
                sp.timer = null;
            }
            dial(sp);
        }, delay, TimeUnit.MILLISECONDS);
    }

    /** Runs a handler call on the node's scheduler, unless the transport is closed by then. */
    void post(java.util.function.Consumer<Handler> call) {
        Handler h = handler;
        scheduler.execute(() -> {
            if (!closed) {
                call.accept(h);
            }
        });
    }

    /** An inbound connection opened: whether it may start a handshake. */
    synchronized boolean admit(InetAddress remote) {
        int here = pendingByAddress.getOrDefault(remote, 0);
        long now = nanoClock.getAsLong();
        TokenBucket budget = attempts.computeIfAbsent(remote,
                a -> new TokenBucket(cfg.attemptsBurst, cfg.attemptsPerSecond, now));
        if (closed || pendingInbound >= cfg.maxPendingHandshakes || here >= cfg.maxPendingHandshakesPerAddress
                || !budget.tryTake(1, now)) {
            connectionsRefused.incrementAndGet();
            return false;
        }
        pendingInbound++;
        pendingByAddress.put(remote, here + 1);
        return true;
    }

    /** An admitted inbound connection finished its handshake, or closed during it. */
    synchronized void admitted(InetAddress remote) {
        pendingInbound--;
        int here = pendingByAddress.getOrDefault(remote, 1) - 1;
        if (here <= 0) {
            pendingByAddress.remove(remote);
        } else {
            pendingByAddress.put(remote, here);
        }
    }

    /**
     * An authenticated connection: makes it the peer's connection, keeps the other one if the
     * peer is already connected and that one wins, or refuses it.
     *
     * @return null if accepted, else the reason it is refused
     */
    synchronized String establish(Connection c) {
        String refused = precheck(c, c.peerId);
        handshaking.remove(c);
        if (refused != null) {
            return refused;
        }
        Connection existing = active.get(c.peerId);
        if (existing != null) {
            active.put(c.peerId, c);
            existing.reject(DUPLICATE);
        } else if (limbo.remove(c.peerId) != null) {
            active.put(c.peerId, c); // replaces a connection that closed meanwhile: no event
        } else {
            active.put(c.peerId, c);
            PeerId id = c.peerId;
            post(h -> h.onConnected(id));
        }
        if (c.staticPeer != null) {
            c.staticPeer.failures = 0;
        }
        PeerId id = c.peerId;
        Status st = c.peerStatus;
        post(h -> h.onMessage(id, st));
        return null;
    }

    /** Which side opened the connection to a peer, or null if not connected (for tests). */
    synchronized PeerId openerOf(PeerId peer) {
        Connection c = active.get(peer);
        return c == null ? null : c.dialer ? self : c.peerId;
    }

    /**
     * Whether a connection to {@code peer} would be refused now: closed, banned, a duplicate
     * that loses to the connection already there, or one peer too many. Checked when the
     * peer's hello arrives (with the key it claims, so that a refusal comes before this side
     * signs anything and before the peer could count the connection as open) and again once
     * it is authenticated. Only ever refuses, so a claimed key cannot displace anyone.
     *
     * @return null if it may proceed, else the reason
     */
    synchronized String precheck(Connection c, PeerId peer) {
        if (closed) {
            return "transport closed";
        }
        Long until = bannedUntil.get(peer);
        if (until != null) {
            if (until - nanoClock.getAsLong() > 0) {
                return "banned";
            }
            bannedUntil.remove(peer);
        }
        if (c.staticPeer != null) {
            c.staticPeer.knownId = peer;
        }
        Connection existing = active.get(peer);
        if (existing != null) {
            if (existing == c) {
                return null;
            }
            if (!preferred(c, peer) || preferred(existing, peer)) {
                return DUPLICATE;
            }
        } else if (active.size() + limbo.size() >= cfg.maxPeers && !limbo.containsKey(peer)) {
            return "too many peers (" + cfg.maxPeers + ")";
        }
        c.claimedId = peer;
        handshaking.add(c);
        return null;
    }

    /** Whether a connection was opened by the lower of the two ids. */
    private boolean preferred(Connection c, PeerId peer) {
        PeerId opener = c.dialer ? self : peer;
        PeerId lower = self.compareTo(peer) < 0 ? self : peer;
        return opener.equals(lower);
    }

    /** A connection closed, for whatever reason. */
    synchronized void closed(Connection c) {
        handshaking.remove(c);
        if (c.peerId != null && active.get(c.peerId) == c) {
            active.remove(c.peerId);
            if (replacing(c.peerId)) {
                // Another connection to the same peer is in its handshake (the two nodes dialled
                // each other and the other end already dropped this one as the duplicate): the
                // peer stays connected unless that one fails too.
                limbo.put(c.peerId, c);
            } else {
                disconnected(c.peerId);
            }
        } else if (c.claimedId != null && limbo.containsKey(c.claimedId) && !replacing(c.claimedId)) {
            limbo.remove(c.claimedId);
            disconnected(c.claimedId);
        }
        StaticPeer sp = c.staticPeer;
        if (sp != null && sp.channel == c.channel) {
            sp.channel = null;
            if (sp.knownId == null || !(active.containsKey(sp.knownId) || limbo.containsKey(sp.knownId))) {
                retry(sp);
            }
        }
    }

    private boolean replacing(PeerId id) {
        for (Connection h : handshaking) {
            if (id.equals(h.claimedId)) {
                return true;
            }
        }
        return false;
    }

    /** Tells the handler a peer left and redials it if it is a static peer. Call with the lock held. */
    private void disconnected(PeerId id) {
        post(h -> h.onDisconnected(id));
        for (StaticPeer sp : statics) {
            if (id.equals(sp.knownId) && sp.channel == null) {
                retry(sp);
            }
        }
    }

    /** A connection to ourselves (a static peer listing our own address): never redialled. */
    synchronized void selfConnection(Connection c) {
        if (c.staticPeer != null) {
            c.staticPeer.self = true;
        }
    }

    /** Bans a peer's key for the configured time. */
    synchronized void ban(PeerId peer) {
        peersBanned.incrementAndGet();
        long now = nanoClock.getAsLong();
        bannedUntil.values().removeIf(t -> t - now <= 0);
        bannedUntil.put(peer, now + TimeUnit.MILLISECONDS.toNanos(cfg.banMillis));
    }

    /** Records why a connection was refused or closed. */
    void rejected(SocketAddress remote, PeerId peer, String reason) {
        String line = remote + (peer == null ? "" : " (" + peer + ")") + ": " + reason;
        LOG.log(System.Logger.Level.INFO, "{0}: closing connection {1}", self, line);
        synchronized (this) {
            if (rejections.size() == RECENT_REJECTIONS) {
                rejections.removeFirst();
            }
            rejections.addLast(line);
        }
    }

    static void raise(AtomicLong max, long value) {
        long m;
        while (value > (m = max.get()) && !max.compareAndSet(m, value)) {
            // retry
        }
    }

    // Accessors for Connection.
    Builder cfg() {
        return cfg;
    }

    KeyPair key() {
        return key;
    }

    PeerId selfId() {
        return self;
    }

    long nanos() {
        return nanoClock.getAsLong();
    }

    byte[] freshNonce() {
        byte[] n = new byte[Handshake.NONCE_BYTES];
        nonces.nextBytes(n);
        return n;
    }

    ChannelGroup channels() {
        return channels;
    }

    /** A static peer's dialling state. Guarded by the transport's lock. */
    static final class StaticPeer {
        final InetSocketAddress address;
        Channel channel;
        PeerId knownId;
        int failures;
        boolean self;
        ScheduledFuture<?> timer;

        StaticPeer(InetSocketAddress address) {
            this.address = address;
        }
    }

    /**
     * Builds a {@link TcpTransport}. Setters validate at once; the chain, the status source and
     * the key policy are required. Not thread-safe.
     */
    public static final class Builder {
        private final KeyPair key;
        private final Scheduler scheduler;
        private Long chainId;
        private Hash genesisHash;
        private Supplier<Status> status;
        private NodeKeyPolicy policy;
        private InetSocketAddress listen = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        private final List<InetSocketAddress> staticPeers = new ArrayList<>();
        private int maxPeers = 25;
        private int maxPendingHandshakes = 16;
        private int maxPendingHandshakesPerAddress = 4;
        private double attemptsPerSecond = 10;
        private int attemptsBurst = 20;
        private long handshakeTimeoutMillis = 5_000;
        private long outboundQueueBytes = 2L * Frames.wireSize(Message.MAX_BYTES);
        private long stallTimeoutMillis = 10_000;
        private long inboundQueueBytes = 4L * 1024 * 1024;
        private double messagesPerSecond = 1_000;
        private double bytesPerSecond = 16L * 1024 * 1024;
        private int dropsBeforeBan = 1_000;
        private long banMillis = 10 * 60_000;
        private long pingIntervalMillis = 5_000;
        private long backoffBaseMillis = 250;
        private long backoffMaxMillis = 30_000;
        private long seed;
        private int ioThreads = 1;
        private LongSupplier nanoClock = System::nanoTime;

        private Builder(KeyPair key, Scheduler scheduler) {
            this.key = Objects.requireNonNull(key, "key");
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        }

        /**
         * @param chainId the chain id peers must share, at least 0
         * @param genesisHash the genesis hash peers must share
         * @return this builder
         * @throws IllegalArgumentException if the chain id is negative
         */
        public Builder chain(long chainId, Hash genesisHash) {
            if (chainId < 0) {
                throw new IllegalArgumentException("chainId must be at least 0, was " + chainId);
            }
            this.chainId = chainId;
            this.genesisHash = Objects.requireNonNull(genesisHash, "genesisHash");
            return this;
        }

        /**
         * @param status the node's current status, sent in each handshake; called on the
         *     transport's network threads, so it must be thread-safe and not block (a node keeps
         *     its latest status in a volatile field). Its chain id and genesis must be the
         *     builder's.
         * @return this builder
         */
        public Builder status(Supplier<Status> status) {
            this.status = Objects.requireNonNull(status, "status");
            return this;
        }

        /**
         * @param policy which node keys may connect
         * @return this builder
         */
        public Builder policy(NodeKeyPolicy policy) {
            this.policy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * @param address where to listen (default: the loopback address, a port the system
         *     chooses); port 0 picks a free port, see {@link TcpTransport#localAddress()}
         * @return this builder
         */
        public Builder listen(InetSocketAddress address) {
            this.listen = Objects.requireNonNull(address, "address");
            return this;
        }

        /**
         * @param address a peer to dial on start and redial whenever the connection is lost
         * @return this builder
         */
        public Builder staticPeer(InetSocketAddress address) {
            staticPeers.add(Objects.requireNonNull(address, "address"));
            return this;
        }

        /**
         * @param n the most peers connected at once, at least 1 (default 25); a peer whose
         *     handshake completes beyond it is disconnected
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder maxPeers(int n) {
            this.maxPeers = atLeast("maxPeers", n, 1);
            return this;
        }

        /**
         * @param total the most inbound connections still in their handshake, at least 1
         *     (default 16)
         * @param perAddress the most of those from one remote IP address, at least 1 (default
         *     4); connections beyond either are closed at once
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder maxPendingHandshakes(int total, int perAddress) {
            this.maxPendingHandshakes = atLeast("total", total, 1);
            this.maxPendingHandshakesPerAddress = atLeast("perAddress", perAddress, 1);
            return this;
        }

        /**
         * @param perSecond inbound connections accepted per second from one remote IP address,
         *     sustained, positive (default 10); connections beyond are closed at once. The last
         *     4,096 addresses are tracked.
         * @param burst how many may come at once, at least 1 (default 20)
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder connectionAttempts(double perSecond, int burst) {
            if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
                throw new IllegalArgumentException("perSecond must be positive and finite, was " + perSecond);
            }
            this.attemptsPerSecond = perSecond;
            this.attemptsBurst = atLeast("burst", burst, 1);
            return this;
        }

        /**
         * @param millis how long a connection may take to connect and complete the handshake,
         *     1 to 600,000 ms (default 5,000)
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder handshakeTimeout(long millis) {
            this.handshakeTimeoutMillis = range("handshakeTimeout", millis, 1, 600_000);
            return this;
        }

        /**
         * @param maxBytes the most bytes queued to one peer and not yet written, at least {@link
         *     TcpTransport#MAX_FRAME_BYTES} plus the 4-byte length, so that any message fits
         *     (default twice that); a message that would exceed it is dropped. Netty's high-water
         *     mark is half of it.
         * @param stallMillis how long a peer's queue may stay above the high-water mark before the
         *     peer is disconnected as too slow, 1 to 3,600,000 ms (default 10,000)
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder outboundQueue(long maxBytes, long stallMillis) {
            this.outboundQueueBytes = range("outbound maxBytes", maxBytes, Frames.wireSize(Message.MAX_BYTES),
                    1L << 40);
            this.stallTimeoutMillis = range("stallMillis", stallMillis, 1, 3_600_000);
            return this;
        }

        /**
         * @param maxBytes the bytes of messages from one peer waiting for the node's scheduler
         *     above which the transport stops reading that peer's socket until half of them are
         *     handled, at least 1 (default 4 MiB); beyond it, at most what one socket read
         *     brought (Netty's adaptive receive buffer: 64 KiB at most) and one frame
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder inboundQueue(long maxBytes) {
            this.inboundQueueBytes = range("inbound maxBytes", maxBytes, 1, 1L << 40);
            return this;
        }

        /**
         * @param messagesPerSecond frames accepted per second from one peer, sustained (bursts
         *     of two seconds' worth), positive (default 1,000)
         * @param bytesPerSecond frame bytes accepted per second, sustained (bursts of two
         *     seconds' worth, and never less than one largest frame), positive (default 16 MiB)
         * @param dropsBeforeBan frames over the rate tolerated per minute before the peer is
         *     disconnected and banned, at least 1 (default 1,000)
         * @param banMillis how long a banned key is refused, 1 to 7 days in ms (default 10 min)
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder rateLimit(double messagesPerSecond, double bytesPerSecond, int dropsBeforeBan,
                long banMillis) {
            if (!(messagesPerSecond > 0) || !(bytesPerSecond > 0) || Double.isInfinite(messagesPerSecond)
                    || Double.isInfinite(bytesPerSecond)) {
                throw new IllegalArgumentException("rates must be positive and finite, were " + messagesPerSecond
                        + ", " + bytesPerSecond);
            }
            this.messagesPerSecond = messagesPerSecond;
            this.bytesPerSecond = bytesPerSecond;
            this.dropsBeforeBan = atLeast("dropsBeforeBan", dropsBeforeBan, 1);
            this.banMillis = range("banMillis", banMillis, 1, 7L * 24 * 3_600_000);
            return this;
        }

        /**
         * @param millis the keep-alive: a ping is sent after this long without writing, and a
         *     peer silent for three times this long is disconnected; 10 to 600,000 ms (default
         *     5,000)
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder pingInterval(long millis) {
            this.pingIntervalMillis = range("pingInterval", millis, 10, 600_000);
            return this;
        }

        /**
         * @param baseMillis the first redial delay, 1 to 3,600,000 ms (default 250)
         * @param maxMillis the longest, at least {@code baseMillis} and at most 3,600,000
         *     (default 30,000); each delay is drawn from the upper half of {@code min(max, base
         *     * 2^failures)}
         * @param seed the jitter's seed (default 0)
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder backoff(long baseMillis, long maxMillis, long seed) {
            range("baseMillis", baseMillis, 1, 3_600_000);
            range("maxMillis", maxMillis, baseMillis, 3_600_000);
            this.backoffBaseMillis = baseMillis;
            this.backoffMaxMillis = maxMillis;
            this.seed = seed;
            return this;
        }

        /**
         * @param n the transport's network threads, 1 to 64 (default 1)
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder ioThreads(int n) {
            this.ioThreads = (int) range("ioThreads", n, 1, 64);
            return this;
        }

        /** The clock of the rate limits and bans (tests drive it). */
        Builder nanoClock(LongSupplier clock) {
            this.nanoClock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * @return the transport, not yet started
         * @throws IllegalStateException if the chain, status or policy is missing
         */
        public TcpTransport build() {
            if (chainId == null || status == null || policy == null) {
                throw new IllegalStateException("chain, status and policy are required");
            }
            return new TcpTransport(this);
        }

        long chainId() {
            return chainId;
        }

        Hash genesisHash() {
            return genesisHash;
        }

        Supplier<Status> status() {
            return status;
        }

        NodeKeyPolicy policy() {
            return policy;
        }

        long handshakeTimeoutMillis() {
            return handshakeTimeoutMillis;
        }

        long outboundQueueBytes() {
            return outboundQueueBytes;
        }

        long stallTimeoutMillis() {
            return stallTimeoutMillis;
        }

        long inboundQueueBytes() {
            return inboundQueueBytes;
        }

        double messagesPerSecond() {
            return messagesPerSecond;
        }

        double bytesPerSecond() {
            return bytesPerSecond;
        }

        int dropsBeforeBan() {
            return dropsBeforeBan;
        }

        private static int atLeast(String name, int v, int min) {
            if (v < min) {
                throw new IllegalArgumentException(name + " must be at least " + min + ", was " + v);
            }
            return v;
        }

        private static long range(String name, long v, long min, long max) {
            if (v < min || v > max) {
                throw new IllegalArgumentException(name + " must be in [" + min + ", " + max + "], was " + v);
            }
            return v;
        }
    }
}
