package org.tem.consensus.poa;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.rlp.RLP;
import org.apache.tuweni.rlp.RLPReader;
import org.tem.ledger.crypto.Address;

/**
 * The consensus parameters of a proof-of-authority chain: what every node of the chain must
 * agree on, and what its genesis header commits to (its consensus data is {@link #encode()}).
 * Local choices that do not affect validity (the finality period, the out-of-turn delay, cache
 * sizes) are set on {@link PoaConsensus.Builder} instead. Immutable.
 *
 * @param signers the genesis signers, ascending (the constructor sorts a copy)
 * @param epochLength Clique's checkpoint interval in blocks, at least 1 (Clique's default is
 *     30,000): votes are reset and the signer list is written into the header every this many
 *     blocks
 * @param finalityEpochLength the finality epoch {@code E} of {@link PoaFinality} in blocks, at
 *     least 1; choose it at least the largest signer set expected, or finality slows (see {@link
 *     PoaFinality}, "Liveness")
 * @param periodMillis the block period in milliseconds, at least 0: a block's timestamp is at
 *     least its parent's plus this; with 0, validators seal only when transactions are pending
 *     (and, until the last of them is final, empty blocks at the finality period)
 */
public record PoaParams(List<Address> signers, long epochLength, long finalityEpochLength, long periodMillis) {

    /** The largest encoding accepted by {@link #decode}, in bytes. */
    public static final int MAX_ENCODED_BYTES = 64 + 21 * PoaSnapshot.MAX_SIGNERS + 8;

    private static final int FORMAT = 1;

    /**
     * @param signers the genesis signers, ascending (the constructor sorts a copy)
     * @param epochLength Clique's checkpoint interval in blocks, at least 1 (Clique's default is
     *     30,000): votes are reset and the signer list is written into the header every this many
     *     blocks
     * @param finalityEpochLength the finality epoch {@code E} of {@link PoaFinality} in blocks, at
     *     least 1; choose it at least the largest signer set expected, or finality slows (see {@link
     *     PoaFinality}, "Liveness")
     * @param periodMillis the block period in milliseconds, at least 0: a block's timestamp is at
     *     least its parent's plus this; with 0, validators seal only when transactions are pending
     *     (and, until the last of them is final, empty blocks at the finality period)
     * @throws IllegalArgumentException if the signer list is empty, too long, has duplicates or
     *     the zero address, or a length or the period is out of range
     */
    public PoaParams {
        signers = PoaSnapshot.genesis(signers, Math.max(1, epochLength)).signers();
        if (epochLength < 1) {
            throw new IllegalArgumentException("epochLength must be at least 1, was " + epochLength);
        }
        if (finalityEpochLength < 1) {
            throw new IllegalArgumentException("finalityEpochLength must be at least 1, was " + finalityEpochLength);
        }
        if (periodMillis < 0) {
            throw new IllegalArgumentException("periodMillis must be at least 0, was " + periodMillis);
        }
    }

    /**
     * @return the snapshot of the genesis block
     */
    public PoaSnapshot genesisSnapshot() {
        return PoaSnapshot.genesis(signers, epochLength);
    }

    /**
     * @return the canonical encoding {@code [1, epochLength, finalityEpochLength, periodMillis,
     *     [signer...]]}: the genesis header's consensus data
     */
    public Bytes encode() {
        return RLP.encodeList(w -> {
            w.writeInt(FORMAT);
            w.writeLong(epochLength);
            w.writeLong(finalityEpochLength);
            w.writeLong(periodMillis);
            w.writeList(signers, (lw, a) -> lw.writeValue(a.toBytes()));
        });
    }

    /**
     * @param encoded bytes from {@link #encode()}
     * @return the parameters
     * @throws PoaDataException if the bytes are oversized, not the canonical encoding, or not
     *     valid parameters
     */
    public static PoaParams decode(Bytes encoded) {
        Objects.requireNonNull(encoded, "encoded");
        if (encoded.size() > MAX_ENCODED_BYTES) {
            throw new PoaDataException("parameters too large: " + encoded.size() + " bytes, limit "
                    + MAX_ENCODED_BYTES);
        }
        PoaParams p;
        try {
            p = RLP.decodeList(encoded, PoaParams::read);
        } catch (PoaDataException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new PoaDataException("malformed parameters: " + e.getMessage());
        }
        if (!p.encode().equals(encoded)) {
            throw new PoaDataException("malformed parameters: not the canonical encoding");
        }
        return p;
    }

    private static PoaParams read(RLPReader r) {
        int format = r.readInt();
        if (format != FORMAT) {
            throw new PoaDataException("unknown parameters format " + format);
        }
        long epoch = r.readLong();
        long finality = r.readLong();
        long period = r.readLong();
        List<Address> signers = new ArrayList<>();
        r.readList(lr -> {
            while (!lr.isComplete()) {
                if (signers.size() == PoaSnapshot.MAX_SIGNERS) {
                    throw new PoaDataException("signer list too long");
                }
                Bytes a = lr.readValue();
                if (a.size() != Address.SIZE) {
                    throw new PoaDataException("signer must be " + Address.SIZE + " bytes, was " + a.size());
                }
                signers.add(Address.of(a));
            }
            return null;
        });
        if (!r.isComplete()) {
            throw new PoaDataException("malformed parameters: extra fields");
        }
        try {
            return new PoaParams(signers, epoch, finality, period);
        } catch (IllegalArgumentException e) {
            throw new PoaDataException("invalid parameters: " + e.getMessage());
        }
    }
}
