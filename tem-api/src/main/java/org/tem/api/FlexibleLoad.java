package org.tem.api;

import java.util.Arrays;

/**
 * A flexible (time-shiftable) appliance such as a washer or dryer: energy {@code l[t]} in
 * {@code [lmin[t], lmax[t]]}, the same total energy as the preferred profile
 * ({@code Σ l[t] = Σ lref[t]}), and a discomfort cost {@code w·Σ (l[t] − lref[t])²} for moving away
 * from the preferred profile. Contributes {@code l[t]} as a demand. Energies in kWh per slot.
 * Immutable.
 */
public final class FlexibleLoad implements DerComponent {
    private final String name;
    private final double[] preferredKwh;
    private final double[] minKwh;
    private final double[] maxKwh;
    private final double flatMin;
    private final double flatMax;
    private final double comfortWeight;

    private FlexibleLoad(Builder b) {
        this.name = b.name;
        this.preferredKwh = b.preferredKwh;
        this.minKwh = b.minKwh;
        this.maxKwh = b.maxKwh;
        this.flatMin = b.flatMin;
        this.flatMax = b.flatMax;
        this.comfortWeight = b.comfortWeight;
    }

    /** @return a builder; the preferred profile is required, bounds default to {@code [0, +∞)}, weight 1 */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the appliance name ({@code "flexibleLoad"} unless set), unique within a prosumer */
    public String name() {
        return name;
    }

    /** @return a copy of the preferred profile {@code lref}, kWh per slot */
    public double[] preferredKwh() {
        return preferredKwh.clone();
    }

    /**
     * @param t a slot index
     * @return {@code lmin[t]}, kWh
     */
    public double minKwh(int t) {
        return minKwh == null ? flatMin : minKwh[t];
    }

    /**
     * @param t a slot index
     * @return {@code lmax[t]}, kWh ({@code +∞} when unbounded)
     */
    public double maxKwh(int t) {
        return maxKwh == null ? flatMax : maxKwh[t];
    }

    /** @return true when both bounds are one number for every slot */
    public boolean hasFlatBounds() {
        return minKwh == null && maxKwh == null;
    }

    /** @return the discomfort weight {@code w}, currency per kWh² */
    public double comfortWeight() {
        return comfortWeight;
    }

    @Override
    public String kind() {
        return "flexibleLoad";
    }

    @Override
    public void validate(Horizon horizon) {
        int slots = horizon.slots();
        Checks.length(name + ".preferred", preferredKwh, slots);
        if (minKwh != null) {
            Checks.length(name + ".min", minKwh, slots);
        }
        if (maxKwh != null) {
            Checks.length(name + ".max", maxKwh, slots);
        }
        for (int t = 0; t < slots; t++) {
            if (minKwh(t) > maxKwh(t)) {
                throw new IllegalArgumentException(name + ".min[" + t + "]: must be <= max " + maxKwh(t)
                        + ", was " + minKwh(t));
            }
        }
    }

    @Override
    public void contribute(ModelBuilder model) {
        int slots = model.horizon().slots();
        double[] lower = new double[slots];
        double[] upper = new double[slots];
        double total = 0.0;
        for (int t = 0; t < slots; t++) {
            lower[t] = minKwh(t);
            upper[t] = maxKwh(t);
            total += preferredKwh[t];
        }
        Variables l = model.variables(name + ".energy", lower, upper);
        ModelBuilder.Constraint conserved = model.constraint(name + ".energyConserved", total, total);
        for (int t = 0; t < slots; t++) {
            conserved.term(l, t, 1.0);
            model.balance(t, l, t, -1.0);
            model.squaredDeviationCost(CostCategory.DISCOMFORT, l, t, comfortWeight, preferredKwh[t]);
        }
        model.report(Series.FLEXIBLE_LOAD, l);
    }

    @Override
    public String toString() {
        return "FlexibleLoad[" + name + ", preferred=" + Arrays.toString(preferredKwh) + ", weight=" + comfortWeight + "]";
    }

    /** Builds a {@link FlexibleLoad}. Not thread-safe. */
    public static final class Builder {
        private String name = "flexibleLoad";
        private double[] preferredKwh;
        private double[] minKwh;
        private double[] maxKwh;
        private double flatMin;
        private double flatMax = Double.POSITIVE_INFINITY;
        private double comfortWeight = 1.0;

        private Builder() {
        }

        /**
         * @param applianceName a name unique within the prosumer (needed only for several appliances)
         * @return this builder
         * @throws IllegalArgumentException if blank
         */
        public Builder name(String applianceName) {
            this.name = Checks.id("flexibleLoad.name", applianceName);
            return this;
        }

        /**
         * @param kwh the preferred profile {@code lref[t]}, each {@code >= 0}
         * @return this builder
         * @throws IllegalArgumentException if a value is negative or not finite
         */
        public Builder preferredKwh(double[] kwh) {
            this.preferredKwh = Checks.nonNegativeSeries("flexibleLoad.preferred", kwh);
            return this;
        }

        /**
         * The same bounds in every slot.
         *
         * @param minKwhPerSlot {@code lmin}, {@code >= 0}
         * @param maxKwhPerSlot {@code lmax}, {@code >= lmin}, may be {@code +∞}
         * @return this builder
         * @throws IllegalArgumentException if a bound is invalid
         */
        public Builder bounds(double minKwhPerSlot, double maxKwhPerSlot) {
            this.flatMin = Checks.nonNegative("flexibleLoad.min", minKwhPerSlot);
            this.flatMax = Checks.nonNegativeOrInfinite("flexibleLoad.max", maxKwhPerSlot);
            if (flatMin > flatMax) {
                throw new IllegalArgumentException("flexibleLoad.min: must be <= max " + flatMax + ", was " + flatMin);
            }
            this.minKwh = null;
            this.maxKwh = null;
            return this;
        }

        /**
         * Per-slot bounds.
         *
         * @param minKwhPerSlot {@code lmin[t]}, each {@code >= 0}
         * @param maxKwhPerSlot {@code lmax[t]}, each {@code >= lmin[t]}
         * @return this builder
         * @throws IllegalArgumentException if a value is negative or not finite
         */
        public Builder bounds(double[] minKwhPerSlot, double[] maxKwhPerSlot) {
            this.minKwh = Checks.nonNegativeSeries("flexibleLoad.min", minKwhPerSlot);
            this.maxKwh = Checks.nonNegativeSeries("flexibleLoad.max", maxKwhPerSlot);
            return this;
        }

        /**
         * Lower bounds per slot, keeping the upper bound as set.
         *
         * @param minKwhPerSlot {@code lmin[t]}, each {@code >= 0}
         * @return this builder
         * @throws IllegalArgumentException if a value is negative or not finite
         */
        public Builder minKwh(double[] minKwhPerSlot) {
            this.minKwh = Checks.nonNegativeSeries("flexibleLoad.min", minKwhPerSlot);
            return this;
        }

        /**
         * Upper bounds per slot, keeping the lower bound as set.
         *
         * @param maxKwhPerSlot {@code lmax[t]}, each {@code >= 0}
         * @return this builder
         * @throws IllegalArgumentException if a value is negative or not finite
         */
        public Builder maxKwh(double[] maxKwhPerSlot) {
            this.maxKwh = Checks.nonNegativeSeries("flexibleLoad.max", maxKwhPerSlot);
            return this;
        }

        /**
         * @param weight {@code w}, currency per kWh², {@code >= 0} (default 1, as in the paper)
         * @return this builder
         * @throws IllegalArgumentException if negative or not finite
         */
        public Builder comfortWeight(double weight) {
            this.comfortWeight = Checks.nonNegative("flexibleLoad.comfortWeight", weight);
            return this;
        }

        /**
         * @return the flexible load
         * @throws IllegalArgumentException if the preferred profile was not set
         */
        public FlexibleLoad build() {
            if (preferredKwh == null) {
                throw new IllegalArgumentException("flexibleLoad.preferred: must be set");
            }
            return new FlexibleLoad(this);
        }
    }
}
