package org.tem.consensus.poa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;
import org.tem.ledger.crypto.Address;

/** Invariants of {@link PoaSnapshot} over random sequences of sealed blocks and votes. */
class PoaSnapshotProperties {

    /** A pool of 8 addresses, A to H; the first {@code n} are the genesis signers. */
    private static final List<Address> POOL = Names.addrs("ABCDEFGH");

    /**
     * One block: who seals it and its vote (target index into the pool, or -1 for none). The
     * sealer is {@code pick} modulo the signers allowed to seal (so that most blocks are
     * accepted and votes pass), or, when {@code anyone} is set, {@code pick} modulo the pool (so
     * that unauthorised and recent signers are tried too).
     */
    record Block(int pick, boolean anyone, int target, boolean authorize) {

        Address sealer(PoaSnapshot s) {
            List<Address> allowed = POOL.stream().filter(s::maySeal).toList();
            return anyone || allowed.isEmpty() ? POOL.get(pick % POOL.size()) : allowed.get(pick % allowed.size());
        }
    }

    @Provide
    Arbitrary<List<Block>> blocks() {
        Arbitrary<Block> b = Combinators.combine(Arbitraries.integers().between(0, 1000),
                Arbitraries.integers().between(0, 99).map(p -> p < 15),
                Arbitraries.integers().between(-3, 7), Arbitraries.of(true, false))
                .as((p, any, t, a) -> new Block(p, any, Math.max(t, -1), a));
        return b.list().ofMinSize(30).ofMaxSize(120);
    }

    /**
     * Every block is accepted or rejected exactly as go-ethereum's snapshot code decides, and
     * after each accepted block the signers, recent signers and tallies are the ones geth holds
     * (with tem's one documented deviation, keeping the last signer, switched on in the model).
     */
    @Property(tries = 200)
    void tallyMatchesGoEthereumsSnapshotApplyBlockByBlock(@ForAll("blocks") List<Block> blocks,
            @ForAll @IntRange(min = 1, max = 5) int initial, @ForAll @IntRange(min = 2, max = 12) int epoch) {
        PoaSnapshot s = PoaSnapshot.genesis(POOL.subList(0, initial), epoch);
        GethCliqueModel geth = new GethCliqueModel(POOL.subList(0, initial), epoch, true);
        for (Block b : blocks) {
            long n = s.number() + 1;
            Address signer = b.sealer(s);
            Optional<PoaVote> vote = b.target() < 0 || n % epoch == 0 ? Optional.empty()
                    : Optional.of(new PoaVote(POOL.get(b.target()), b.authorize()));
            PoaSnapshot.Step step = s.apply(n, signer, vote);
            String error = geth.apply(signer, vote.map(PoaVote::target).orElse(Address.ZERO),
                    vote.map(PoaVote::authorize).orElse(false));
            String expected = error == null ? null : error.equals("unauthorized signer")
                    ? PoaRejection.UNAUTHORIZED_SIGNER.name() : PoaRejection.RECENTLY_SIGNED.name();
            assertEquals(expected, step.rejection().map(Enum::name).orElse(null), "block " + n);
            if (!step.accepted()) {
                continue;
            }
            s = step.next();
            Statistics.label("signer change").collect(step.passed().isPresent());
            assertEquals(new TreeSet<>(geth.signers), new TreeSet<>(s.signers()), "signers after " + n);
            assertEquals(geth.sortedRecents(), s.recents(), "recents after " + n);
            for (Address target : POOL) {
                GethCliqueModel.Tally t = geth.tally.get(target);
                assertEquals(t == null ? 0 : t.votes(), s.tally(target), "tally of " + target + " after " + n);
            }
            assertEquals(geth.votes.size(), s.votes().size());
        }
        // Keep the generator honest: the runs must exercise passing votes, not only sealing.
        Statistics.label("signer change").coverage(c -> c.check(true).count(n -> n >= 30));
    }

    /**
     * The signer set changes only when strictly more than half of the current signers have a
     * counted vote for that very change (votes since the last checkpoint, since the target last
     * changed, by signers still in the set, and not withdrawn); at most one address changes per
     * block; and no accepted block is sealed by a signer that sealed one of the previous
     * floor(N/2) blocks, N the set's size when the block was sealed. Checked against a history
     * kept outside the class.
     */
    @Property(tries = 200)
    void signersChangeOnlyByAStrictMajorityAndRecentSignersNeverSealAgain(@ForAll("blocks") List<Block> blocks,
            @ForAll @IntRange(min = 1, max = 5) int initial, @ForAll @IntRange(min = 2, max = 12) int epoch) {
        PoaSnapshot s = PoaSnapshot.genesis(POOL.subList(0, initial), epoch);
        List<Address> sealers = new ArrayList<>();
        sealers.add(null); // block 0, the genesis, has no sealer
        // Latest vote per (signer, target), cleared as the rules say: the independent record.
        Map<List<Address>, Boolean> latest = new HashMap<>();
        for (Block b : blocks) {
            long n = s.number() + 1;
            Address signer = b.sealer(s);
            Optional<PoaVote> vote = b.target() < 0 || n % epoch == 0 ? Optional.empty()
                    : Optional.of(new PoaVote(POOL.get(b.target()), b.authorize()));
            PoaSnapshot.Step step = s.apply(n, signer, vote);
            if (!step.accepted()) {
                continue;
            }
            int window = s.signers().size() / 2 + 1;
            for (long k = Math.max(1, n - window + 1); k < n; k++) {
                assertTrue(!signer.equals(sealers.get((int) k)), signer + " sealed " + k + " and " + n);
            }
            sealers.add(signer);
            if (n % epoch == 0) {
                latest.clear();
            }
            if (vote.isPresent()) {
                Address t = vote.get().target();
                boolean meaningful = vote.get().authorize() != s.isSigner(t);
                if (meaningful) {
                    latest.put(List.of(signer, t), vote.get().authorize());
                } else {
                    latest.remove(List.of(signer, t));
                }
            }
            PoaSnapshot next = step.next();
            Set<Address> before = new HashSet<>(s.signers());
            Set<Address> after = new HashSet<>(next.signers());
            Set<Address> changed = new HashSet<>(before);
            changed.addAll(after);
            Set<Address> common = new HashSet<>(before);
            common.retainAll(after);
            changed.removeAll(common);
            assertTrue(changed.size() <= 1, "one change per block: " + changed);
            for (Address x : changed) {
                boolean added = after.contains(x);
                long support = latest.entrySet().stream()
                        .filter(e -> e.getKey().get(1).equals(x) && e.getValue() == added
                                && before.contains(e.getKey().get(0)))
                        .count();
                assertTrue(support > before.size() / 2, x + " changed with " + support + " of " + before.size());
                assertEquals(x, vote.map(PoaVote::target).orElse(null), "only the touched target changes");
                latest.keySet().removeIf(k -> k.get(1).equals(x) || !added && k.get(0).equals(x));
            }
            s = next;
        }
    }

    /** Every reachable snapshot survives its own encoding unchanged. */
    @Property(tries = 100)
    void everyReachableSnapshotRoundTripsThroughItsEncoding(@ForAll("blocks") List<Block> blocks,
            @ForAll @IntRange(min = 1, max = 5) int initial, @ForAll @IntRange(min = 2, max = 12) int epoch) {
        PoaSnapshot s = PoaSnapshot.genesis(POOL.subList(0, initial), epoch);
        for (Block b : blocks) {
            long n = s.number() + 1;
            Optional<PoaVote> vote = b.target() < 0 || n % epoch == 0 ? Optional.empty()
                    : Optional.of(new PoaVote(POOL.get(b.target()), b.authorize()));
            PoaSnapshot.Step step = s.apply(n, b.sealer(s), vote);
            if (step.accepted()) {
                s = step.next();
                assertEquals(s, PoaSnapshot.decode(s.encode()));
            }
        }
    }
}
