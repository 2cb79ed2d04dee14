package org.tem.consensus.dev;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.tem.consensus.BlockId;
import org.tem.consensus.ChainView;
import org.tem.consensus.Consensus;
import org.tem.consensus.ConsensusHeader;
import org.tem.consensus.Evidence;
import org.tem.consensus.HeaderTemplate;
import org.tem.consensus.SealSlot;
import org.tem.consensus.internal.BoundedCache;
import org.tem.consensus.internal.SealSignature;
import org.tem.ledger.Validation;
import org.tem.ledger.crypto.Address;
import org.tem.ledger.crypto.Hash;
import org.tem.ledger.crypto.KeyPair;

/**
 * The dev chain's consensus: one validator, every block final as soon as it is sealed. The seal
 * is the validator's signature over the sealing hash, in the same 65-byte format as the
 * ledger's dev seal ({@code r || s || recoveryId}); the consensus data of every block is empty,
 * and the genesis commits to the validator's address. Blocks are sealed as soon as transactions
 * are pending (period 0, the default) or every period.
 *
 * <p>Fork choice prefers the higher block, then the lower hash; a single honest validator never
 * forks, so the only way two blocks of one height appear is the validator sealing both, which is
 * reported as {@link Evidence} ("two blocks at one height": with every block final at once, the
 * second contradicts the first). Thread-safe.
 */
public final class DevConsensus implements Consensus {

    private static final int MAX_EVIDENCE = 64;

    private final Address validator;
    private final Optional<KeyPair> key;
    private final long periodMillis;
    private final BoundedCache<Long, ConsensusHeader> byNumber = new BoundedCache<>(1_024);
    private final BoundedCache<Hash, Boolean> verified = new BoundedCache<>(4_096);
    private final ArrayDeque<Evidence> evidence = new ArrayDeque<>();

    private DevConsensus(Address validator, KeyPair key, long periodMillis) {
        this.validator = Objects.requireNonNull(validator, "validator");
        this.key = Optional.ofNullable(key);
        if (periodMillis < 0) {
            throw new IllegalArgumentException("periodMillis must be at least 0, was " + periodMillis);
        }
        this.periodMillis = periodMillis;
    }

    /**
     * @param key the validator's key
     * @param periodMillis 0 to seal only when transactions are pending, else the block period
     *     in milliseconds
     * @return an engine that seals with {@code key}
     * @throws IllegalArgumentException if {@code periodMillis} is negative
     */
    public static DevConsensus sealer(KeyPair key, long periodMillis) {
        return new DevConsensus(key.address(), key, periodMillis);
    }

    /**
     * @param validator the only address allowed to seal
     * @param periodMillis the block period the validator uses (0 or more)
     * @return an engine that only verifies
     * @throws IllegalArgumentException if {@code periodMillis} is negative
     */
    public static DevConsensus verifier(Address validator, long periodMillis) {
        return new DevConsensus(validator, null, periodMillis);
    }

    /**
     * @return the validator's address (20 bytes)
     */
    @Override
    public Bytes genesisData() {
        return validator.toBytes().copy();
    }

    @Override
    public Optional<Address> validator() {
        return key.map(KeyPair::address);
    }

    @Override
    public Optional<SealSlot> nextSeal(ChainView chain, ConsensusHeader parent, boolean transactionsPending,
            long nowMillis) {
        if (key.isEmpty() || periodMillis == 0 && !transactionsPending) {
            return Optional.empty();
        }
        return Optional.of(new SealSlot(Math.max(parent.timestamp() + periodMillis, nowMillis), true));
    }

    @Override
    public HeaderTemplate prepare(ChainView chain, ConsensusHeader parent, long nowMillis) {
        if (key.isEmpty()) {
            throw new IllegalStateException("this engine has no validator key");
        }
        return new HeaderTemplate(Math.max(parent.timestamp() + periodMillis, nowMillis), Bytes.EMPTY);
    }

    @Override
    public Bytes seal(ChainView chain, ConsensusHeader unsealed) {
        KeyPair k = key.orElseThrow(() -> new IllegalStateException("this engine has no validator key"));
        Optional<ConsensusHeader> parent = chain.header(unsealed.parentHash());
        if (parent.isEmpty()) {
            throw new IllegalStateException("the parent of the header to seal is unknown");
        }
        String problem = checkFields(parent.get(), unsealed);
        if (problem != null) {
            throw new IllegalStateException("cannot seal: " + problem);
        }
        return SealSignature.sign(k, unsealed.sealingHash());
    }

    @Override
    public synchronized Validation verify(ChainView chain, ConsensusHeader header) {
        if (header.number() < 1) {
            return Validation.invalid("block number " + header.number() + " cannot be imported");
        }
        if (verified.get(header.hash()).isPresent()) {
            return Validation.ok();
        }
        Optional<ConsensusHeader> parent = chain.header(header.parentHash());
        if (parent.isEmpty()) {
            return Validation.invalid("unknown parent " + header.parentHash());
        }
        if (parent.get().number() == 0 && !parent.get().consensusData().equals(genesisData())) {
            return Validation.invalid("the genesis does not name validator " + validator);
        }
        String problem = checkFields(parent.get(), header);
        if (problem != null) {
            return Validation.invalid(problem);
        }
        Optional<Address> signer = SealSignature.recover(header.sealingHash(), header.seal());
        if (signer.isEmpty() || !signer.get().equals(validator)) {
            return Validation.invalid("not sealed by the dev validator " + validator);
        }
        verified.put(header.hash(), Boolean.TRUE);
        Optional<ConsensusHeader> other = byNumber.get(header.number());
        if (other.isPresent() && !other.get().hash().equals(header.hash())) {
            boolean lower = other.get().hash().compareTo(header.hash()) < 0;
            evidence.addLast(new Evidence(validator, "two blocks at one height", lower ? other.get() : header,
                    lower ? header : other.get()));
            if (evidence.size() > MAX_EVIDENCE) {
                evidence.removeFirst();
            }
        } else {
            byNumber.put(header.number(), header);
        }
        return Validation.ok();
    }

    /** The checks of a header against its parent that do not need the seal, or null if none fails. */
    private String checkFields(ConsensusHeader parent, ConsensusHeader header) {
        if (header.number() != parent.number() + 1) {
            return "block number " + header.number() + " does not follow " + parent.number();
        }
        if (header.timestamp() < parent.timestamp() || header.timestamp() - parent.timestamp() < periodMillis) {
            return "timestamp " + header.timestamp() + " is less than the parent's " + parent.timestamp()
                    + " plus the period " + periodMillis + " ms";
        }
        if (!header.consensusData().isEmpty()) {
            return "dev blocks carry no consensus data";
        }
        return null;
    }

    /**
     * The higher block first, then the lower hash.
     */
    @Override
    public int compare(ChainView chain, ConsensusHeader a, ConsensusHeader b) {
        int c = Long.compare(a.number(), b.number());
        return c != 0 ? c : b.hash().compareTo(a.hash());
    }

    /**
     * @return {@code head} itself: a single validator's block is final once sealed
     */
    @Override
    public BlockId finalized(ChainView chain, ConsensusHeader head) {
        return BlockId.of(head);
    }

    /**
     * @return 1: a single validator sets the time
     */
    @Override
    public int timeWindow(ChainView chain, ConsensusHeader parent) {
        return 1;
    }

    @Override
    public synchronized List<Evidence> evidence() {
        return List.copyOf(evidence);
    }
}
