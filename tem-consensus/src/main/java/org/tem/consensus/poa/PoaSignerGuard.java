package org.tem.consensus.poa;

import java.util.Objects;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.rlp.RLP;
import org.apache.tuweni.rlp.RLPReader;
import org.apache.tuweni.rlp.RLPWriter;
import org.tem.ledger.crypto.Hash;

/**
 * What one signer must remember, across restarts, to stay an honest signer in the sense of
 * {@link PoaFinality}: the highest block number it sealed (it never seals two blocks at one
 * height, which would be an equivocation) and its latest finality vote (it never casts a double
 * or surround vote). A signer updates the guard with {@link #sealed} and persists it durably
 * before it publishes the block; losing it on a crash could make the restarted signer break a
 * rule. Immutable.
 *
 * @param lastSealed the highest block number this signer sealed, 0 if none
 * @param lastVote its latest finality vote, if any
 */
public record PoaSignerGuard(long lastSealed, Optional<PoaFinalityVote> lastVote) {

    /** The largest encoding accepted by {@link #decode}, in bytes. */
    public static final int MAX_ENCODED_BYTES = 160;

    /**
     * @throws NullPointerException if {@code lastVote} is null
     * @throws IllegalArgumentException if {@code lastSealed} is negative or below the latest
     *     vote's target
     */
    public PoaSignerGuard {
        Objects.requireNonNull(lastVote, "lastVote");
        if (lastSealed < 0) {
            throw new IllegalArgumentException("lastSealed must be at least 0, was " + lastSealed);
        }
        if (lastVote.isPresent() && lastVote.get().target().number() >= lastSealed) {
            throw new IllegalArgumentException("a vote targets an anchor below the block that casts it");
        }
    }

    /**
     * @return the guard of a signer that has sealed nothing
     */
    public static PoaSignerGuard fresh() {
        return new PoaSignerGuard(0, Optional.empty());
    }

    /**
     * @param blockNumber the number of a block the signer considers sealing
     * @return whether it is above every block the signer sealed
     */
    public boolean maySeal(long blockNumber) {
        return blockNumber > lastSealed;
    }

    /**
     * Whether casting {@code vote} keeps the signer honest: it repeats the latest vote, or its
     * target is above the latest target and its source at least the latest source. Since an
     * honest signer's sources never decrease and its targets only increase, this excludes a
     * double vote and a surround vote against every earlier vote, not only the latest.
     *
     * @param vote the vote the next block would cast ({@link PoaFinality#nextVote()})
     * @return whether the signer may set the finality flag
     */
    public boolean mayVote(PoaFinalityVote vote) {
        Objects.requireNonNull(vote, "vote");
        if (lastVote.isEmpty()) {
            return true;
        }
        PoaFinalityVote last = lastVote.get();
        return vote.equals(last) || vote.target().number() > last.target().number()
                && vote.source().number() >= last.source().number();
    }

    /**
     * @param blockNumber the block the signer sealed
     * @param vote the finality vote that block casts, or empty if its flag is not set
     * @return the guard after sealing it
     * @throws IllegalArgumentException if the block or the vote breaks {@link #maySeal} or
     *     {@link #mayVote}
     */
    public PoaSignerGuard sealed(long blockNumber, Optional<PoaFinalityVote> vote) {
        if (!maySeal(blockNumber)) {
            throw new IllegalArgumentException("already sealed block " + lastSealed + ", cannot seal "
                    + blockNumber);
        }
        if (vote.isPresent() && !mayVote(vote.get())) {
            throw new IllegalArgumentException("vote " + vote.get() + " conflicts with " + lastVote.get());
        }
        return new PoaSignerGuard(blockNumber, vote.isPresent() ? vote : lastVote);
    }

    /**
     * @return the canonical encoding: {@code [lastSealed, []]} or {@code [lastSealed,
     *     [sourceNumber, sourceHash, targetNumber, targetHash]]}
     */
    public Bytes encode() {
        return RLP.encodeList(w -> {
            w.writeLong(lastSealed);
            w.writeList(vw -> lastVote.ifPresent(v -> {
                writeAnchor(vw, v.source());
                writeAnchor(vw, v.target());
            }));
        });
    }

    private static void writeAnchor(RLPWriter w, PoaAnchor a) {
        w.writeLong(a.number());
        w.writeValue(a.hash().toBytes());
    }

    /**
     * @param encoded bytes from {@link #encode()}
     * @return the guard
     * @throws PoaDataException if the bytes are oversized, not canonical, or inconsistent
     */
    public static PoaSignerGuard decode(Bytes encoded) {
        if (encoded.size() > MAX_ENCODED_BYTES) {
            throw new PoaDataException("signer guard too large: " + encoded.size() + " bytes");
        }
        PoaSignerGuard g;
        try {
            g = RLP.decodeList(encoded, r -> {
                long sealed = r.readLong();
                Optional<PoaFinalityVote> vote = r.readList(vr -> {
                    if (vr.isComplete()) {
                        return Optional.<PoaFinalityVote>empty();
                    }
                    PoaAnchor source = readAnchor(vr);
                    PoaAnchor target = readAnchor(vr);
                    if (!vr.isComplete()) {
                        throw new PoaDataException("malformed vote");
                    }
                    return Optional.of(new PoaFinalityVote(source, target));
                });
                if (!r.isComplete()) {
                    throw new PoaDataException("malformed signer guard: extra fields");
                }
                return new PoaSignerGuard(sealed, vote);
            });
        } catch (PoaDataException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new PoaDataException("malformed signer guard: " + e.getMessage());
        }
        if (!g.encode().equals(encoded)) {
            throw new PoaDataException("malformed signer guard: not the canonical encoding");
        }
        return g;
    }

    private static PoaAnchor readAnchor(RLPReader r) {
        long n = r.readLong();
        Bytes h = r.readValue();
        if (h.size() != Hash.SIZE) {
            throw new PoaDataException("hash must be " + Hash.SIZE + " bytes, was " + h.size());
        }
        return new PoaAnchor(n, Hash.of(h));
    }
}
