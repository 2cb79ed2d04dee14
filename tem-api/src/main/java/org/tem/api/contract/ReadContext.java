package org.tem.api.contract;

import java.util.Optional;

/**
 * Read access to one contract's state, as seen by a call or a query.
 *
 * <p>Keys and values are opaque byte strings; the state is ordered by the unsigned
 * lexicographic order of the keys. Arrays passed in are copied and arrays returned are fresh,
 * so neither side can change the other's data afterwards. A context is valid only during the
 * call that received it and is not thread-safe.
 */
public interface ReadContext {

    /**
     * The address this contract is registered under.
     *
     * @return a fresh 20-byte array
     */
    byte[] contractAddress();

    /**
     * The number of the block this call executes in (for a query: the head block).
     *
     * @return the block number, 0 for genesis
     */
    long blockNumber();

    /**
     * The timestamp of the block this call executes in (for a query: the head block), taken from
     * the block header, never from a clock.
     *
     * @return milliseconds since 1970-01-01T00:00Z
     */
    long timestamp();

    /**
     * The median of the timestamps of the most recent blocks before the one this call executes in
     * (for a query: of the most recent blocks up to and including the head). The number of blocks
     * is set by the chain's consensus — {@code floor(N/2) + 1} for N validators — so that no
     * minority of validators can move it, whatever timestamps they put in their own blocks.
     * Contracts judge deadlines against this value rather than {@link #timestamp()}, with a window
     * of at least the chain's allowed clock drift plus its block period plus twice the network
     * delay plus the participants' computing time.
     *
     * @return milliseconds since 1970-01-01T00:00Z, never after {@link #timestamp()}
     */
    long medianTimestamp();

    /**
     * Reads one value, including writes staged earlier in the same call.
     *
     * @param key the key, at most {@link Limits#MAX_KEY_BYTES} bytes, not empty
     * @return the value, or empty if the key is absent
     * @throws IllegalArgumentException if the key is empty or too long
     */
    Optional<byte[]> get(byte[] key);
}
