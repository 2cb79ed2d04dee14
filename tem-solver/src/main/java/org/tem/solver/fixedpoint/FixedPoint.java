package org.tem.solver.fixedpoint;

import java.math.BigInteger;

/**
 * The fixed-point number formats of the EVM coordination round, and the few exact operations the
 * contract and this mirror share. Every on-chain quantity is an integer count of a unit:
 *
 * <ul>
 *   <li><b>energy</b> (trades {@code p}, {@code p'}, limits, tolerances ε_abs and the paper's ε):
 *       {@link #ENERGY_SCALE} units per kWh (1 unit = 1 µWh);</li>
 *   <li><b>prices</b> (the duals λ, the P2P price π, the dual residual): {@link #PRICE_SCALE} units
 *       per currency/kWh;</li>
 *   <li><b>ρ</b>: {@link #RHO_SCALE} units per currency/kWh²;</li>
 *   <li><b>ε_rel</b> (dimensionless): {@link #REL_SCALE} units per 1.</li>
 * </ul>
 *
 * <p><b>Rounding.</b> Conversions from {@code double} happen off chain (a meter rounds its own trades,
 * the operator its round's settings) with {@link Math#round(double)} of the value times the scale,
 * which is monotone, so a trade within its limit stays within the rounded limit. On chain every
 * division truncates toward zero (Solidity's signed {@code /}, Java's {@code long} and
 * {@link BigInteger#divide}), every square root is the floor ({@link #isqrt}), and λ saturates at
 * {@code ±}{@link #LAMBDA_MAX}. Nothing else rounds.
 *
 * <p>Stateless and thread-safe.
 */
public final class FixedPoint {
    /** Energy units per kWh. */
    public static final long ENERGY_SCALE = 1_000_000_000L;
    /** Price units (λ, π, the dual residual) per currency/kWh. */
    public static final long PRICE_SCALE = 1_000_000_000L;
    /** ρ units per currency/kWh². */
    public static final long RHO_SCALE = 1_000_000_000L;
    /** ε_rel units per 1. */
    public static final long REL_SCALE = 1_000_000_000L;
    /**
     * The largest |λ| in price units, {@code 2^63 − 1} (about 9.2e9 currency/kWh). A dual step that
     * would pass it stops there: only a trade limit pressed against for a very long time by a
     * prosumer whose peer cannot follow drives λ that far, and bounding the dual by a price far above
     * any real one leaves every honest round's optimum unchanged (an exact penalty), while it keeps
     * each stored λ in 64 bits.
     */
    public static final long LAMBDA_MAX = Long.MAX_VALUE;
    /** The largest trade limit in energy units: {@code Market.MAX_TRADE_KWH} = 1e6 kWh. */
    public static final long MAX_LIMIT = 1_000_000L * ENERGY_SCALE;

    private static final BigInteger LAMBDA_HI = BigInteger.valueOf(LAMBDA_MAX);
    private static final BigInteger LAMBDA_LO = BigInteger.valueOf(-LAMBDA_MAX);

    private FixedPoint() {
    }

    /**
     * @param kwh an energy in kWh, finite, {@code |kwh| ≤ 1e6}
     * @return {@code Math.round(kwh · ENERGY_SCALE)}
     * @throws IllegalArgumentException when not finite or beyond 1e6 kWh
     */
    public static long energy(double kwh) {
        if (!(Math.abs(kwh) <= 1e6)) {
            throw new IllegalArgumentException("energy: must be finite with |kWh| <= 1e6, was " + kwh);
        }
        return Math.round(kwh * ENERGY_SCALE);
    }

    /**
     * @param units energy units
     * @return kWh (the nearest double)
     */
    public static double kwh(long units) {
        return units / (double) ENERGY_SCALE;
    }

    /**
     * @param value a price (currency/kWh), ρ (currency/kWh²) or relative tolerance, finite and
     *     {@code |value| ≤ 1e9}
     * @param scale its scale
     * @param name the parameter's name, for the message
     * @return {@code Math.round(value · scale)}
     * @throws IllegalArgumentException when not finite or too large
     */
    public static long scaled(double value, long scale, String name) {
        if (!(Math.abs(value) <= 1e9)) {
            throw new IllegalArgumentException(name + ": must be finite with |value| <= 1e9, was " + value);
        }
        return Math.round(value * scale);
    }

    /**
     * @param n a non-negative integer
     * @return {@code floor(√n)}
     * @throws ArithmeticException if {@code n < 0}
     */
    public static BigInteger isqrt(BigInteger n) {
        return n.sqrt();
    }

    /**
     * @param value an integer
     * @return {@code value} clamped to {@code [−LAMBDA_MAX, LAMBDA_MAX]}
     */
    public static long saturate(BigInteger value) {
        if (value.compareTo(LAMBDA_HI) > 0) {
            return LAMBDA_MAX;
        }
        if (value.compareTo(LAMBDA_LO) < 0) {
            return -LAMBDA_MAX;
        }
        return value.longValueExact();
    }
}
