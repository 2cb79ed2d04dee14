package org.tem.ledger.tx;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.rlp.RLP;
import org.apache.tuweni.rlp.RLPException;
import org.tem.ledger.LedgerException;
import org.tem.ledger.crypto.Address;
import org.tem.ledger.crypto.Hash;

/**
 * The result of executing one transaction in a block. A failed transaction is still included
 * (its nonce is used) but changed no contract state and emitted no event.
 *
 * @param transactionHash the transaction's hash
 * @param success whether the call returned normally
 * @param reason why it failed, or the empty string on success
 * @param output the bytes the call returned (empty on failure)
 * @param events the events emitted, in order (empty on failure)
 */
public record Receipt(Hash transactionHash, boolean success, String reason, Bytes output,
        List<Event> events) {

    /**
     * @throws IllegalArgumentException if the reason does not match the status, or a failed
     *     receipt has output or events
     */
    public Receipt {
        Objects.requireNonNull(transactionHash, "transactionHash");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(output, "output");
        events = List.copyOf(events);
        if (success != reason.isEmpty()) {
            throw new IllegalArgumentException("reason must be empty exactly on success, was '" + reason + "'");
        }
        if (!success && (!output.isEmpty() || !events.isEmpty())) {
            throw new IllegalArgumentException("a failed receipt has no output and no events");
        }
    }

    /**
     * @param tx the transaction's hash
     * @param reason why it failed, not blank
     * @return a failed receipt
     */
    public static Receipt failed(Hash tx, String reason) {
        return new Receipt(tx, false, reason, Bytes.EMPTY, List.of());
    }

    /**
     * @return the RLP encoding {@code [txHash, status, reason, output, [[contract, name, data]...]]}
     */
    public Bytes encode() {
        return RLP.encodeList(w -> {
            w.writeValue(transactionHash.toBytes());
            w.writeInt(success ? 1 : 0);
            w.writeString(reason);
            w.writeValue(output);
            w.writeList(l -> {
                for (Event e : events) {
                    l.writeList(ev -> {
                        ev.writeValue(e.contract().toBytes());
                        ev.writeString(e.name());
                        ev.writeValue(e.data());
                    });
                }
            });
        });
    }

    /**
     * @param rlp an encoding made by {@link #encode()}
     * @return the receipt
     * @throws LedgerException if the bytes are not a well-formed receipt
     */
    public static Receipt decode(Bytes rlp) {
        try {
            return RLP.decodeList(rlp, r -> {
                Hash h = Hash.of(r.readValue());
                boolean ok = r.readInt() == 1;
                String reason = r.readString();
                Bytes out = r.readValue();
                List<Event> events = new ArrayList<>();
                r.readList(l -> {
                    while (!l.isComplete()) {
                        events.add(l.readList(ev -> new Event(Address.of(ev.readValue()),
                                ev.readString(), ev.readValue())));
                    }
                    return null;
                });
                return new Receipt(h, ok, reason, out, events);
            });
        } catch (RLPException | IllegalArgumentException e) {
            throw new LedgerException("malformed receipt: " + e.getMessage(), e);
        }
    }
}
