package org.tem.solver.contract;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Comparator;
import org.tem.solver.admm.AdmmLinks;

/**
 * The P2P payments of a final round, in integer minor units, computed exactly: no floating-point
 * rounding, no saturation, and payments that sum to exactly zero.
 *
 * <p><b>The amount of a link.</b> For link {@code k} with final reciprocal trades {@code p'_k[t]}
 * (kWh, positive = bought) the exact amount is {@code A_k = π · m · Σ_t p'_k[t]} minor units, where
 * {@code π} is the P2P price (currency per kWh) and {@code m} the minor units per currency unit.
 * Every finite double is an integer multiple of {@code 2^-1074}, so each factor is held exactly as a
 * {@link BigInteger} scaled by {@code 2^1074}; the sum and the products are exact, and {@code A_k}
 * is rounded once, at the end.
 *
 * <p><b>Bilateral:</b> for each pair {@code u < v}, {@code u} pays {@code round(A_uv)} (half to
 * even) and {@code v} is paid the same amount; each pair's two entries cancel, so the total is
 * zero. <b>Pool:</b> each prosumer's exact amount {@code A_u} is rounded down; the shortfall
 * {@code R = −Σ_u floor(A_u)} (an integer; near 0 because {@code Σ_u q'_u ≈ 0}, but any value is
 * handled) is spread as {@code floor(R/n)} units to everybody plus one more unit to the
 * {@code R mod n} prosumers with the largest remainders (ties to the lower index); the total is
 * then {@code Σ floor(A_u) + R = 0} exactly.
 *
 * <p><b>Why nothing overflows.</b> A round's trades are within their links' limits
 * ({@code ≤ 1e6 kWh}), it has at most {@link RoundConfig#MAX_SLOTS} slots and
 * {@link RoundConfig#MAX_PARTICIPANTS} participants, {@code |π| ≤} {@link RoundConfig#MAX_PRICE} and
 * {@code m ≤} {@link RoundConfig#MAX_MINOR_UNITS}: a link's amount is at most
 * {@code 1,440 · 1e6 · 1e3 · 1e3 = 1.44e15} units and a prosumer's total at most 999 of them,
 * {@code 1.44e18 < 2⁶³ ≈ 9.22e18}. The arithmetic is exact regardless ({@link Math#addExact},
 * {@link BigInteger#longValueExact()}), so an input outside those bounds fails loudly instead of
 * wrapping around.
 */
public final class Settlement {
    /** Every finite double times {@code 2^FRACTION_BITS} is an integer. */
    private static final int FRACTION_BITS = 1074;
    /** The scale of a product of two fixed-point values. */
    private static final int PRODUCT_BITS = 2 * FRACTION_BITS;

    private Settlement() {
    }

    /**
     * @param links the round's links
     * @param trades the final reciprocal trades {@code p'} (links × slots), kWh, finite
     * @param price {@code π}, currency per kWh, finite
     * @param minorUnits minor units per currency unit, {@code >= 1}
     * @return each prosumer's payment in minor units (positive = pays), summing to exactly zero
     * @throws ArithmeticException if a payment does not fit in a long (impossible within a valid
     *     round's bounds)
     * @throws IllegalArgumentException on a non-finite trade or price
     */
    public static long[] payments(AdmmLinks links, double[][] trades, double price, long minorUnits) {
        if (!Double.isFinite(price) || minorUnits < 1) {
            throw new IllegalArgumentException("price must be finite and minor units >= 1");
        }
        BigInteger scale = fixed(price).multiply(BigInteger.valueOf(minorUnits));
        int n = links.prosumers();
        long[] pay = new long[n];
        if (!links.pool()) {
            for (int k = 0; k < links.size(); k++) {
                int u = links.from(k);
                int v = links.to(k);
                if (u < v) {
                    long amount = roundHalfEven(exactAmount(trades[k], scale)).longValueExact();
                    pay[u] = Math.addExact(pay[u], amount);
                    pay[v] = Math.subtractExact(pay[v], amount);
                }
            }
            return pay;
        }
        BigInteger[] remainder = new BigInteger[n];
        long floorSum = 0;
        for (int u = 0; u < n; u++) {
            BigInteger exact = exactAmount(trades[links.start(u)], scale);
            BigInteger floor = exact.shiftRight(PRODUCT_BITS);
            pay[u] = floor.longValueExact();
            remainder[u] = exact.subtract(floor.shiftLeft(PRODUCT_BITS));
            floorSum = Math.addExact(floorSum, pay[u]);
        }
        long shortfall = Math.negateExact(floorSum);
        long each = Math.floorDiv(shortfall, (long) n);
        long extra = Math.floorMod(shortfall, (long) n);
        Integer[] order = new Integer[n];
        for (int u = 0; u < n; u++) {
            order[u] = u;
        }
        // largest remainder first, ties to the lower index (a stable, total order)
        Arrays.sort(order, Comparator.comparing((Integer u) -> remainder[u]).reversed()
                .thenComparing(Comparator.naturalOrder()));
        for (int i = 0; i < n; i++) {
            int u = order[i];
            pay[u] = Math.addExact(pay[u], i < extra ? each + 1 : each);
        }
        return pay;
    }

    /** {@code scale · Σ_t trades[t]} scaled by {@code 2^PRODUCT_BITS}, exactly. */
    private static BigInteger exactAmount(double[] trades, BigInteger scale) {
        BigInteger energy = BigInteger.ZERO;
        for (double x : trades) {
            if (!Double.isFinite(x)) {
                throw new IllegalArgumentException("trades must be finite, was " + x);
            }
            energy = energy.add(fixed(x));
        }
        return energy.multiply(scale);
    }

    /**
     * @param x a finite double
     * @return {@code x · 2^1074}, an exact integer
     */
    static BigInteger fixed(double x) {
        if (x == 0.0) {
            return BigInteger.ZERO;
        }
        long bits = Double.doubleToRawLongBits(x);
        int exponent = (int) ((bits >>> 52) & 0x7ff);
        long mantissa = bits & ((1L << 52) - 1);
        if (exponent == 0) {
            exponent = 1; // subnormal: mantissa · 2^-1074
        } else {
            mantissa |= 1L << 52; // normal: (2^52 + fraction) · 2^(exponent − 1075)
        }
        BigInteger m = BigInteger.valueOf(mantissa).shiftLeft(exponent - 1);
        return x < 0 ? m.negate() : m;
    }

    /** {@code n / 2^PRODUCT_BITS} rounded to the nearest integer, ties to even. */
    private static BigInteger roundHalfEven(BigInteger n) {
        BigInteger floor = n.shiftRight(PRODUCT_BITS);
        BigInteger remainder = n.subtract(floor.shiftLeft(PRODUCT_BITS));
        int half = remainder.compareTo(BigInteger.ONE.shiftLeft(PRODUCT_BITS - 1));
        return half > 0 || half == 0 && floor.testBit(0) ? floor.add(BigInteger.ONE) : floor;
    }
}
