package org.tem.api;

import java.util.Arrays;

/**
 * The prosumer's grid connection and tariff (docs/model.md: {@code g[t]}, {@code m}, {@code α}, {@code β},
 * {@code gmax}). Contributes the import {@code g[t] ∈ [0, gmax]} (a supply), the peak epigraph
 * variable {@code m ≥ g[t]}, the energy cost {@code Σ α[t]·g[t]} and the peak charge {@code β·m}.
 * Export to the grid is not modelled (surplus is curtailed, stored or sold to peers). Immutable.
 */
public final class GridConnection implements DerComponent {
    private final double flatRate;
    private final double[] rates;
    private final double peakRate;
    private final double maxImportKwh;

    private GridConnection(Builder b) {
        this.flatRate = b.flatRate;
        this.rates = b.rates;
        this.peakRate = b.peakRate;
        this.maxImportKwh = b.maxImportKwh;
    }

    /** @return a builder with energy rate 0, peak rate 0 and no import limit */
    public static Builder builder() {
        return new Builder();
    }

    /** @return true when the energy rate is flat (one number), false for time of use */
    public boolean isFlatRate() {
        return rates == null;
    }

    /**
     * @param t a slot index
     * @return {@code α[t]}, the energy rate in currency per kWh imported in slot {@code t}
     */
    public double energyRate(int t) {
        return rates == null ? flatRate : rates[t];
    }

    /**
     * @param horizon the horizon to expand a flat rate over
     * @return the energy rate of every slot, currency per kWh
     */
    public double[] energyRates(Horizon horizon) {
        if (rates != null) {
            return rates.clone();
        }
        double[] out = new double[horizon.slots()];
        Arrays.fill(out, flatRate);
        return out;
    }

    /** @return {@code β}, currency per kWh of the largest import of any slot in the horizon */
    public double peakRate() {
        return peakRate;
    }

    /** @return {@code gmax}, kWh per slot; {@link Double#POSITIVE_INFINITY} when unbounded */
    public double maxImportKwh() {
        return maxImportKwh;
    }

    /** @return a builder holding this connection's values, to derive a variant */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.flatRate = flatRate;
        b.rates = rates;
        b.peakRate = peakRate;
        b.maxImportKwh = maxImportKwh;
        return b;
    }

    @Override
    public String kind() {
        return "grid";
    }

    @Override
    public void validate(Horizon horizon) {
        if (rates != null) {
            Checks.length("tariff.energyRate", rates, horizon.slots());
        }
    }

    @Override
    public void contribute(ModelBuilder model) {
        int slots = model.horizon().slots();
        double[] lower = new double[slots];
        double[] upper = new double[slots];
        Arrays.fill(upper, maxImportKwh);
        Variables g = model.variables("grid.import", lower, upper);
        for (int t = 0; t < slots; t++) {
            model.linearCost(CostCategory.GRID, g, t, energyRate(t));
            model.balance(t, g, t, 1.0);
        }
        model.report(Series.GRID, g);
        if (peakRate != 0.0) {
            Variables m = model.variables("grid.peak", new double[] {0.0}, new double[] {maxImportKwh});
            model.linearCost(CostCategory.PEAK, m, 0, peakRate);
            for (int t = 0; t < slots; t++) {
                model.constraint("grid.peak>=import[" + t + "]", 0.0, Double.POSITIVE_INFINITY)
                        .term(m, 0, 1.0).term(g, t, -1.0);
            }
        }
    }

    @Override
    public String toString() {
        return "GridConnection[energyRate=" + (rates == null ? flatRate : Arrays.toString(rates))
                + ", peakRate=" + peakRate + ", maxImportKwh=" + maxImportKwh + "]";
    }

    /** Builds a {@link GridConnection}; each setter validates its argument at once. Not thread-safe. */
    public static final class Builder {
        private double flatRate;
        private double[] rates;
        private double peakRate;
        private double maxImportKwh = Double.POSITIVE_INFINITY;

        private Builder() {
        }

        /**
         * A flat energy rate.
         *
         * @param currencyPerKwh {@code α}, finite (may be negative for a paid import)
         * @return this builder
         * @throws IllegalArgumentException if not finite
         */
        public Builder energyRate(double currencyPerKwh) {
            this.flatRate = Checks.finite("tariff.energyRate", currencyPerKwh);
            this.rates = null;
            return this;
        }

        /**
         * A time-of-use energy rate, one value per slot (length checked against the horizon when
         * the prosumer is built).
         *
         * @param currencyPerKwh {@code α[t]}, finite
         * @return this builder
         * @throws IllegalArgumentException if a value is not finite
         */
        public Builder energyRate(double[] currencyPerKwh) {
            this.rates = Checks.finiteSeries("tariff.energyRate", currencyPerKwh);
            return this;
        }

        /**
         * @param currencyPerKwh {@code β}, currency per kWh of the horizon's largest slot import, {@code >= 0}
         * @return this builder
         * @throws IllegalArgumentException if negative or not finite
         */
        public Builder peakRate(double currencyPerKwh) {
            this.peakRate = Checks.nonNegative("tariff.peakRate", currencyPerKwh);
            return this;
        }

        /**
         * @param kwh {@code gmax}, the most energy imported in one slot; {@code +Infinity} for no limit
         * @return this builder
         * @throws IllegalArgumentException if negative or NaN
         */
        public Builder maxImportKwh(double kwh) {
            this.maxImportKwh = Checks.nonNegativeOrInfinite("tariff.maxImport", kwh);
            return this;
        }

        /** @return the connection */
        public GridConnection build() {
            return new GridConnection(this);
        }
    }
}
