package org.tem.consensus.network;

import java.util.Objects;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.rlp.RLP;
import org.tem.ledger.crypto.Hash;

/**
 * A request for blocks, answered by {@link Blocks} with the same request id: either a block and
 * its ancestors ({@link #ancestors}: the block with {@code hash}, then its parent, and so on,
 * newest first), which is how a node fetches a branch it misses whatever the peer's head is; or a
 * range of the responder's canonical chain ({@link #range}: numbers {@code number} to {@code
 * number + count - 1}, ascending). Immutable.
 *
 * @param requestId chosen by the requester, echoed in the answer
 * @param hash the newest block wanted, for an ancestors request; empty for a range
 * @param number the first height wanted, for a range; 0 for an ancestors request
 * @param count 1 to {@link #MAX_COUNT} blocks; the answer may hold fewer
 */
public record GetBlocks(long requestId, Optional<Hash> hash, long number, int count) implements Message {

    /** The most blocks one request may ask for. */
    public static final int MAX_COUNT = 256;

    static final int TYPE = 3;

    /**
     * @param requestId chosen by the requester, echoed in the answer
     * @param hash the newest block wanted, for an ancestors request; empty for a range
     * @param number the first height wanted, for a range; 0 for an ancestors request
     * @param count 1 to {@link #MAX_COUNT} blocks; the answer may hold fewer
     * @throws NullPointerException if {@code hash} is null
     * @throws IllegalArgumentException if the count is out of range, the number negative, or a
     *     number is given with a hash
     */
    public GetBlocks {
        Objects.requireNonNull(hash, "hash");
        if (count < 1 || count > MAX_COUNT) {
            throw new IllegalArgumentException("count must be in [1, " + MAX_COUNT + "], was " + count);
        }
        if (number < 0 || hash.isPresent() && number != 0) {
            throw new IllegalArgumentException("number must be at least 0, and 0 with a hash; was " + number);
        }
    }

    /**
     * @param requestId the request id
     * @param hash the newest block wanted
     * @param count how many blocks, newest first, at most {@link #MAX_COUNT}
     * @return the request
     * @throws IllegalArgumentException if the count is out of range
     */
    public static GetBlocks ancestors(long requestId, Hash hash, int count) {
        return new GetBlocks(requestId, Optional.of(hash), 0, count);
    }

    /**
     * @param requestId the request id
     * @param from the first height
     * @param count how many canonical blocks, ascending, at most {@link #MAX_COUNT}
     * @return the request
     * @throws IllegalArgumentException if the count is out of range or {@code from} negative
     */
    public static GetBlocks range(long requestId, long from, int count) {
        return new GetBlocks(requestId, Optional.empty(), from, count);
    }

    @Override
    public Bytes encode() {
        return RLP.encodeList(w -> {
            w.writeInt(TYPE);
            w.writeLong(requestId);
            w.writeValue(hash.map(h -> (Bytes) h.toBytes()).orElse(Bytes.EMPTY));
            w.writeLong(number);
            w.writeInt(count);
        });
    }
}
