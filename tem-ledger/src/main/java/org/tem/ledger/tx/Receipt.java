package org.tem.ledger.tx;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.rlp.RLP;
import org.tem.api.contract.Limits;
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
     * The largest receipt encoding accepted by {@link #decode}, in bytes: room for the largest
     * output and {@link Limits#MAX_EVENTS_PER_CALL} events of the largest data, with slack for
     * the names and the RLP framing.
     */
    public static final int MAX_ENCODED_BYTES = (Limits.MAX_EVENTS_PER_CALL + 1) * (Limits.MAX_VALUE_BYTES + 1024);

    /**
     * @param transactionHash the transaction's hash
     * @param success whether the call returned normally
     * @param reason why it failed, or the empty string on success
     * @param output the bytes the call returned (empty on failure)
     * @param events the events emitted, in order (empty on failure)
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
     * Decodes a receipt. Allocates at most a constant factor of the input's size, which is
     * checked first, and at most {@link Limits#MAX_EVENTS_PER_CALL} events.
     *
     * @param rlp an encoding made by {@link #encode()}, at most {@link #MAX_ENCODED_BYTES}
     * @return the receipt
     * @throws LedgerException if the bytes are oversized or not a well-formed receipt
     */
    public static Receipt decode(Bytes rlp) {
        if (rlp.size() > MAX_ENCODED_BYTES) {
            throw new LedgerException("receipt too large: " + rlp.size() + " bytes, limit " + MAX_ENCODED_BYTES);
        }
        Receipt receipt;
        try {
            receipt = RLP.decodeList(rlp, r -> {
                Hash h = Hash.of(r.readValue());
                int status = r.readInt();
                if (status != 0 && status != 1) {
                    throw new LedgerException("malformed receipt: status " + status);
                }
                String reason = r.readString();
                Bytes out = r.readValue();
                List<Event> events = new ArrayList<>();
                r.readList(l -> {
                    while (!l.isComplete()) {
                        if (events.size() >= Limits.MAX_EVENTS_PER_CALL) {
                            throw new LedgerException("malformed receipt: more than "
                                    + Limits.MAX_EVENTS_PER_CALL + " events");
                        }
                        events.add(l.readList(ev -> new Event(Address.of(ev.readValue()),
                                ev.readString(), ev.readValue())));
                    }
                    return null;
                });
                if (!r.isComplete()) {
                    throw new LedgerException("malformed receipt: extra fields");
                }
                return new Receipt(h, status == 1, reason, out, events);
            });
        } catch (LedgerException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new LedgerException("malformed receipt: " + e.getMessage(), e);
        }
        return receipt;
    }
}
