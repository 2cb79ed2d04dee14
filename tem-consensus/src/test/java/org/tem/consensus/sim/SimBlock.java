package org.tem.consensus.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.rlp.RLP;
import org.tem.ledger.crypto.Hash;
import org.tem.ledger.crypto.Keccak;

/**
 * A simulation block: a header and an opaque body of transactions whose hash the header
 * carries. Immutable.
 */
public record SimBlock(SimHeader header, List<Bytes> transactions) {

    /** The most transactions in a simulation block. */
    public static final int MAX_TRANSACTIONS = 256;

    /**
     * @throws IllegalArgumentException if the body does not match the header's body hash
     */
    public SimBlock {
        Objects.requireNonNull(header);
        transactions = List.copyOf(transactions);
        if (transactions.size() > MAX_TRANSACTIONS || !bodyHash(transactions).equals(header.bodyHash())) {
            throw new IllegalArgumentException("body does not match the header");
        }
    }

    public static Hash bodyHash(List<Bytes> transactions) {
        return Keccak.hash256(RLP.encodeList(w -> w.writeList(transactions, (lw, t) -> lw.writeValue(t))));
    }

    public static Hash txHash(Bytes tx) {
        return Keccak.hash256(tx);
    }

    public Hash hash() {
        return header.hash();
    }

    public Bytes encode() {
        return RLP.encodeList(w -> {
            w.writeValue(header.encode());
            w.writeList(transactions, (lw, t) -> lw.writeValue(t));
        });
    }

    /**
     * @throws IllegalArgumentException if the bytes are not a canonical, consistent block
     */
    public static SimBlock decode(Bytes bytes) {
        SimBlock b;
        try {
            b = RLP.decodeList(bytes, r -> {
                SimHeader h = SimHeader.decode(r.readValue());
                List<Bytes> txs = new ArrayList<>();
                r.readList(lr -> {
                    while (!lr.isComplete()) {
                        if (txs.size() == MAX_TRANSACTIONS) {
                            throw new IllegalArgumentException("too many transactions");
                        }
                        txs.add(lr.readValue());
                    }
                    return null;
                });
                if (!r.isComplete()) {
                    throw new IllegalArgumentException("extra block fields");
                }
                return new SimBlock(h, txs);
            });
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("malformed block: " + e.getMessage(), e);
        }
        if (!b.encode().equals(bytes)) {
            throw new IllegalArgumentException("malformed block: not canonical");
        }
        return b;
    }
}
