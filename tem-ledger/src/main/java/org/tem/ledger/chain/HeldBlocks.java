package org.tem.ledger.chain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.tem.ledger.block.Block;
import org.tem.ledger.block.BlockHeader;
import org.tem.ledger.crypto.Hash;

/**
 * Blocks stamped too far in the future to import yet, held until their time comes; bounded in
 * number and in encoded bytes. When full, a block that is due sooner than the latest-due held
 * block takes that one's place (so a validator stamping blocks far ahead cannot keep a nearer
 * block out); otherwise the new block is not held. Ordered by timestamp, then hash, so every
 * choice is deterministic. Thread-safe (one lock, held briefly: the chain's import thread
 * changes it, any thread may list it).
 */
final class HeldBlocks {

    private record Entry(Block block, long bytes) {
    }

    private static final Comparator<BlockHeader> ORDER =
            Comparator.comparingLong(BlockHeader::timestamp).thenComparing(BlockHeader::hash);

    private final int maxBlocks;
    private final long maxBytes;
    private final TreeMap<Hash, Entry> byHash = new TreeMap<>();
    private long bytes;

    HeldBlocks(int maxBlocks, long maxBytes) {
        this.maxBlocks = maxBlocks;
        this.maxBytes = maxBytes;
    }

    synchronized boolean contains(Hash hash) {
        return byHash.containsKey(hash);
    }

    synchronized Optional<BlockHeader> header(Hash hash) {
        Entry e = byHash.get(hash);
        return e == null ? Optional.empty() : Optional.of(e.block.header());
    }

    /**
     * @param block a block with a valid seal on a known parent, too early to import
     * @param size its encoded size in bytes
     * @return whether it is now held
     */
    synchronized boolean offer(Block block, long size) {
        if (size > maxBytes) {
            return false;
        }
        while (byHash.size() >= maxBlocks || bytes + size > maxBytes) {
            Entry latest = latest();
            if (ORDER.compare(block.header(), latest.block.header()) >= 0) {
                return false;
            }
            remove(latest.block.hash());
        }
        byHash.put(block.hash(), new Entry(block, size));
        bytes += size;
        return true;
    }

    /**
     * Removes and returns the earliest held block whose parent is stored (not held) and whose
     * timestamp is at most {@code latestTimestamp}.
     */
    synchronized Optional<Block> takeDue(long latestTimestamp, Predicate<Hash> parentStored) {
        Entry best = null;
        for (Entry e : byHash.values()) {
            BlockHeader h = e.block.header();
            if (h.timestamp() <= latestTimestamp && !byHash.containsKey(h.parentHash())
                    && parentStored.test(h.parentHash())
                    && (best == null || ORDER.compare(h, best.block.header()) < 0)) {
                best = e;
            }
        }
        if (best == null) {
            return Optional.empty();
        }
        remove(best.block.hash());
        return Optional.of(best.block);
    }

    /**
     * Forgets every held block at or below {@code finalizedNumber}: none can become canonical.
     */
    synchronized void dropStale(long finalizedNumber) {
        List<Hash> stale = new ArrayList<>();
        byHash.forEach((h, e) -> {
            if (e.block.header().number() <= finalizedNumber) {
                stale.add(h);
            }
        });
        stale.forEach(this::remove);
    }

    synchronized List<BlockHeader> headers() {
        List<BlockHeader> out = new ArrayList<>();
        byHash.values().forEach(e -> out.add(e.block.header()));
        out.sort(ORDER);
        return out;
    }

    private Entry latest() {
        Entry latest = null;
        for (Entry e : byHash.values()) {
            if (latest == null || ORDER.compare(e.block.header(), latest.block.header()) > 0) {
                latest = e;
            }
        }
        return latest;
    }

    private void remove(Hash hash) {
        Entry e = byHash.remove(hash);
        if (e != null) {
            bytes -= e.bytes;
        }
    }
}
