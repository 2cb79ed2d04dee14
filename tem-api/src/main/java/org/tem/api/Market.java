package org.tem.api;

import java.util.Arrays;

/**
 * The market all prosumers of a VPP share: the P2P price {@code π} (currency per kWh traded), the
 * ancillary-service price {@code πAS[t]} (currency per kWh held in reserve in slot t) and the
 * trading topology. Immutable.
 */
public final class Market {
    private final double p2pPrice;
    private final double[] ancillaryPrice;
    private final Topology topology;

    private Market(Builder b) {
        this.p2pPrice = b.p2pPrice;
        this.ancillaryPrice = b.ancillaryPrice;
        this.topology = b.topology;
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
        return b;
    }

    @Override
    public String toString() {
        return "Market[p2pPrice=" + p2pPrice + ", topology=" + topology.label() + ", ancillaryPrice="
                + (ancillaryPrice == null ? "none" : Arrays.toString(ancillaryPrice)) + "]";
    }

    /** Builds a {@link Market}. Not thread-safe. */
    public static final class Builder {
        private double p2pPrice;
        private double[] ancillaryPrice;
        private Topology topology = Topology.BILATERAL;

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

        /** @return the market */
        public Market build() {
            return new Market(this);
        }
    }
}
