package org.tem.solver.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.tem.api.Market;
import org.tem.solver.admm.AdmmLinks;

/**
 * Payments sum to exactly zero for every admissible input, in both topologies, summed in
 * BigInteger (a long sum could wrap and still read 0): extreme trades (at ±1e6 kWh, tiny and
 * subnormal values, zeros), the largest prices and minor units, many prosumers.
 */
class SettlementProperties {

    private static double trade(Random rng) {
        switch (rng.nextInt(6)) {
            case 0:
                return rng.nextBoolean() ? Market.MAX_TRADE_KWH : -Market.MAX_TRADE_KWH;
            case 1:
                return 0.0;
            case 2:
                return (rng.nextBoolean() ? 1 : -1) * Double.MIN_VALUE * (1 + rng.nextInt(1000));
            case 3:
                return (rng.nextBoolean() ? 1 : -1) * Math.ulp(1.0) * rng.nextInt(1000);
            default:
                return Market.MAX_TRADE_KWH * (2 * rng.nextDouble() - 1);
        }
    }

    private static double price(Random rng) {
        double[] extremes = {RoundConfig.MAX_PRICE, -RoundConfig.MAX_PRICE, 0.0, 0.1, Double.MIN_VALUE};
        return rng.nextBoolean() ? extremes[rng.nextInt(extremes.length)] : RoundConfig.MAX_PRICE * (2 * rng.nextDouble() - 1);
    }

    private static long minor(Random rng) {
        return rng.nextBoolean() ? RoundConfig.MAX_MINOR_UNITS : 1 + rng.nextInt((int) RoundConfig.MAX_MINOR_UNITS);
    }

    @Property(tries = 60, seed = "42")
    void bilateralPaymentsSumToExactlyZeroAndEachPairPaysItsRoundedExactAmount(
            @ForAll @LongRange(min = 1, max = 1_000_000) long seed, @ForAll @IntRange(min = 2, max = 30) int n) {
        Random rng = new Random(seed);
        int slots = 1 + rng.nextInt(24);
        AdmmLinks links = SettlementTest.links(n, slots, false);
        int[] reverse = links.reverse();
        double[][] p = new double[links.size()][slots];
        for (int k = 0; k < links.size(); k++) {
            if (links.from(k) < links.to(k)) {
                for (int t = 0; t < slots; t++) {
                    p[k][t] = trade(rng);
                    p[reverse[k]][t] = -p[k][t];
                }
            }
        }
        double price = price(rng);
        long minor = minor(rng);
        long[] pay = Settlement.payments(links, p, price, minor);
        BigInteger sum = BigInteger.ZERO;
        BigInteger[] expected = new BigInteger[n];
        java.util.Arrays.fill(expected, BigInteger.ZERO);
        BigDecimal scale = new BigDecimal(price).multiply(BigDecimal.valueOf(minor));
        for (int k = 0; k < links.size(); k++) {
            if (links.from(k) < links.to(k)) {
                BigDecimal energy = BigDecimal.ZERO;
                for (double x : p[k]) {
                    energy = energy.add(new BigDecimal(x));
                }
                BigInteger amount = energy.multiply(scale).setScale(0, RoundingMode.HALF_EVEN).toBigIntegerExact();
                expected[links.from(k)] = expected[links.from(k)].add(amount);
                expected[links.to(k)] = expected[links.to(k)].subtract(amount);
            }
        }
        for (int u = 0; u < n; u++) {
            sum = sum.add(BigInteger.valueOf(pay[u]));
            assertEquals(expected[u], BigInteger.valueOf(pay[u]), "prosumer " + u);
        }
        assertEquals(BigInteger.ZERO, sum);
    }

    @Property(tries = 60, seed = "42")
    void poolPaymentsSumToExactlyZeroAndStayWithinAUnitOfTheExactAmountsPlusTheImbalance(
            @ForAll @LongRange(min = 1, max = 1_000_000) long seed, @ForAll @IntRange(min = 1, max = 1_000) int n) {
        Random rng = new Random(seed);
        int slots = 1 + rng.nextInt(24);
        AdmmLinks links = SettlementTest.links(n, slots, true);
        double[][] q = new double[n][slots];
        for (int t = 0; t < slots; t++) {
            double sum = 0;
            for (int u = 0; u < n; u++) {
                q[u][t] = u == n - 1 ? Math.max(-Market.MAX_TRADE_KWH, Math.min(Market.MAX_TRADE_KWH, -sum)) : trade(rng);
                sum += q[u][t];
            }
        }
        double price = price(rng);
        long minor = minor(rng);
        long[] pay = Settlement.payments(links, q, price, minor);
        BigDecimal scale = new BigDecimal(price).multiply(BigDecimal.valueOf(minor));
        BigInteger sum = BigInteger.ZERO;
        BigDecimal[] exact = new BigDecimal[n];
        BigDecimal imbalance = BigDecimal.ZERO;
        for (int u = 0; u < n; u++) {
            BigDecimal energy = BigDecimal.ZERO;
            for (double x : q[u]) {
                energy = energy.add(new BigDecimal(x));
            }
            exact[u] = energy.multiply(scale);
            imbalance = imbalance.add(exact[u]);
            sum = sum.add(BigInteger.valueOf(pay[u]));
        }
        assertEquals(BigInteger.ZERO, sum);
        // each payment is its exact amount rounded, shifted by at most its share of the imbalance
        BigDecimal slack = imbalance.abs().divide(BigDecimal.valueOf(n), 0, RoundingMode.CEILING).add(BigDecimal.ONE);
        for (int u = 0; u < n; u++) {
            BigDecimal off = new BigDecimal(pay[u]).subtract(exact[u]).abs();
            assertTrue(off.compareTo(slack.add(BigDecimal.ONE)) <= 0, "prosumer " + u + " off by " + off);
        }
    }
}
