package org.tem.consensus.poa;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.rlp.RLP;
import org.apache.tuweni.rlp.RLPReader;
import org.apache.tuweni.rlp.RLPWriter;
import org.tem.ledger.crypto.Address;
import org.tem.ledger.crypto.Hash;

/**
 * Finality for the proof-of-authority chain: which blocks can never be reverted, decided from a
 * chain's own headers. One value per block, like {@link PoaSnapshot}: {@link #genesis} for block
 * 0, then {@link #apply} for each block. Immutable and thread-safe.
 *
 * <h2>Why Clique needs more than "a majority sealed on top"</h2>
 * Clique (EIP-225) has no finality. The tempting rule, "a block is final once {@code floor(N/2)
 * + 1} distinct signers have sealed on top of it", is unsafe under Clique's fork choice even
 * when signers only crash. Split five signers 3|2 after block 12 (in-turn signers {@code
 * signers[n % 5]}): the minority seals blocks 13 and 14 in turn (difficulty 2 + 2), while the
 * majority, forced by the recent-signer rule into an order that is never in turn, seals 13, 14,
 * 15 and 16 with difficulty 1 each. At block 16 three distinct signers have sealed on top of the
 * majority's block 13, so it is "final"; yet both branches now weigh 4 and EIP-3436 prefers the
 * shorter one, the minority's. With seven signers split 4|3 the minority outweighs the majority
 * outright. The cause is that sealing commits to nothing: a signer that sealed on top of a block later
 * follows the fork choice to a branch without it. Forbidding that outright ("never seal on a
 * branch that excludes a block you built on") restores safety but loses liveness: split four
 * signers 2|2 right after the genesis, let each pair seal two blocks, heal the partition, and
 * neither pair may join the other branch while neither can gather the three signers the
 * recent-signer rule requires; the chain halts with every signer up. A commitment must be
 * releasable exactly when releasing it is safe. This class does that with the two rules of
 * Casper FFG (Buterin and Griffith, 2017), made implicit in Clique's seals and counted with
 * majority quorums, which suffice when no signer breaks a rule.
 *
 * <h2>The rule</h2>
 * <ul>
 *   <li>Blocks are grouped in <em>finality epochs</em> of {@code E} blocks ({@link
 *       #epochLength()}, independent of Clique's checkpoint epoch). The <em>anchor</em> of epoch
 *       {@code e} is the block at height {@code e·E}; epoch {@code e} holds the blocks {@code
 *       e·E + 1} to {@code (e+1)·E}. The genesis is anchor 0, justified and final.</li>
 *   <li>A block of epoch {@code e} whose header sets {@link PoaHeaderData#finalityVote()} casts
 *       its signer's vote {@code S → A_e} (a {@link PoaFinalityVote}): the target {@code A_e} is
 *       the epoch's anchor and the source {@code S} is the highest anchor justified on this chain
 *       by the blocks up to {@code A_e}, so it is the same for the whole epoch.</li>
 *   <li>{@code A_e} is <em>justified</em> once the chain holds, within epoch {@code e}, such
 *       votes by a quorum ({@code floor(|V|/2) + 1}) of distinct voters {@code V} ({@link
 *       #voters()}).</li>
 *   <li>When {@code A_e} is justified from {@code S = A_(e-1)}, {@code S} is <em>finalised</em>;
 *       every block up to the highest finalised anchor is final ({@link #finalized()}).</li>
 *   <li>Only the chain's own blocks count as evidence; votes on other branches never do.</li>
 * </ul>
 *
 * <h2>What an honest signer does</h2>
 * <ol>
 *   <li>It sets the finality flag only if the vote neither has the target number of a different
 *       earlier vote (a double vote) nor surrounds or is surrounded by an earlier vote: the
 *       target is above every earlier target and the source is at least the latest earlier
 *       source, or the vote repeats the latest one ({@link PoaSignerGuard#mayVote}). It persists
 *       its {@link PoaSignerGuard} before publishing the block.</li>
 *   <li>It seals on the head chosen by {@link PoaForkChoice#WITH_FINALITY}: the chain with the
 *       highest justified anchor first, then Clique's total difficulty with EIP-3436's
 *       tie-breaks. A node never leaves a final block this way (below), and so never
 *       reorganises below one.</li>
 *   <li>It includes a vote on the signer set only when {@link #allowsSignerVote} says so (see
 *       "Signer-set changes").</li>
 * </ol>
 * Sealing itself is left to Clique's rules: these rules never stop block production, a signer
 * that may not vote abstains and still seals. In particular a signer may seal again at a height
 * it has used, after following a reorganisation; forbidding that (as "never two blocks at one
 * height" would) can halt the chain, because the fork choice may move to a shorter branch that
 * only signers who sealed higher elsewhere could extend. Seals commit to nothing here; votes do,
 * and conflicting votes are the evidence ({@link PoaEquivocationDetector}).
 *
 * <h2>Fault model</h2>
 * Crash and omission faults: a signer follows the rules above until it stops, and may restart
 * with the guard it persisted. Messages may be lost, delayed or reordered and the network may
 * partition arbitrarily; safety assumes nothing about timing and holds with any number of
 * crashed signers. A signer that breaks a voting rule is outside this model: two headers it
 * signed prove it ({@link PoaEquivocationDetector}); tolerating such signers needs quorums of
 * {@code ceil(2N/3)}, which is a different plug-in (majority quorums then give only detection).
 *
 * <h2>Safety</h2>
 * <b>Lemma.</b> For a fixed voter set: if {@code F} is finalised on some chain and {@code J},
 * with a larger number, is justified on some chain, then {@code J} descends from {@code F}.
 * <i>Proof.</i> {@code F} is finalised by a link {@code F → F'}, {@code F'} the next anchor,
 * carried by a quorum. Take a counterexample {@code J} with the smallest number, justified by a
 * link {@code S → J} carried by a quorum; the two quorums share a voter {@code v}, because two
 * majorities of one set intersect. If {@code J} has the number of {@code F'}, {@code v} cast two
 * different votes with one target number. Otherwise {@code J} is above {@code F'} (no anchor lies
 * between {@code F} and {@code F'}). If {@code S} is below {@code F}, {@code v}'s vote {@code S →
 * J} surrounds its vote {@code F → F'}. If {@code S} has {@code F}'s number, it is not {@code F}
 * ({@code J} would descend from {@code F}), so two different anchors with {@code F}'s number are
 * justified and their justifying quorums share a voter with two votes of one target number. If
 * {@code S} is above {@code F}, it does not descend from {@code F} either ({@code J} would) and,
 * being justified with a smaller number than {@code J}, contradicts {@code J}'s minimality. Every
 * case needs a signer breaking rule 1, which no signer does in the fault model. &#8718;
 *
 * <p>Consequently no two conflicting anchors are ever final: the higher one is justified and
 * would descend from the lower one, and two at one number would need a double vote, as in the
 * proof. And a node following {@link PoaForkChoice#WITH_FINALITY}
 * never leaves a final block: if it knows {@code F} is final, it knows a chain with {@code F'}
 * justified, so the chain it picks has a justified anchor at least as high as {@code F'}, which
 * by the lemma descends from {@code F}. That is the fork-choice amendment Clique lacks: a branch
 * whose block is final by its own evidence is never left, whatever the difficulties say. In the
 * 3|2 split above the minority never justifies anything (two voters are not a quorum of five),
 * so once the majority's blocks are final the majority's branch is preferred everywhere.
 *
 * <h2>Liveness</h2>
 * Suppose a quorum of voters is up and connected, blocks reach them before the next is due, and
 * in-turn signers seal first (Clique makes out-of-turn signers wait a random delay, so in-turn
 * blocks prevail on a healthy network). They all pick the same head, whose justified anchor
 * {@code J} is the highest any of them knows (each voter's latest source was justified on a
 * chain it knows, so it is at most {@code J}). Sealing never stops, since Clique alone decides
 * who seals, so the chain grows; once it has passed every target the voters have used, rule 1
 * lets each of them vote in every new epoch. If {@code E} is at least the number of signers
 * {@code N}, every online voter has an in-turn slot in every epoch, so every epoch's anchor is
 * justified from the previous one, which is thereby finalised: a block is final at most {@code
 * 3E} blocks after it is sealed. Choose {@code E} at least the largest signer set expected; with
 * more signers than {@code E}, an epoch is justified only when it happens to hold a quorum of
 * voters, and finality slows. The fork choice's first key is what keeps the voters together:
 * a head chosen by difficulty alone can have a justified anchor below the sources its voters
 * already used, and they would have to abstain on it.
 *
 * <h2>Signer-set changes</h2>
 * The voter set is the Clique signer set of the last finalised anchor: it starts as the
 * genesis signers and is replaced when an anchor is finalised, by the signers of the snapshot
 * at that anchor, so a change to the set is committed under the previous set before it counts,
 * as in Raft's membership changes. An honest signer includes a vote on the signer set only while
 * the Clique set equals the voter set ({@link #allowsSignerVote}), so at most one change lies
 * between a finalised anchor and any later block of its chain, and any two voter sets in use
 * where the lemma's quorums meet differ by at most one signer; a majority of a set and a
 * majority of the set with one signer added or removed always intersect, which is what the
 * proof uses. This extension of the lemma is argued, not machine-checked; the property tests
 * exercise it with random signer votes. The same method refuses a vote to drop a voter when the
 * remaining voters could not reach the quorum (the two-signer case), since the dropped signer
 * can no longer seal and finality would stop.
 */
public final class PoaFinality {

    /** The largest encoded state accepted by {@link #decode}, in bytes. */
    public static final int MAX_ENCODED_BYTES = 512 + 5 * 21 * PoaSnapshot.MAX_SIGNERS + 3 * 64;

    private static final int FORMAT = 1;

    private final long epochLength;
    private final long number;
    private final List<Address> voters;
    private final Marked justified;
    private final PoaAnchor finalized;
    private final Marked source;
    private final Marked target;
    private final List<Address> counted;
    private final boolean targetJustified;

    private PoaFinality(long epochLength, long number, List<Address> voters, Marked justified,
            PoaAnchor finalized, Marked source, Marked target, List<Address> counted, boolean targetJustified) {
        this.epochLength = epochLength;
        this.number = number;
        this.voters = List.copyOf(voters);
        this.justified = justified;
        this.finalized = finalized;
        this.source = source;
        this.target = target;
        this.counted = List.copyOf(counted);
        this.targetJustified = targetJustified;
    }

    /**
     * The state at the genesis: anchor 0 justified and final, the genesis signers as voters.
     *
     * @param genesisHash the genesis block's hash
     * @param genesis the genesis snapshot
     * @param epochLength the finality epoch length {@code E} in blocks, at least 1 (see the
     *     class comment on choosing it)
     * @return the genesis state
     * @throws IllegalArgumentException if {@code genesis} is not at block 0 or {@code
     *     epochLength} is below 1
     */
    public static PoaFinality genesis(Hash genesisHash, PoaSnapshot genesis, long epochLength) {
        Objects.requireNonNull(genesisHash, "genesisHash");
        if (genesis.number() != 0) {
            throw new IllegalArgumentException("snapshot must be at block 0, was " + genesis.number());
        }
        if (epochLength < 1) {
            throw new IllegalArgumentException("epochLength must be at least 1, was " + epochLength);
        }
        Marked root = new Marked(new PoaAnchor(0, genesisHash), genesis.signers());
        return new PoaFinality(epochLength, 0, genesis.signers(), root, root.anchor(), root, root,
                List.of(), true);
    }

    /**
     * Advances the state by one block of the chain.
     *
     * @param block the next block, already verified by the caller (its signer is authorised by
     *     the parent's snapshot); its number must be {@code number() + 1}
     * @param after the Clique snapshot after {@code block}
     * @return the state after {@code block}
     * @throws IllegalArgumentException if {@code block} or {@code after} is not at {@code
     *     number() + 1}
     */
    public PoaFinality apply(PoaBlock block, PoaSnapshot after) {
        Objects.requireNonNull(block, "block");
        Objects.requireNonNull(after, "after");
        if (block.number() != number + 1 || after.number() != block.number()) {
            throw new IllegalArgumentException("block " + block.number() + " and snapshot " + after.number()
                    + " must both follow " + number);
        }
        List<Address> newVoters = voters;
        Marked newJustified = justified;
        PoaAnchor newFinalized = finalized;
        List<Address> newCounted = counted;
        boolean newTargetJustified = targetJustified;
        if (!targetJustified && block.finalityVote() && isVoter(block.signer())
                && Collections.binarySearch(counted, block.signer()) < 0) {
            List<Address> c = new ArrayList<>(counted);
            c.add(-Collections.binarySearch(c, block.signer()) - 1, block.signer());
            newCounted = c;
            if (c.size() >= quorum()) {
                newCounted = List.of(); // no longer needed, and the voters may change below
                newTargetJustified = true;
                newJustified = target;
                if (source.anchor().number() + epochLength == target.anchor().number()) {
                    newFinalized = source.anchor();
                    newVoters = source.signers();
                }
            }
        }
        Marked newSource = source;
        Marked newTarget = target;
        if (block.number() % epochLength == 0) {
            newTarget = new Marked(new PoaAnchor(block.number(), block.hash()), after.signers());
            newSource = newJustified;
            newCounted = List.of();
            newTargetJustified = false;
        }
        return new PoaFinality(epochLength, block.number(), newVoters, newJustified, newFinalized,
                newSource, newTarget, newCounted, newTargetJustified);
    }

    /**
     * @return the number of the block this state follows
     */
    public long number() {
        return number;
    }

    /**
     * @return the finality epoch length {@code E}, in blocks
     */
    public long epochLength() {
        return epochLength;
    }

    /**
     * @return the signers whose votes count, ascending: the Clique signers at the last
     *     finalised anchor; unmodifiable
     */
    public List<Address> voters() {
        return voters;
    }

    /**
     * @return {@code floor(|voters|/2) + 1}, the number of distinct voters that justify an anchor
     */
    public int quorum() {
        return voters.size() / 2 + 1;
    }

    /**
     * @return the highest anchor justified on this chain
     */
    public PoaAnchor justified() {
        return justified.anchor();
    }

    /**
     * @return the highest anchor finalised on this chain: it and every block below it are final
     */
    public PoaAnchor finalized() {
        return finalized;
    }

    /**
     * @param blockNumber a block number on this chain, at most {@link #number()}
     * @return whether that block is final
     */
    public boolean isFinal(long blockNumber) {
        return blockNumber <= finalized.number();
    }

    /**
     * The vote a block at {@code number() + 1} on this chain casts if it sets its finality flag.
     *
     * @return the vote, or empty in the first epoch (whose anchor, the genesis, is already final)
     */
    public Optional<PoaFinalityVote> nextVote() {
        if (target.anchor().number() == 0) {
            return Optional.empty();
        }
        return Optional.of(new PoaFinalityVote(source.anchor(), target.anchor()));
    }

    /**
     * Whether an honest signer may include {@code vote} in the next block of this chain: only if
     * no signer-set change is pending finality (the Clique set {@code parent.signers()} equals
     * {@link #voters()}), and, for a drop of a voter, only if the other voters still make a
     * quorum. See the class comment, "Signer-set changes".
     *
     * @param parent the Clique snapshot of the block to seal on (at {@link #number()})
     * @param vote the proposal the signer would include
     * @return whether to include it now (otherwise keep it for a later block)
     */
    public boolean allowsSignerVote(PoaSnapshot parent, PoaVote vote) {
        Objects.requireNonNull(vote, "vote");
        if (!parent.signers().equals(voters)) {
            return false;
        }
        return vote.authorize() || !isVoter(vote.target()) || voters.size() - 1 >= quorum();
    }

    private boolean isVoter(Address a) {
        return Collections.binarySearch(voters, a) >= 0;
    }

    /**
     * @return the canonical encoding, for persisting the state beside its snapshot
     */
    public Bytes encode() {
        return RLP.encodeList(w -> {
            w.writeInt(FORMAT);
            w.writeLong(epochLength);
            w.writeLong(number);
            writeAddresses(w, voters);
            justified.write(w);
            w.writeList(fw -> {
                fw.writeLong(finalized.number());
                fw.writeValue(finalized.hash().toBytes());
            });
            source.write(w);
            target.write(w);
            writeAddresses(w, counted);
            w.writeInt(targetJustified ? 1 : 0);
        });
    }

    private static void writeAddresses(RLPWriter w, List<Address> list) {
        w.writeList(list, (lw, a) -> lw.writeValue(a.toBytes()));
    }

    /**
     * Decodes and validates a state: anchors on epoch boundaries in the order the rule produces
     * them (finalised, then justified and source, then the current target at the latest
     * boundary), voters ascending, counted voters fewer than a quorum unless the target is
     * justified.
     *
     * @param encoded bytes from {@link #encode()}
     * @return the state
     * @throws PoaDataException if the bytes are oversized, not the canonical encoding, or not a
     *     state the rule can reach
     */
    public static PoaFinality decode(Bytes encoded) {
        if (encoded.size() > MAX_ENCODED_BYTES) {
            throw new PoaDataException("finality state too large: " + encoded.size() + " bytes, limit "
                    + MAX_ENCODED_BYTES);
        }
        PoaFinality f;
        try {
            f = RLP.decodeList(encoded, PoaFinality::read);
        } catch (PoaDataException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new PoaDataException("malformed finality state: " + e.getMessage());
        }
        if (!f.encode().equals(encoded)) {
            throw new PoaDataException("malformed finality state: not the canonical encoding");
        }
        return f;
    }

    private static PoaFinality read(RLPReader r) {
        int format = r.readInt();
        if (format != FORMAT) {
            throw new PoaDataException("unknown finality state format " + format);
        }
        long e = r.readLong();
        long n = r.readLong();
        if (e < 1 || n < 0) {
            throw new PoaDataException("finality epoch " + e + " or number " + n + " out of range");
        }
        List<Address> voters = readAddresses(r, false);
        Marked justified = Marked.read(r);
        PoaAnchor finalized = r.readList(fr -> {
            PoaAnchor a = new PoaAnchor(fr.readLong(), readHash(fr));
            if (!fr.isComplete()) {
                throw new PoaDataException("malformed finalised anchor");
            }
            return a;
        });
        Marked source = Marked.read(r);
        Marked target = Marked.read(r);
        List<Address> counted = readAddresses(r, true);
        int tj = r.readInt();
        if (!r.isComplete() || (tj & ~1) != 0) {
            throw new PoaDataException("malformed finality state: flag or extra fields");
        }
        long f = finalized.number();
        long j = justified.anchor().number();
        long s = source.anchor().number();
        long t = target.anchor().number();
        boolean onBoundaries = f % e == 0 && j % e == 0 && s % e == 0 && t == n / e * e;
        boolean ordered = f <= s && s <= j && j <= t && (t == 0 || s < t);
        boolean flagMatches = t == 0 ? tj == 1 && counted.isEmpty() : (tj == 1) == (j == t);
        if (!onBoundaries || !ordered || !flagMatches) {
            throw new PoaDataException("finality anchors out of order: finalised " + f + ", source " + s
                    + ", justified " + j + ", target " + t + " at block " + n);
        }
        for (Address a : counted) {
            if (Collections.binarySearch(voters, a) < 0) {
                throw new PoaDataException("counted vote by non-voter " + a);
            }
        }
        if (tj == 0 && counted.size() >= voters.size() / 2 + 1) {
            throw new PoaDataException("a quorum counted but the target is not justified");
        }
        return new PoaFinality(e, n, voters, justified, finalized, source, target, counted, tj == 1);
    }

    private static List<Address> readAddresses(RLPReader r, boolean mayBeEmpty) {
        List<Address> list = r.readList(lr -> {
            List<Address> out = new ArrayList<>();
            while (!lr.isComplete()) {
                if (out.size() == PoaSnapshot.MAX_SIGNERS) {
                    throw new PoaDataException("address list too long");
                }
                Bytes b = lr.readValue();
                if (b.size() != Address.SIZE) {
                    throw new PoaDataException("address must be " + Address.SIZE + " bytes, was " + b.size());
                }
                Address a = Address.of(b);
                if (a.equals(Address.ZERO) || !out.isEmpty() && out.get(out.size() - 1).compareTo(a) >= 0) {
                    throw new PoaDataException("addresses not ascending, distinct and non-zero");
                }
                out.add(a);
            }
            return out;
        });
        if (list.isEmpty() && !mayBeEmpty) {
            throw new PoaDataException("empty signer list");
        }
        return list;
    }

    private static Hash readHash(RLPReader r) {
        Bytes b = r.readValue();
        if (b.size() != Hash.SIZE) {
            throw new PoaDataException("hash must be " + Hash.SIZE + " bytes, was " + b.size());
        }
        return Hash.of(b);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PoaFinality f && epochLength == f.epochLength && number == f.number
                && voters.equals(f.voters) && justified.equals(f.justified) && finalized.equals(f.finalized)
                && source.equals(f.source) && target.equals(f.target) && counted.equals(f.counted)
                && targetJustified == f.targetJustified;
    }

    @Override
    public int hashCode() {
        return Objects.hash(epochLength, number, voters, justified, finalized, source, target, counted,
                targetJustified);
    }

    @Override
    public String toString() {
        return "PoaFinality[number=" + number + ", finalized=" + finalized.number() + ", justified="
                + justified.anchor().number() + ", target=" + target.anchor().number() + ", counted="
                + counted.size() + "/" + quorum() + "]";
    }

    /** An anchor with the Clique signer set of the snapshot at it (the voters once it is final). */
    private record Marked(PoaAnchor anchor, List<Address> signers) {
        Marked {
            signers = List.copyOf(signers);
        }

        void write(RLPWriter w) {
            w.writeList(mw -> {
                mw.writeLong(anchor.number());
                mw.writeValue(anchor.hash().toBytes());
                writeAddresses(mw, signers);
            });
        }

        static Marked read(RLPReader r) {
            return r.readList(mr -> {
                long n = mr.readLong();
                Hash h = readHash(mr);
                List<Address> s = readAddresses(mr, false);
                if (!mr.isComplete()) {
                    throw new PoaDataException("malformed anchor entry");
                }
                return new Marked(new PoaAnchor(n, h), s);
            });
        }
    }
}
