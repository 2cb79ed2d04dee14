package org.tem.consensus.poa;

import java.util.Objects;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.rlp.RLP;
import org.apache.tuweni.rlp.RLPReader;
import org.apache.tuweni.rlp.RLPWriter;
import org.tem.ledger.crypto.Hash;

/**
 * What one signer must remember, across restarts, to stay an honest voter in the sense of
 * {@link PoaFinality}: its latest finality vote. A signer sets a block's finality flag only if
 * {@link #mayVote} allows the vote that block casts, then records it with {@link #voted} and
 * persists the guard durably before it publishes the block; a restarted signer that forgot its
 * latest vote could cast a double or surround vote. Sealing itself is not restricted: Clique's
 * rules decide who may seal. Immutable.
 *
 * @param lastVote the signer's latest finality vote, if any
 */
public record PoaSignerGuard(Optional<PoaFinalityVote> lastVote) {

    /** The largest encoding accepted by {@link #decode}, in bytes. */
    public static final int MAX_ENCODED_BYTES = 128;

    /**
     * @param lastVote the signer's latest finality vote, if any
     * @throws NullPointerException if {@code lastVote} is null
     */
    public PoaSignerGuard {
        Objects.requireNonNull(lastVote, "lastVote");
    }

    /**
     * @return the guard of a signer that has never voted
     */
    public static PoaSignerGuard fresh() {
        return new PoaSignerGuard(Optional.empty());
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
     * @param vote the finality vote the signer's new block casts
     * @return the guard after casting it
     * @throws IllegalArgumentException if {@link #mayVote} refuses the vote
     */
    public PoaSignerGuard voted(PoaFinalityVote vote) {
        if (!mayVote(vote)) {
            throw new IllegalArgumentException("vote " + vote + " conflicts with " + lastVote.get());
        }
        return new PoaSignerGuard(Optional.of(vote));
    }

    /**
     * @return the canonical encoding: {@code []} or {@code [sourceNumber, sourceHash,
     *     targetNumber, targetHash]}
     */
    public Bytes encode() {
        return RLP.encodeList(w -> lastVote.ifPresent(v -> {
            writeAnchor(w, v.source());
            writeAnchor(w, v.target());
        }));
    }

    private static void writeAnchor(RLPWriter w, PoaAnchor a) {
        w.writeLong(a.number());
        w.writeValue(a.hash().toBytes());
    }

    /**
     * @param encoded bytes from {@link #encode()}
     * @return the guard
     * @throws PoaDataException if the bytes are oversized, not canonical, or not a vote
     */
    public static PoaSignerGuard decode(Bytes encoded) {
        if (encoded.size() > MAX_ENCODED_BYTES) {
            throw new PoaDataException("signer guard too large: " + encoded.size() + " bytes");
        }
        PoaSignerGuard g;
        try {
            g = RLP.decodeList(encoded, r -> {
                if (r.isComplete()) {
                    return fresh();
                }
                PoaAnchor source = readAnchor(r);
                PoaAnchor target = readAnchor(r);
                if (!r.isComplete()) {
                    throw new PoaDataException("malformed signer guard: extra fields");
                }
                return new PoaSignerGuard(Optional.of(new PoaFinalityVote(source, target)));
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
