package org.tem.consensus;

import java.util.Objects;
import org.apache.tuweni.bytes.Bytes;

/**
 * The fields an engine fills in a header it is about to seal (the answer of {@link
 * Consensus#prepare}); the host fills the rest (parent hash, number, transactions, state).
 * Immutable.
 *
 * @param timestamp the header's timestamp, milliseconds since 1970-01-01T00:00Z
 * @param consensusData the header's consensus data
 */
public record HeaderTemplate(long timestamp, Bytes consensusData) {

    /**
     * @param timestamp the header's timestamp, milliseconds since 1970-01-01T00:00Z
     * @param consensusData the header's consensus data
     * @throws NullPointerException if {@code consensusData} is null
     * @throws IllegalArgumentException if {@code timestamp} is negative
     */
    public HeaderTemplate {
        Objects.requireNonNull(consensusData, "consensusData");
        if (timestamp < 0) {
            throw new IllegalArgumentException("timestamp must be at least 0, was " + timestamp);
        }
    }
}
