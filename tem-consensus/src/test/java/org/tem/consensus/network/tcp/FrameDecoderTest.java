package org.tem.consensus.network.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

/** The framing: frames split anywhere reassemble; a bad length fails at once, whatever follows. */
class FrameDecoderTest {

    @Test
    void aFrameSplitIntoSingleBytesComesOutWhole() {
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder());
        ByteBuf wire = Frames.frame(Frames.HELLO, new byte[] {1, 2, 3});
        while (wire.isReadable()) {
            ch.writeInbound(wire.readRetainedSlice(1));
        }
        wire.release();
        ByteBuf f = ch.readInbound();
        assertEquals(4, f.readableBytes());
        assertEquals(Frames.HELLO, f.readByte());
        assertEquals(1, f.readByte());
        f.release();
        assertNull(ch.readInbound());
    }

    @Test
    void aFrameAboveTheHandshakeLimitRightBehindTheLastHandshakeFrameInOneReadPassesOnceAuthenticated() {
        FrameDecoder d = new FrameDecoder();
        java.util.List<Integer> sizes = new java.util.ArrayList<>();
        EmbeddedChannel ch = new EmbeddedChannel(d, new io.netty.channel.ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(io.netty.channel.ChannelHandlerContext ctx, Object msg) {
                ByteBuf f = (ByteBuf) msg;
                sizes.add(f.readableBytes());
                if (f.getByte(f.readerIndex()) == Frames.AUTH) {
                    d.authenticated(); // what the connection does on a valid signature
                }
                f.release();
            }
        });
        ByteBuf both = Unpooled.wrappedBuffer(Frames.frame(Frames.AUTH, new byte[65]),
                Frames.frame(Frames.MESSAGE, new byte[4_000]));
        ch.writeInbound(both);
        assertEquals(java.util.List.of(66, 4_001), sizes);
    }

    @Test
    void beforeAuthenticationALengthAboveOneKibibyteFailsAsSoonAsTheHeaderArrives() {
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder());
        ByteBuf header = Unpooled.buffer().writeInt(Frames.HANDSHAKE_MAX_BYTES + 1);
        assertThrows(FrameDecoder.FrameException.class, () -> ch.writeInbound(header));
    }

    @Test
    void afterAuthenticationTheLimitIsOneMessageAndAHugeOrZeroLengthStillFails() {
        FrameDecoder d = new FrameDecoder();
        d.authenticated();
        EmbeddedChannel ch = new EmbeddedChannel(d);
        ByteBuf big = Unpooled.buffer().writeInt(Frames.HANDSHAKE_MAX_BYTES + 1);
        ch.writeInbound(big);
        assertNull(ch.readInbound(), "a 1 KiB+ frame is now allowed: waiting for its bytes");
        EmbeddedChannel c2 = new EmbeddedChannel(authenticated());
        assertThrows(FrameDecoder.FrameException.class,
                () -> c2.writeInbound(Unpooled.buffer().writeInt(Frames.MAX_BYTES + 1)));
        EmbeddedChannel c3 = new EmbeddedChannel(authenticated());
        assertThrows(FrameDecoder.FrameException.class, () -> c3.writeInbound(Unpooled.buffer().writeInt(-1)),
                "0xffffffff is 4 GiB, not -1");
        EmbeddedChannel c4 = new EmbeddedChannel(authenticated());
        assertThrows(FrameDecoder.FrameException.class, () -> c4.writeInbound(Unpooled.buffer().writeInt(0)));
        assertTrue(Frames.MAX_BYTES == TcpTransport.MAX_FRAME_BYTES);
    }

    private static FrameDecoder authenticated() {
        FrameDecoder d = new FrameDecoder();
        d.authenticated();
        return d;
    }
}
