package org.tem.consensus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.apache.tuweni.bytes.Bytes;
import org.tem.consensus.sim.SimBlock;
import org.tem.consensus.sim.SimHeader;
import org.tem.consensus.sim.SimTree;
import org.tem.ledger.Validation;
import org.tem.ledger.crypto.Keccak;

/**
 * The contract every {@link Consensus} keeps, as jqwik properties that an implementation's test
 * runs by implementing this interface and saying how to build its engines ({@link #world}).
 * Each property grows a random block tree by asking the sealers when and what to seal ({@link
 * Consensus#nextSeal}, {@link Consensus#prepare}, {@link Consensus#seal}), forking from random
 * earlier blocks, and then checks one rule.
 */
public interface ConsensusContract {

    /**
     * The engines of one chain.
     *
     * @param sealers engines with validator keys, among which every parent has at least one that
     *     may seal on it when transactions are pending
     * @param verifier a fresh engine without a key, for the same chain
     */
    record World(List<Consensus> sealers, java.util.function.Supplier<Consensus> verifier) {
    }

    /**
     * @param seed a seed for keys or anything else the implementation randomises
     * @return fresh engines for one chain
     */
    World world(long seed);

    /** A random tree of sealed blocks, in the order they were sealed. */
    record Grown(World world, SimTree tree, List<SimBlock> sealed) {
    }

    /**
     * Grows a tree of {@code blocks} sealed blocks: each on the latest block (two times in three)
     * or on a random earlier one, by a random sealer among those offered a slot, at the slot's
     * time, with an empty or a one-transaction body.
     */
    default Grown grow(long seed, int blocks) {
        World w = world(seed);
        Consensus any = w.sealers().get(0);
        SimTree tree = new SimTree(SimHeader.genesis(1_700_000_000_000L, any.genesisData()));
        Random r = new Random(seed);
        List<SimBlock> sealed = new ArrayList<>();
        long now = tree.genesis().header().timestamp();
        List<SimBlock> all = new ArrayList<>(List.of(tree.genesis()));
        for (int i = 0; i < blocks; i++) {
            SimBlock parent = r.nextInt(3) > 0 ? all.get(all.size() - 1) : all.get(r.nextInt(all.size()));
            List<Consensus> able = new ArrayList<>();
            List<SealSlot> slots = new ArrayList<>();
            for (Consensus c : w.sealers()) {
                Optional<SealSlot> s = c.nextSeal(tree, parent.header(), true, now);
                if (s.isPresent()) {
                    able.add(c);
                    slots.add(s.get());
                }
            }
            assertFalse(able.isEmpty(), "some sealer may seal on " + parent.header());
            int k = r.nextInt(able.size());
            Consensus c = able.get(k);
            now = Math.max(now, slots.get(k).atMillis());
            HeaderTemplate t = c.prepare(tree, parent.header(), now);
            List<Bytes> body = r.nextBoolean() ? List.of() : List.of(Bytes.ofUnsignedLong(r.nextLong()));
            SimHeader unsealed = new SimHeader(parent.hash(), parent.header().number() + 1, t.timestamp(),
                    SimBlock.bodyHash(body), t.consensusData(), Bytes.EMPTY);
            SimBlock b = new SimBlock(unsealed.withSeal(c.seal(tree, unsealed)), body);
            tree.add(b);
            sealed.add(b);
            all.add(b);
        }
        return new Grown(w, tree, sealed);
    }

    /**
     * Every header sealed through the interface verifies, both for a verifier that saw the blocks
     * in the order they were sealed and for one that sees only the last (and must walk the chain
     * view to its ancestors).
     */
    @Property(tries = 15)
    default void sealedHeadersVerify(@ForAll long seed, @ForAll @IntRange(min = 1, max = 30) int blocks) {
        Grown g = grow(seed, blocks);
        Consensus inOrder = g.world().verifier().get();
        for (SimBlock b : g.sealed()) {
            assertEquals(Validation.ok(), inOrder.verify(g.tree(), b.header()), "block " + b.header());
        }
        SimBlock last = g.sealed().get(g.sealed().size() - 1);
        assertEquals(Validation.ok(), g.world().verifier().get().verify(g.tree(), last.header()));
    }

    /**
     * A sealed header with any one byte of its encoding changed either no longer decodes or is
     * rejected by a verifier that has verified the original.
     */
    @Property(tries = 15)
    default void aHeaderWithAnyByteChangedIsRejected(@ForAll long seed, @ForAll @IntRange(min = 1, max = 12) int blocks) {
        Grown g = grow(seed, blocks);
        Consensus v = g.world().verifier().get();
        Random r = new Random(seed ^ 0x5eed);
        for (SimBlock b : g.sealed()) {
            assertTrue(v.verify(g.tree(), b.header()).valid());
            byte[] enc = b.header().encode().toArray();
            for (int i = 0; i < 8; i++) {
                byte[] x = enc.clone();
                x[r.nextInt(x.length)] ^= (byte) (1 + r.nextInt(255));
                SimHeader mutated;
                try {
                    mutated = SimHeader.decode(Bytes.wrap(x));
                } catch (IllegalArgumentException e) {
                    continue;
                }
                assertFalse(v.verify(g.tree(), mutated).valid(), "mutated " + b.header() + " verified");
            }
        }
    }

    /**
     * Fork choice is a total order on the blocks of a tree: 0 exactly for the same block,
     * antisymmetric, and transitive.
     */
    @Property(tries = 15)
    default void compareIsATotalOrder(@ForAll long seed, @ForAll @IntRange(min = 2, max = 15) int blocks) {
        Grown g = grow(seed, blocks);
        Consensus v = g.world().verifier().get();
        List<SimBlock> all = g.tree().all();
        for (SimBlock b : g.sealed()) {
            assertTrue(v.verify(g.tree(), b.header()).valid());
        }
        for (SimBlock a : all) {
            for (SimBlock b : all) {
                int ab = Integer.signum(v.compare(g.tree(), a.header(), b.header()));
                assertEquals(-ab, Integer.signum(v.compare(g.tree(), b.header(), a.header())));
                assertEquals(a.hash().equals(b.hash()), ab == 0);
                for (SimBlock c : all) {
                    if (ab > 0 && v.compare(g.tree(), b.header(), c.header()) > 0) {
                        assertTrue(v.compare(g.tree(), a.header(), c.header()) > 0, "transitive");
                    }
                }
            }
        }
    }

    /**
     * Along every chain the final block never moves backwards: a block's final block is on its
     * own chain and is its parent's final block or a descendant of it.
     */
    @Property(tries = 15)
    default void finalityNeverGoesBackwardsAlongAChain(@ForAll long seed,
            @ForAll @IntRange(min = 1, max = 40) int blocks) {
        Grown g = grow(seed, blocks);
        Consensus v = g.world().verifier().get();
        for (SimBlock b : g.sealed()) {
            assertTrue(v.verify(g.tree(), b.header()).valid());
            SimBlock parent = g.tree().block(b.header().parentHash()).orElseThrow();
            BlockId fb = v.finalized(g.tree(), b.header());
            BlockId fp = v.finalized(g.tree(), parent.header());
            assertTrue(g.tree().onChain(b, fb.number(), fb.hash()), "final block on the chain");
            assertTrue(fb.number() >= fp.number(), "not lower than the parent's");
            assertTrue(g.tree().onChain(g.tree().ancestorAt(b, fb.number()), fp.number(), fp.hash()),
                    "descends from the parent's final block");
        }
    }

    /** The median-time window is at least one block on every block. */
    @Property(tries = 10)
    default void theTimeWindowIsAtLeastOne(@ForAll long seed, @ForAll @IntRange(min = 1, max = 15) int blocks) {
        Grown g = grow(seed, blocks);
        Consensus v = g.world().verifier().get();
        for (SimBlock b : g.tree().all()) {
            if (b.header().number() > 0) {
                assertTrue(v.verify(g.tree(), b.header()).valid());
            }
            assertTrue(v.timeWindow(g.tree(), b.header()) >= 1);
        }
    }

    /** A header whose parent the chain view does not hold is rejected, not thrown on. */
    @Property(tries = 5)
    default void aHeaderWithAnUnknownParentIsRejected(@ForAll long seed) {
        Grown g = grow(seed, 1);
        SimHeader h = g.sealed().get(0).header();
        SimHeader orphan = new SimHeader(Keccak.hash256(Bytes.ofUnsignedLong(seed)), h.number(), h.timestamp(),
                h.bodyHash(), h.consensusData(), h.seal());
        assertFalse(g.world().verifier().get().verify(g.tree(), orphan).valid());
    }
}
