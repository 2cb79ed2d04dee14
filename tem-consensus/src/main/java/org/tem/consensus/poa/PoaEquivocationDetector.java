package org.tem.consensus.poa;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.tem.ledger.crypto.Address;

/**
 * Watches the finality votes in sealed blocks (from any branch, as they are received) and
 * reports {@link PoaEquivocation evidence} when one signer's votes conflict. Feed it only blocks
 * whose seal has been verified, so that the signer really signed them, and only blocks whose
 * finality flag is set, with the vote computed from the block's parent ({@link
 * PoaFinality#nextVote()}). Memory is bounded: at most {@code capacity} votes are kept, those of
 * the lowest blocks are forgotten first, and {@link #pruneBelow} drops blocks no longer of
 * interest (for example, well below the final block); a violation whose first vote was forgotten
 * goes unreported. Not thread-safe: confine it to one thread or synchronise.
 */
public final class PoaEquivocationDetector {

    private final int capacity;
    private final Map<Address, TreeMap<Long, List<PoaEquivocation.Sighting>>> votes = new HashMap<>();
    private int size;

    /**
     * @param capacity the largest number of votes kept, at least 1
     * @throws IllegalArgumentException if {@code capacity} is below 1
     */
    public PoaEquivocationDetector(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.capacity = capacity;
    }

    /**
     * Records a voting block and returns the evidence it completes: one {@link PoaEquivocation}
     * per earlier vote of the same signer that it conflicts with. Seeing the same block again
     * reports nothing.
     *
     * @param sighting the block and its vote
     * @return the new evidence, possibly empty
     */
    public List<PoaEquivocation> observe(PoaEquivocation.Sighting sighting) {
        Objects.requireNonNull(sighting, "sighting");
        TreeMap<Long, List<PoaEquivocation.Sighting>> bySigner =
                votes.computeIfAbsent(sighting.signer(), k -> new TreeMap<>());
        List<PoaEquivocation> found = new ArrayList<>();
        for (List<PoaEquivocation.Sighting> atHeight : bySigner.values()) {
            for (PoaEquivocation.Sighting earlier : atHeight) {
                if (earlier.hash().equals(sighting.hash())) {
                    return List.of();
                }
                PoaEquivocation.Kind kind = PoaEquivocation.Kind.of(earlier.vote(), sighting.vote());
                if (kind != null) {
                    found.add(earlier.hash().compareTo(sighting.hash()) < 0
                            ? new PoaEquivocation(kind, sighting.signer(), earlier, sighting)
                            : new PoaEquivocation(kind, sighting.signer(), sighting, earlier));
                }
            }
        }
        bySigner.computeIfAbsent(sighting.number(), k -> new ArrayList<>()).add(sighting);
        size++;
        while (size > capacity) {
            evictLowest();
        }
        return found;
    }

    /**
     * Forgets every vote cast by a block numbered below {@code number}.
     *
     * @param number the lowest block number to keep
     */
    public void pruneBelow(long number) {
        for (var bySigner : votes.values()) {
            var head = bySigner.headMap(number);
            for (List<PoaEquivocation.Sighting> l : head.values()) {
                size -= l.size();
            }
            head.clear();
        }
        votes.values().removeIf(Map::isEmpty);
    }

    /**
     * @return the number of votes kept
     */
    public int size() {
        return size;
    }

    private void evictLowest() {
        long lowest = Long.MAX_VALUE;
        for (var m : votes.values()) {
            lowest = Math.min(lowest, m.firstKey());
        }
        if (lowest == Long.MAX_VALUE) {
            votes.clear();
            size = 0;
        } else {
            pruneBelow(lowest + 1);
        }
    }
}
