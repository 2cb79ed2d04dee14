package org.tem.api;

import java.util.Arrays;

/**
 * The market all prosumers of a VPP share: the P2P price {@code π} (currency per kWh traded), the
 * ancillary-service price {@code πAS[t]} (currency per kWh held in reserve in slot t), the trading
 * topology and the round-wide trade cap. Immutable.
 *
 * <p><b>Trade limits.</b> Every trade link is bounded, so that no proposal — honest or not — can
 * carry an unbounded number into the coordination. A link's bound comes from its prosumers'
 * {@link Prosumer#maxTradeKwh() maxTrade} where they declare one (a bilateral pair takes the
 * smaller of the two), and otherwise from this cap ({@link Vpp#tradeLimitKwh}). Absent a cap set
 * here, the cap is {@link #DEFAULT_TRADE_CAP_KW} times the slot length: a household service
 * connection carries at most about that much power (a US 200 A service at 240 V is 48 kW, a
 * European three-phase 63 A service at 230 V is 43.5 kW), so no household can deliver or take
 * more through one link in one slot. Every limit is at most {@link #MAX_TRADE_KWH}.
 */
public final class Market {
    /**
     * The default round-wide trade cap as a power, kW: what a large household service connection
     * carries (US 200 A at 240 V: 48 kW; EU 3 × 63 A at 230 V: 43.5 kW), rounded up. A link's
     * default bound in kWh per slot is this times the slot length in hours.
     */
    public static final double DEFAULT_TRADE_CAP_KW = 50.0;

    /**
     * The largest trade limit tem accepts anywhere, kWh per slot (1 GWh: a substation, not a home).
     * It keeps every number the coordination computes from admissible trades finite.
     */
    public static final double MAX_TRADE_KWH = 1.0e6;

    private final double p2pPrice;
    private final double[] ancillaryPrice;
    private final Topology topology;
    private final double tradeCapKwh;

    private Market(Builder b) {
        this.p2pPrice = b.p2pPrice;
        this.ancillaryPrice = b.ancillaryPrice;
        this.topology = b.topology;
        this.tradeCapKwh = b.tradeCapKwh;
    }

    /** @return a builder: P2P price 0, no ancillary price, bilateral */
    public static Builder builder() {
        return new Builder();
    }

    /** @return {@code π}, currency per kWh bought from a peer */
    public double p2pPrice() {
        return p2pPrice;
    }

    /**
     * @param t a slot index
     * @return {@code πAS[t]}, currency per kWh of reserve in slot t (0 when not set)
     */
    public double ancillaryPrice(int t) {
        return ancillaryPrice == null ? 0.0 : ancillaryPrice[t];
    }

    /** @return true when an ancillary price series was set */
    public boolean hasAncillaryPrice() {
        return ancillaryPrice != null;
    }

    /** @return the trading topology */
    public Topology topology() {
        return topology;
    }

    /**
     * The round-wide cap on a trade link that no prosumer bounds with its own {@code maxTrade}, as
     * set by the operator.
     *
     * @return kWh per slot, in {@code [0, MAX_TRADE_KWH]}; empty when not set (then
     *     {@link Vpp#tradeCapKwh()} applies the default, {@link #DEFAULT_TRADE_CAP_KW} × slot hours)
     */
    public java.util.OptionalDouble tradeCapKwh() {
        return Double.isNaN(tradeCapKwh) ? java.util.OptionalDouble.empty() : java.util.OptionalDouble.of(tradeCapKwh);
    }

    void validate(Horizon horizon) {
        if (ancillaryPrice != null) {
            Checks.length("market.ancillaryPrice", ancillaryPrice, horizon.slots());
        }
    }

    /** @return a builder holding this market's values */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.p2pPrice = p2pPrice;
        b.ancillaryPrice = ancillaryPrice;
        b.topology = topology;
        b.tradeCapKwh = tradeCapKwh;
        return b;
    }

    @Override
    public String toString() {
        return "Market[p2pPrice=" + p2pPrice + ", topology=" + topology.label() + ", ancillaryPrice="
                + (ancillaryPrice == null ? "none" : Arrays.toString(ancillaryPrice))
                + (Double.isNaN(tradeCapKwh) ? "" : ", tradeCap=" + tradeCapKwh) + "]";
    }

    /** Builds a {@link Market}. Not thread-safe. */
    public static final class Builder {
        private double p2pPrice;
        private double[] ancillaryPrice;
        private Topology topology = Topology.BILATERAL;
        private double tradeCapKwh = Double.NaN;

        private Builder() {
        }

        /**
         * @param currencyPerKwh {@code π}, finite
         * @return this builder
         * @throws IllegalArgumentException if not finite
         */
        public Builder p2pPrice(double currencyPerKwh) {
            this.p2pPrice = Checks.finite("market.p2pPrice", currencyPerKwh);
            return this;
        }

        /**
         * @param currencyPerKwh {@code πAS[t]} per slot, each {@code >= 0}
         * @return this builder
         * @throws IllegalArgumentException if a value is negative or not finite
         */
        public Builder ancillaryPrice(double[] currencyPerKwh) {
            this.ancillaryPrice = Checks.nonNegativeSeries("market.ancillaryPrice", currencyPerKwh);
            return this;
        }

        /**
         * @param value bilateral (default) or pool
         * @return this builder
         */
        public Builder topology(Topology value) {
            this.topology = java.util.Objects.requireNonNull(value, "topology");
            return this;
        }

        /**
         * Sets the round-wide trade cap: the bound on every trade link that no prosumer bounds
         * with its own {@code maxTrade}.
         *
         * @param kwh kWh per slot, in {@code [0, MAX_TRADE_KWH]}
         * @return this builder
         * @throws IllegalArgumentException if not finite, negative or above {@link #MAX_TRADE_KWH}
         */
        public Builder tradeCapKwh(double kwh) {
            this.tradeCapKwh = Checks.tradeLimit("market.maxTrade", kwh);
            return this;
        }

        /** @return the market */
        public Market build() {
            return new Market(this);
        }
    }
}
