package org.tem.api;

/**
 * Renewable generation (rooftop PV, small wind): the forecast {@code r̂[t]} and the energy used
 * {@code r[t]}, with {@code 0 ≤ r[t] ≤ r̂[t]} when curtailable (the default) or {@code r[t] = r̂[t]}
 * when not. Contributes {@code r[t]} as a supply. Immutable.
 */
public final class Renewable implements DerComponent {
    private final String name;
    private final double[] forecastKwh;
    private final boolean curtailable;

    private Renewable(Builder b) {
        this.name = b.name;
        this.forecastKwh = b.forecastKwh;
        this.curtailable = b.curtailable;
    }

    /** @return a builder; the forecast is required, curtailable by default */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the name of this unit ({@code "renewable"} unless set), unique within a prosumer */
    public String name() {
        return name;
    }

    /** @return a copy of the forecast {@code r̂}, kWh per slot */
    public double[] forecastKwh() {
        return forecastKwh.clone();
    }

    /** @return true when generation may be curtailed below the forecast */
    public boolean curtailable() {
        return curtailable;
    }

    @Override
    public String kind() {
        return "renewable";
    }

    @Override
    public void validate(Horizon horizon) {
        Checks.length(name + ".forecast", forecastKwh, horizon.slots());
    }

    @Override
    public void contribute(ModelBuilder model) {
        int slots = model.horizon().slots();
        double[] lower = curtailable ? new double[slots] : forecastKwh.clone();
        Variables r = model.variables(name + ".used", lower, forecastKwh.clone());
        for (int t = 0; t < slots; t++) {
            model.balance(t, r, t, 1.0);
        }
        model.report(Series.RENEWABLE, r);
    }

    /** Builds a {@link Renewable}. Not thread-safe. */
    public static final class Builder {
        private String name = "renewable";
        private double[] forecastKwh;
        private boolean curtailable = true;

        private Builder() {
        }

        /**
         * @param unitName a name unique within the prosumer (needed only for several units)
         * @return this builder
         * @throws IllegalArgumentException if blank
         */
        public Builder name(String unitName) {
            this.name = Checks.id("renewable.name", unitName);
            return this;
        }

        /**
         * @param kwh the forecast {@code r̂[t]}, kWh per slot, each {@code >= 0}
         * @return this builder
         * @throws IllegalArgumentException if a value is negative or not finite
         */
        public Builder forecastKwh(double[] kwh) {
            this.forecastKwh = Checks.nonNegativeSeries("renewable.forecast", kwh);
            return this;
        }

        /**
         * @param canCurtail false to force {@code r[t] = r̂[t]}
         * @return this builder
         */
        public Builder curtailable(boolean canCurtail) {
            this.curtailable = canCurtail;
            return this;
        }

        /**
         * @return the renewable unit
         * @throws IllegalArgumentException if the forecast was not set
         */
        public Renewable build() {
            if (forecastKwh == null) {
                throw new IllegalArgumentException("renewable.forecast: must be set");
            }
            return new Renewable(this);
        }
    }
}
