package org.tem.solver.admm;

import java.util.ArrayList;
import java.util.List;
import org.tem.api.Market;
import org.tem.api.Topology;
import org.tem.api.Vpp;

/**
 * The trade links of an ADMM run, the only structure the coordinator knows: for each prosumer,
 * in order, its directed links (to each peer in increasing peer order, or to the pool), so that
 * prosumer {@code u}'s links are the contiguous range {@code [start(u), start(u + 1))}, matching
 * {@link org.tem.solver.LocalProblem#links()}, and each link's trade limit
 * ({@code |p_k[t]| ≤ limit(k)}, the same rule as {@link Vpp#tradeLimitKwh}). Immutable.
 */
public final class AdmmLinks {
    private final List<String> ids;
    private final int slots;
    private final boolean pool;
    private final int[] start;
    private final int[] from;
    private final int[] to;
    private final int[] reverse;
    private final double[] limit;

    private AdmmLinks(List<String> ids, int slots, boolean pool, int[] start, int[] from, int[] to, int[] reverse,
            double[] limit) {
        this.ids = List.copyOf(ids);
        this.slots = slots;
        this.pool = pool;
        this.start = start;
        this.from = from;
        this.to = to;
        this.reverse = reverse;
        this.limit = limit;
    }

    /**
     * @param vpp a VPP
     * @return its links: bilateral pairs (both directions) or one pool link per prosumer, each with
     *     the VPP's trade limit
     */
    public static AdmmLinks of(Vpp vpp) {
        List<String> ids = new ArrayList<>();
        List<List<Integer>> peers = new ArrayList<>();
        double[] maxTrade = new double[vpp.size()];
        for (int u = 0; u < vpp.size(); u++) {
            ids.add(vpp.prosumers().get(u).id());
            peers.add(vpp.peersOf(u));
            maxTrade[u] = vpp.prosumers().get(u).maxTradeKwh();
        }
        return of(ids, vpp.horizon().slots(), vpp.market().topology() == Topology.POOL, peers, maxTrade,
                vpp.tradeCapKwh());
    }

    /**
     * Links from their description alone (what a ledger round stores). Each link's limit follows
     * {@link Vpp#tradeLimit}: the smaller declared {@code maxTrade} of its ends, else {@code cap}.
     *
     * @param ids prosumer ids, in order, unique
     * @param slots slots per link, {@code >= 1}
     * @param pool true for the pool topology (peer lists are then ignored)
     * @param peers for the bilateral topology, each prosumer's peers as indices, strictly increasing
     *     and symmetric
     * @param maxTrade each prosumer's declared limit, kWh per slot, in {@code [0, MAX_TRADE_KWH]} or
     *     {@code +∞} for none
     * @param cap the round-wide cap, kWh per slot, in {@code [0, MAX_TRADE_KWH]}
     * @return the links
     * @throws IllegalArgumentException on an inconsistent description or a limit out of range
     */
    public static AdmmLinks of(List<String> ids, int slots, boolean pool, List<List<Integer>> peers,
            double[] maxTrade, double cap) {
        int n = ids.size();
        if (n < 1 || slots < 1 || (!pool && peers.size() != n) || new java.util.HashSet<>(ids).size() != n) {
            throw new IllegalArgumentException("links: need >= 1 unique ids, >= 1 slot and one peer list per prosumer");
        }
        if (maxTrade.length != n) {
            throw new IllegalArgumentException("maxTrade: need one limit per prosumer, had " + maxTrade.length);
        }
        if (!admissibleLimit(cap)) {
            throw new IllegalArgumentException("cap: must be in [0, " + Market.MAX_TRADE_KWH + "], was " + cap);
        }
        for (int u = 0; u < n; u++) {
            if (!admissibleLimit(maxTrade[u]) && maxTrade[u] != Double.POSITIVE_INFINITY) {
                throw new IllegalArgumentException("maxTrade[" + u + "]: must be in [0, " + Market.MAX_TRADE_KWH
                        + "] or +Infinity, was " + maxTrade[u]);
            }
        }
        int[] start = new int[n + 1];
        List<int[]> pairs = new ArrayList<>();
        for (int u = 0; u < n; u++) {
            start[u] = pairs.size();
            if (pool) {
                pairs.add(new int[] {u, -1});
                continue;
            }
            int previous = -1;
            for (int v : peers.get(u)) {
                if (v <= previous || v < 0 || v >= n || v == u) {
                    throw new IllegalArgumentException("peers[" + u + "]: must be increasing indices of other prosumers");
                }
                previous = v;
                pairs.add(new int[] {u, v});
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
                if (reverse[k] < 0) {
                    throw new IllegalArgumentException("peers: " + ids.get(v) + " does not list " + ids.get(from[k])
                            + " (peer lists must be symmetric)");
                }
            }
        }
        double[] limit = new double[from.length];
        for (int k = 0; k < from.length; k++) {
            limit[k] = Vpp.tradeLimit(maxTrade[from[k]], pool ? Double.POSITIVE_INFINITY : maxTrade[to[k]], cap);
        }
        return new AdmmLinks(ids, slots, pool, start, from, to, reverse, limit);
    }

    private static boolean admissibleLimit(double kwh) {
        return kwh >= 0 && kwh <= Market.MAX_TRADE_KWH;
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

    /**
     * @param k a link
     * @return its trade limit: every admissible trade has {@code |p_k[t]| ≤ limit(k)}, kWh per slot,
     *     in {@code [0, MAX_TRADE_KWH]}; a link and its reverse have the same limit
     */
    public double limit(int k) {
        return limit[k];
    }

    /** @return a copy of the reverse-link table (−1 entries in the pool topology) */
    public int[] reverse() {
        return reverse.clone();
    }
}
