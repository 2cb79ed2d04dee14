package org.tem.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A virtual power plant: the prosumers of one horizon and the market they share. The joint
 * problem (docs/model.md eq. 3) minimises the sum of their costs subject to every local constraint and
 * reciprocal trades. Immutable and thread-safe.
 *
 * <p>{@code build()} checks the rules that span prosumers: unique ids, one horizon, peers that
 * exist, are symmetric and are only used with the bilateral topology.
 */
public final class Vpp {
    private final Horizon horizon;
    private final Market market;
    private final List<Prosumer> prosumers;
    private final Map<String, Integer> indexById;
    private final List<List<Integer>> peers;

    private Vpp(Horizon horizon, Market market, List<Prosumer> prosumers) {
        this.horizon = horizon;
        this.market = market;
        this.prosumers = List.copyOf(prosumers);
        Map<String, Integer> index = new LinkedHashMap<>();
        for (int u = 0; u < prosumers.size(); u++) {
            String id = prosumers.get(u).id();
            if (index.put(id, u) != null) {
                throw new IllegalArgumentException("prosumers[" + u + "].id: duplicate id '" + id + "'");
            }
            if (!prosumers.get(u).horizon().equals(horizon)) {
                throw new IllegalArgumentException("prosumers[" + u + "].horizon: must equal the VPP's "
                        + horizon + ", was " + prosumers.get(u).horizon());
            }
        }
        this.indexById = Collections.unmodifiableMap(index);
        this.peers = resolvePeers();
    }

    private List<List<Integer>> resolvePeers() {
        int n = prosumers.size();
        List<List<Integer>> out = new ArrayList<>(n);
        for (int u = 0; u < n; u++) {
            Prosumer p = prosumers.get(u);
            List<Integer> list = new ArrayList<>();
            if (p.peers().isPresent()) {
                if (market.topology() == Topology.POOL) {
                    throw new IllegalArgumentException("prosumers[" + u + "].peers: peer lists are only allowed with"
                            + " the bilateral topology");
                }
                for (String peer : p.peers().get()) {
                    Integer v = indexById.get(peer);
                    if (v == null) {
                        throw new IllegalArgumentException("prosumers[" + u + "].peers: unknown peer '" + peer + "'");
                    }
                    list.add(v);
                }
                Collections.sort(list);
            } else if (market.topology() == Topology.BILATERAL) {
                for (int v = 0; v < n; v++) {
                    if (v != u) {
                        list.add(v);
                    }
                }
            }
            out.add(List.copyOf(list));
        }
        for (int u = 0; u < n; u++) {
            for (int v : out.get(u)) {
                if (Collections.binarySearch(out.get(v), u) < 0) {
                    throw new IllegalArgumentException("prosumers[" + u + "].peers: '" + prosumers.get(v).id()
                            + "' is a peer of '" + prosumers.get(u).id() + "' but not the other way round"
                            + " (peer lists must be symmetric)");
                }
            }
        }
        return List.copyOf(out);
    }

    /** @return a builder for a VPP */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the horizon every prosumer shares */
    public Horizon horizon() {
        return horizon;
    }

    /** @return the market */
    public Market market() {
        return market;
    }

    /** @return the prosumers in the order given; unmodifiable */
    public List<Prosumer> prosumers() {
        return prosumers;
    }

    /** @return the number of prosumers */
    public int size() {
        return prosumers.size();
    }

    /**
     * @param id a prosumer id
     * @return its position in {@link #prosumers()}
     * @throws IllegalArgumentException if unknown
     */
    public int indexOf(String id) {
        Integer u = indexById.get(id);
        if (u == null) {
            throw new IllegalArgumentException("unknown prosumer '" + id + "'");
        }
        return u;
    }

    /**
     * The peers prosumer {@code u} trades with bilaterally, in increasing index order. Empty in the
     * pool topology (where every prosumer trades with the pool).
     *
     * @param u a prosumer index
     * @return peer indices; unmodifiable
     */
    public List<Integer> peersOf(int u) {
        return peers.get(u);
    }

    /**
     * The round-wide trade cap: the market's, or {@link Market#DEFAULT_TRADE_CAP_KW} times the slot
     * length when the market sets none (at most {@link Market#MAX_TRADE_KWH}).
     *
     * @return kWh per slot, finite, {@code >= 0}
     */
    public double tradeCapKwh() {
        return market.tradeCapKwh().orElse(Math.min(Market.MAX_TRADE_KWH,
                Market.DEFAULT_TRADE_CAP_KW * horizon.slotHours()));
    }

    /**
     * The bound on the bilateral trade between two prosumers, {@code |p_uv[t]| ≤ limit}: the smaller
     * of their {@code maxTrade} values where at least one declares one, else the round-wide cap
     * ({@link #tradeLimit}).
     *
     * @param u a prosumer index
     * @param v another prosumer index
     * @return kWh per slot, finite, in {@code [0, Market.MAX_TRADE_KWH]}
     * @throws IndexOutOfBoundsException for an unknown index
     */
    public double tradeLimitKwh(int u, int v) {
        return tradeLimit(prosumers.get(u).maxTradeKwh(), prosumers.get(v).maxTradeKwh(), tradeCapKwh());
    }

    /**
     * The bound on prosumer {@code u}'s pool trade, {@code |q_u[t]| ≤ limit}: its {@code maxTrade}
     * where it declares one, else the round-wide cap ({@link #tradeLimit}).
     *
     * @param u a prosumer index
     * @return kWh per slot, finite, in {@code [0, Market.MAX_TRADE_KWH]}
     * @throws IndexOutOfBoundsException for an unknown index
     */
    public double poolTradeLimitKwh(int u) {
        return tradeLimit(prosumers.get(u).maxTradeKwh(), Double.POSITIVE_INFINITY, tradeCapKwh());
    }

    /**
     * The one rule every solver (central, in-process ADMM, the coordination contract) bounds a
     * trade link by: the smaller of the two ends' declared limits, or the cap when neither end
     * declares one. A pool link has one end ({@code b = +∞}).
     *
     * @param a one end's {@code maxTrade}, kWh per slot, {@code +∞} for none
     * @param b the other end's, {@code +∞} for none (or no other end)
     * @param cap the round-wide cap, kWh per slot, finite
     * @return the link's limit, kWh per slot
     */
    public static double tradeLimit(double a, double b, double cap) {
        double declared = Math.min(a, b);
        return declared == Double.POSITIVE_INFINITY ? cap : declared;
    }

    /** @return a builder holding this VPP's values, to derive a variant */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.horizon = horizon;
        b.market = market;
        b.prosumers.addAll(prosumers);
        return b;
    }

    /**
     * The same VPP with another topology; peer lists are dropped when switching to pool.
     *
     * @param topology the new topology
     * @return the VPP
     */
    public Vpp withTopology(Topology topology) {
        Builder b = builder().horizon(horizon).market(market.toBuilder().topology(topology).build());
        for (Prosumer p : prosumers) {
            b.prosumer(topology == Topology.POOL && p.peers().isPresent() ? p.toBuilder().allPeers().build() : p);
        }
        return b.build();
    }

    @Override
    public String toString() {
        return "Vpp[" + prosumers.size() + " prosumers, " + horizon + ", " + market + "]";
    }

    /** Builds a {@link Vpp}. Not thread-safe. */
    public static final class Builder {
        private Horizon horizon;
        private Market market = Market.builder().build();
        private final List<Prosumer> prosumers = new ArrayList<>();

        private Builder() {
        }

        /**
         * @param value the horizon (default: the first prosumer's)
         * @return this builder
         */
        public Builder horizon(Horizon value) {
            this.horizon = java.util.Objects.requireNonNull(value, "horizon");
            return this;
        }

        /**
         * @param spec fills in a {@link Market.Builder}
         * @return this builder
         */
        public Builder market(Consumer<Market.Builder> spec) {
            Market.Builder b = Market.builder();
            spec.accept(b);
            return market(b.build());
        }

        /**
         * @param value the market
         * @return this builder
         */
        public Builder market(Market value) {
            this.market = java.util.Objects.requireNonNull(value, "market");
            return this;
        }

        /**
         * @param prosumer a prosumer to add
         * @return this builder
         */
        public Builder prosumer(Prosumer prosumer) {
            prosumers.add(java.util.Objects.requireNonNull(prosumer, "prosumer"));
            return this;
        }

        /**
         * @param list prosumers to add
         * @return this builder
         */
        public Builder prosumers(List<Prosumer> list) {
            list.forEach(this::prosumer);
            return this;
        }

        /**
         * @return the VPP
         * @throws IllegalArgumentException naming the field when there is no prosumer, ids repeat,
         *     horizons differ, or peer lists name unknown prosumers, are asymmetric or are used with
         *     the pool topology
         */
        public Vpp build() {
            if (prosumers.isEmpty()) {
                throw new IllegalArgumentException("prosumers: must have at least one prosumer");
            }
            Horizon h = horizon != null ? horizon : prosumers.get(0).horizon();
            market.validate(h);
            return new Vpp(h, market, prosumers);
        }
    }
}
