package org.tem.consensus.sim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tem.consensus.ChainView;
import org.tem.consensus.ConsensusHeader;
import org.tem.ledger.crypto.Hash;

/**
 * A small block tree held in memory: what a simulated node (or a contract test) holds, and the
 * {@link ChainView} its engine reads. A test aid, not a ledger: no state, no pruning. Not
 * thread-safe.
 */
public final class SimTree implements ChainView {

    private final Map<Hash, SimBlock> blocks = new LinkedHashMap<>();
    private final SimBlock genesis;

    public SimTree(SimHeader genesis) {
        this.genesis = new SimBlock(genesis, List.of());
        blocks.put(genesis.hash(), this.genesis);
    }

    @Override
    public Optional<ConsensusHeader> header(Hash hash) {
        SimBlock b = blocks.get(hash);
        return b == null ? Optional.empty() : Optional.of(b.header());
    }

    public SimBlock genesis() {
        return genesis;
    }

    public Optional<SimBlock> block(Hash hash) {
        return Optional.ofNullable(blocks.get(hash));
    }

    public boolean contains(Hash hash) {
        return blocks.containsKey(hash);
    }

    /** Adds a block whose parent is held. */
    public void add(SimBlock b) {
        if (!blocks.containsKey(b.header().parentHash())) {
            throw new IllegalArgumentException("parent unknown");
        }
        blocks.put(b.hash(), b);
    }

    /** Every block, in the order added (the genesis first). */
    public List<SimBlock> all() {
        return new ArrayList<>(blocks.values());
    }

    public int size() {
        return blocks.size();
    }

    /** The block of {@code b}'s chain at height {@code n} (at most {@code b}'s). */
    public SimBlock ancestorAt(SimBlock b, long n) {
        SimBlock x = b;
        while (x.header().number() > n) {
            x = blocks.get(x.header().parentHash());
        }
        return x;
    }

    /** Whether the block {@code (number, hash)} is {@code b} or one of its ancestors. */
    public boolean onChain(SimBlock b, long number, Hash hash) {
        return number <= b.header().number() && ancestorAt(b, number).hash().equals(hash);
    }

    /** The chain from the genesis (excluded) to {@code b}, oldest first. */
    public List<SimBlock> chain(SimBlock b) {
        List<SimBlock> out = new ArrayList<>();
        for (SimBlock x = b; x.header().number() > 0; x = blocks.get(x.header().parentHash())) {
            out.add(x);
        }
        java.util.Collections.reverse(out);
        return out;
    }
}
