package org.tem.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One prosumer over a horizon: its grid connection, its DER components, and its trading limits.
 * Built with the fluent DSL:
 *
 * <pre>{@code
 * Prosumer home = Prosumer.builder("house-17")
 *     .horizon(Horizon.hourly(24))
 *     .grid(g -> g.energyRate(0.25).peakRate(0.60).maxImportKwh(8))
 *     .renewable(r -> r.forecastKwh(pvProfile))
 *     .battery(b -> b.capacityKwh(13.5).socKwh(1.0, 6.0).maxChargeKwh(5).maxDischargeKwh(5)
 *         .efficiency(0.95).wearCost(0.03))
 *     .flexibleLoad(f -> f.preferredKwh(washer).bounds(0, 2).comfortWeight(0.5))
 *     .inflexibleLoadKwh(baseLoad)
 *     .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe. The trade sign convention everywhere in tem: a positive trade
 * {@code p_uv[t]} is energy (kWh) bought by this prosumer {@code u} from peer {@code v}; negative
 * is energy sold.
 */
public final class Prosumer {
    private final String id;
    private final Horizon horizon;
    private final GridConnection grid;
    private final List<DerComponent> components;
    private final double maxTradeKwh;
    private final List<String> peers;

    private Prosumer(Builder b, List<DerComponent> components) {
        this.id = b.id;
        this.horizon = b.horizon;
        this.grid = b.grid;
        this.components = components;
        this.maxTradeKwh = b.maxTradeKwh;
        this.peers = b.peers == null ? null : List.copyOf(b.peers);
    }

    /**
     * @param id the prosumer's identifier, unique within a VPP
     * @return a builder with an hourly 24-slot horizon
     * @throws IllegalArgumentException if the id is blank
     */
    public static Builder builder(String id) {
        return new Builder(Checks.id("id", id));
    }

    /** @return the identifier */
    public String id() {
        return id;
    }

    /** @return the horizon */
    public Horizon horizon() {
        return horizon;
    }

    /** @return the grid connection and tariff */
    public GridConnection grid() {
        return grid;
    }

    /**
     * @return every component in the order they contribute to the model: the grid connection
     *     first, then the others in the order they were added; unmodifiable
     */
    public List<DerComponent> components() {
        return components;
    }

    /**
     * @param type a component class
     * @param <T> the component type
     * @return the components of that type, in order; unmodifiable
     */
    public <T extends DerComponent> List<T> components(Class<T> type) {
        List<T> out = new ArrayList<>();
        for (DerComponent c : components) {
            if (type.isInstance(c)) {
                out.add(type.cast(c));
            }
        }
        return Collections.unmodifiableList(out);
    }

    /** @return the battery, if there is one */
    public Optional<Battery> battery() {
        return components(Battery.class).stream().findFirst();
    }

    /** @return the sum of all inflexible loads, kWh per slot (zeros when there is none) */
    public double[] inflexibleLoadKwh() {
        double[] sum = new double[horizon.slots()];
        for (InflexibleLoad load : components(InflexibleLoad.class)) {
            for (int t = 0; t < sum.length; t++) {
                sum[t] += load.kwh(t);
            }
        }
        return sum;
    }

    /**
     * @return the bound this prosumer declares on {@code |p_uv[t]|} for each peer (bilateral) or on
     *     {@code |q_u[t]|} (pool), kWh per slot; {@link Double#POSITIVE_INFINITY} when it declares
     *     none (the market's round-wide cap then bounds its links, see {@link Vpp#tradeLimitKwh})
     */
    public double maxTradeKwh() {
        return maxTradeKwh;
    }

    /**
     * @return the ids of the peers this prosumer may trade with, if restricted; empty means every
     *     other prosumer of the VPP
     */
    public Optional<List<String>> peers() {
        return Optional.ofNullable(peers);
    }

    /** @return a builder holding this prosumer's values, to derive a variant */
    public Builder toBuilder() {
        Builder b = new Builder(id);
        b.horizon = horizon;
        b.grid = grid;
        b.maxTradeKwh = maxTradeKwh;
        b.peers = peers == null ? null : new ArrayList<>(peers);
        for (DerComponent c : components) {
            if (c != grid) {
                b.components.add(c);
            }
        }
        return b;
    }

    @Override
    public String toString() {
        return "Prosumer[" + id + ", " + components.size() + " components]";
    }

    /**
     * Builds a {@link Prosumer}. Setters validate their arguments; {@link #build()} checks every
     * component against the horizon. Not thread-safe.
     */
    public static final class Builder {
        private final String id;
        private Horizon horizon = Horizon.hourly(24);
        private GridConnection grid;
        private final List<DerComponent> components = new ArrayList<>();
        private double maxTradeKwh = Double.POSITIVE_INFINITY;
        private List<String> peers;

        private Builder(String id) {
            this.id = id;
        }

        /**
         * @param value the horizon (default {@code Horizon.hourly(24)})
         * @return this builder
         */
        public Builder horizon(Horizon value) {
            this.horizon = java.util.Objects.requireNonNull(value, "horizon");
            return this;
        }

        /**
         * Configures the grid connection (required).
         *
         * @param spec fills in a {@link GridConnection.Builder}
         * @return this builder
         */
        public Builder grid(Consumer<GridConnection.Builder> spec) {
            GridConnection.Builder b = GridConnection.builder();
            spec.accept(b);
            return grid(b.build());
        }

        /**
         * @param connection the grid connection (required)
         * @return this builder
         */
        public Builder grid(GridConnection connection) {
            this.grid = java.util.Objects.requireNonNull(connection, "grid");
            return this;
        }

        /**
         * Adds a renewable unit.
         *
         * @param spec fills in a {@link Renewable.Builder}
         * @return this builder
         */
        public Builder renewable(Consumer<Renewable.Builder> spec) {
            Renewable.Builder b = Renewable.builder();
            spec.accept(b);
            return component(b.build());
        }

        /**
         * Adds the battery (at most one).
         *
         * @param spec fills in a {@link Battery.Builder}
         * @return this builder
         */
        public Builder battery(Consumer<Battery.Builder> spec) {
            Battery.Builder b = Battery.builder();
            spec.accept(b);
            return component(b.build());
        }

        /**
         * Adds a flexible appliance.
         *
         * @param spec fills in a {@link FlexibleLoad.Builder}
         * @return this builder
         */
        public Builder flexibleLoad(Consumer<FlexibleLoad.Builder> spec) {
            FlexibleLoad.Builder b = FlexibleLoad.builder();
            spec.accept(b);
            return component(b.build());
        }

        /**
         * Adds an inflexible load.
         *
         * @param kwh energy per slot, each {@code >= 0}
         * @return this builder
         * @throws IllegalArgumentException if a value is negative or not finite
         */
        public Builder inflexibleLoadKwh(double[] kwh) {
            return component(new InflexibleLoad(kwh));
        }

        /**
         * Adds any component, built-in or custom.
         *
         * @param component the component
         * @return this builder
         * @throws IllegalArgumentException if it is a {@link GridConnection} (use {@link #grid})
         */
        public Builder component(DerComponent component) {
            java.util.Objects.requireNonNull(component, "component");
            if (component instanceof GridConnection) {
                throw new IllegalArgumentException("component: the grid connection is set with grid(...)");
            }
            components.add(component);
            return this;
        }

        /**
         * @param kwh the bound on each trade per slot, in {@code [0, Market.MAX_TRADE_KWH]};
         *     {@code +Infinity} for none (the market's cap then applies)
         * @return this builder
         * @throws IllegalArgumentException if negative, NaN, or finite and above
         *     {@link Market#MAX_TRADE_KWH}
         */
        public Builder maxTradeKwh(double kwh) {
            this.maxTradeKwh = kwh == Double.POSITIVE_INFINITY ? kwh : Checks.tradeLimit("maxTrade", kwh);
            return this;
        }

        /**
         * Restricts trading to these peers (bilateral only; the VPP checks that the lists are
         * symmetric and name known prosumers).
         *
         * @param ids peer ids, no duplicates, not this prosumer
         * @return this builder
         * @throws IllegalArgumentException on a blank, duplicate or self id
         */
        public Builder peers(List<String> ids) {
            Set<String> seen = new HashSet<>();
            for (String peer : ids) {
                Checks.id("peers", peer);
                if (peer.equals(id)) {
                    throw new IllegalArgumentException("peers: a prosumer cannot trade with itself, was '" + peer + "'");
                }
                if (!seen.add(peer)) {
                    throw new IllegalArgumentException("peers: duplicate peer '" + peer + "'");
                }
            }
            this.peers = new ArrayList<>(ids);
            return this;
        }

        /**
         * Lets the prosumer trade with every other prosumer (the default; undoes {@link #peers}).
         *
         * @return this builder
         */
        public Builder allPeers() {
            this.peers = null;
            return this;
        }

        /**
         * @param ids peer ids
         * @return this builder
         * @see #peers(List)
         */
        public Builder peers(String... ids) {
            return peers(List.of(ids));
        }

        /**
         * @return the prosumer
         * @throws IllegalArgumentException naming the field when the grid is missing, there is more
         *     than one battery, two units share a name, or a component does not fit the horizon
         */
        public Prosumer build() {
            if (grid == null) {
                throw new IllegalArgumentException("tariff: must be set (grid energy rate and peak rate)");
            }
            grid.validate(horizon);
            List<DerComponent> all = new ArrayList<>();
            all.add(grid);
            int batteries = 0;
            Set<String> names = new LinkedHashSet<>();
            for (DerComponent c : components) {
                c.validate(horizon);
                if (c instanceof Battery) {
                    batteries++;
                }
                String unit = c instanceof Renewable r ? r.name() : c instanceof FlexibleLoad f ? f.name() : null;
                if (unit != null && !names.add(unit)) {
                    throw new IllegalArgumentException("components: two units are named '" + unit + "'");
                }
                all.add(c);
            }
            if (batteries > 1) {
                throw new IllegalArgumentException("battery: at most one battery per prosumer, was " + batteries);
            }
            return new Prosumer(this, List.copyOf(all));
        }
    }
}
