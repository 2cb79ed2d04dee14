package org.tem.solver.admm;

/**
 * The quantum of traded energy: every proposal {@code p_u} a coordination step takes in is rounded
 * to a whole number of {@link #UNITS_PER_KWH units} (1 unit = 10⁻⁹ kWh = 1 µWh, the energy unit of
 * the EVM adapter's fixed point too, far finer than any meter reads), so that a submission travels and is stored as integers (see the coordination
 * contract's {@code submit} encoding) and the in-process coordinator, which rounds the same way in
 * {@link AdmmState}, stays bit-identical to the ledger.
 *
 * <p>Why 10⁻⁹ and not the coarser 10⁻⁶ kWh, which would take a byte less per value: rounding moves
 * a trade by up to half a unit, and at 10⁻⁶ kWh that is as large as the tolerances ADMM stops at
 * (the paper's ε = 10⁻⁶ on the sum of residual norms, and a home's re-solve with the settled trades
 * fixed, which fails for an excess of a few 10⁻⁶ kWh): a round of the paper's ten homes then no
 * longer settles. At 10⁻⁹ kWh the rounding is far below every tolerance.
 *
 * <p>The rounding is {@link Math#rint} (to nearest, ties to even) of {@code kwh · 10⁹}, so it is
 * symmetric ({@code quantise(−x) == −quantise(x)} apart from the sign of zero, which is always
 * {@code +0.0}), monotone, and idempotent: for every {@code |n| ≤ MAX_UNITS < 2⁵⁰},
 * {@code units(kwh(n)) == n}, because {@code n / 10⁹} and its product with {@code 10⁹} are each
 * within half an ulp, which stays below ½ at that size. The representable range is
 * {@code ±MAX_KWH} (10⁶ kWh per link and slot, the largest trade limit a market may declare); beyond it, and for NaN and infinities,
 * {@link #units(double)} refuses.
 *
 * <p>Stateless and thread-safe.
 */
public final class TradeQuantum {
    /** Units per kWh: one unit is 10⁻⁹ kWh. */
    public static final long UNITS_PER_KWH = 1_000_000_000L;

    /** The largest magnitude in units: 10¹⁵ (10⁶ kWh), below 2⁵⁰. */
    public static final long MAX_UNITS = 1_000_000_000_000_000L;

    /** The largest magnitude in kWh: {@code MAX_UNITS / UNITS_PER_KWH} = 10⁶ kWh. */
    public static final double MAX_KWH = 1e6;

    private static final double SCALE = UNITS_PER_KWH;

    private TradeQuantum() {
    }

    /**
     * @param kwh an energy, kWh (positive = bought)
     * @return the nearest whole number of units, {@code rint(kwh · 10⁹)}, in {@code [−MAX_UNITS, MAX_UNITS]}
     * @throws IllegalArgumentException if {@code kwh} is NaN, infinite or beyond {@code ±MAX_KWH}
     */
    public static long units(double kwh) {
        if (!(Math.abs(kwh) <= MAX_KWH)) {
            throw new IllegalArgumentException("energy " + kwh + " kWh is not finite or beyond ±" + MAX_KWH + " kWh");
        }
        // |kwh| ≤ 1e6 makes |kwh·1e9| ≤ 1e15 (the product of the bounds is exact); rint keeps it in range
        return (long) Math.rint(kwh * SCALE);
    }

    /**
     * @param units a whole number of units
     * @return {@code units / 10⁹} kWh, correctly rounded ({@code +0.0} for zero)
     * @throws IllegalArgumentException if {@code |units| > MAX_UNITS}
     */
    public static double kwh(long units) {
        if (units > MAX_UNITS || units < -MAX_UNITS) {
            throw new IllegalArgumentException(units + " units is beyond ±" + MAX_UNITS);
        }
        return units / SCALE;
    }

    /**
     * The quantisation: {@code kwh(units(kwh))}. Idempotent; {@code +0.0} for anything that rounds
     * to zero, {@code −0.0} included.
     *
     * @param kwh an energy, kWh
     * @return the nearest multiple of 10⁻⁹ kWh, as a double
     * @throws IllegalArgumentException as {@link #units(double)}
     */
    public static double quantise(double kwh) {
        return kwh(units(kwh));
    }

    /**
     * @param rows a matrix of energies, kWh (rows may differ in length; none may be null)
     * @return a new matrix of the same shape holding each entry {@link #quantise(double) quantised}
     * @throws IllegalArgumentException as {@link #units(double)}, for the first entry out of range
     */
    public static double[][] quantise(double[][] rows) {
        double[][] out = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            out[i] = quantise(rows[i]);
        }
        return out;
    }

    /**
     * @param row energies, kWh
     * @return a new array holding each entry {@link #quantise(double) quantised}
     * @throws IllegalArgumentException as {@link #units(double)}, for the first entry out of range
     */
    public static double[] quantise(double[] row) {
        double[] out = new double[row.length];
        for (int t = 0; t < row.length; t++) {
            out[t] = quantise(row[t]);
        }
        return out;
    }

    /**
     * The quantised form of a bound on magnitudes (a link's limit): a value within the bound
     * quantises to a value within this, since the quantisation is monotone. Bounds beyond the
     * representable range (infinity included) become {@code MAX_KWH}.
     *
     * @param bound a non-negative bound, kWh (may be infinite)
     * @return {@code quantise(min(bound, MAX_KWH))}
     * @throws IllegalArgumentException if the bound is NaN or negative
     */
    public static double quantiseBound(double bound) {
        if (!(bound >= 0)) {
            throw new IllegalArgumentException("bound must be >= 0, was " + bound);
        }
        return quantise(Math.min(bound, MAX_KWH));
    }
}
