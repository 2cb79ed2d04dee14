package org.tem.consensus.network;

import org.apache.tuweni.bytes.Bytes;
import org.tem.ledger.block.Block;

/**
 * A message between nodes. Block and transaction payloads are opaque bytes at this layer (the
 * node decodes and checks them); every message has one canonical encoding, the RLP list {@code
 * [type, field...]}, and {@link #decode} accepts exactly those encodings within {@link
 * #MAX_BYTES}. Immutable.
 */
public sealed interface Message permits Status, Transactions, NewBlock, GetBlocks, Blocks {

    /**
     * The largest encoded message, in bytes: the largest block the ledger accepts ({@link
     * Block#MAX_ENCODED_BYTES}) plus room for the message's own fields. A {@link Blocks} answer
     * holds as many blocks as fit.
     */
    int MAX_BYTES = Block.MAX_ENCODED_BYTES + 4 * 1024;

    /**
     * @return the canonical encoding, at most {@link #MAX_BYTES}
     */
    Bytes encode();

    /**
     * Decodes untrusted bytes. Allocation is bounded by the input's size, itself at most {@link
     * #MAX_BYTES}; nothing but {@link MalformedMessageException} escapes.
     *
     * @param bytes the encoding
     * @return the message
     * @throws MalformedMessageException if the bytes are oversized, not the canonical encoding of
     *     a message, or break a message's bounds
     */
    static Message decode(Bytes bytes) {
        return MessageCodec.decode(bytes);
    }
}
