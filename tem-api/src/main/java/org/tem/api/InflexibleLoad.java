package org.tem.api;

/**
 * Inflexible load {@code lif[t]}: energy the home consumes in each slot whatever happens. Data, not
 * a variable; it enters the balance as a constant demand. Immutable.
 */
public final class InflexibleLoad implements DerComponent {
    private final double[] kwh;

    /**
     * @param kwh energy per slot, each {@code >= 0}
     * @throws IllegalArgumentException if a value is negative or not finite
     */
    public InflexibleLoad(double[] kwh) {
        this.kwh = Checks.nonNegativeSeries("inflexibleLoad", kwh);
    }

    /** @return a copy of the load, kWh per slot */
    public double[] kwh() {
        return kwh.clone();
    }

    /**
     * @param t a slot index
     * @return the load of slot {@code t}, kWh
     */
    public double kwh(int t) {
        return kwh[t];
    }

    @Override
    public String kind() {
        return "inflexibleLoad";
    }

    @Override
    public void validate(Horizon horizon) {
        Checks.length("inflexibleLoad", kwh, horizon.slots());
    }

    @Override
    public void contribute(ModelBuilder model) {
        for (int t = 0; t < kwh.length; t++) {
            model.balanceConstant(t, -kwh[t]);
        }
    }
}
