package org.tem.solver.qp;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReducedSystemTest {

    /** Every path (diagonal Woodbury, sparse Cholesky, sparse + dense-row correction) solves K x = b,
     *  also after a solve followed by a refactorisation with new penalties. */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6, 7})
    void solvesTheReducedSystemAcrossRefactorisations(int seed) {
        Random r = new Random(seed);
        int n = 5 + r.nextInt(30);
        int m = 1 + r.nextInt(12);
        boolean diagonalP = seed % 2 == 0;
        SparseMatrixBuilder pb = new SparseMatrixBuilder(n, n);
        for (int j = 0; j < n; j++) {
            pb.add(j, j, 1 + r.nextDouble());
            if (!diagonalP && j > 0 && r.nextBoolean()) {
                pb.add(j - 1, j, 0.3);
            }
        }
        SparseMatrixBuilder ab = new SparseMatrixBuilder(m, n);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                if (r.nextDouble() < (i == 0 ? 0.9 : 0.2)) {
                    ab.add(i, j, r.nextGaussian());
                }
            }
        }
        SparseMatrix p = pb.build();
        SparseMatrix a = ab.build();
        int[][] modes = {{400, 200}, {0, 200}, {0, 4}};
        for (int[] mode : modes) {
            ReducedSystem system = new ReducedSystem(n, p.columnStarts(), p.rowIndices(), p.values(), m,
                    a.columnStarts(), a.rowIndices(), a.values(), 1e-6, mode[0], mode[1]);
            double[] rhoA = new double[m];
            double[] rhoB = new double[n];
            for (int round = 0; round < 3; round++) {
                for (int i = 0; i < m; i++) {
                    rhoA[i] = Math.pow(10, r.nextInt(7) - 3);
                }
                for (int j = 0; j < n; j++) {
                    rhoB[j] = r.nextDouble() < 0.3 ? 1e-6 : Math.pow(10, r.nextInt(5) - 2);
                }
                assertTrue(system.factor(rhoA, rhoB));
                for (int solve = 0; solve < 2; solve++) {
                    double[] b = new double[n];
                    for (int j = 0; j < n; j++) {
                        b[j] = r.nextGaussian();
                    }
                    double[] x = b.clone();
                    system.solve(x);
                    double error = 0;
                    double scale = 0;
                    for (int i = 0; i < n; i++) {
                        double kx = 0;
                        for (int j = 0; j < n; j++) {
                            double k = (i <= j ? p.get(i, j) : p.get(j, i)) + (i == j ? 1e-6 + rhoB[i] : 0);
                            for (int row = 0; row < m; row++) {
                                k += a.get(row, i) * rhoA[row] * a.get(row, j);
                            }
                            kx += k * x[j];
                            scale = Math.max(scale, Math.abs(k * x[j]));
                        }
                        error = Math.max(error, Math.abs(kx - b[i]));
                    }
                    assertTrue(error <= 1e-10 * (1 + scale), "mode " + mode[0] + "/" + mode[1] + " error " + error);
                }
            }
        }
    }
}
