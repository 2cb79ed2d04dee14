package org.tem.api;

import java.util.Arrays;

/**
 * A home battery (docs/model.md: {@code c[t]}, {@code d[t]}, {@code b[t]}, {@code e[t]}):
 * charge {@code 0 ≤ c[t] ≤ cmax} (a demand), discharge {@code 0 ≤ d[t] ≤ dmax} (a supply), energy at
 * the end of each slot {@code b[t] = b[t−1] + η·c[t] − d[t]/η} with {@code b[0] = initial},
 * {@code min ≤ b[t] ≤ capacity} and {@code b[T] ≥ terminal}, and a reserve for ancillary service
 * {@code 0 ≤ e[t] ≤ b[t] − min} rewarded at the market's ancillary price. Wear costs {@code κ} per
 * kWh charged or discharged. All energies in kWh, {@code η} one-way efficiency. Immutable.
 */
public final class Battery implements DerComponent {
    private final double capacityKwh;
    private final double minSocKwh;
    private final double initialSocKwh;
    private final double terminalSocKwh;
    private final double maxChargeKwh;
    private final double maxDischargeKwh;
    private final double efficiency;
    private final double wearCost;

    private Battery(Builder b) {
        this.capacityKwh = b.capacityKwh;
        this.minSocKwh = b.minSocKwh;
        this.initialSocKwh = b.initialSocKwh;
        this.terminalSocKwh = Double.isNaN(b.terminalSocKwh) ? b.initialSocKwh : b.terminalSocKwh;
        this.maxChargeKwh = b.maxChargeKwh;
        this.maxDischargeKwh = b.maxDischargeKwh;
        this.efficiency = b.efficiency;
        this.wearCost = b.wearCost;
    }

    /** @return a builder; capacity, initial energy, max charge/discharge and wear cost are required */
    public static Builder builder() {
        return new Builder();
    }

    /** @return usable capacity {@code bmax}, kWh */
    public double capacityKwh() {
        return capacityKwh;
    }

    /** @return the minimum stored energy {@code bmin}, kWh */
    public double minSocKwh() {
        return minSocKwh;
    }

    /** @return stored energy at the start of the horizon {@code binit}, kWh */
    public double initialSocKwh() {
        return initialSocKwh;
    }

    /** @return the least stored energy at the end of the horizon {@code bterm}, kWh */
    public double terminalSocKwh() {
        return terminalSocKwh;
    }

    /** @return the most energy charged in one slot {@code cmax}, kWh */
    public double maxChargeKwh() {
        return maxChargeKwh;
    }

    /** @return the most energy discharged in one slot {@code dmax}, kWh */
    public double maxDischargeKwh() {
        return maxDischargeKwh;
    }

    /** @return one-way efficiency {@code η ∈ (0, 1]} */
    public double efficiency() {
        return efficiency;
    }

    /** @return wear cost {@code κ}, currency per kWh charged or discharged */
    public double wearCost() {
        return wearCost;
    }

    @Override
    public String kind() {
        return "battery";
    }

    @Override
    public void validate(Horizon horizon) {
        // all rules are checked by the builder
    }

    @Override
    public void contribute(ModelBuilder model) {
        int slots = model.horizon().slots();
        double[] zero = new double[slots];
        Variables c = model.variables("battery.charge", zero, filled(slots, maxChargeKwh));
        Variables d = model.variables("battery.discharge", zero, filled(slots, maxDischargeKwh));
        double[] socLower = filled(slots, minSocKwh);
        socLower[slots - 1] = Math.max(minSocKwh, terminalSocKwh);
        Variables b = model.variables("battery.soc", socLower, filled(slots, capacityKwh));
        Variables e = model.variables("battery.reserve", zero, filled(slots, capacityKwh - minSocKwh));
        for (int t = 0; t < slots; t++) {
            double start = t == 0 ? initialSocKwh : 0.0;
            ModelBuilder.Constraint dynamics = model.constraint("battery.dynamics[" + t + "]", start, start)
                    .term(b, t, 1.0).term(c, t, -efficiency).term(d, t, 1.0 / efficiency);
            if (t > 0) {
                dynamics.term(b, t - 1, -1.0);
            }
            model.constraint("battery.reserve<=stored[" + t + "]", Double.NEGATIVE_INFINITY, -minSocKwh)
                    .term(e, t, 1.0).term(b, t, -1.0);
            model.balance(t, c, t, -1.0);
            model.balance(t, d, t, 1.0);
            model.linearCost(CostCategory.BATTERY_WEAR, c, t, wearCost);
            model.linearCost(CostCategory.BATTERY_WEAR, d, t, wearCost);
            model.linearCost(CostCategory.ANCILLARY, e, t, -model.ancillaryPrice(t));
        }
        model.report(Series.CHARGE, c);
        model.report(Series.DISCHARGE, d);
        model.report(Series.SOC, b);
        model.report(Series.RESERVE, e);
    }

    private static double[] filled(int n, double value) {
        double[] out = new double[n];
        Arrays.fill(out, value);
        return out;
    }

    @Override
    public String toString() {
        return "Battery[capacity=" + capacityKwh + ", min=" + minSocKwh + ", initial=" + initialSocKwh
                + ", terminal=" + terminalSocKwh + ", maxCharge=" + maxChargeKwh + ", maxDischarge="
                + maxDischargeKwh + ", efficiency=" + efficiency + ", wearCost=" + wearCost + "]";
    }

    /**
     * Builds a {@link Battery}. Each setter checks its own argument; {@link #build()} checks the rules
     * that span fields ({@code min ≤ initial ≤ capacity}, {@code terminal ≤ capacity}). Not thread-safe.
     */
    public static final class Builder {
        private double capacityKwh = Double.NaN;
        private double minSocKwh;
        private double initialSocKwh = Double.NaN;
        private double terminalSocKwh = Double.NaN;
        private double maxChargeKwh = Double.NaN;
        private double maxDischargeKwh = Double.NaN;
        private double efficiency = 1.0;
        private double wearCost = Double.NaN;

        private Builder() {
        }

        /**
         * @param kwh usable capacity, {@code > 0}
         * @return this builder
         * @throws IllegalArgumentException if not positive and finite
         */
        public Builder capacityKwh(double kwh) {
            this.capacityKwh = Checks.positive("battery.capacity", kwh);
            return this;
        }

        /**
         * @param kwh the minimum stored energy, {@code >= 0} (default 0)
         * @return this builder
         * @throws IllegalArgumentException if negative or not finite
         */
        public Builder minSocKwh(double kwh) {
            this.minSocKwh = Checks.nonNegative("battery.min", kwh);
            return this;
        }

        /**
         * @param kwh stored energy at the start of the horizon, in {@code [min, capacity]}
         * @return this builder
         * @throws IllegalArgumentException if negative or not finite
         */
        public Builder initialSocKwh(double kwh) {
            this.initialSocKwh = Checks.nonNegative("battery.initial", kwh);
            return this;
        }

        /**
         * @param kwh the least stored energy at the end of the horizon (default: the initial energy)
         * @return this builder
         * @throws IllegalArgumentException if negative or not finite
         */
        public Builder terminalSocKwh(double kwh) {
            this.terminalSocKwh = Checks.nonNegative("battery.terminal", kwh);
            return this;
        }

        /**
         * Sets the minimum and the initial stored energy.
         *
         * @param minKwh the minimum stored energy
         * @param initialKwh the stored energy at the start
         * @return this builder
         * @throws IllegalArgumentException if either is negative or not finite
         */
        public Builder socKwh(double minKwh, double initialKwh) {
            return minSocKwh(minKwh).initialSocKwh(initialKwh);
        }

        /**
         * @param kwh the most energy charged in one slot, {@code >= 0}
         * @return this builder
         * @throws IllegalArgumentException if negative or not finite
         */
        public Builder maxChargeKwh(double kwh) {
            this.maxChargeKwh = Checks.nonNegative("battery.maxCharge", kwh);
            return this;
        }

        /**
         * @param kwh the most energy discharged in one slot, {@code >= 0}
         * @return this builder
         * @throws IllegalArgumentException if negative or not finite
         */
        public Builder maxDischargeKwh(double kwh) {
            this.maxDischargeKwh = Checks.nonNegative("battery.maxDischarge", kwh);
            return this;
        }

        /**
         * @param eta one-way efficiency in {@code (0, 1]} (default 1)
         * @return this builder
         * @throws IllegalArgumentException if outside {@code (0, 1]}
         */
        public Builder efficiency(double eta) {
            if (!(eta > 0 && eta <= 1)) {
                throw new IllegalArgumentException("battery.efficiency: must be in (0, 1], was " + eta);
            }
            this.efficiency = eta;
            return this;
        }

        /**
         * @param currencyPerKwh {@code κ}, per kWh charged or discharged, {@code >= 0}
         * @return this builder
         * @throws IllegalArgumentException if negative or not finite
         */
        public Builder wearCost(double currencyPerKwh) {
            this.wearCost = Checks.nonNegative("battery.wearCost", currencyPerKwh);
            return this;
        }

        /**
         * @return the battery
         * @throws IllegalArgumentException naming the field when a required value is missing or
         *     the values are inconsistent
         */
        public Battery build() {
            require("battery.capacity", capacityKwh);
            require("battery.initial", initialSocKwh);
            require("battery.maxCharge", maxChargeKwh);
            require("battery.maxDischarge", maxDischargeKwh);
            require("battery.wearCost", wearCost);
            if (minSocKwh > capacityKwh) {
                throw new IllegalArgumentException("battery.min: must be <= capacity " + capacityKwh + ", was " + minSocKwh);
            }
            if (initialSocKwh < minSocKwh || initialSocKwh > capacityKwh) {
                throw new IllegalArgumentException("battery.initial: must be in [min, capacity] = [" + minSocKwh
                        + ", " + capacityKwh + "], was " + initialSocKwh);
            }
            if (!Double.isNaN(terminalSocKwh) && terminalSocKwh > capacityKwh) {
                throw new IllegalArgumentException("battery.terminal: must be <= capacity " + capacityKwh
                        + ", was " + terminalSocKwh);
            }
            return new Battery(this);
        }

        private static void require(String field, double value) {
            if (Double.isNaN(value)) {
                throw new IllegalArgumentException(field + ": must be set");
            }
        }
    }
}
