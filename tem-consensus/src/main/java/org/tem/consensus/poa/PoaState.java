package org.tem.consensus.poa;

import java.util.Objects;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.rlp.RLP;
import org.apache.tuweni.rlp.RLPReader;
import org.tem.consensus.ConsensusHeader;
import org.tem.ledger.Validation;
import org.tem.ledger.crypto.Address;
import org.tem.ledger.crypto.Hash;

/**
 * Everything {@link PoaConsensus} knows after one block: the Clique snapshot, the finality
 * state, the block's timestamp, the fork-choice keys and the last block that carried
 * transactions. A pure function of the chain up to the block. Immutable.
 */
final class PoaState {

    /** The largest persisted state accepted by {@link #decode}, in bytes. */
    static final int MAX_ENCODED_BYTES = PoaSnapshot.MAX_ENCODED_BYTES + PoaFinality.MAX_ENCODED_BYTES + 256;

    private static final int FORMAT = 1;

    final long number;
    final Hash hash;
    final long timestamp;
    final PoaSnapshot snapshot;
    final PoaFinality finality;
    final long totalDifficulty;
    final int inTurnDistance;
    final long lastContent;

    private PoaState(long number, Hash hash, long timestamp, PoaSnapshot snapshot, PoaFinality finality,
            long totalDifficulty, int inTurnDistance, long lastContent) {
        this.number = number;
        this.hash = hash;
        this.timestamp = timestamp;
        this.snapshot = snapshot;
        this.finality = finality;
        this.totalDifficulty = totalDifficulty;
        this.inTurnDistance = inTurnDistance;
        this.lastContent = lastContent;
    }

    /** The state of a genesis header that carries {@code params}' encoding, or null if it does not. */
    static PoaState genesis(PoaParams params, Bytes encodedParams, ConsensusHeader genesis) {
        if (genesis.number() != 0 || !genesis.parentHash().equals(Hash.ZERO)
                || !genesis.consensusData().equals(encodedParams)) {
            return null;
        }
        PoaSnapshot s = params.genesisSnapshot();
        return new PoaState(0, genesis.hash(), genesis.timestamp(), s,
                PoaFinality.genesis(genesis.hash(), s, params.finalityEpochLength()), 0, 0, 0);
    }

    /**
     * The outcome of checking a child header against this state, given its decoded data and
     * signer.
     */
    record Next(PoaState state, Validation validation) {
    }

    /**
     * Checks {@code header}, sealed by {@code signer} with {@code data}, as the next block of
     * this chain, and computes its state. The caller has checked that its parent is this block.
     */
    Next child(ConsensusHeader header, Address signer, PoaHeaderData data, long periodMillis) {
        long n = number + 1;
        if (header.number() != n) {
            return invalid("block number " + header.number() + " does not follow " + number);
        }
        if (header.timestamp() < timestamp || header.timestamp() - timestamp < periodMillis) {
            return invalid("timestamp " + header.timestamp() + " is less than the parent's " + timestamp
                    + " plus the period " + periodMillis + " ms");
        }
        PoaSnapshot.Step step = snapshot.apply(n, signer, data);
        if (!step.accepted()) {
            return invalid(step.rejection().orElseThrow() + ": signer " + signer + " at block " + n);
        }
        if (data.finalityVote() && finality.nextVote().isEmpty()) {
            return invalid("finality vote in the first finality epoch, whose anchor is the genesis");
        }
        PoaSnapshot next = step.next();
        PoaBlock block = new PoaBlock(header.hash(), n, signer, data.difficulty(), data.finalityVote());
        PoaState s = new PoaState(n, header.hash(), header.timestamp(), next, finality.apply(block, next),
                Math.addExact(totalDifficulty, data.difficulty()), snapshot.inTurnDistance(n, signer),
                header.empty() ? lastContent : n);
        return new Next(s, Validation.ok());
    }

    private static Next invalid(String reason) {
        return new Next(null, Validation.invalid(reason));
    }

    PoaHead head() {
        return new PoaHead(hash, number, totalDifficulty, inTurnDistance, finality.justified());
    }

    /** The canonical encoding, for persisting. */
    Bytes encode() {
        return RLP.encodeList(w -> {
            w.writeInt(FORMAT);
            w.writeLong(number);
            w.writeValue(hash.toBytes());
            w.writeLong(timestamp);
            w.writeValue(snapshot.encode());
            w.writeValue(finality.encode());
            w.writeLong(totalDifficulty);
            w.writeInt(inTurnDistance);
            w.writeLong(lastContent);
        });
    }

    /**
     * @throws PoaDataException if the bytes are oversized, not canonical, or inconsistent
     */
    static PoaState decode(Bytes encoded) {
        if (encoded.size() > MAX_ENCODED_BYTES) {
            throw new PoaDataException("state too large: " + encoded.size() + " bytes");
        }
        PoaState s;
        try {
            s = RLP.decodeList(encoded, PoaState::read);
        } catch (PoaDataException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new PoaDataException("malformed state: " + e.getMessage());
        }
        if (!s.encode().equals(encoded)) {
            throw new PoaDataException("malformed state: not the canonical encoding");
        }
        return s;
    }

    private static PoaState read(RLPReader r) {
        int format = r.readInt();
        if (format != FORMAT) {
            throw new PoaDataException("unknown state format " + format);
        }
        long number = r.readLong();
        Bytes h = r.readValue();
        if (h.size() != Hash.SIZE) {
            throw new PoaDataException("hash must be " + Hash.SIZE + " bytes");
        }
        long timestamp = r.readLong();
        PoaSnapshot snapshot = PoaSnapshot.decode(r.readValue());
        PoaFinality finality = PoaFinality.decode(r.readValue());
        long td = r.readLong();
        int itd = r.readInt();
        long lastContent = r.readLong();
        if (!r.isComplete()) {
            throw new PoaDataException("malformed state: extra fields");
        }
        if (number < 0 || snapshot.number() != number || finality.number() != number || timestamp < 0 || td < 0
                || itd < 0 || lastContent < 0 || lastContent > number) {
            throw new PoaDataException("inconsistent state at block " + number);
        }
        return new PoaState(number, Hash.of(h), timestamp, snapshot, finality, td, itd, lastContent);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PoaState s && number == s.number && hash.equals(s.hash) && timestamp == s.timestamp
                && snapshot.equals(s.snapshot) && finality.equals(s.finality) && totalDifficulty == s.totalDifficulty
                && inTurnDistance == s.inTurnDistance && lastContent == s.lastContent;
    }

    @Override
    public int hashCode() {
        return Objects.hash(number, hash, timestamp, snapshot, finality);
    }
}
