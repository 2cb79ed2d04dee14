package org.tem.solver.admm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class AdmmKernelTest {
    // Links of 3 prosumers, all pairs: 0→1, 0→2, 1→0, 1→2, 2→0, 2→1.
    private static final int[] REVERSE = {2, 4, 0, 5, 1, 3};
    private static final double[] WIDE = {1e6, 1e6, 1e6, 1e6, 1e6, 1e6};
    private static final boolean[] ALL = {true, true, true, true, true};

    private static double[][] random(Random rng, int links, int slots) {
        double[][] a = new double[links][slots];
        for (double[] row : a) {
            for (int t = 0; t < slots; t++) {
                row[t] = rng.nextGaussian();
            }
        }
        return a;
    }

    @Test
    void bilateralAuxiliaryIsExactlyReciprocal() {
        Random rng = new Random(1);
        double[][] p = random(rng, 6, 4);
        double[][] lambda = random(rng, 6, 4);
        double[][] aux = AdmmKernel.auxiliaryBilateral(p, lambda, 0.7, REVERSE, WIDE);
        for (int k = 0; k < 6; k++) {
            for (int t = 0; t < 4; t++) {
                assertEquals(0.0, aux[k][t] + aux[REVERSE[k]][t], 0.0);
            }
        }
    }

    @Test
    void bilateralAuxiliaryIsTheProjectionOntoReciprocalTrades() {
        // With λ = 0 the projection of a reciprocal point is the point itself ...
        double[][] reciprocal = {{1.5}, {-2}, {-1.5}, {0.25}, {2}, {-0.25}};
        assertArrayEquals(reciprocal, AdmmKernel.auxiliaryBilateral(reciprocal, new double[6][1], 1.0, REVERSE, WIDE));
        // ... and the residual of any point is orthogonal to the reciprocal set.
        Random rng = new Random(2);
        double[][] p = random(rng, 6, 1);
        double[][] aux = AdmmKernel.auxiliaryBilateral(p, new double[6][1], 1.0, REVERSE, WIDE);
        double inner = 0;
        for (int k = 0; k < 6; k++) {
            inner += (p[k][0] - aux[k][0]) * reciprocal[k][0];
        }
        assertEquals(0.0, inner, 1e-12);
    }

    @Test
    void poolAuxiliarySumsToZeroAndIsAProjection() {
        Random rng = new Random(3);
        double[][] q = random(rng, 5, 3);
        double[][] aux = AdmmKernel.auxiliaryPool(q, new double[5][3], 2.0, ALL, WIDE);
        for (int t = 0; t < 3; t++) {
            double sum = 0;
            for (int u = 0; u < 5; u++) {
                sum += aux[u][t];
            }
            assertEquals(0.0, sum, 1e-14);
        }
        double[][] again = AdmmKernel.auxiliaryPool(aux, new double[5][3], 2.0, ALL, WIDE);
        for (int u = 0; u < 5; u++) {
            assertArrayEquals(aux[u], again[u], 1e-15);
        }
    }

    @Test
    void bilateralAuxiliaryClampsToTheLinkLimitsAndFreezesZeroLimits() {
        double[][] p = {{5}, {-1}, {-7}, {0.5}, {1}, {-0.5}};
        double[] limit = {2, 0, 2, 3, 0, 3};
        double[][] aux = AdmmKernel.auxiliaryBilateral(p, new double[6][1], 1.0, REVERSE, limit);
        assertArrayEquals(new double[][] {{2}, {0}, {-2}, {0.5}, {0}, {-0.5}}, aux);
        assertEquals(Double.doubleToRawLongBits(0.0), Double.doubleToRawLongBits(aux[1][0]), "a frozen link is +0.0");
        // where no bound is active the result is bit for bit the unbounded projection
        Random rng = new Random(6);
        double[][] q = random(rng, 6, 4);
        double[][] lambda = random(rng, 6, 4);
        double[][] bounded = AdmmKernel.auxiliaryBilateral(q, lambda, 0.3, REVERSE, WIDE);
        double[][] w = new double[6][4];
        for (int k = 0; k < 6; k++) {
            for (int t = 0; t < 4; t++) {
                w[k][t] = q[k][t] - lambda[k][t] / 0.3;
            }
        }
        double[][] unbounded = AdmmKernel.reciprocal(w, REVERSE);
        for (int k = 0; k < 6; k++) {
            assertTrue(java.util.Arrays.equals(unbounded[k], bounded[k]));
        }
    }

    @Test
    void poolAuxiliaryWithActiveBoundsIsTheProjectionOntoBoundedZeroSumTrades() {
        Random rng = new Random(7);
        for (int trial = 0; trial < 200; trial++) {
            int n = 2 + rng.nextInt(6);
            double[][] q = random(rng, n, 1);
            double[] limit = new double[n];
            boolean[] active = new boolean[n];
            for (int u = 0; u < n; u++) {
                limit[u] = rng.nextInt(4) == 0 ? 0.0 : 0.2 + rng.nextDouble();
                active[u] = rng.nextInt(5) != 0;
            }
            double[][] z = AdmmKernel.auxiliaryPool(q, new double[n][1], 1.0, active, limit);
            double sum = 0;
            for (int u = 0; u < n; u++) {
                assertTrue(Math.abs(z[u][0]) <= limit[u], "within the limit");
                if (!active[u]) {
                    assertEquals(0.0, z[u][0], 0.0, "an inactive link is zero");
                }
                sum += z[u][0];
            }
            assertEquals(0.0, sum, 1e-12, "zero sum");
            // optimality of the projection: z_u = clamp(q_u − ν) for one ν (a free link pins ν)
            double nu = Double.NaN;
            for (int u = 0; u < n; u++) {
                if (active[u] && Math.abs(z[u][0]) < limit[u]) {
                    nu = q[u][0] - z[u][0];
                }
            }
            if (!Double.isNaN(nu)) {
                for (int u = 0; u < n; u++) {
                    if (active[u]) {
                        double expected = Math.max(-limit[u], Math.min(limit[u], q[u][0] - nu));
                        assertEquals(expected, z[u][0], 1e-12, "trial " + trial + ", link " + u);
                    }
                }
            }
        }
    }

    @Test
    void poolAuxiliaryWithoutActiveBoundsSubtractsTheMeanOfTheActiveOnes() {
        double[][] q = {{1.0}, {2.0}, {6.0}, {100.0}};
        boolean[] active = {true, true, true, false};
        double[][] z = AdmmKernel.auxiliaryPool(q, new double[4][1], 1.0, active, new double[] {9, 9, 9, 0});
        assertArrayEquals(new double[][] {{-2.0}, {-1.0}, {3.0}, {0.0}}, z);
    }

    @Test
    void aNonFiniteResidualNeverPassesAStoppingTest() {
        assertFalse(AdmmKernel.withinTolerance(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY));
        assertFalse(AdmmKernel.withinTolerance(Double.NaN, 1.0));
        assertFalse(AdmmKernel.withinTolerance(0.0, Double.NaN));
        assertFalse(AdmmKernel.withinTolerance(1.0, Double.POSITIVE_INFINITY));
        assertTrue(AdmmKernel.withinTolerance(1.0, 1.0));
    }

    @Test
    void dualsStaySymmetricFromZeroAsModelMdStates() {
        Random rng = new Random(4);
        double[][] lambda = new double[6][3];
        double[][] aux = new double[6][3];
        for (int k = 0; k < 20; k++) {
            double[][] p = random(rng, 6, 3);
            aux = AdmmKernel.auxiliaryBilateral(p, lambda, 0.5, REVERSE, WIDE);
            AdmmKernel.updateDuals(lambda, 0.5, aux, p);
        }
        for (int k = 0; k < 6; k++) {
            for (int t = 0; t < 3; t++) {
                assertEquals(lambda[k][t], lambda[REVERSE[k]][t], 1e-12);
            }
        }
    }

    @Test
    void dualUpdateAddsRhoTimesTheGap() {
        double[][] lambda = {{1.0, -1.0}};
        AdmmKernel.updateDuals(lambda, 0.5, new double[][] {{2.0, 0.0}}, new double[][] {{1.0, 1.0}});
        assertArrayEquals(new double[] {1.5, -1.5}, lambda[0]);
    }

    @Test
    void relaxationOfOneReturnsTheTrades() {
        double[][] p = {{1.25, -3.5}};
        assertArrayEquals(p, AdmmKernel.relax(1.0, p, new double[][] {{9, 9}}));
        assertArrayEquals(new double[] {1.6 * 1.25 - 0.6 * 9, 1.6 * -3.5 - 0.6 * 9},
                AdmmKernel.relax(1.6, p, new double[][] {{9, 9}})[0], 1e-15);
    }

    @Test
    void residualsAndTolerancesFollowTheirDefinitions() {
        double[][] a = {{3, 0}, {0, 4}};
        double[][] b = {{0, 0}, {0, 0}};
        assertEquals(5.0, AdmmKernel.norm(a));
        assertEquals(5.0, AdmmKernel.distance(a, b));
        assertEquals(7.0, AdmmKernel.paperResidual(b, a));
        assertEquals(2 * 1e-3 + 0.1 * 5, AdmmKernel.primalTolerance(4, 1e-3, 0.1, 5, 2), 1e-15);
        assertEquals(2 * 1e-3 + 0.1 * 3, AdmmKernel.dualTolerance(4, 1e-3, 0.1, 3), 1e-15);
    }

    @Test
    void residualBalancingMovesRhoTowardsTheLargerResidual() {
        assertEquals(2.0, AdmmKernel.balanceRho(1.0, 11, 1, 10, 2));
        assertEquals(0.5, AdmmKernel.balanceRho(1.0, 1, 11, 10, 2));
        assertEquals(1.0, AdmmKernel.balanceRho(1.0, 5, 1, 10, 2));
    }

    @Test
    void bilateralClearingTradesTheLesserOfBidAndOfferExactlyReciprocally() {
        // 0 bids 2 from 1, 1 offers 3 to 0 (p_10 = −3): they trade 2; 0 and 2 both want to buy from each
        // other (no agreement): nothing; 1 sells 0.5 to 2, 2 bids 0.7: 0.5.
        double[][] p = {{2}, {1}, {-3}, {-0.5}, {1}, {0.7}};
        double[][] c = AdmmKernel.clearBilateral(p, REVERSE);
        assertArrayEquals(new double[][] {{2}, {0}, {-2}, {-0.5}, {0}, {0.5}}, c);
        Random rng = new Random(7);
        double[][] q = random(rng, 6, 50);
        double[][] cq = AdmmKernel.clearBilateral(q, REVERSE);
        for (int k = 0; k < 6; k++) {
            for (int t = 0; t < 50; t++) {
                assertEquals(0.0, cq[k][t] + cq[REVERSE[k]][t], 0.0, "exactly reciprocal");
                assertTrue(Math.abs(cq[k][t]) <= Math.abs(q[k][t]), "nobody trades more than it proposed");
                assertTrue(cq[k][t] * q[k][t] >= 0, "in the direction it proposed");
            }
        }
    }

    @Test
    void poolClearingRationsTheLongSideProRataAndLeavesTheShortSideWhole() {
        // slot 0: bought 3 + 1 = 4, sold 2: buyers get half; slot 1: bought 1, sold 4: sellers sell a quarter
        double[][] q = {{3, 1}, {1, -3}, {-2, -1}};
        double[][] c = AdmmKernel.clearPool(q);
        assertArrayEquals(new double[][] {{1.5, 1}, {0.5, -0.75}, {-2, -0.25}}, c);
        Random rng = new Random(8);
        double[][] r = random(rng, 7, 40);
        double[][] cr = AdmmKernel.clearPool(r);
        for (int t = 0; t < 40; t++) {
            double sum = 0;
            double scale = 0;
            for (int u = 0; u < 7; u++) {
                sum += cr[u][t];
                scale += Math.abs(r[u][t]);
                assertTrue(Math.abs(cr[u][t]) <= Math.abs(r[u][t]) && cr[u][t] * r[u][t] >= 0);
            }
            assertEquals(0.0, sum, 1e-15 * scale, "zero-sum up to rounding");
        }
    }
}
