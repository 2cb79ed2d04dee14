package org.tem.consensus.network.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.tuweni.bytes.Bytes;
import org.tem.consensus.network.MalformedMessageException;
import org.tem.consensus.network.Message;
import org.tem.consensus.network.PeerId;
import org.tem.consensus.network.Status;
import org.tem.ledger.crypto.Secp256k1;

/**
 * One TCP connection: runs the handshake, then turns frames into messages for the node's
 * scheduler within the rate limits, and writes frames within the outbound bound. Every method
 * but {@link #write} and {@link #reject} runs on the channel's event loop.
 */
final class Connection extends ChannelInboundHandlerAdapter {

    private enum State { HELLO, AUTH, OPEN, CLOSED }

    final boolean dialer;
    final TcpTransport.StaticPeer staticPeer;
    final FrameDecoder decoder = new FrameDecoder();
    /** Bytes queued to the socket and not yet written. */
    final AtomicLong queued = new AtomicLong();
    /** Bytes of decoded messages waiting for the node's scheduler. */
    private final AtomicLong pendingIn = new AtomicLong();

    private final TcpTransport transport;
    private final Bytes nonce;
    private State state = State.HELLO;
    private boolean admittedInbound;
    private InetAddress remoteIp;
    private ScheduledFuture<?> handshakeTimer;
    private ScheduledFuture<?> stallTimer;
    private TokenBucket messages;
    private TokenBucket bytes;
    private TokenBucket strikes;

    volatile Channel channel;
    volatile PeerId peerId;
    /** The id the peer's hello claimed, once it passed the first checks; guarded by the transport. */
    PeerId claimedId;
    volatile Bytes peerKey;
    volatile Status peerStatus;
    private Bytes peerNonce;

    Connection(TcpTransport transport, boolean dialer, TcpTransport.StaticPeer staticPeer) {
        this.transport = transport;
        this.dialer = dialer;
        this.staticPeer = staticPeer;
        this.nonce = Bytes.wrap(transport.freshNonce());
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        channel = ctx.channel();
        transport.channels().add(channel);
        remoteIp = ((InetSocketAddress) channel.remoteAddress()).getAddress();
        if (!dialer) {
            if (!transport.admit(remoteIp)) {
                state = State.CLOSED;
                channel.close();
                return;
            }
            admittedInbound = true;
        }
        handshakeTimer = ctx.executor().schedule(() -> reject("handshake timeout"),
                transport.cfg().handshakeTimeoutMillis(), TimeUnit.MILLISECONDS);
        Handshake.Hello hello = new Handshake.Hello(transport.key().publicKey(), nonce, transport.cfg().status().get());
        write(Frames.HELLO, hello.encode().toArrayUnsafe());
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf frame = (ByteBuf) msg;
        try {
            if (state != State.CLOSED) {
                read(frame);
            }
        } finally {
            frame.release();
        }
    }

    private void read(ByteBuf frame) {
        int size = frame.readableBytes();
        byte kind = frame.readByte();
        switch (state) {
            case HELLO -> {
                if (kind != Frames.HELLO) {
                    reject("expected the handshake's hello, got a frame of kind " + kind);
                    return;
                }
                hello(body(frame));
            }
            case AUTH -> {
                if (kind != Frames.AUTH) {
                    reject("expected the handshake's signature, got a frame of kind " + kind);
                    return;
                }
                auth(body(frame));
            }
            case OPEN -> open(kind, frame, size);
            default -> {
            }
        }
    }

    private static Bytes body(ByteBuf frame) {
        byte[] b = new byte[frame.readableBytes()];
        frame.readBytes(b);
        return Bytes.wrap(b);
    }

    private void hello(Bytes body) {
        Handshake.Hello h;
        try {
            h = Handshake.Hello.decode(body);
        } catch (MalformedMessageException e) {
            reject(e.getMessage());
            return;
        }
        TcpTransport.Builder cfg = transport.cfg();
        Status s = h.status();
        String refused;
        if (s.protocolVersion() != Status.PROTOCOL_VERSION) {
            reject("protocol version " + s.protocolVersion() + ", expected " + Status.PROTOCOL_VERSION);
        } else if (s.chainId() != cfg.chainId()) {
            reject("chain id " + s.chainId() + ", expected " + cfg.chainId());
        } else if (!s.genesisHash().equals(cfg.genesisHash())) {
            reject("genesis " + s.genesisHash() + ", expected " + cfg.genesisHash());
        } else if (h.publicKey().equals(transport.key().publicKey())) {
            transport.selfConnection(this);
            reject("connected to itself");
        } else if (!Secp256k1.isValidPublicKey(h.publicKey())) {
            reject("node key is not a curve point");
        } else if (!cfg.policy().allows(h.publicKey())) {
            reject("node key " + TcpTransport.peerIdOf(h.publicKey()) + " is not allowed");
        } else if ((refused = transport.precheck(this, TcpTransport.peerIdOf(h.publicKey()))) != null) {
            close(refused, true);
        } else {
            peerKey = h.publicKey();
            peerNonce = h.nonce();
            peerStatus = s;
            state = State.AUTH;
            Bytes sig = Handshake.sign(transport.key(), cfg.chainId(), cfg.genesisHash(), peerKey, peerNonce, nonce);
            write(Frames.AUTH, sig.toArrayUnsafe());
        }
    }

    private void auth(Bytes signature) {
        TcpTransport.Builder cfg = transport.cfg();
        if (!Handshake.verify(signature, cfg.chainId(), cfg.genesisHash(), peerKey, transport.key().publicKey(),
                nonce, peerNonce)) {
            reject("bad handshake signature");
            return;
        }
        handshakeTimer.cancel(false);
        peerId = TcpTransport.peerIdOf(peerKey);
        state = State.OPEN;
        decoder.authenticated();
        releaseAdmission();
        long now = transport.nanos();
        messages = new TokenBucket(2 * cfg.messagesPerSecond(), cfg.messagesPerSecond(), now);
        bytes = new TokenBucket(Math.max(2 * cfg.bytesPerSecond(), Frames.MAX_BYTES), cfg.bytesPerSecond(), now);
        strikes = new TokenBucket(cfg.dropsBeforeBan(), cfg.dropsBeforeBan() / 60.0, now);
        String refused = transport.establish(this);
        if (refused != null) {
            close(refused, true);
        }
    }

    private void open(byte kind, ByteBuf frame, int size) {
        long now = transport.nanos();
        if (!messages.tryTake(1, now) || !bytes.tryTake(Frames.HEADER_BYTES + size, now)) {
            transport.rateLimited.incrementAndGet();
            if (!strikes.tryTake(1, now)) {
                transport.ban(peerId);
                close("over its rate limit for too long: banned", true);
            }
            return;
        }
        switch (kind) {
            case Frames.PING -> {
            }
            case Frames.MESSAGE -> {
                Bytes body = body(frame);
                Message m;
                try {
                    m = Message.decode(body);
                } catch (MalformedMessageException e) {
                    transport.malformed.incrementAndGet();
                    PeerId from = peerId;
                    String reason = e.getMessage();
                    transport.post(h -> h.onMalformed(from, reason));
                    return;
                }
                deliver(m, body.size());
            }
            default -> {
                transport.framesRejected.incrementAndGet();
                close("unknown frame kind " + kind, true);
            }
        }
    }

    private void deliver(Message m, int size) {
        transport.messagesReceived.incrementAndGet();
        long limit = transport.cfg().inboundQueueBytes();
        long p = pendingIn.addAndGet(size);
        TcpTransport.raise(transport.maxPendingInbound, p);
        if (p >= limit) {
            channel.config().setAutoRead(false);
            if (pendingIn.get() < limit / 2) {
                channel.config().setAutoRead(true);
            }
        }
        PeerId from = peerId;
        Channel ch = channel;
        transport.post(h -> {
            try {
                h.onMessage(from, m);
            } finally {
                if (pendingIn.addAndGet(-size) < limit / 2 && !ch.config().isAutoRead()) {
                    ch.config().setAutoRead(true);
                }
            }
        });
    }

    /**
     * Queues a frame unless the queue would exceed its bound. Any thread.
     *
     * @return whether it was queued
     */
    boolean write(byte kind, byte[] body) {
        int size = Frames.wireSize(body.length);
        long q = queued.addAndGet(size);
        if (q > transport.cfg().outboundQueueBytes()) {
            queued.addAndGet(-size);
            transport.outboundDropped.incrementAndGet();
            return false;
        }
        TcpTransport.raise(transport.maxQueuedOutbound, q);
        channel.writeAndFlush(Frames.frame(kind, body)).addListener(f -> queued.addAndGet(-size));
        return true;
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        if (!ctx.channel().isWritable()) {
            if (stallTimer == null && state == State.OPEN) {
                stallTimer = ctx.executor().schedule(() -> {
                    stallTimer = null;
                    if (!channel.isWritable()) {
                        transport.slowPeersDisconnected.incrementAndGet();
                        close("too slow: its outbound queue stayed above the high-water mark", true);
                    }
                }, transport.cfg().stallTimeoutMillis(), TimeUnit.MILLISECONDS);
            }
        } else if (stallTimer != null) {
            stallTimer.cancel(false);
            stallTimer = null;
        }
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent e) {
            if (e.state() == IdleState.WRITER_IDLE && state == State.OPEN) {
                write(Frames.PING, new byte[0]);
            } else if (e.state() == IdleState.READER_IDLE && state == State.OPEN) {
                close("silent for too long", true);
            }
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof FrameDecoder.FrameException) {
            if (state == State.OPEN) {
                transport.framesRejected.incrementAndGet();
            }
            close(cause.getMessage(), state == State.OPEN);
        } else {
            close(cause.getClass().getSimpleName() + ": " + cause.getMessage(), state == State.OPEN);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        state = State.CLOSED;
        releaseAdmission();
        if (handshakeTimer != null) {
            handshakeTimer.cancel(false);
        }
        if (stallTimer != null) {
            stallTimer.cancel(false);
        }
        transport.closed(this);
        super.channelInactive(ctx);
    }

    private void releaseAdmission() {
        if (admittedInbound) {
            admittedInbound = false;
            transport.admitted(remoteIp);
        }
    }

    /** Closes the connection during or after the handshake, logging why. Any thread. */
    void reject(String reason) {
        Channel ch = channel;
        if (ch == null) {
            return;
        }
        if (ch.eventLoop().inEventLoop()) {
            close(reason, state == State.OPEN);
        } else {
            ch.eventLoop().execute(() -> close(reason, state == State.OPEN));
        }
    }

    /** Closes, counting a handshake failure unless the peer was authenticated. */
    private void close(String reason, boolean authenticated) {
        if (state == State.CLOSED) {
            return;
        }
        if (!authenticated) {
            transport.handshakesRejected.incrementAndGet();
        }
        state = State.CLOSED;
        transport.rejected(channel.remoteAddress(), peerId, reason);
        channel.close();
    }
}
