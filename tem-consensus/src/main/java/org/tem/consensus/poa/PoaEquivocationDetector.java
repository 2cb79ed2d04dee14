package org.tem.consensus.poa;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.tem.ledger.crypto.Address;

/**
 * Watches sealed blocks (from any branch, as they are received) and reports {@link
 * PoaEquivocation evidence} when one signer seals two blocks at one height or casts two finality
 * votes that no honest signer casts. Feed it only blocks whose seal has been verified, so that
 * the signer really signed them. Memory is bounded: at most {@code capacity} sightings are kept,
 * the lowest blocks are forgotten first, and {@link #pruneBelow} drops blocks no longer of
 * interest (for example, well below the final block); a violation whose first block was
 * forgotten goes unreported. Not thread-safe: confine it to one thread or synchronise.
 */
public final class PoaEquivocationDetector {

    private final int capacity;
    private final Map<Address, TreeMap<Long, List<PoaEquivocation.Sighting>>> seals = new HashMap<>();
    private final Map<Address, TreeMap<Long, List<PoaEquivocation.Sighting>>> votes = new HashMap<>();
    private int size;

    /**
     * @param capacity the largest number of sightings kept, at least 1
     * @throws IllegalArgumentException if {@code capacity} is below 1
     */
    public PoaEquivocationDetector(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.capacity = capacity;
    }

    /**
     * Records a sealed block and returns the evidence it completes, if any: a {@link
     * PoaEquivocation.Kind#DOUBLE_SEAL} against the block first seen at its height, and a
     * {@link PoaEquivocation.Kind#DOUBLE_VOTE} or {@link PoaEquivocation.Kind#SURROUND_VOTE}
     * against each earlier vote of the signer it conflicts with. Seeing the same block again
     * reports nothing.
     *
     * @param sighting the block
     * @return the new evidence, possibly empty
     */
    public List<PoaEquivocation> observe(PoaEquivocation.Sighting sighting) {
        Objects.requireNonNull(sighting, "sighting");
        Address signer = sighting.signer();
        List<PoaEquivocation> found = new ArrayList<>();
        List<PoaEquivocation.Sighting> atHeight = seals.computeIfAbsent(signer, k -> new TreeMap<>())
                .computeIfAbsent(sighting.number(), k -> new ArrayList<>());
        for (PoaEquivocation.Sighting seen : atHeight) {
            if (seen.hash().equals(sighting.hash())) {
                return found;
            }
        }
        if (!atHeight.isEmpty()) {
            found.add(evidence(PoaEquivocation.Kind.DOUBLE_SEAL, atHeight.get(0), sighting));
        }
        atHeight.add(sighting);
        size++;
        if (sighting.vote().isPresent()) {
            PoaFinalityVote v = sighting.vote().get();
            TreeMap<Long, List<PoaEquivocation.Sighting>> voted = votes.computeIfAbsent(signer, k -> new TreeMap<>());
            for (List<PoaEquivocation.Sighting> list : voted.values()) {
                for (PoaEquivocation.Sighting earlier : list) {
                    PoaFinalityVote w = earlier.vote().orElseThrow();
                    if (v.conflictsWith(w)) {
                        PoaEquivocation.Kind kind = v.target().number() == w.target().number()
                                ? PoaEquivocation.Kind.DOUBLE_VOTE : PoaEquivocation.Kind.SURROUND_VOTE;
                        found.add(evidence(kind, earlier, sighting));
                    }
                }
            }
            voted.computeIfAbsent(sighting.number(), k -> new ArrayList<>()).add(sighting);
            size++;
        }
        while (size > capacity) {
            evictLowest();
        }
        return found;
    }

    /**
     * Forgets every sighting of a block numbered below {@code number}.
     *
     * @param number the lowest block number to keep
     */
    public void pruneBelow(long number) {
        for (var m : List.of(seals, votes)) {
            for (var bySigner : m.values()) {
                var head = bySigner.headMap(number);
                for (List<PoaEquivocation.Sighting> l : head.values()) {
                    size -= l.size();
                }
                head.clear();
            }
        }
        seals.values().removeIf(Map::isEmpty);
        votes.values().removeIf(Map::isEmpty);
    }

    /**
     * @return the number of sightings kept (a block with a finality vote counts twice: once as a
     *     seal and once as a vote)
     */
    public int size() {
        return size;
    }

    private void evictLowest() {
        long lowest = Long.MAX_VALUE;
        for (var m : seals.values()) {
            if (!m.isEmpty()) {
                lowest = Math.min(lowest, m.firstKey());
            }
        }
        for (var m : votes.values()) {
            if (!m.isEmpty()) {
                lowest = Math.min(lowest, m.firstKey());
            }
        }
        if (lowest == Long.MAX_VALUE) {
            seals.clear();
            votes.clear();
            size = 0;
        } else {
            pruneBelow(lowest + 1);
        }
    }

    private static PoaEquivocation evidence(PoaEquivocation.Kind kind, PoaEquivocation.Sighting a,
            PoaEquivocation.Sighting b) {
        return a.hash().compareTo(b.hash()) < 0
                ? new PoaEquivocation(kind, a.signer(), a, b)
                : new PoaEquivocation(kind, a.signer(), b, a);
    }
}
