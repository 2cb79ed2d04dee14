package org.tem.consensus.poa;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.rlp.RLP;
import org.apache.tuweni.rlp.RLPReader;
import org.apache.tuweni.rlp.RLPWriter;
import org.tem.ledger.crypto.Address;

/**
 * The proof-of-authority vote tally after a block: who may seal, who sealed recently, and the
 * pending votes to add or drop signers. The rules are Clique's (EIP-225); where EIP-225's prose
 * leaves room, this class does what go-ethereum's {@code consensus/clique/snapshot.go} does, so
 * that a chain both accept is tallied identically. Immutable and thread-safe; usable without a
 * node:
 *
 * <pre>{@code
 * PoaSnapshot s = PoaSnapshot.genesis(List.of(a, b, c), 30_000);
 * PoaSnapshot.Step step = s.apply(1, a, Optional.of(PoaVote.authorize(d)));
 * if (step.accepted()) {
 *     s = step.next();
 * }
 * }</pre>
 *
 * <h2>Rules</h2>
 * <ul>
 *   <li><b>Signers</b> are kept in ascending address order. The in-turn signer of block {@code n}
 *       is {@code signers[n % N]}; it seals with difficulty 2, any other signer with 1.</li>
 *   <li><b>Recent signers.</b> A signer may seal at most one of any {@code floor(N/2) + 1}
 *       consecutive blocks, with {@code N} the size of the set when the block is sealed. The
 *       window is not reset at checkpoints (geth issue 17593: resetting it split Rinkeby). When
 *       a signer is dropped the window shrinks at once by deleting the entry that falls out of
 *       it, as geth does; when a signer is added the window grows as new blocks are sealed.</li>
 *   <li><b>Votes.</b> Each non-checkpoint block may carry one vote of its signer. The signer's
 *       previous vote on the same target is withdrawn first, whatever the new vote says (geth
 *       order); the new vote is then counted only if it would change something (authorise a
 *       non-signer or drop a signer). A proposal passes when strictly more than {@code N/2} of
 *       the current signers have a counted vote on it. The check runs only for the target of
 *       the block's vote, so a proposal that reached a majority because the set shrank passes
 *       on its next touch, even by a vote that is itself not counted (geth's "execute on
 *       touch"); no other proposal changes in the same block (no cascading).</li>
 *   <li><b>When a proposal passes</b> the target's status flips; if it was dropped, its own
 *       pending votes are discarded (which lowers other tallies but passes nothing) and the
 *       recent-signer window shrinks; then every pending vote about the target is cleared.</li>
 *   <li><b>Checkpoints.</b> Every block whose number is a multiple of the epoch length is a
 *       checkpoint: all pending votes are discarded before it is applied, it may carry no vote,
 *       and its header carries the signer list (see {@link #apply(long, Address,
 *       PoaHeaderData)}).</li>
 * </ul>
 *
 * <h2>Where this differs from go-ethereum, and why</h2>
 * <ul>
 *   <li>The last signer cannot be dropped. Geth lets a single signer vote itself out, leaving an
 *       empty set that can never seal again ("weird, but one less corner case" in its tests);
 *       for a ledger that carries money a chain that halts for ever is worse than a corner case.
 *       A vote to drop the only signer is treated as a vote that would change nothing, and a
 *       pending drop of the only signer never passes.</li>
 *   <li>The set is bounded by {@link #MAX_SIGNERS} so that a checkpoint's signer list and an
 *       encoded snapshot stay bounded; a vote to add a signer to a full set is treated as a
 *       vote that would change nothing.</li>
 *   <li>The zero address can be neither a signer nor a target (see {@link PoaVote}).</li>
 * </ul>
 * In every other case the signer set, recent signers and pending votes after each block are
 * those geth computes.
 */
public final class PoaSnapshot {

    /** The largest signer set, and the longest checkpoint signer list. */
    public static final int MAX_SIGNERS = 256;

    /** The largest encoded snapshot accepted by {@link #decode}, in bytes. */
    public static final int MAX_ENCODED_BYTES = 16 * 1024 * 1024;

    /** The difficulty of a block sealed by the in-turn signer. */
    public static final int DIFFICULTY_IN_TURN = 2;

    /** The difficulty of a block sealed by any other signer. */
    public static final int DIFFICULTY_OUT_OF_TURN = 1;

    private static final int FORMAT = 1;

    private static final Comparator<PendingVote> VOTE_ORDER =
            Comparator.comparing(PendingVote::target).thenComparing(PendingVote::signer);

    private final long epochLength;
    private final long number;
    private final List<Address> signers;
    private final NavigableMap<Long, Address> recents;
    private final List<PendingVote> votes;

    private PoaSnapshot(long epochLength, long number, List<Address> signers,
            NavigableMap<Long, Address> recents, List<PendingVote> votes) {
        this.epochLength = epochLength;
        this.number = number;
        this.signers = Collections.unmodifiableList(signers);
        this.recents = Collections.unmodifiableNavigableMap(recents);
        this.votes = Collections.unmodifiableList(votes);
    }

    /**
     * The snapshot of a genesis block (number 0, a checkpoint): the given signers, no recent
     * signers, no votes.
     *
     * @param signers the initial signers, in any order; copied and sorted ascending
     * @param epochLength the number of blocks between checkpoints, at least 1 (Clique's default
     *     is 30,000)
     * @return the genesis snapshot
     * @throws IllegalArgumentException if the list is empty, longer than {@link #MAX_SIGNERS},
     *     has duplicates or the zero address, or the epoch length is below 1
     */
    public static PoaSnapshot genesis(List<Address> signers, long epochLength) {
        if (epochLength < 1) {
            throw new IllegalArgumentException("epochLength must be at least 1, was " + epochLength);
        }
        List<Address> sorted = sortedSignerList(signers);
        return new PoaSnapshot(epochLength, 0, sorted, new TreeMap<>(), new ArrayList<>());
    }

    private static List<Address> sortedSignerList(List<Address> signers) {
        if (signers.isEmpty() || signers.size() > MAX_SIGNERS) {
            throw new IllegalArgumentException(
                    "signers must number 1 to " + MAX_SIGNERS + ", was " + signers.size());
        }
        List<Address> sorted = new ArrayList<>(signers);
        sorted.sort(Comparator.naturalOrder());
        for (int i = 0; i < sorted.size(); i++) {
            Address a = Objects.requireNonNull(sorted.get(i), "signer");
            if (a.equals(Address.ZERO)) {
                throw new IllegalArgumentException("the zero address cannot be a signer");
            }
            if (i > 0 && sorted.get(i - 1).equals(a)) {
                throw new IllegalArgumentException("duplicate signer " + a);
            }
        }
        return sorted;
    }

    /**
     * @return the number of the block this snapshot follows (0 for genesis)
     */
    public long number() {
        return number;
    }

    /**
     * @return the number of blocks between checkpoints (at least 1)
     */
    public long epochLength() {
        return epochLength;
    }

    /**
     * @return the authorised signers, ascending by address; unmodifiable, never empty
     */
    public List<Address> signers() {
        return signers;
    }

    /**
     * @param address any address
     * @return whether it is an authorised signer
     */
    public boolean isSigner(Address address) {
        return Collections.binarySearch(signers, address) >= 0;
    }

    /**
     * @return {@code floor(N/2) + 1}: a signer may seal at most one of this many consecutive
     *     blocks, and a proposal passes with this many votes
     */
    public int signerLimit() {
        return signers.size() / 2 + 1;
    }

    /**
     * @return the recent signers: block number to the signer of that block, for the blocks that
     *     still restrict their signer; ascending by number; unmodifiable
     */
    public NavigableMap<Long, Address> recents() {
        return recents;
    }

    /**
     * @return the pending (counted) votes, ascending by target then signer; at most one per
     *     signer and target; unmodifiable
     */
    public List<PendingVote> votes() {
        return votes;
    }

    /**
     * @param target an account
     * @return the number of pending votes on {@code target} (all of them in the same direction:
     *     authorise when it is not a signer, drop when it is), 0 if none
     */
    public int tally(Address target) {
        int n = 0;
        for (PendingVote v : votes) {
            if (v.target().equals(target)) {
                n++;
            }
        }
        return n;
    }

    /**
     * @param blockNumber a block number
     * @return whether the block is a checkpoint: its number is a multiple of the epoch length
     */
    public boolean isCheckpoint(long blockNumber) {
        return blockNumber % epochLength == 0;
    }

    /**
     * Whether {@code signer} is in turn for block {@code blockNumber} under this snapshot's signer
     * set (meaningful for the next block, {@code number() + 1}).
     *
     * @param blockNumber the block number, at least 0
     * @param signer any address
     * @return whether {@code signer} is {@code signers[blockNumber % N]}; false for a non-signer
     */
    public boolean inTurn(long blockNumber, Address signer) {
        return signers.get((int) Math.floorMod(blockNumber, (long) signers.size())).equals(signer);
    }

    /**
     * @param blockNumber the block number, at least 0 (normally {@code number() + 1})
     * @param signer the sealing signer
     * @return {@link #DIFFICULTY_IN_TURN} if {@code signer} is in turn, else
     *     {@link #DIFFICULTY_OUT_OF_TURN}
     */
    public int difficulty(long blockNumber, Address signer) {
        return inTurn(blockNumber, signer) ? DIFFICULTY_IN_TURN : DIFFICULTY_OUT_OF_TURN;
    }

    /**
     * EIP-3436's third fork-choice key for a block sealed on top of this snapshot: {@code (Hn -
     * Vi) mod Vt}, with {@code Hn} the block number, {@code Vi} the signer's index in the
     * ascending signer list and {@code Vt} the number of signers. It is 0 for the in-turn signer
     * and counts how many blocks ago the signer's last in-turn slot was; the smaller is
     * preferred.
     *
     * @param blockNumber the block number (normally {@code number() + 1})
     * @param signer the block's signer
     * @return a value in {@code [0, N)}
     * @throws IllegalArgumentException if {@code signer} is not a signer
     */
    public int inTurnDistance(long blockNumber, Address signer) {
        int index = Collections.binarySearch(signers, signer);
        if (index < 0) {
            throw new IllegalArgumentException("not a signer: " + signer);
        }
        return (int) Math.floorMod(blockNumber - index, (long) signers.size());
    }

    /**
     * Whether {@code signer} may seal the next block ({@code number() + 1}): it is a signer and
     * did not seal any of the last {@code floor(N/2)} blocks.
     *
     * @param signer any address
     * @return whether a block by {@code signer} on top of this snapshot passes the signer checks
     */
    public boolean maySeal(Address signer) {
        if (!isSigner(signer)) {
            return false;
        }
        long next = number + 1;
        long limit = signerLimit();
        for (var e : recents.entrySet()) {
            if (e.getValue().equals(signer) && !(next >= limit && e.getKey() == next - limit)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Applies a whole block's proof-of-authority fields: everything
     * {@link #apply(long, Address, Optional)} checks, plus the checkpoint signer list and the
     * declared difficulty. Checks run in go-ethereum's order, so the first failing one is the
     * reason.
     *
     * @param blockNumber the block's number; must be {@code number() + 1}
     * @param signer the block's signer (recovered from its seal by the caller)
     * @param data the block's consensus data
     * @return the outcome; a rejection changes nothing
     * @throws IllegalArgumentException if {@code blockNumber} is not {@code number() + 1}
     */
    public Step apply(long blockNumber, Address signer, PoaHeaderData data) {
        Objects.requireNonNull(data, "data");
        checkNext(blockNumber);
        if (isCheckpoint(blockNumber)) {
            if (data.vote().isPresent()) {
                return Step.rejected(PoaRejection.VOTE_IN_CHECKPOINT);
            }
            if (!data.checkpointSigners().equals(signers)) {
                return Step.rejected(PoaRejection.CHECKPOINT_SIGNERS_MISMATCH);
            }
        } else if (!data.checkpointSigners().isEmpty()) {
            return Step.rejected(PoaRejection.SIGNERS_OUTSIDE_CHECKPOINT);
        }
        Step step = apply(blockNumber, signer, data.vote());
        if (step.accepted() && data.difficulty() != difficulty(blockNumber, signer)) {
            return Step.rejected(PoaRejection.WRONG_DIFFICULTY);
        }
        return step;
    }

    /**
     * Applies one block's signer and vote: the vote tally of Clique (EIP-225), in go-ethereum's
     * order of operations. Rejections, in the order checked: {@link
     * PoaRejection#VOTE_IN_CHECKPOINT}, {@link PoaRejection#UNAUTHORIZED_SIGNER}, {@link
     * PoaRejection#RECENTLY_SIGNED}.
     *
     * @param blockNumber the block's number; must be {@code number() + 1}
     * @param signer the block's signer (recovered from its seal by the caller)
     * @param vote the signer's vote carried by the block, or empty
     * @return the outcome; a rejection changes nothing
     * @throws IllegalArgumentException if {@code blockNumber} is not {@code number() + 1}
     */
    public Step apply(long blockNumber, Address signer, Optional<PoaVote> vote) {
        Objects.requireNonNull(signer, "signer");
        Objects.requireNonNull(vote, "vote");
        checkNext(blockNumber);
        boolean checkpoint = isCheckpoint(blockNumber);
        if (checkpoint && vote.isPresent()) {
            return Step.rejected(PoaRejection.VOTE_IN_CHECKPOINT);
        }
        if (!isSigner(signer)) {
            return Step.rejected(PoaRejection.UNAUTHORIZED_SIGNER);
        }
        if (!maySeal(signer)) {
            return Step.rejected(PoaRejection.RECENTLY_SIGNED);
        }
        // geth: votes reset at a checkpoint, then the oldest recent entry leaves the window.
        List<PendingVote> newVotes = checkpoint ? new ArrayList<>() : new ArrayList<>(votes);
        TreeMap<Long, Address> newRecents = new TreeMap<>(recents);
        long limit = signerLimit();
        if (blockNumber >= limit) {
            newRecents.remove(blockNumber - limit);
        }
        newRecents.put(blockNumber, signer);
        List<Address> newSigners = new ArrayList<>(signers);
        Optional<PoaVote> passed = Optional.empty();
        if (vote.isPresent()) {
            Address target = vote.get().target();
            boolean authorize = vote.get().authorize();
            // The signer's previous vote on this target is withdrawn whatever the new one says.
            newVotes.removeIf(v -> v.signer().equals(signer) && v.target().equals(target));
            if (counts(target, authorize)) {
                PendingVote cast = new PendingVote(signer, target, authorize);
                int at = Collections.binarySearch(newVotes, cast, VOTE_ORDER);
                newVotes.add(-at - 1, cast);
            }
            passed = passes(target, newVotes);
            if (passed.isPresent()) {
                if (passed.get().authorize()) {
                    int at = Collections.binarySearch(newSigners, target);
                    newSigners.add(-at - 1, target);
                } else {
                    newSigners.remove(target);
                    long shrunk = newSigners.size() / 2 + 1;
                    if (blockNumber >= shrunk) {
                        newRecents.remove(blockNumber - shrunk);
                    }
                    newVotes.removeIf(v -> v.signer().equals(target));
                }
                newVotes.removeIf(v -> v.target().equals(target));
            }
        }
        return Step.accepted(new PoaSnapshot(epochLength, blockNumber, newSigners, newRecents, newVotes),
                passed);
    }

    private void checkNext(long blockNumber) {
        if (blockNumber != number + 1) {
            throw new IllegalArgumentException(
                    "block " + blockNumber + " does not follow snapshot " + number);
        }
    }

    /** Whether a vote would change something if it passed (and so is counted). */
    private boolean counts(Address target, boolean authorize) {
        boolean signer = isSigner(target);
        if (authorize) {
            return !signer && signers.size() < MAX_SIGNERS;
        }
        return signer && signers.size() > 1;
    }

    /** The proposal on {@code target} if its tally now exceeds half the current signers. */
    private Optional<PoaVote> passes(Address target, List<PendingVote> tally) {
        int n = 0;
        boolean authorize = false;
        for (PendingVote v : tally) {
            if (v.target().equals(target)) {
                n++;
                authorize = v.authorize();
            }
        }
        if (n <= signers.size() / 2) {
            return Optional.empty();
        }
        // Guards that geth lacks: never empty the set, never exceed the bound.
        if (!authorize && signers.size() == 1 || authorize && signers.size() >= MAX_SIGNERS) {
            return Optional.empty();
        }
        return Optional.of(new PoaVote(target, authorize));
    }

    /**
     * The canonical encoding, for persisting snapshots (for example at checkpoints): the RLP list
     * {@code [1, epochLength, number, [signer...], [[blockNumber, signer]...], [[target, signer,
     * authorize]...]]}, every list ascending. Equal snapshots have equal encodings.
     *
     * @return the encoding
     */
    public Bytes encode() {
        return RLP.encodeList(w -> {
            w.writeInt(FORMAT);
            w.writeLong(epochLength);
            w.writeLong(number);
            w.writeList(signers, (lw, a) -> lw.writeValue(a.toBytes()));
            w.writeList(lw -> recents.forEach((n, a) -> lw.writeList(ew -> {
                ew.writeLong(n);
                ew.writeValue(a.toBytes());
            })));
            w.writeList(votes, PoaSnapshot::writeVote);
        });
    }

    private static void writeVote(RLPWriter w, PendingVote v) {
        w.writeList(ew -> {
            ew.writeValue(v.target().toBytes());
            ew.writeValue(v.signer().toBytes());
            ew.writeInt(v.authorize() ? 1 : 0);
        });
    }

    /**
     * Decodes and validates a snapshot. Allocation is bounded by the input's size; every
     * invariant of a reachable snapshot that can be checked locally is checked: ascending
     * distinct signers within {@link #MAX_SIGNERS}, recent signers within the current window
     * and distinct, votes by current signers, in the only direction that counts, none pending
     * at a checkpoint.
     *
     * @param encoded bytes from {@link #encode()}
     * @return the snapshot
     * @throws PoaDataException if the bytes are oversized, not the canonical encoding, or
     *     describe a snapshot that no chain can reach
     */
    public static PoaSnapshot decode(Bytes encoded) {
        if (encoded.size() > MAX_ENCODED_BYTES) {
            throw new PoaDataException("snapshot too large: " + encoded.size() + " bytes, limit "
                    + MAX_ENCODED_BYTES);
        }
        PoaSnapshot s;
        try {
            s = RLP.decodeList(encoded, PoaSnapshot::read);
        } catch (PoaDataException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new PoaDataException("malformed snapshot: " + e.getMessage());
        }
        if (!s.encode().equals(encoded)) {
            throw new PoaDataException("malformed snapshot: not the canonical encoding");
        }
        return s;
    }

    private static PoaSnapshot read(RLPReader r) {
        int format = r.readInt();
        if (format != FORMAT) {
            throw new PoaDataException("unknown snapshot format " + format);
        }
        long epochLength = r.readLong();
        long number = r.readLong();
        if (epochLength < 1 || number < 0) {
            throw new PoaDataException("snapshot epoch length " + epochLength + " or number " + number
                    + " out of range");
        }
        List<Address> signers = r.readListContents(PoaSnapshot::readAddress);
        if (signers.isEmpty() || signers.size() > MAX_SIGNERS) {
            throw new PoaDataException("snapshot must have 1 to " + MAX_SIGNERS + " signers, has "
                    + signers.size());
        }
        for (int i = 0; i < signers.size(); i++) {
            if (signers.get(i).equals(Address.ZERO)
                    || i > 0 && signers.get(i - 1).compareTo(signers.get(i)) >= 0) {
                throw new PoaDataException("snapshot signers not ascending, distinct and non-zero");
            }
        }
        long limit = signers.size() / 2 + 1;
        TreeMap<Long, Address> recents = new TreeMap<>();
        r.readList(lr -> {
            while (!lr.isComplete()) {
                lr.readList(er -> {
                    long n = er.readLong();
                    Address a = readAddress(er);
                    if (!er.isComplete()) {
                        throw new PoaDataException("malformed recent signer entry");
                    }
                    if (n < 1 || n > number || n <= number - limit) {
                        throw new PoaDataException("recent signer at block " + n
                                + " outside the window of snapshot " + number);
                    }
                    if (recents.containsValue(a) || recents.put(n, a) != null) {
                        throw new PoaDataException("duplicate recent signer entry at block " + n);
                    }
                    return null;
                });
            }
            return null;
        });
        List<PendingVote> votes = r.readListContents(vr -> vr.readList(er -> {
            Address target = readAddress(er);
            Address signer = readAddress(er);
            int authorize = er.readInt();
            if (!er.isComplete() || (authorize & ~1) != 0) {
                throw new PoaDataException("malformed vote entry");
            }
            return new PendingVote(signer, target, authorize == 1);
        }));
        if (!r.isComplete()) {
            throw new PoaDataException("malformed snapshot: extra fields");
        }
        if (!votes.isEmpty() && number % epochLength == 0) {
            throw new PoaDataException("votes pending at checkpoint " + number);
        }
        for (int i = 0; i < votes.size(); i++) {
            PendingVote v = votes.get(i);
            if (i > 0 && VOTE_ORDER.compare(votes.get(i - 1), v) >= 0) {
                throw new PoaDataException("snapshot votes not ascending and distinct");
            }
            boolean targetIsSigner = Collections.binarySearch(signers, v.target()) >= 0;
            if (Collections.binarySearch(signers, v.signer()) < 0 || v.authorize() == targetIsSigner) {
                throw new PoaDataException("vote by " + v.signer() + " on " + v.target()
                        + " could not have been counted");
            }
        }
        return new PoaSnapshot(epochLength, number, new ArrayList<>(signers), recents, new ArrayList<>(votes));
    }

    private static Address readAddress(RLPReader r) {
        Bytes b = r.readValue();
        if (b.size() != Address.SIZE) {
            throw new PoaDataException("address must be " + Address.SIZE + " bytes, was " + b.size());
        }
        Address a = Address.of(b);
        if (a.equals(Address.ZERO)) {
            throw new PoaDataException("the zero address is not allowed here");
        }
        return a;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PoaSnapshot s && epochLength == s.epochLength && number == s.number
                && signers.equals(s.signers) && recents.equals(s.recents) && votes.equals(s.votes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(epochLength, number, signers, recents, votes);
    }

    @Override
    public String toString() {
        return "PoaSnapshot[number=" + number + ", signers=" + signers + ", recents=" + recents
                + ", votes=" + votes + "]";
    }

    /**
     * A counted vote waiting for its proposal to pass.
     *
     * @param signer the signer that cast it (always a current signer)
     * @param target the account voted on
     * @param authorize whether the vote is to add {@code target} (else to drop it)
     */
    public record PendingVote(Address signer, Address target, boolean authorize) {

        /**
         * @param signer the signer that cast it (always a current signer)
         * @param target the account voted on
         * @param authorize whether the vote is to add {@code target} (else to drop it)
         * @throws NullPointerException if an address is null
         */
        public PendingVote {
            Objects.requireNonNull(signer, "signer");
            Objects.requireNonNull(target, "target");
        }
    }

    /**
     * The outcome of applying one block to a snapshot: accepted with the next snapshot (and the
     * signer change it made, if any), or rejected with a reason. Immutable.
     */
    public static final class Step {
        private final PoaSnapshot next;
        private final PoaRejection rejection;
        private final Optional<PoaVote> passed;

        private Step(PoaSnapshot next, PoaRejection rejection, Optional<PoaVote> passed) {
            this.next = next;
            this.rejection = rejection;
            this.passed = passed;
        }

        static Step accepted(PoaSnapshot next, Optional<PoaVote> passed) {
            return new Step(next, null, passed);
        }

        static Step rejected(PoaRejection rejection) {
            return new Step(null, rejection, Optional.empty());
        }

        /**
         * @return whether the block passed every check
         */
        public boolean accepted() {
            return rejection == null;
        }

        /**
         * @return the snapshot after the block
         * @throws IllegalStateException if the block was rejected
         */
        public PoaSnapshot next() {
            if (next == null) {
                throw new IllegalStateException("block rejected: " + rejection);
            }
            return next;
        }

        /**
         * @return why the block was rejected, or empty if it was accepted
         */
        public Optional<PoaRejection> rejection() {
            return Optional.ofNullable(rejection);
        }

        /**
         * @return the signer change this block made (the target added or dropped), or empty
         */
        public Optional<PoaVote> passed() {
            return passed;
        }

        @Override
        public String toString() {
            return accepted() ? "Step[accepted, passed=" + passed + "]" : "Step[rejected " + rejection + "]";
        }
    }
}
