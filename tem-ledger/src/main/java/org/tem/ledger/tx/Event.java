package org.tem.ledger.tx;

import java.util.Objects;
import org.apache.tuweni.bytes.Bytes;
import org.tem.ledger.crypto.Address;

/**
 * An event emitted by a successful contract call, recorded in its receipt.
 *
 * @param contract the emitting contract's address
 * @param name the event name
 * @param data the event data
 */
public record Event(Address contract, String name, Bytes data) {

    /**
     * @param contract the emitting contract's address
     * @param name the event name
     * @param data the event data
     * @throws NullPointerException if a component is null
     */
    public Event {
        Objects.requireNonNull(contract, "contract");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(data, "data");
    }
}
