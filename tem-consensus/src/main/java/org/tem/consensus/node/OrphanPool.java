package org.tem.consensus.node;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tem.ledger.block.Block;
import org.tem.ledger.crypto.Hash;

/**
 * Blocks whose parent this node does not hold yet, keyed by the parent's hash, bounded in count
 * and bytes: when full, the blocks that arrived first are dropped first. Not thread-safe (the
 * node's loop owns it).
 */
final class OrphanPool {

    private record Entry(Block block, int bytes) {
    }

    private final int maxBlocks;
    private final long maxBytes;
    /** Arrival order of the orphans, by hash. */
    private final LinkedHashMap<Hash, Entry> byHash = new LinkedHashMap<>();
    private final Map<Hash, List<Hash>> byParent = new HashMap<>();
    private long bytes;
    private long dropped;

    OrphanPool(int maxBlocks, long maxBytes) {
        this.maxBlocks = maxBlocks;
        this.maxBytes = maxBytes;
    }

    /**
     * Keeps a block until its parent arrives.
     *
     * @return whether it was added (false if already held or larger than the whole pool)
     */
    boolean add(Block block, Hash hash, int size) {
        if (byHash.containsKey(hash) || size > maxBytes) {
            return false;
        }
        byHash.put(hash, new Entry(block, size));
        byParent.computeIfAbsent(block.header().parentHash(), k -> new ArrayList<>()).add(hash);
        bytes += size;
        while (byHash.size() > maxBlocks || bytes > maxBytes) {
            Map.Entry<Hash, Entry> oldest = byHash.entrySet().iterator().next();
            remove(oldest.getKey());
            dropped++;
        }
        return true;
    }

    /** @return whether a block with this hash is waiting */
    boolean contains(Hash hash) {
        return byHash.containsKey(hash);
    }

    /** Removes and returns the blocks waiting for {@code parent}, in arrival order. */
    List<Block> takeChildren(Hash parent) {
        List<Hash> children = byParent.get(parent);
        if (children == null) {
            return List.of();
        }
        List<Block> out = new ArrayList<>();
        for (Hash h : new ArrayList<>(children)) {
            out.add(byHash.get(h).block());
            remove(h);
        }
        return out;
    }

    /** Drops the orphans at or below {@code number}: they can never be imported above finality. */
    void dropAtOrBelow(long number) {
        Iterator<Map.Entry<Hash, Entry>> it = byHash.entrySet().iterator();
        List<Hash> gone = new ArrayList<>();
        while (it.hasNext()) {
            Map.Entry<Hash, Entry> e = it.next();
            if (e.getValue().block().header().number() <= number) {
                gone.add(e.getKey());
            }
        }
        for (Hash h : gone) {
            remove(h);
            dropped++;
        }
    }

    private void remove(Hash hash) {
        Entry e = byHash.remove(hash);
        if (e == null) {
            return;
        }
        bytes -= e.bytes();
        Hash parent = e.block().header().parentHash();
        List<Hash> siblings = byParent.get(parent);
        siblings.remove(hash);
        if (siblings.isEmpty()) {
            byParent.remove(parent);
        }
    }

    int size() {
        return byHash.size();
    }

    long bytes() {
        return bytes;
    }

    long dropped() {
        return dropped;
    }
}
