package org.tem.consensus.network;

import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.rlp.RLP;

/**
 * Transactions gossiped to a peer, as opaque encodings. Immutable.
 *
 * @param transactions 1 to {@link #MAX_TRANSACTIONS} non-empty encodings
 */
public record Transactions(List<Bytes> transactions) implements Message {

    /** The most transactions in one message. */
    public static final int MAX_TRANSACTIONS = 4_096;

    static final int TYPE = 1;

    /**
     * @param transactions 1 to {@link #MAX_TRANSACTIONS} non-empty encodings
     * @throws NullPointerException if the list or an element is null
     * @throws IllegalArgumentException if the list is empty or too long, an element is empty,
     *     or the encoding would exceed {@link Message#MAX_BYTES}
     */
    public Transactions {
        transactions = List.copyOf(transactions);
        if (transactions.isEmpty() || transactions.size() > MAX_TRANSACTIONS) {
            throw new IllegalArgumentException("transactions must number 1 to " + MAX_TRANSACTIONS + ", was "
                    + transactions.size());
        }
        for (Bytes t : transactions) {
            if (t.isEmpty()) {
                throw new IllegalArgumentException("empty transaction encoding");
            }
        }
        MessageCodec.checkPayload(transactions);
    }

    @Override
    public Bytes encode() {
        return RLP.encodeList(w -> {
            w.writeInt(TYPE);
            w.writeList(transactions, (lw, t) -> lw.writeValue(t));
        });
    }
}
