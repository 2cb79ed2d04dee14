package org.tem.consensus.network.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.tem.consensus.network.Message;

/**
 * The wire format: a frame is a 4-byte big-endian length {@code n} followed by {@code n} bytes,
 * the first of which is the frame's kind and the rest its body. Before the handshake completes
 * a frame may hold at most {@link #HANDSHAKE_MAX_BYTES}; after, at most {@link #MAX_BYTES}.
 */
final class Frames {

    /** The handshake's first frame: protocol version, node key, challenge, status. */
    static final byte HELLO = 1;
    /** The handshake's second frame: the signature over the peer's challenge. */
    static final byte AUTH = 2;
    /** A {@link Message}'s canonical encoding. */
    static final byte MESSAGE = 3;
    /** A keep-alive with an empty body. */
    static final byte PING = 4;

    /** The length prefix, in bytes. */
    static final int HEADER_BYTES = 4;

    /** The largest frame (kind + body) before authentication, in bytes. */
    static final int HANDSHAKE_MAX_BYTES = 1024;

    /** The largest frame (kind + body) after authentication, in bytes: a message and its kind. */
    static final int MAX_BYTES = Message.MAX_BYTES + 1;

    private Frames() {
    }

    /**
     * @param kind the frame's kind
     * @param body its body (not copied: the caller must not change it)
     * @return the frame with its length prefix
     */
    static ByteBuf frame(byte kind, byte[] body) {
        ByteBuf header = Unpooled.buffer(HEADER_BYTES + 1, HEADER_BYTES + 1);
        header.writeInt(1 + body.length).writeByte(kind);
        return body.length == 0 ? header : Unpooled.wrappedBuffer(header, Unpooled.wrappedBuffer(body));
    }

    /**
     * @param body a body's length, in bytes
     * @return the bytes its frame takes on the wire
     */
    static int wireSize(int body) {
        return HEADER_BYTES + 1 + body;
    }
}
