package org.tem.solver.qp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link SupernodalCholesky} against a dense reference on matrices of the shapes the interior point meets. */
class SupernodalCholeskyTest {

    /** Upper-triangle CSC of a dense symmetric matrix (entries exactly 0 left out, diagonal always kept). */
    private static Object[] upper(double[][] k) {
        int n = k.length;
        int[] start = new int[n + 1];
        List<Integer> rows = new ArrayList<>();
        List<Double> vals = new ArrayList<>();
        for (int j = 0; j < n; j++) {
            for (int i = 0; i <= j; i++) {
                if (k[i][j] != 0.0 || i == j) {
                    rows.add(i);
                    vals.add(k[i][j]);
                }
            }
            start[j + 1] = rows.size();
        }
        return new Object[] {start, rows.stream().mapToInt(Integer::intValue).toArray(),
            vals.stream().mapToDouble(Double::doubleValue).toArray()};
    }

    /** Solves k x = b through the supernodal factor and returns ‖k x − b‖∞ / (1 + ‖b‖∞). */
    private static double relativeResidual(double[][] k, long seed) {
        Object[] u = upper(k);
        SupernodalCholesky chol = new SupernodalCholesky(k.length, (int[]) u[0], (int[]) u[1]);
        assertTrue(chol.factor((double[]) u[2]), "positive definite");
        Random rnd = new Random(seed);
        double[] b = new double[k.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = rnd.nextGaussian();
        }
        double[] x = b.clone();
        chol.solve(x);
        double worst = 0;
        double scale = 0;
        for (int i = 0; i < k.length; i++) {
            double r = -b[i];
            for (int j = 0; j < k.length; j++) {
                r += k[i][j] * x[j];
            }
            worst = Math.max(worst, Math.abs(r));
            scale = Math.max(scale, Math.abs(b[i]));
        }
        return worst / (1 + scale);
    }

    /** B Bᵀ + I for a random sparse B: a random sparsity pattern with fill. */
    private static double[][] randomSpd(int n, double density, long seed) {
        Random rnd = new Random(seed);
        double[][] b = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (rnd.nextDouble() < density) {
                    b[i][j] = rnd.nextGaussian();
                }
            }
        }
        double[][] k = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = i == j ? 1.0 : 0.0;
                for (int l = 0; l < n; l++) {
                    s += b[i][l] * b[j][l];
                }
                k[i][j] = s;
            }
        }
        return k;
    }

    @Test
    void solvesRandomSparseSystemsToRoundOff() {
        for (long seed = 1; seed <= 30; seed++) {
            int n = 1 + (int) (seed * 7 % 60);
            double density = seed % 3 == 0 ? 0.02 : seed % 3 == 1 ? 0.06 : 0.3;
            double[][] k = randomSpd(n, density, seed);
            double res = relativeResidual(k, seed);
            assertTrue(res < 1e-12, "n=" + n + " density=" + density + " residual " + res);
        }
    }

    @Test
    void tridiagonalChainIsGroupedIntoRelaxedSupernodes() {
        int n = 50;
        double[][] k = new double[n][n];
        for (int i = 0; i < n; i++) {
            k[i][i] = 4;
            if (i + 1 < n) {
                k[i][i + 1] = -1;
                k[i + 1][i] = -1;
            }
        }
        assertTrue(relativeResidual(k, 3) < 1e-14);
        Object[] u = upper(k);
        SupernodalCholesky chol = new SupernodalCholesky(n, (int[]) u[0], (int[]) u[1]);
        // a chain is a path in the elimination tree with column counts 2, ..., 2, 1: no two columns form a
        // fundamental supernode, but the relaxation (at most 4 explicit zeros per merge) groups 5 columns;
        // each panel stores its 5 × 5 diagonal block whole plus one row below (the last one none)
        assertEquals(10, chol.supernodes());
        assertEquals(9L * 6 * 5 + 5 * 5, chol.factorNonZeros());
    }

    @Test
    void arrowMatrixWithADenseLastRowHasNoFill() {
        // the dense row ordered last: L has exactly the pattern of the lower triangle
        int n = 40;
        double[][] k = new double[n][n];
        for (int i = 0; i < n; i++) {
            k[i][i] = n + 1.0;
            k[i][n - 1] = 1;
            k[n - 1][i] = 1;
        }
        k[n - 1][n - 1] = 2.0 * n;
        assertTrue(relativeResidual(k, 5) < 1e-14);
        Object[] u = upper(k);
        SupernodalCholesky chol = new SupernodalCholesky(n, (int[]) u[0], (int[]) u[1]);
        assertEquals(2L * n - 1, chol.factorNonZeros());
    }

    @Test
    void denseMatrixIsOneSupernode() {
        double[][] k = randomSpd(30, 1.0, 9);
        assertTrue(relativeResidual(k, 9) < 1e-12);
        Object[] u = upper(k);
        assertEquals(1, new SupernodalCholesky(30, (int[]) u[0], (int[]) u[1]).supernodes());
    }

    @Test
    void indefiniteMatrixIsReportedNotFactored() {
        double[][] k = {{1, 2}, {2, 1}};
        Object[] u = upper(k);
        SupernodalCholesky chol = new SupernodalCholesky(2, (int[]) u[0], (int[]) u[1]);
        assertFalse(chol.factor((double[]) u[2]));
        double[] nan = ((double[]) u[2]).clone();
        nan[0] = Double.NaN;
        assertFalse(chol.factor(nan));
        // the same pattern with positive definite values factors afterwards
        assertTrue(chol.factor(new double[] {2, 1, 2}));
    }

    @Test
    void missingDiagonalIsRejected() {
        int[] start = {0, 1, 2};
        int[] rows = {0, 0};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SupernodalCholesky(2, start, rows));
        assertTrue(e.getMessage().contains("column 1"), e.getMessage());
    }

    @Test
    void emptyMatrixIsAllowed() {
        SupernodalCholesky chol = new SupernodalCholesky(0, new int[] {0}, new int[0]);
        assertTrue(chol.factor(new double[0]));
        chol.solve(new double[0]);
        assertEquals(0, chol.supernodes());
    }
}
