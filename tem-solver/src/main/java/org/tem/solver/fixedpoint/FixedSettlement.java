package org.tem.solver.fixedpoint;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Comparator;
import org.tem.solver.admm.AdmmLinks;

/**
 * The P2P payments of a final EVM round, in integer minor units, from the final {@code 2p'}
 * ({@link FixedPointRound#twiceAuxiliary}) — the rules of tem's own {@code Settlement}, in fixed
 * point: exact integers, one rounding per amount, payments that sum to exactly zero.
 *
 * <p>The exact amount of a link {@code k} is
 * {@code A_k = π · m · Σ_t 2p'_k[t] / (2 · 10¹⁸)} minor units ({@code π} in price units, {@code m}
 * minor units per currency unit, {@code 2p'} in energy units). <b>Bilateral:</b> for each pair
 * {@code u < v}, {@code u} pays {@code A_uv} rounded half to even, and {@code v} is paid the same.
 * <b>Pool:</b> each participant's {@code A_u} is rounded down; the shortfall
 * {@code R = −Σ floor(A_u)} is spread as {@code floor(R/n)} to everybody and one more unit to the
 * {@code R mod n} participants with the largest remainders (ties to the lower index).
 *
 * <p>Stateless and thread-safe.
 */
public final class FixedSettlement {
    private static final BigInteger DENOMINATOR = BigInteger.valueOf(2).multiply(BigInteger.TEN.pow(18));

    private FixedSettlement() {
    }

    /**
     * @param links the round's links
     * @param twiceAux the final {@code 2p'}, links × slots, energy units (zero on frozen links)
     * @param price π, price units
     * @param minorUnits minor units per currency unit, {@code >= 1}
     * @return each participant's payment in minor units (positive = pays), summing to exactly zero
     * @throws ArithmeticException if a payment does not fit in a long (impossible within a valid
     *     round's bounds: at most 1,440 slots × 2e6 kWh × 1,000 currency/kWh × 1,000 units × 255 links)
     */
    public static long[] payments(AdmmLinks links, long[][] twiceAux, long price, long minorUnits) {
        BigInteger scale = BigInteger.valueOf(price).multiply(BigInteger.valueOf(minorUnits));
        int n = links.prosumers();
        long[] pay = new long[n];
        if (!links.pool()) {
            for (int k = 0; k < links.size(); k++) {
                int u = links.from(k);
                int v = links.to(k);
                if (u < v) {
                    long amount = roundHalfEven(numerator(twiceAux[k], scale)).longValueExact();
                    pay[u] = Math.addExact(pay[u], amount);
                    pay[v] = Math.subtractExact(pay[v], amount);
                }
            }
            return pay;
        }
        BigInteger[] remainder = new BigInteger[n];
        long floorSum = 0;
        for (int u = 0; u < n; u++) {
            BigInteger[] qr = floorDivide(numerator(twiceAux[links.start(u)], scale));
            pay[u] = qr[0].longValueExact();
            remainder[u] = qr[1];
            floorSum = Math.addExact(floorSum, pay[u]);
        }
        long shortfall = Math.negateExact(floorSum);
        long each = Math.floorDiv(shortfall, (long) n);
        long extra = Math.floorMod(shortfall, (long) n);
        Integer[] order = new Integer[n];
        for (int u = 0; u < n; u++) {
            order[u] = u;
        }
        Arrays.sort(order, Comparator.comparing((Integer u) -> remainder[u]).reversed()
                .thenComparing(Comparator.naturalOrder()));
        for (int i = 0; i < n; i++) {
            int u = order[i];
            pay[u] = Math.addExact(pay[u], i < extra ? each + 1 : each);
        }
        return pay;
    }

    private static BigInteger numerator(long[] twiceAux, BigInteger scale) {
        BigInteger energy = BigInteger.ZERO;
        for (long x : twiceAux) {
            energy = energy.add(BigInteger.valueOf(x));
        }
        return energy.multiply(scale);
    }

    /** @return {floor(n / D), n − floor·D} with the remainder in [0, D) */
    private static BigInteger[] floorDivide(BigInteger n) {
        BigInteger[] qr = n.divideAndRemainder(DENOMINATOR);
        if (qr[1].signum() < 0) {
            qr[0] = qr[0].subtract(BigInteger.ONE);
            qr[1] = qr[1].add(DENOMINATOR);
        }
        return qr;
    }

    private static BigInteger roundHalfEven(BigInteger n) {
        BigInteger[] qr = floorDivide(n);
        int half = qr[1].shiftLeft(1).compareTo(DENOMINATOR);
        return half > 0 || half == 0 && qr[0].testBit(0) ? qr[0].add(BigInteger.ONE) : qr[0];
    }
}
