package org.tem.consensus.poa;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
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
import org.tem.ledger.crypto.Keccak;
import org.tem.ledger.crypto.KeyPair;
import org.tem.ledger.storage.InMemoryStorage;
import org.tem.ledger.storage.KeyValueStorage;
import org.tem.ledger.storage.StorageBatch;

/**
 * The reference proof-of-authority engine: Clique (EIP-225, with go-ethereum's snapshot logic:
 * {@link PoaSnapshot}) with sound finality ({@link PoaFinality}) and the fork choice that keeps
 * it ({@link PoaForkChoice#WITH_FINALITY}).
 *
 * <h2>Sealing</h2>
 * A signer may seal on a parent when Clique's rules let it ({@link PoaSnapshot#maySeal}: it is a
 * signer and did not seal any of the last {@code floor(N/2)} blocks). It is due at the parent's
 * timestamp plus the period ({@link PoaParams#periodMillis()}), or at once if that has passed;
 * a signer out of turn waits an extra delay in {@code [1, (floor(N/2) + 1) · wiggle]} ms ({@link
 * Builder#wiggleMillis}), drawn from Keccak-256 of the engine's seed, the parent's hash and the
 * signer, so a simulation replays exactly and the same question gets the same answer. With a
 * period of 0, a signer is due only while transactions are pending (no earlier than the batching
 * delay after the parent's timestamp, {@link Builder#batchMillis}, a local policy so that
 * transactions arriving close together share a block; 0 by default), except that while the last
 * block with transactions is not yet final it seals empty blocks every finality period ({@link
 * Builder#finalityPeriodMillis}), so that block becomes final without more traffic; once it is
 * final, no empty blocks are sealed.
 *
 * <p>The header's consensus data ({@link PoaHeaderData}) carries the difficulty (2 in turn, 1 out
 * of turn); at a checkpoint the signer list; elsewhere at most one of the operator's proposals
 * ({@link #propose}) that would change the signer set and that {@link
 * PoaFinality#allowsSignerVote} allows, taken in turn by block number (go-ethereum picks one at
 * random; a rotation reaches every proposal and replays); and the finality flag, set whenever the
 * signer's {@link PoaSignerGuard} allows the vote the block casts. The guard is persisted in the
 * store before {@link #seal} returns.
 *
 * <h2>Verification</h2>
 * In order: the parent is known and its chain valid; the number follows the parent's; the
 * timestamp is at least the parent's plus the period; the consensus data decodes; the seal
 * recovers a signer; Clique's checks in go-ethereum's order (checkpoint signer list, vote,
 * authorised signer, recent signers, difficulty: {@link PoaSnapshot#apply(long, Address,
 * PoaHeaderData)}); a finality flag only where a vote exists. Whether a header is too far in
 * the future for the host's clock is the host's decision, not a validity rule (validity must
 * replay).
 *
 * <h2>State and memory</h2>
 * The state after each block (snapshot, finality, fork-choice keys) is computed from the
 * headers and cached by block hash, at most {@link Builder#cacheSize} states; the state of every
 * {@link Builder#persistInterval}-th block is written to the store, so a state no longer cached
 * is recomputed from the nearest persisted or cached ancestor (or the genesis) by walking the
 * chain view. Recovered signers are cached likewise. Equivocation evidence ({@link
 * PoaEquivocationDetector}) is kept for at most {@link Builder#evidenceCapacity} votes.
 *
 * <p>Thread-safe: every method synchronises on the engine.
 */
public final class PoaConsensus implements Consensus {

    private static final byte[] STATE_PREFIX = "poa/state/".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] GUARD_PREFIX = "poa/guard/".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_EVIDENCE = 256;

    private final PoaParams params;
    private final Bytes genesisData;
    private final Optional<KeyPair> key;
    private final long finalityPeriodMillis;
    private final long batchMillis;
    private final long wiggleMillis;
    private final long seed;
    private final KeyValueStorage store;
    private final int persistInterval;
    private final BoundedCache<Hash, PoaState> states;
    private final BoundedCache<Hash, Address> signers;
    private final BoundedCache<Hash, ConsensusHeader> votingHeaders;
    private final PoaEquivocationDetector detector;
    private final ArrayDeque<Evidence> evidence = new ArrayDeque<>();
    private final TreeMap<Address, Boolean> proposals = new TreeMap<>();
    private PoaSignerGuard guard;

    private PoaConsensus(Builder b) {
        this.params = b.params;
        this.genesisData = b.params.encode();
        this.key = Optional.ofNullable(b.key);
        this.finalityPeriodMillis = b.finalityPeriodMillis;
        this.batchMillis = b.batchMillis;
        this.wiggleMillis = b.wiggleMillis;
        this.seed = b.seed;
        this.store = b.store == null ? new InMemoryStorage() : b.store;
        this.persistInterval = b.persistInterval;
        this.states = new BoundedCache<>(b.cacheSize);
        this.signers = new BoundedCache<>(b.cacheSize);
        this.votingHeaders = new BoundedCache<>(2 * b.evidenceCapacity);
        this.detector = new PoaEquivocationDetector(b.evidenceCapacity);
        this.guard = key.map(k -> store.get(guardKey(k.address()))
                .map(bytes -> {
                    try {
                        return PoaSignerGuard.decode(Bytes.wrap(bytes));
                    } catch (PoaDataException e) {
                        throw new IllegalStateException("the stored signer guard of " + k.address()
                                + " is unreadable (" + e.getMessage() + "); refusing to vote without it", e);
                    }
                })
                .orElse(PoaSignerGuard.fresh())).orElse(PoaSignerGuard.fresh());
    }

    /**
     * @param params the chain's consensus parameters
     * @return a builder for an engine of that chain
     */
    public static Builder builder(PoaParams params) {
        return new Builder(params);
    }

    /**
     * @return the chain's consensus parameters
     */
    public PoaParams params() {
        return params;
    }

    @Override
    public Bytes genesisData() {
        return genesisData;
    }

    @Override
    public Optional<Address> validator() {
        return key.map(KeyPair::address);
    }

    // ---- sealing ----

    @Override
    public synchronized Optional<SealSlot> nextSeal(ChainView chain, ConsensusHeader parent,
            boolean transactionsPending, long nowMillis) {
        if (key.isEmpty()) {
            return Optional.empty();
        }
        PoaState s = stateOf(chain, parent);
        Address me = key.get().address();
        if (!s.snapshot.maySeal(me)) {
            return Optional.empty();
        }
        long base;
        if (params.periodMillis() > 0) {
            base = plus(s.timestamp, params.periodMillis());
        } else if (transactionsPending) {
            base = plus(s.timestamp, batchMillis);
        } else if (s.lastContent > s.finality.finalized().number()) {
            base = plus(s.timestamp, finalityPeriodMillis);
        } else {
            return Optional.empty();
        }
        long n = s.number + 1;
        boolean inTurn = s.snapshot.inTurn(n, me);
        long at = Math.max(base, nowMillis);
        if (!inTurn) {
            at = plus(at, outOfTurnDelay(s, me));
        }
        return Optional.of(new SealSlot(at, inTurn));
    }

    /** {@code a + b} for non-negative values, saturating at {@link Long#MAX_VALUE}. */
    private static long plus(long a, long b) {
        return a > Long.MAX_VALUE - b ? Long.MAX_VALUE : a + b;
    }

    /**
     * The extra wait of an out-of-turn signer on the block after {@code parent}: in {@code [1,
     * limit · wiggle]} ms, from Keccak-256 of (seed, parent hash, signer); 0 if the wiggle is 0.
     */
    private long outOfTurnDelay(PoaState parent, Address signer) {
        long range = wiggleMillis * parent.snapshot.signerLimit();
        if (range == 0) {
            return 0;
        }
        Hash h = Keccak.hash256(Bytes.concatenate(Bytes.ofUnsignedLong(seed), parent.hash.toBytes(), signer.toBytes()));
        return 1 + Long.remainderUnsigned(h.toBytes().getLong(0), range);
    }

    @Override
    public synchronized HeaderTemplate prepare(ChainView chain, ConsensusHeader parent, long nowMillis) {
        KeyPair k = requireKey();
        PoaState s = stateOf(chain, parent);
        Address me = k.address();
        if (!s.snapshot.maySeal(me)) {
            throw new IllegalStateException(me + " may not seal on block " + s.number);
        }
        long n = s.number + 1;
        int difficulty = s.snapshot.difficulty(n, me);
        boolean flag = s.finality.nextVote().map(guard::mayVote).orElse(false);
        PoaHeaderData data;
        if (s.snapshot.isCheckpoint(n)) {
            data = PoaHeaderData.checkpoint(difficulty, s.snapshot, flag);
        } else {
            data = chooseProposal(s, n).map(v -> PoaHeaderData.voting(difficulty, v, flag))
                    .orElse(PoaHeaderData.plain(difficulty, flag));
        }
        long timestamp = Math.max(plus(s.timestamp, params.periodMillis()), nowMillis);
        return new HeaderTemplate(timestamp, data.encode());
    }

    /** A proposal that would change the set now and that finality allows, rotating by block number. */
    private Optional<PoaVote> chooseProposal(PoaState parent, long n) {
        List<PoaVote> valid = new ArrayList<>();
        for (Map.Entry<Address, Boolean> e : proposals.entrySet()) {
            PoaVote v = new PoaVote(e.getKey(), e.getValue());
            if (v.authorize() != parent.snapshot.isSigner(v.target())
                    && parent.finality.allowsSignerVote(parent.snapshot, v)) {
                valid.add(v);
            }
        }
        if (valid.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(valid.get((int) Math.floorMod(n, (long) valid.size())));
    }

    @Override
    public synchronized Bytes seal(ChainView chain, ConsensusHeader unsealed) {
        KeyPair k = requireKey();
        ConsensusHeader parent = chain.header(unsealed.parentHash()).orElseThrow(
                () -> new IllegalStateException("the parent of the header to seal is unknown"));
        PoaState ps = stateOf(chain, parent);
        PoaHeaderData data;
        try {
            data = PoaHeaderData.decode(unsealed.consensusData());
        } catch (PoaDataException e) {
            throw new IllegalStateException("cannot seal: " + e.getMessage(), e);
        }
        PoaState.Next next = ps.child(unsealed, k.address(), data, params.periodMillis());
        if (!next.validation().valid()) {
            throw new IllegalStateException("cannot seal: " + next.validation().reason());
        }
        if (data.vote().isPresent() && !ps.finality.allowsSignerVote(ps.snapshot, data.vote().get())) {
            throw new IllegalStateException("cannot seal: a vote on the signer set while finality forbids it ("
                    + data.vote().get() + ")");
        }
        if (data.finalityVote()) {
            PoaFinalityVote vote = ps.finality.nextVote().orElseThrow();
            if (!guard.mayVote(vote)) {
                throw new IllegalStateException("cannot seal: finality vote " + vote + " conflicts with "
                        + guard.lastVote().orElseThrow());
            }
            if (!guard.lastVote().equals(Optional.of(vote))) {
                PoaSignerGuard voted = guard.voted(vote);
                store.commit(new StorageBatch().put(guardKey(k.address()), voted.encode().toArrayUnsafe()));
                guard = voted;
            }
        }
        return SealSignature.sign(k, unsealed.sealingHash());
    }

    private KeyPair requireKey() {
        return key.orElseThrow(() -> new IllegalStateException("this engine has no validator key"));
    }

    // ---- verification ----

    @Override
    public synchronized Validation verify(ChainView chain, ConsensusHeader header) {
        if (header.number() < 1) {
            return Validation.invalid("block number " + header.number() + " cannot be imported");
        }
        if (states.get(header.hash()).isPresent()) {
            return Validation.ok();
        }
        Optional<ConsensusHeader> parent = chain.header(header.parentHash());
        if (parent.isEmpty()) {
            return Validation.invalid("unknown parent " + header.parentHash());
        }
        if (parent.get().number() != header.number() - 1) {
            return Validation.invalid("block number " + header.number() + " does not follow the parent's "
                    + parent.get().number());
        }
        Resolved p = resolve(chain, parent.get());
        if (p.state == null) {
            return Validation.invalid("invalid parent chain: " + p.reason);
        }
        Resolved r = checkChild(p.state, header);
        if (r.state == null) {
            return Validation.invalid(r.reason);
        }
        observe(p.state, header, r.state);
        return Validation.ok();
    }

    /** Records a verified header's finality vote and any evidence it completes. */
    private void observe(PoaState parent, ConsensusHeader header, PoaState state) {
        PoaHeaderData data = PoaHeaderData.decode(header.consensusData());
        if (!data.finalityVote()) {
            return;
        }
        Address signer = signers.get(header.hash()).orElseThrow();
        PoaFinalityVote vote = parent.finality.nextVote().orElseThrow();
        votingHeaders.put(header.hash(), header);
        for (PoaEquivocation e : detector.observe(new PoaEquivocation.Sighting(header.hash(), state.number, signer,
                vote))) {
            Optional<ConsensusHeader> a = votingHeaders.get(e.first().hash());
            Optional<ConsensusHeader> b = votingHeaders.get(e.second().hash());
            if (a.isPresent() && b.isPresent()) {
                String rule = e.kind() == PoaEquivocation.Kind.DOUBLE_VOTE ? "double finality vote"
                        : "surround finality vote";
                evidence.addLast(new Evidence(signer, rule, a.get(), b.get()));
                if (evidence.size() > MAX_EVIDENCE) {
                    evidence.removeFirst();
                }
            }
        }
    }

    /** A computed state, or why there is none. */
    private record Resolved(PoaState state, String reason) {
    }

    /** Checks a header against its parent's state, caching and persisting the child's state. */
    private Resolved checkChild(PoaState parent, ConsensusHeader header) {
        PoaHeaderData data;
        try {
            data = PoaHeaderData.decode(header.consensusData());
        } catch (PoaDataException e) {
            return new Resolved(null, e.getMessage());
        }
        Optional<Address> signer = signers.get(header.hash());
        if (signer.isEmpty()) {
            signer = SealSignature.recover(header.sealingHash(), header.seal());
            if (signer.isEmpty()) {
                return new Resolved(null, "the seal is not a valid signature");
            }
            signers.put(header.hash(), signer.get());
        }
        PoaState.Next next = parent.child(header, signer.get(), data, params.periodMillis());
        if (next.state() == null) {
            return new Resolved(null, next.validation().reason());
        }
        states.put(header.hash(), next.state());
        if (next.state().number % persistInterval == 0) {
            store.commit(new StorageBatch().put(stateKey(header.hash()), next.state().encode().toArrayUnsafe()));
        }
        return new Resolved(next.state(), "");
    }

    /**
     * The state after {@code header}: from the cache, else from the store, else recomputed from
     * the nearest cached or persisted ancestor or the genesis, walking the chain view.
     */
    private Resolved resolve(ChainView chain, ConsensusHeader header) {
        Deque<ConsensusHeader> path = new ArrayDeque<>();
        ConsensusHeader h = header;
        PoaState base;
        while (true) {
            Optional<PoaState> known = states.get(h.hash());
            if (known.isEmpty()) {
                known = loadPersisted(h.hash());
            }
            if (known.isPresent()) {
                base = known.get();
                break;
            }
            if (h.number() == 0) {
                base = PoaState.genesis(params, genesisData, h);
                if (base == null) {
                    return new Resolved(null, "the genesis " + h.hash() + " does not carry this chain's parameters");
                }
                states.put(h.hash(), base);
                break;
            }
            path.push(h);
            Optional<ConsensusHeader> p = chain.header(h.parentHash());
            if (p.isEmpty()) {
                return new Resolved(null, "unknown ancestor " + h.parentHash());
            }
            if (p.get().number() != h.number() - 1) {
                return new Resolved(null, "ancestor " + p.get().hash() + " numbered " + p.get().number()
                        + " below block " + h.number());
            }
            h = p.get();
        }
        PoaState s = base;
        while (!path.isEmpty()) {
            Resolved r = checkChild(s, path.pop());
            if (r.state == null) {
                return r;
            }
            s = r.state;
        }
        return new Resolved(s, "");
    }

    private Optional<PoaState> loadPersisted(Hash hash) {
        Optional<byte[]> bytes = store.get(stateKey(hash));
        if (bytes.isEmpty()) {
            return Optional.empty();
        }
        try {
            PoaState s = PoaState.decode(Bytes.wrap(bytes.get()));
            if (!s.hash.equals(hash) || s.finality.epochLength() != params.finalityEpochLength()
                    || s.snapshot.epochLength() != params.epochLength()) {
                return Optional.empty();
            }
            states.put(hash, s);
            return Optional.of(s);
        } catch (PoaDataException e) {
            // An unreadable entry is recomputed from the headers instead.
            return Optional.empty();
        }
    }

    private PoaState stateOf(ChainView chain, ConsensusHeader header) {
        Resolved r = resolve(chain, header);
        if (r.state == null) {
            throw new IllegalArgumentException("block " + header.number() + " " + header.hash() + ": " + r.reason);
        }
        return r.state;
    }

    private static byte[] stateKey(Hash hash) {
        return Bytes.concatenate(Bytes.wrap(STATE_PREFIX), hash.toBytes()).toArrayUnsafe();
    }

    private static byte[] guardKey(Address address) {
        return Bytes.concatenate(Bytes.wrap(GUARD_PREFIX), address.toBytes()).toArrayUnsafe();
    }

    // ---- fork choice, finality, time ----

    /**
     * {@link PoaForkChoice#WITH_FINALITY}: the higher justified anchor, then Clique's total
     * difficulty, then EIP-3436's tie-breaks, the last one by hash.
     */
    @Override
    public synchronized int compare(ChainView chain, ConsensusHeader a, ConsensusHeader b) {
        return PoaForkChoice.WITH_FINALITY.compare(stateOf(chain, a).head(), stateOf(chain, b).head());
    }

    @Override
    public synchronized BlockId finalized(ChainView chain, ConsensusHeader head) {
        PoaAnchor f = stateOf(chain, head).finality.finalized();
        return new BlockId(f.number(), f.hash());
    }

    /**
     * @return {@code floor(N/2) + 1} for the {@code N} signers after {@code parent}: a majority
     *     of recent blocks, which the recent-signers rule lets no minority of signers seal
     */
    @Override
    public synchronized int timeWindow(ChainView chain, ConsensusHeader parent) {
        return stateOf(chain, parent).snapshot.signerLimit();
    }

    @Override
    public synchronized List<Evidence> evidence() {
        return List.copyOf(evidence);
    }

    /**
     * @param chain the host's headers
     * @param block a verified block (or the genesis)
     * @return the Clique snapshot after {@code block}: signers, recent signers, pending votes
     * @throws IllegalArgumentException if the chain is invalid or not held by {@code chain}
     */
    public synchronized PoaSnapshot snapshot(ChainView chain, ConsensusHeader block) {
        return stateOf(chain, block).snapshot;
    }

    /**
     * @param chain the host's headers
     * @param block a verified block (or the genesis)
     * @return the finality state after {@code block}
     * @throws IllegalArgumentException if the chain is invalid or not held by {@code chain}
     */
    public synchronized PoaFinality finality(ChainView chain, ConsensusHeader block) {
        return stateOf(chain, block).finality;
    }

    /**
     * @param chain the host's headers
     * @param block a verified block (or the genesis); a node passes its canonical block at the
     *     height it is asked about
     * @return the signers authorised to seal the block after {@code block}, ascending
     * @throws IllegalArgumentException if the chain is invalid or not held by {@code chain}
     */
    public synchronized List<Address> signers(ChainView chain, ConsensusHeader block) {
        return stateOf(chain, block).snapshot.signers();
    }

    /**
     * @return this signer's finality-vote record (fresh for an engine without a key)
     */
    public synchronized PoaSignerGuard guard() {
        return guard;
    }

    // ---- operator votes ----

    /**
     * Proposes to add ({@code authorize}) or drop a signer. While the proposal would change the
     * signer set (and finality allows it: {@link PoaFinality#allowsSignerVote}), this validator's
     * blocks carry it as their vote, one proposal per block in rotation; it stays until {@link
     * #discard}ed, as in go-ethereum, and is simply skipped once it has passed. A new proposal on
     * the same address replaces the old one.
     *
     * @param address the account to add or the signer to drop
     * @param authorize {@code true} to add, {@code false} to drop
     * @throws IllegalArgumentException if {@code address} is the zero address
     */
    public synchronized void propose(Address address, boolean authorize) {
        proposals.put(new PoaVote(address, authorize).target(), authorize);
    }

    /**
     * Withdraws the proposal on {@code address}, if any. Votes already sealed stay counted until
     * the next checkpoint, as in Clique.
     *
     * @param address the address
     */
    public synchronized void discard(Address address) {
        proposals.remove(Objects.requireNonNull(address, "address"));
    }

    /**
     * @return the pending proposals: address to {@code true} (add) or {@code false} (drop),
     *     ascending by address; an unmodifiable copy
     */
    public synchronized SortedMap<Address, Boolean> proposals() {
        return Collections.unmodifiableSortedMap(new TreeMap<>(proposals));
    }

    /** Cached states, for tests of the memory bound. */
    synchronized int cachedStates() {
        return states.size();
    }

    /**
     * Builds a {@link PoaConsensus}. Setters validate at once. Not thread-safe.
     */
    public static final class Builder {
        private final PoaParams params;
        private KeyPair key;
        private long finalityPeriodMillis = 1_000;
        private long batchMillis;
        private long wiggleMillis = 500;
        private long seed;
        private KeyValueStorage store;
        private int cacheSize = 4_096;
        private int persistInterval = 1_024;
        private int evidenceCapacity = 4_096;

        private Builder(PoaParams params) {
            this.params = Objects.requireNonNull(params, "params");
        }

        /**
         * @param validator the signer's key; without one the engine only verifies
         * @return this builder
         */
        public Builder validator(KeyPair validator) {
            this.key = Objects.requireNonNull(validator, "validator");
            return this;
        }

        /**
         * @param millis with a period of 0, how long after the parent an empty block is sealed
         *     while the last block with transactions is not final; at least 1 (default 1,000)
         * @return this builder
         * @throws IllegalArgumentException if below 1
         */
        public Builder finalityPeriodMillis(long millis) {
            if (millis < 1) {
                throw new IllegalArgumentException("finalityPeriodMillis must be at least 1, was " + millis);
            }
            this.finalityPeriodMillis = millis;
            return this;
        }

        /**
         * With a period of 0: how long after its parent's timestamp, at the earliest, a validator
         * seals a block for pending transactions, so that transactions arriving within that time
         * of the parent share one block instead of each starting its own. A local sealing policy,
         * not a consensus rule: blocks sealed sooner by other signers are valid. Transactions that
         * arrive later than this after the parent are sealed at once. Ignored with a period above 0.
         *
         * @param millis the delay, in [0, 60,000] (default 0: seal as soon as a transaction is pending)
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder batchMillis(long millis) {
            if (millis < 0 || millis > 60_000) {
                throw new IllegalArgumentException("batchMillis must be in [0, 60000], was " + millis);
            }
            this.batchMillis = millis;
            return this;
        }

        /**
         * @param millis Clique's wiggle: an out-of-turn signer waits up to {@code (floor(N/2) +
         *     1)} times this after its slot; in [0, 60,000] (default 500, as Clique); 0 makes
         *     out-of-turn signers race the in-turn one
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder wiggleMillis(long millis) {
            if (millis < 0 || millis > 60_000) {
                throw new IllegalArgumentException("wiggleMillis must be in [0, 60000], was " + millis);
            }
            this.wiggleMillis = millis;
            return this;
        }

        /**
         * @param seed the seed of the out-of-turn delays (default 0); a node picks a random one,
         *     a simulation a fixed one so that it replays
         * @return this builder
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * @param store where states at persist intervals and the signer's guard are kept; the
         *     node passes its storage (default: a fresh in-memory store, lost on restart)
         * @return this builder
         */
        public Builder store(KeyValueStorage store) {
            this.store = Objects.requireNonNull(store, "store");
            return this;
        }

        /**
         * @param states the most per-block states (and recovered signers) kept in memory, at
         *     least 16 (default 4,096)
         * @return this builder
         * @throws IllegalArgumentException if below 16
         */
        public Builder cacheSize(int states) {
            if (states < 16) {
                throw new IllegalArgumentException("cacheSize must be at least 16, was " + states);
            }
            this.cacheSize = states;
            return this;
        }

        /**
         * @param blocks the state of every block whose number is a multiple of this is
         *     persisted; at least 1 (default 1,024, as go-ethereum's snapshot checkpoints)
         * @return this builder
         * @throws IllegalArgumentException if below 1
         */
        public Builder persistInterval(int blocks) {
            if (blocks < 1) {
                throw new IllegalArgumentException("persistInterval must be at least 1, was " + blocks);
            }
            this.persistInterval = blocks;
            return this;
        }

        /**
         * @param votes the most finality votes remembered for equivocation evidence, at least 1
         *     (default 4,096)
         * @return this builder
         * @throws IllegalArgumentException if below 1
         */
        public Builder evidenceCapacity(int votes) {
            if (votes < 1) {
                throw new IllegalArgumentException("evidenceCapacity must be at least 1, was " + votes);
            }
            this.evidenceCapacity = votes;
            return this;
        }

        /**
         * @return the engine; with a validator key, its guard is read from the store
         * @throws IllegalStateException if the store holds an unreadable guard for the key
         */
        public PoaConsensus build() {
            return new PoaConsensus(this);
        }
    }
}
