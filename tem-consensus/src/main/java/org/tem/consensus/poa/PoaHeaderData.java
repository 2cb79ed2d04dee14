package org.tem.consensus.poa;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.rlp.RLP;
import org.apache.tuweni.rlp.RLPReader;
import org.tem.ledger.crypto.Address;

/**
 * The proof-of-authority fields of a block header, carried in the header's consensus data
 * (which its sealing hash covers): the declared difficulty, the signer's vote on the signer set,
 * the signer list of a checkpoint, and whether the seal counts as a finality vote. Immutable.
 *
 * <p>Encoding: the RLP list {@code [difficulty, vote, signers, finalityVote]} with {@code vote}
 * the empty list or {@code [target, authorize]}, {@code signers} the checkpoint signer list
 * (empty outside checkpoints) and {@code finalityVote} 0 or 1. The difficulty is Clique's header
 * difficulty; the signer list is what Clique puts between the vanity and the seal of a
 * checkpoint's extra-data; the vote is what Clique puts in the coinbase and nonce.
 *
 * @param difficulty {@link PoaSnapshot#DIFFICULTY_IN_TURN} (2) if the signer is in turn, else
 *     {@link PoaSnapshot#DIFFICULTY_OUT_OF_TURN} (1); checked against the parent's snapshot by
 *     {@link PoaSnapshot#apply(long, Address, PoaHeaderData)}
 * @param vote the signer's vote, or empty (always empty in a valid checkpoint)
 * @param checkpointSigners at a checkpoint, the ascending signer list of the parent's snapshot;
 *     empty elsewhere; strictly ascending, non-zero, at most {@link PoaSnapshot#MAX_SIGNERS}
 * @param finalityVote whether the seal also counts as the signer's finality vote (see {@link
 *     PoaFinality}); a signer sets it only when {@link PoaSignerGuard#mayVote} allows
 */
public record PoaHeaderData(int difficulty, Optional<PoaVote> vote, List<Address> checkpointSigners,
        boolean finalityVote) {

    /**
     * The largest encoding accepted by {@link #decode}: a full checkpoint list plus a vote and
     * list headers, in bytes.
     */
    public static final int MAX_ENCODED_BYTES = 64 + 21 * PoaSnapshot.MAX_SIGNERS + 32;

    /**
     * @param difficulty {@link PoaSnapshot#DIFFICULTY_IN_TURN} (2) if the signer is in turn, else
     *     {@link PoaSnapshot#DIFFICULTY_OUT_OF_TURN} (1); checked against the parent's snapshot by
     *     {@link PoaSnapshot#apply(long, Address, PoaHeaderData)}
     * @param vote the signer's vote, or empty (always empty in a valid checkpoint)
     * @param checkpointSigners at a checkpoint, the ascending signer list of the parent's snapshot;
     *     empty elsewhere; strictly ascending, non-zero, at most {@link PoaSnapshot#MAX_SIGNERS}
     * @param finalityVote whether the seal also counts as the signer's finality vote (see {@link
     *     PoaFinality}); a signer sets it only when {@link PoaSignerGuard#mayVote} allows
     * @throws NullPointerException if a component or list element is null
     * @throws IllegalArgumentException if the difficulty is not 1 or 2, or the signer list is not
     *     strictly ascending, contains the zero address or is longer than {@link
     *     PoaSnapshot#MAX_SIGNERS}
     */
    public PoaHeaderData {
        if (difficulty != PoaSnapshot.DIFFICULTY_IN_TURN && difficulty != PoaSnapshot.DIFFICULTY_OUT_OF_TURN) {
            throw new IllegalArgumentException("difficulty must be 1 or 2, was " + difficulty);
        }
        Objects.requireNonNull(vote, "vote");
        checkpointSigners = List.copyOf(checkpointSigners);
        if (checkpointSigners.size() > PoaSnapshot.MAX_SIGNERS) {
            throw new IllegalArgumentException("checkpointSigners must number at most "
                    + PoaSnapshot.MAX_SIGNERS + ", was " + checkpointSigners.size());
        }
        for (int i = 0; i < checkpointSigners.size(); i++) {
            Address a = checkpointSigners.get(i);
            if (a.equals(Address.ZERO) || i > 0 && checkpointSigners.get(i - 1).compareTo(a) >= 0) {
                throw new IllegalArgumentException(
                        "checkpointSigners must be strictly ascending and non-zero, was " + checkpointSigners);
            }
        }
    }

    /**
     * @param difficulty 1 or 2 (see the class comment)
     * @param finalityVote whether the seal is a finality vote
     * @return data with no signer vote and no signer list
     * @throws IllegalArgumentException if the difficulty is not 1 or 2
     */
    public static PoaHeaderData plain(int difficulty, boolean finalityVote) {
        return new PoaHeaderData(difficulty, Optional.empty(), List.of(), finalityVote);
    }

    /**
     * @param difficulty 1 or 2 (see the class comment)
     * @param vote the signer's vote
     * @param finalityVote whether the seal is a finality vote
     * @return data for a non-checkpoint block carrying {@code vote}
     * @throws IllegalArgumentException if the difficulty is not 1 or 2
     */
    public static PoaHeaderData voting(int difficulty, PoaVote vote, boolean finalityVote) {
        return new PoaHeaderData(difficulty, Optional.of(vote), List.of(), finalityVote);
    }

    /**
     * @param difficulty 1 or 2 (see the class comment)
     * @param parent the snapshot of the checkpoint's parent
     * @param finalityVote whether the seal is a finality vote
     * @return data for a checkpoint block: the parent's signer list, no vote
     * @throws IllegalArgumentException if the difficulty is not 1 or 2
     */
    public static PoaHeaderData checkpoint(int difficulty, PoaSnapshot parent, boolean finalityVote) {
        return new PoaHeaderData(difficulty, Optional.empty(), parent.signers(), finalityVote);
    }

    /**
     * @return the canonical encoding (see the class comment)
     */
    public Bytes encode() {
        return RLP.encodeList(w -> {
            w.writeInt(difficulty);
            w.writeList(vw -> vote.ifPresent(v -> {
                vw.writeValue(v.target().toBytes());
                vw.writeInt(v.authorize() ? 1 : 0);
            }));
            w.writeList(checkpointSigners, (lw, a) -> lw.writeValue(a.toBytes()));
            w.writeInt(finalityVote ? 1 : 0);
        });
    }

    /**
     * Decodes a header's consensus data. Allocation is bounded by the input's size, itself at
     * most {@link #MAX_ENCODED_BYTES}.
     *
     * @param encoded bytes from {@link #encode()}
     * @return the data
     * @throws PoaDataException if the bytes are oversized or not the canonical encoding of valid
     *     data
     */
    public static PoaHeaderData decode(Bytes encoded) {
        if (encoded.size() > MAX_ENCODED_BYTES) {
            throw new PoaDataException("consensus data too large: " + encoded.size() + " bytes, limit "
                    + MAX_ENCODED_BYTES);
        }
        PoaHeaderData d;
        try {
            d = RLP.decodeList(encoded, PoaHeaderData::read);
        } catch (PoaDataException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new PoaDataException("malformed consensus data: " + e.getMessage());
        }
        if (!d.encode().equals(encoded)) {
            throw new PoaDataException("malformed consensus data: not the canonical encoding");
        }
        return d;
    }

    private static PoaHeaderData read(RLPReader r) {
        int difficulty = r.readInt();
        if (difficulty != PoaSnapshot.DIFFICULTY_IN_TURN && difficulty != PoaSnapshot.DIFFICULTY_OUT_OF_TURN) {
            throw new PoaDataException("difficulty must be 1 or 2, was " + difficulty);
        }
        Optional<PoaVote> vote = r.readList(vr -> {
            if (vr.isComplete()) {
                return Optional.<PoaVote>empty();
            }
            Bytes target = vr.readValue();
            int authorize = vr.readInt();
            if (!vr.isComplete() || target.size() != Address.SIZE || (authorize & ~1) != 0) {
                throw new PoaDataException("malformed vote");
            }
            return Optional.of(new PoaVote(Address.of(target), authorize == 1));
        });
        List<Address> signers = new ArrayList<>();
        r.readList(lr -> {
            while (!lr.isComplete()) {
                if (signers.size() == PoaSnapshot.MAX_SIGNERS) {
                    throw new PoaDataException("checkpoint signer list too long");
                }
                Bytes a = lr.readValue();
                if (a.size() != Address.SIZE) {
                    throw new PoaDataException("signer must be " + Address.SIZE + " bytes, was " + a.size());
                }
                signers.add(Address.of(a));
            }
            return null;
        });
        int finality = r.readInt();
        if (!r.isComplete() || (finality & ~1) != 0) {
            throw new PoaDataException("malformed consensus data: finality flag or extra fields");
        }
        return new PoaHeaderData(difficulty, vote, signers, finality == 1);
    }
}
