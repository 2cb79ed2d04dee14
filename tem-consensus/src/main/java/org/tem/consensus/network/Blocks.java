package org.tem.consensus.network;

import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.rlp.RLP;

/**
 * The answer to {@link GetBlocks}: the blocks the responder has, in the order the request
 * defines, as opaque encodings; possibly fewer than asked (none if it has none), and never more
 * than fit in {@link Message#MAX_BYTES}. Immutable.
 *
 * @param requestId the request's id
 * @param blocks at most {@link GetBlocks#MAX_COUNT} non-empty encodings
 */
public record Blocks(long requestId, List<Bytes> blocks) implements Message {

    static final int TYPE = 4;

    /**
     * @param requestId the request's id
     * @param blocks at most {@link GetBlocks#MAX_COUNT} non-empty encodings
     * @throws NullPointerException if the list or an element is null
     * @throws IllegalArgumentException if there are too many blocks, one is empty, or the
     *     encoding would exceed {@link Message#MAX_BYTES}
     */
    public Blocks {
        blocks = List.copyOf(blocks);
        if (blocks.size() > GetBlocks.MAX_COUNT) {
            throw new IllegalArgumentException("at most " + GetBlocks.MAX_COUNT + " blocks, was " + blocks.size());
        }
        for (Bytes b : blocks) {
            if (b.isEmpty()) {
                throw new IllegalArgumentException("empty block encoding");
            }
        }
        MessageCodec.checkPayload(blocks);
    }

    /**
     * @param blocks encodings
     * @return the number of leading encodings of {@code blocks} that fit in one {@link Blocks}
     *     message (at most {@link GetBlocks#MAX_COUNT}, and within {@link Message#MAX_BYTES})
     */
    public static int fitting(List<Bytes> blocks) {
        long size = MessageCodec.OVERHEAD;
        int n = 0;
        for (Bytes b : blocks) {
            size += b.size() + MessageCodec.ITEM_OVERHEAD;
            if (n == GetBlocks.MAX_COUNT || size > Message.MAX_BYTES) {
                break;
            }
            n++;
        }
        return n;
    }

    @Override
    public Bytes encode() {
        return RLP.encodeList(w -> {
            w.writeInt(TYPE);
            w.writeLong(requestId);
            w.writeList(blocks, (lw, b) -> lw.writeValue(b));
        });
    }
}
