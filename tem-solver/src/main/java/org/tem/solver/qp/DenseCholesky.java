package org.tem.solver.qp;

/**
 * In-place dense Cholesky factorisation {@code S = L Lᵀ} of a small symmetric positive definite
 * matrix stored row-major in a {@code double[n*n]}, and the matching solve. Allocation-free.
 * Stateless and thread-safe.
 */
final class DenseCholesky {
    private DenseCholesky() {
    }

    /**
     * Factorises in place; only the lower triangle is read and overwritten with {@code L}.
     *
     * @param a row-major n×n matrix
     * @param n the order
     * @return false when a pivot is not positive (matrix not numerically SPD)
     */
    static boolean factor(double[] a, int n) {
        for (int j = 0; j < n; j++) {
            int rj = j * n;
            double d = a[rj + j];
            for (int k = 0; k < j; k++) {
                d -= a[rj + k] * a[rj + k];
            }
            if (!(d > 0.0) || !Double.isFinite(d)) {
                return false;
            }
            double ljj = Math.sqrt(d);
            a[rj + j] = ljj;
            double inv = 1.0 / ljj;
            for (int i = j + 1; i < n; i++) {
                int ri = i * n;
                double s = a[ri + j];
                for (int k = 0; k < j; k++) {
                    s -= a[ri + k] * a[rj + k];
                }
                a[ri + j] = s * inv;
            }
        }
        return true;
    }

    /**
     * Solves {@code L Lᵀ x = b} in place.
     *
     * @param l the factor from {@link #factor(double[], int)}
     * @param n the order
     * @param b right-hand side, overwritten with the solution
     */
    static void solve(double[] l, int n, double[] b) {
        for (int i = 0; i < n; i++) {
            int ri = i * n;
            double s = b[i];
            for (int k = 0; k < i; k++) {
                s -= l[ri + k] * b[k];
            }
            b[i] = s / l[ri + i];
        }
        for (int i = n - 1; i >= 0; i--) {
            double s = b[i];
            for (int k = i + 1; k < n; k++) {
                s -= l[k * n + i] * b[k];
            }
            b[i] = s / l[i * n + i];
        }
    }
}
