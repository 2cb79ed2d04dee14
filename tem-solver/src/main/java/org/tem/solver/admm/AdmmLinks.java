package org.tem.solver.admm;

import java.util.ArrayList;
import java.util.List;
import org.tem.api.Topology;
import org.tem.api.Vpp;

/**
 * The trade links of an ADMM run, the only structure the coordinator knows: for each prosumer,
 * in order, its directed links (to each peer in increasing peer order, or to the pool), so that
 * prosumer {@code u}'s links are the contiguous range {@code [start(u), start(u + 1))}, matching
 * {@link org.tem.solver.LocalProblem#links()}. Immutable.
 */
public final class AdmmLinks {
    private final List<String> ids;
    private final int slots;
    private final boolean pool;
    private final int[] start;
    private final int[] from;
    private final int[] to;
    private final int[] reverse;

    private AdmmLinks(List<String> ids, int slots, boolean pool, int[] start, int[] from, int[] to, int[] reverse) {
        this.ids = List.copyOf(ids);
        this.slots = slots;
        this.pool = pool;
        this.start = start;
        this.from = from;
        this.to = to;
        this.reverse = reverse;
    }

    /**
     * @param vpp a VPP
     * @return its links: bilateral pairs (both directions) or one pool link per prosumer
     */
    public static AdmmLinks of(Vpp vpp) {
        int n = vpp.size();
        List<String> ids = new ArrayList<>();
        vpp.prosumers().forEach(p -> ids.add(p.id()));
        boolean pool = vpp.market().topology() == Topology.POOL;
        int[] start = new int[n + 1];
        List<int[]> pairs = new ArrayList<>();
        for (int u = 0; u < n; u++) {
            start[u] = pairs.size();
            if (pool) {
                pairs.add(new int[] {u, -1});
            } else {
                for (int v : vpp.peersOf(u)) {
                    pairs.add(new int[] {u, v});
                }
            }
        }
        start[n] = pairs.size();
        int[] from = new int[pairs.size()];
        int[] to = new int[pairs.size()];
        for (int k = 0; k < from.length; k++) {
            from[k] = pairs.get(k)[0];
            to[k] = pairs.get(k)[1];
        }
        int[] reverse = new int[from.length];
        for (int k = 0; k < from.length; k++) {
            reverse[k] = -1;
            if (!pool) {
                // a prosumer's links are sorted by peer, so the reverse link is found by bisection
                int v = to[k];
                reverse[k] = java.util.Arrays.binarySearch(to, start[v], start[v + 1], from[k]);
            }
        }
        return new AdmmLinks(ids, vpp.horizon().slots(), pool, start, from, to, reverse);
    }

    /** @return the number of directed links */
    public int size() {
        return from.length;
    }

    /** @return slots per link */
    public int slots() {
        return slots;
    }

    /** @return true for the pool topology */
    public boolean pool() {
        return pool;
    }

    /** @return the number of prosumers */
    public int prosumers() {
        return ids.size();
    }

    /** @return prosumer ids in order; unmodifiable */
    public List<String> ids() {
        return ids;
    }

    /**
     * @param u a prosumer index
     * @return the first link of prosumer {@code u}
     */
    public int start(int u) {
        return start[u];
    }

    /**
     * @param u a prosumer index
     * @return one past the last link of prosumer {@code u}
     */
    public int end(int u) {
        return start[u + 1];
    }

    /**
     * @param k a link
     * @return the prosumer that owns it
     */
    public int from(int k) {
        return from[k];
    }

    /**
     * @param k a link
     * @return the peer at its other end, or −1 for the pool
     */
    public int to(int k) {
        return to[k];
    }

    /** @return a copy of the reverse-link table (−1 entries in the pool topology) */
    public int[] reverse() {
        return reverse.clone();
    }
}
