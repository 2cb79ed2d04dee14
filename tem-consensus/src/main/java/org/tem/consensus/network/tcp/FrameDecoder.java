package org.tem.consensus.network.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.DecoderException;
import java.util.List;

/**
 * Splits the byte stream into frames ({@link Frames}). The length prefix is checked as soon as
 * its 4 bytes arrive: a length of zero or above the current limit fails the connection before
 * any buffer for the frame is allocated, and the bytes kept while a frame arrives never exceed
 * what the peer has sent. Not shareable: one per channel, used on its event loop.
 */
final class FrameDecoder extends ByteToMessageDecoder {

    private int maxFrameBytes = Frames.HANDSHAKE_MAX_BYTES;

    /** Raises the limit once the peer is authenticated. Call on the channel's event loop. */
    void authenticated() {
        maxFrameBytes = Frames.MAX_BYTES;
    }

    /**
     * Emits at most one frame per call: Netty passes it on before calling again, so the
     * handshake's last frame raises the limit before the next frame's length is checked (a peer
     * may send its first message right behind its signature, in the same read).
     */
    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (in.readableBytes() < Frames.HEADER_BYTES) {
            return;
        }
        long length = in.getUnsignedInt(in.readerIndex());
        if (length == 0 || length > maxFrameBytes) {
            in.skipBytes(in.readableBytes());
            throw new FrameException("frame length " + length + " outside 1.." + maxFrameBytes);
        }
        if (in.readableBytes() < Frames.HEADER_BYTES + length) {
            return;
        }
        in.skipBytes(Frames.HEADER_BYTES);
        out.add(in.readRetainedSlice((int) length));
    }

    /** A frame that breaks the framing rules; the connection is closed. */
    static final class FrameException extends DecoderException {
        private static final long serialVersionUID = 1L;

        FrameException(String reason) {
            super(reason);
        }
    }
}
