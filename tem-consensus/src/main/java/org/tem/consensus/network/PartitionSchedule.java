package org.tem.consensus.network;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A timetable of network partitions for {@link InMemoryNetwork#apply}: at each change's time the
 * network is split into the change's groups (peers in different groups cannot reach each other;
 * peers named in no group form one more group together); a change with no groups heals the
 * network. Immutable.
 *
 * @param changes the changes, in strictly ascending time order
 */
public record PartitionSchedule(List<Change> changes) {

    /**
     * @param changes the changes, in strictly ascending time order
     * @throws NullPointerException if the list or a change is null
     * @throws IllegalArgumentException if the times are not strictly ascending
     */
    public PartitionSchedule {
        changes = List.copyOf(changes);
        for (int i = 1; i < changes.size(); i++) {
            if (changes.get(i).atMillis() <= changes.get(i - 1).atMillis()) {
                throw new IllegalArgumentException("changes must be in strictly ascending time order");
            }
        }
    }

    /**
     * One change of the partition.
     *
     * @param atMillis when it happens, milliseconds since 1970-01-01T00:00Z on the network's clock
     * @param groups the groups from then on (empty: no partition); each peer in at most one group
     */
    public record Change(long atMillis, List<SortedSet<PeerId>> groups) {

        /**
         * @param atMillis when it happens, milliseconds since 1970-01-01T00:00Z on the network's clock
         * @param groups the groups from then on (empty: no partition); each peer in at most one group
         * @throws NullPointerException if a group or peer is null
         * @throws IllegalArgumentException if a peer is in two groups or a group is empty
         */
        public Change {
            List<SortedSet<PeerId>> copy = new ArrayList<>();
            Set<PeerId> seen = new HashSet<>();
            for (Set<PeerId> g : groups) {
                if (g.isEmpty()) {
                    throw new IllegalArgumentException("a partition group must not be empty");
                }
                for (PeerId p : g) {
                    if (!seen.add(Objects.requireNonNull(p, "peer"))) {
                        throw new IllegalArgumentException(p + " is in two partition groups");
                    }
                }
                copy.add(java.util.Collections.unmodifiableSortedSet(new TreeSet<>(g)));
            }
            groups = List.copyOf(copy);
        }
    }
}
