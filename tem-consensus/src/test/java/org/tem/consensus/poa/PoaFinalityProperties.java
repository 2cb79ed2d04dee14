package org.tem.consensus.poa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.tem.ledger.crypto.Address;
import org.tem.ledger.crypto.Hash;

/**
 * The finality rule in a simulated network: signers that follow the honest rules ({@link
 * Honest}, {@link PoaForkChoice#WITH_FINALITY}) seal on their own head under random schedules
 * of partitions and crashes, each block reaching only the running signers of its sealer's side;
 * then the partition heals. Each simulated signer is a node holding the blocks it has received.
 * Among the signers able to seal the next block, one chosen at random seals it, except that a
 * signer in turn wins three times in four, as Clique's delay for out-of-turn signers makes it do.
 */
class PoaFinalityProperties {

    /**
     * A stretch of time: each node's side (0 to 2) or -1 if it is down, for {@code steps} seals;
     * each block reaches each other running node of its sealer's side with probability {@code
     * 1 - lossPercent/100} (a node that missed blocks fetches them with the next block it gets).
     * With {@code churn} the running nodes are dealt into new sides before every seal, so views
     * diverge as much as the schedule allows.
     */
    record Phase(List<Integer> sides, int steps, int lossPercent, boolean churn) {
    }

    /**
     * @param signers the number of genesis signers
     * @param spare extra nodes that start as non-signers (they can be voted in when {@code votes})
     * @param epochSlack how much the finality epoch exceeds the number of nodes (the largest
     *     signer set possible)
     * @param votes whether sealers also propose random signer-set changes
     */
    record Scenario(int signers, int spare, int epochSlack, boolean votes, List<Phase> phases, long seed) {
    }

    @Provide
    Arbitrary<Scenario> scenarios() {
        return Combinators.combine(Arbitraries.integers().between(3, 7), Arbitraries.of(false, true),
                Arbitraries.integers().between(0, 2), Arbitraries.longs())
                .flatAs((n, votes, slack, seed) -> {
                    int nodes = n + (votes ? 2 : 0);
                    Arbitrary<Integer> side = Arbitraries.integers().between(-3, 2).map(s -> s < -1 ? 0 : s);
                    Arbitrary<Phase> phase = Combinators.combine(side.list().ofSize(nodes),
                            Arbitraries.integers().between(1, 40), Arbitraries.of(0, 0, 30, 70), Arbitraries.of(false, false, true))
                            .as(Phase::new);
                    // A healthy start of random length, then up to five phases of trouble.
                    Arbitrary<Phase> healthy = Arbitraries.integers().between(0, 40)
                            .map(steps -> new Phase(Collections.nCopies(nodes, 0), steps, 0, false));
                    return Combinators.combine(healthy, phase.list().ofMinSize(1).ofMaxSize(5))
                            .as((h, ps) -> {
                                List<Phase> all = new ArrayList<>();
                                all.add(h);
                                all.addAll(ps);
                                return new Scenario(n, votes ? 2 : 0, slack, votes, all, seed);
                            });
                });
    }

    /** The 3|2 split of five signers, then 4|3 of seven, written out, as examples that always run. */
    static List<Scenario> namedSplits() {
        return List.of(
                new Scenario(5, 0, 0, false, List.of(new Phase(List.of(0, 0, 0, 0, 0), 12, 0, false),
                        new Phase(List.of(0, 0, 0, 1, 1), 20, 0, false)), 1),
                new Scenario(7, 0, 0, false, List.of(new Phase(List.of(0, 0, 0, 0, 0, 0, 0), 10, 0, false),
                        new Phase(List.of(0, 0, 0, 0, 1, 1, 1), 25, 0, false)), 2),
                new Scenario(5, 0, 0, false, List.of(new Phase(List.of(0, 0, 0, 0, 0), 7, 0, false),
                        new Phase(List.of(0, 0, 1, 1, 2), 15, 0, false), new Phase(List.of(1, 0, 0, 1, -1), 15, 30, false)), 3));
    }

    /**
     * No block that any node ever saw final is ever off that node's head afterwards, no two
     * final blocks conflict anywhere, and once every node is up and connected all nodes reach
     * the same head and finality advances past everything final before.
     */
    @Property(tries = 100, edgeCases = EdgeCasesMode.NONE)
    void noFinalBlockIsEverRevertedAndNodesConvergeAfterHealing(@ForAll("scenarios") Scenario scenario) {
        assertRecovers(new World(scenario, PoaForkChoice.WITH_FINALITY).run());
    }

    @Example
    void theNamedSplitsKeepFinalBlocksAndRecover() {
        for (Scenario s : namedSplits()) {
            assertRecovers(new World(s, PoaForkChoice.WITH_FINALITY).run());
        }
    }

    private static void assertRecovers(Outcome o) {
        assertTrue(o.converged(), "all nodes converge on one head: " + o);
        assertTrue(o.finalAfter() > o.finalBefore(), "finality advanced after healing: " + o);
    }

    /**
     * @param finalBefore the highest block final anywhere when the partition healed
     * @param finalAfter the final block of the common head after healing
     * @param head the height of node 0's head at the end
     * @param converged whether every node ended on the same head
     */
    record Outcome(long finalBefore, long finalAfter, long head, boolean converged) {
    }

    /** A simulated network of signer nodes. */
    static final class World {
        final Scenario scenario;
        final List<Address> pool = new ArrayList<>();
        final Honest honest = new Honest();
        final Random random;
        final Node[] nodes;
        final Blk genesis;
        final long epoch;
        /** Every anchor final on some block's chain, by number, with a block whose chain finalised it. */
        final Map<Long, Blk> finalAnchors = new HashMap<>();

        final Comparator<PoaHead> forkChoice;

        World(Scenario s, Comparator<PoaHead> forkChoice) {
            this.scenario = s;
            this.forkChoice = forkChoice;
            for (int i = 0; i < s.signers() + s.spare(); i++) {
                pool.add(Names.addr((char) ('A' + i)));
            }
            int largest = s.signers() + s.spare();
            epoch = largest + s.epochSlack();
            genesis = Blk.genesis(pool.subList(0, s.signers()), 30_000, epoch);
            random = new Random(s.seed());
            nodes = new Node[pool.size()];
            for (int i = 0; i < nodes.length; i++) {
                nodes[i] = new Node(pool.get(i), genesis, forkChoice);
            }
        }

        Outcome run() {
            for (Phase p : scenario.phases()) {
                for (int i = 0; i < p.steps(); i++) {
                    List<Integer> sides = p.sides();
                    if (p.churn()) {
                        sides = new ArrayList<>();
                        for (int side : p.sides()) {
                            sides.add(side < 0 ? side : random.nextInt(3));
                        }
                    }
                    step(sides, p.lossPercent());
                }
            }
            // Heal: everyone up, every block reaches every node (a node that missed blocks syncs).
            List<Integer> all = new ArrayList<>();
            for (Node node : nodes) {
                all.add(0);
                for (Node other : nodes) {
                    for (Blk leaf : List.copyOf(other.leaves)) {
                        node.receive(leaf);
                    }
                }
            }
            checkHeads();
            long finalBefore = finalAnchors.keySet().stream().mapToLong(Long::longValue).max().orElse(0);
            int healSteps = (int) (6 * epoch + 2 * pool.size());
            for (int i = 0; i < healSteps; i++) {
                step(all, 0);
            }
            Blk head = nodes[0].head();
            boolean converged = true;
            for (Node node : nodes) {
                converged &= head.hash.equals(node.head().hash);
            }
            return new Outcome(finalBefore, head.fin.finalized().number(), head.number, converged);
        }

        /** One node (chosen at random among the running ones allowed to) seals on its head. */
        void step(List<Integer> sides, int lossPercent) {
            List<Node> able = new ArrayList<>();
            for (int i = 0; i < nodes.length; i++) {
                if (sides.get(i) >= 0 && honest.maySeal(nodes[i].head(), nodes[i].address)) {
                    able.add(nodes[i]);
                }
            }
            if (able.isEmpty()) {
                return;
            }
            // Clique: the in-turn signer seals at once, the others after a random delay, so the
            // in-turn signer usually wins when it can seal and hears of the parent.
            Node sealer = able.get(random.nextInt(able.size()));
            for (Node n : able) {
                if (n.head().snap.inTurn(n.head().number + 1, n.address) && random.nextInt(4) > 0) {
                    sealer = n;
                }
            }
            Blk parent = sealer.head();
            Optional<PoaVote> vote = Optional.empty();
            if (scenario.votes() && random.nextInt(3) == 0 && !parent.snap.isCheckpoint(parent.number + 1)) {
                Address target = pool.get(random.nextInt(pool.size()));
                PoaVote v = new PoaVote(target, !parent.snap.isSigner(target));
                if (parent.fin.allowsSignerVote(parent.snap, v)) {
                    vote = Optional.of(v);
                }
            }
            Blk b = honest.seal(parent, sealer.address, vote);
            recordFinal(b);
            int side = sides.get(pool.indexOf(sealer.address));
            for (int i = 0; i < nodes.length; i++) {
                if (nodes[i] == sealer || sides.get(i) == side && random.nextInt(100) >= lossPercent) {
                    nodes[i].receive(b);
                }
            }
            checkHeads();
        }

        /** No two final anchors conflict: each is on the chain of every higher one's witness. */
        void recordFinal(Blk b) {
            PoaAnchor f = b.fin.finalized();
            if (f.number() == 0) {
                return;
            }
            Blk known = finalAnchors.get(f.number());
            if (known != null) {
                assertEquals(known.ancestorAt(f.number()).hash, f.hash(), "two final blocks at " + f.number());
                return;
            }
            finalAnchors.put(f.number(), b);
            for (var e : finalAnchors.entrySet()) {
                Blk lowWitness = e.getKey() < f.number() ? e.getValue() : b;
                Blk highWitness = e.getKey() < f.number() ? b : e.getValue();
                long low = Math.min(e.getKey(), f.number());
                assertEquals(lowWitness.ancestorAt(low).hash, highWitness.ancestorAt(low).hash,
                        "final anchors at " + e.getKey() + " and " + f.number() + " conflict");
            }
        }

        /** Every node's head holds the highest block that node has seen final. */
        void checkHeads() {
            for (Node node : nodes) {
                assertTrue(node.head().contains(node.highestFinalSeen),
                        node.address + " left final block " + node.highestFinalSeen.number());
            }
        }
    }

    /** One node: the blocks it has, as the set of their hashes and the leaves of its tree. */
    static final class Node {
        final Address address;
        final Set<Hash> known = new HashSet<>();
        final Set<Blk> leaves = new HashSet<>();
        final Comparator<PoaHead> forkChoice;
        PoaAnchor highestFinalSeen;

        Node(Address address, Blk genesis, Comparator<PoaHead> forkChoice) {
            this.address = address;
            this.forkChoice = forkChoice;
            known.add(genesis.hash);
            leaves.add(genesis);
            highestFinalSeen = genesis.fin.finalized();
        }

        /** Receives a block, fetching any ancestors it lacks first. */
        void receive(Blk b) {
            if (known.contains(b.hash)) {
                return;
            }
            receive(b.parent);
            known.add(b.hash);
            leaves.remove(b.parent);
            leaves.add(b);
            if (b.fin.finalized().number() > highestFinalSeen.number()) {
                highestFinalSeen = b.fin.finalized();
            }
        }

        Blk head() {
            return leaves.stream().max(Comparator.comparing(Blk::head, forkChoice)).orElseThrow();
        }
    }
}
