package org.tem.consensus.network;

import java.util.Objects;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.rlp.RLP;

/**
 * A block announced by its sealer and forwarded by nodes that imported it, as an opaque
 * encoding. Immutable.
 *
 * @param block the non-empty block encoding
 */
public record NewBlock(Bytes block) implements Message {

    static final int TYPE = 2;

    /**
     * @param block the non-empty block encoding
     * @throws NullPointerException if {@code block} is null
     * @throws IllegalArgumentException if {@code block} is empty or its encoding would exceed
     *     {@link Message#MAX_BYTES}
     */
    public NewBlock {
        Objects.requireNonNull(block, "block");
        if (block.isEmpty()) {
            throw new IllegalArgumentException("empty block encoding");
        }
        MessageCodec.checkPayload(java.util.List.of(block));
    }

    @Override
    public Bytes encode() {
        return RLP.encodeList(w -> {
            w.writeInt(TYPE);
            w.writeValue(block);
        });
    }
}
