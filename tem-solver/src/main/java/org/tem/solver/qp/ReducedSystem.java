package org.tem.solver.qp;

import java.util.Arrays;
import java.util.BitSet;
import org.ejml.data.DMatrixSparseCSC;
import org.ejml.sparse.csc.decomposition.chol.CholeskyUpLooking_DSCC;
import org.ejml.sparse.csc.misc.TriangularSolver_DSCC;

/**
 * The symmetric positive definite system of the OSQP x-update,
 *
 * <pre>
 *   K = P + σI + diag(ρ_b) + Aᵀ diag(ρ) A,
 * </pre>
 *
 * split as {@code K = K_s + A_wᵀ diag(ρ_w) A_w}: the sparse part {@code K_s} (P, σ, ρ_b and the
 * rows of A that are not "Woodbury rows") is factorised by EJML's up-looking sparse Cholesky after a
 * {@link MinimumDegree} permutation, or inverted directly when it is diagonal; the Woodbury rows
 * (all rows when P is diagonal and the row count is small, else only dense rows) are handled by the
 * Woodbury identity with a dense Cholesky factor of {@code S = diag(1/ρ_w) + A_w K_s⁻¹ A_wᵀ}.
 * The symbolic analysis (ordering, pattern, EJML elimination tree) is done once; {@link #factor}
 * only refills values. Not thread-safe; {@link #solve} does not allocate.
 */
final class ReducedSystem {
    private final int n;
    private final int m;
    private final double sigma;
    // P (scaled upper triangle)
    private final int[] pStart;
    private final int[] pRow;
    private final double[] pVal;
    // A in CSR form (scaled)
    private final int[] rowStart;
    private final int[] rowCol;
    private final double[] rowVal;
    // Woodbury rows
    private final int[] woodRows;
    private final int mw;
    private final double[] s;
    private final double[] sRhs;
    // sparse part
    private final boolean diagonal;
    private final double[] diag;
    private final int[] perm;
    private final DMatrixSparseCSC kMatrix;
    private final CholeskyUpLooking_DSCC cholesky;
    private int[] posP;
    private int[] posDiag;
    private int[] sparseRows;
    private int[] pairStart;
    private int[] pairPos;
    private double[] pairVal;
    private DMatrixSparseCSC lower;
    private final double[] work;
    private final double[] work2;
    /** 1 for a Woodbury row that takes part (ρ > 0), 0 for one left out (ρ = 0). */
    private final double[] woodOn;
    private boolean factored;

    /**
     * A second system with the same structure (rows, ordering, symbolic pattern) and another σ,
     * sharing the immutable analysis of {@code shape}; used by polishing.
     *
     * @param shape a system to copy the structure of
     * @param sigma the diagonal regularisation of the new system
     */
    ReducedSystem(ReducedSystem shape, double sigma) {
        this.n = shape.n;
        this.m = shape.m;
        this.sigma = sigma;
        this.pStart = shape.pStart;
        this.pRow = shape.pRow;
        this.pVal = shape.pVal;
        this.rowStart = shape.rowStart;
        this.rowCol = shape.rowCol;
        this.rowVal = shape.rowVal;
        this.woodRows = shape.woodRows;
        this.mw = shape.mw;
        this.s = new double[mw * mw];
        this.sRhs = new double[mw];
        this.woodOn = new double[mw];
        this.diagonal = shape.diagonal;
        this.diag = diagonal ? new double[n] : null;
        this.perm = shape.perm;
        this.posP = shape.posP;
        this.posDiag = shape.posDiag;
        this.sparseRows = shape.sparseRows;
        this.pairStart = shape.pairStart;
        this.pairPos = shape.pairPos;
        this.pairVal = shape.pairVal;
        if (diagonal) {
            kMatrix = null;
            cholesky = null;
        } else {
            kMatrix = shape.kMatrix.copy();
            cholesky = new CholeskyUpLooking_DSCC();
        }
        work = new double[n];
        work2 = new double[n];
    }

    ReducedSystem(int n, int[] pStart, int[] pRow, double[] pVal, int m, int[] aStart, int[] aRow, double[] aVal,
            double sigma, int woodburyMaxRows, int denseRowThreshold) {
        this.n = n;
        this.m = m;
        this.sigma = sigma;
        this.pStart = pStart;
        this.pRow = pRow;
        this.pVal = pVal;
        // CSR of A
        rowStart = new int[m + 1];
        for (int k = 0; k < aStart[n]; k++) {
            rowStart[aRow[k] + 1]++;
        }
        for (int i = 0; i < m; i++) {
            rowStart[i + 1] += rowStart[i];
        }
        rowCol = new int[aStart[n]];
        rowVal = new double[aStart[n]];
        int[] next = Arrays.copyOf(rowStart, m);
        for (int j = 0; j < n; j++) {
            for (int k = aStart[j]; k < aStart[j + 1]; k++) {
                int p = next[aRow[k]]++;
                rowCol[p] = j;
                rowVal[p] = aVal[k];
            }
        }
        boolean pDiagonal = true;
        for (int j = 0; j < n && pDiagonal; j++) {
            for (int k = pStart[j]; k < pStart[j + 1]; k++) {
                if (pRow[k] != j) {
                    pDiagonal = false;
                    break;
                }
            }
        }
        boolean[] isWood = new boolean[m];
        int count = 0;
        if (pDiagonal && m <= woodburyMaxRows) {
            Arrays.fill(isWood, true);
            count = m;
        } else {
            for (int i = 0; i < m && count < 400; i++) {
                if (rowStart[i + 1] - rowStart[i] > denseRowThreshold) {
                    isWood[i] = true;
                    count++;
                }
            }
        }
        woodRows = new int[count];
        int[] sparse = new int[m - count];
        for (int i = 0, a = 0, b = 0; i < m; i++) {
            if (isWood[i]) {
                woodRows[a++] = i;
            } else {
                sparse[b++] = i;
            }
        }
        mw = count;
        s = new double[mw * mw];
        sRhs = new double[mw];
        woodOn = new double[mw];
        work = new double[n];
        work2 = new double[n];
        diagonal = pDiagonal && sparse.length == 0;
        if (diagonal) {
            diag = new double[n];
            perm = null;
            kMatrix = null;
            cholesky = null;
        } else {
            diag = null;
            sparseRows = sparse;
            perm = new int[n];
            kMatrix = symbolic();
            cholesky = new CholeskyUpLooking_DSCC();
        }
    }

    /** Builds the ordering, the permuted upper pattern of K_s and the value maps. */
    private DMatrixSparseCSC symbolic() {
        BitSet[] adjacency = new BitSet[n];
        for (int j = 0; j < n; j++) {
            adjacency[j] = new BitSet();
        }
        for (int j = 0; j < n; j++) {
            for (int k = pStart[j]; k < pStart[j + 1]; k++) {
                int i = pRow[k];
                if (i != j) {
                    adjacency[i].set(j);
                    adjacency[j].set(i);
                }
            }
        }
        int pairs = 0;
        for (int i : sparseRows) {
            int len = rowStart[i + 1] - rowStart[i];
            pairs += len * (len + 1) / 2;
            for (int a = rowStart[i]; a < rowStart[i + 1]; a++) {
                for (int b = a + 1; b < rowStart[i + 1]; b++) {
                    adjacency[rowCol[a]].set(rowCol[b]);
                    adjacency[rowCol[b]].set(rowCol[a]);
                }
            }
        }
        int[] order = MinimumDegree.order(adjacency);
        System.arraycopy(order, 0, perm, 0, n);
        int[] pinv = new int[n];
        for (int k = 0; k < n; k++) {
            pinv[perm[k]] = k;
        }
        long[] keys = new long[pStart[n] + n + pairs];
        int nk = 0;
        for (int j = 0; j < n; j++) {
            for (int k = pStart[j]; k < pStart[j + 1]; k++) {
                keys[nk++] = key(pinv[pRow[k]], pinv[j]);
            }
            keys[nk++] = key(pinv[j], pinv[j]);
        }
        pairStart = new int[sparseRows.length + 1];
        pairVal = new double[pairs];
        int np = 0;
        for (int r = 0; r < sparseRows.length; r++) {
            int i = sparseRows[r];
            pairStart[r] = np;
            for (int a = rowStart[i]; a < rowStart[i + 1]; a++) {
                for (int b = a; b < rowStart[i + 1]; b++) {
                    keys[nk++] = key(pinv[rowCol[a]], pinv[rowCol[b]]);
                    pairVal[np++] = rowVal[a] * rowVal[b];
                }
            }
        }
        pairStart[sparseRows.length] = np;
        long[] sorted = Arrays.copyOf(keys, nk);
        Arrays.sort(sorted);
        int unique = 0;
        for (int k = 0; k < nk; k++) {
            if (k == 0 || sorted[k] != sorted[k - 1]) {
                sorted[unique++] = sorted[k];
            }
        }
        int[] colIdx = new int[n + 1];
        int[] rows = new int[unique];
        for (int k = 0; k < unique; k++) {
            int col = (int) (sorted[k] / n);
            rows[k] = (int) (sorted[k] % n);
            colIdx[col + 1]++;
        }
        for (int j = 0; j < n; j++) {
            colIdx[j + 1] += colIdx[j];
        }
        long[] table = Arrays.copyOf(sorted, unique);
        int at = 0;
        posP = new int[pStart[n]];
        posDiag = new int[n];
        for (int j = 0; j < n; j++) {
            for (int k = pStart[j]; k < pStart[j + 1]; k++) {
                posP[k] = Arrays.binarySearch(table, keys[at++]);
            }
            posDiag[j] = Arrays.binarySearch(table, keys[at++]);
        }
        pairPos = new int[pairs];
        for (int p = 0; p < pairs; p++) {
            pairPos[p] = Arrays.binarySearch(table, keys[at++]);
        }
        DMatrixSparseCSC k = new DMatrixSparseCSC(n, n, Math.max(1, unique));
        k.col_idx = colIdx;
        k.nz_rows = Arrays.copyOf(rows, Math.max(1, unique));
        k.nz_values = new double[Math.max(1, unique)];
        k.nz_length = unique;
        k.indicesSorted = true;
        return k;
    }

    /** Upper-triangle key (row ≤ column) in permuted coordinates, ordered by column then row. */
    private long key(int a, int b) {
        int row = Math.min(a, b);
        int col = Math.max(a, b);
        return (long) col * n + row;
    }

    /** @return number of rows handled by the Woodbury correction */
    int woodburyRows() {
        return mw;
    }

    /** @return true when the sparse part is diagonal (no sparse factorisation) */
    boolean isDiagonal() {
        return diagonal;
    }

    /** @return stored entries of the sparse Cholesky factor, 0 on the diagonal path */
    int factorNonZeros() {
        return lower == null ? 0 : lower.nz_length;
    }

    /**
     * Numeric factorisation for the given penalties.
     *
     * @param rhoA ρ per row of A, each {@code >= 0} (0 leaves the row out)
     * @param rhoB ρ per variable bound, each {@code >= 0}
     * @return false when the factorisation failed (not numerically positive definite)
     */
    boolean factor(double[] rhoA, double[] rhoB) {
        factored = false;
        if (diagonal) {
            for (int j = 0; j < n; j++) {
                diag[j] = sigma + rhoB[j];
            }
            for (int j = 0; j < n; j++) {
                for (int k = pStart[j]; k < pStart[j + 1]; k++) {
                    diag[j] += pVal[k];
                }
            }
            for (int j = 0; j < n; j++) {
                if (!(diag[j] > 0.0) || !Double.isFinite(diag[j])) {
                    return false;
                }
            }
        } else {
            double[] v = kMatrix.nz_values;
            Arrays.fill(v, 0.0);
            for (int k = 0; k < posP.length; k++) {
                v[posP[k]] += pVal[k];
            }
            for (int j = 0; j < n; j++) {
                v[posDiag[j]] += sigma + rhoB[j];
            }
            for (int r = 0; r < sparseRows.length; r++) {
                double rho = rhoA[sparseRows[r]];
                for (int p = pairStart[r]; p < pairStart[r + 1]; p++) {
                    v[pairPos[p]] += rho * pairVal[p];
                }
            }
            try {
                if (!cholesky.decompose(kMatrix)) {
                    return false;
                }
            } catch (RuntimeException e) {
                return false;
            }
            cholesky.setStructureLocked(true);
            lower = cholesky.getL();
        }
        if (mw > 0) {
            Arrays.fill(s, 0.0);
            if (diagonal) {
                // S = diag(1/ρ) + A_w D⁻¹ A_wᵀ, accumulated row pair by row pair through the CSR rows
                Arrays.fill(work, 0.0);
                for (int a = 0; a < mw; a++) {
                    int ra = woodRows[a];
                    for (int p = rowStart[ra]; p < rowStart[ra + 1]; p++) {
                        work[rowCol[p]] = rowVal[p] / diag[rowCol[p]];
                    }
                    for (int b = a; b < mw; b++) {
                        int rb = woodRows[b];
                        double sum = 0.0;
                        for (int p = rowStart[rb]; p < rowStart[rb + 1]; p++) {
                            sum += rowVal[p] * work[rowCol[p]];
                        }
                        s[b * mw + a] = sum;
                    }
                    for (int p = rowStart[ra]; p < rowStart[ra + 1]; p++) {
                        work[rowCol[p]] = 0.0;
                    }
                }
            } else {
                for (int a = 0; a < mw; a++) {
                    Arrays.fill(work, 0.0);
                    int ra = woodRows[a];
                    for (int p = rowStart[ra]; p < rowStart[ra + 1]; p++) {
                        work[rowCol[p]] = rowVal[p];
                    }
                    sparseSolve(work);
                    for (int b = a; b < mw; b++) {
                        int rb = woodRows[b];
                        double sum = 0.0;
                        for (int p = rowStart[rb]; p < rowStart[rb + 1]; p++) {
                            sum += rowVal[p] * work[rowCol[p]];
                        }
                        s[b * mw + a] = sum;
                    }
                }
            }
            for (int a = 0; a < mw; a++) {
                double rho = rhoA[woodRows[a]];
                if (rho > 0.0) {
                    woodOn[a] = 1.0;
                    s[a * mw + a] += 1.0 / rho;
                } else {
                    // a row left out: its row and column of S become those of the identity
                    woodOn[a] = 0.0;
                    for (int b = 0; b < mw; b++) {
                        s[Math.max(a, b) * mw + Math.min(a, b)] = 0.0;
                    }
                    s[a * mw + a] = 1.0;
                }
            }
            if (!DenseCholesky.factor(s, mw)) {
                return false;
            }
        }
        factored = true;
        return true;
    }

    /** @return true after a successful {@link #factor} */
    boolean isFactored() {
        return factored;
    }

    /** Solves {@code K_s x = b} in place. */
    private void sparseSolve(double[] b) {
        if (diagonal) {
            for (int j = 0; j < n; j++) {
                b[j] /= diag[j];
            }
            return;
        }
        double[] t = work2;
        for (int k = 0; k < n; k++) {
            t[k] = b[perm[k]];
        }
        TriangularSolver_DSCC.solveL(lower, t);
        TriangularSolver_DSCC.solveTranL(lower, t);
        for (int k = 0; k < n; k++) {
            b[perm[k]] = t[k];
        }
    }

    /**
     * Solves {@code K x = b}.
     *
     * @param b right-hand side, length n, overwritten with the solution
     */
    void solve(double[] b) {
        sparseSolve(b);
        if (mw == 0) {
            return;
        }
        for (int a = 0; a < mw; a++) {
            int r = woodRows[a];
            double sum = 0.0;
            for (int p = rowStart[r]; p < rowStart[r + 1]; p++) {
                sum += rowVal[p] * b[rowCol[p]];
            }
            sRhs[a] = sum * woodOn[a];
        }
        DenseCholesky.solve(s, mw, sRhs);
        double[] w = work;
        Arrays.fill(w, 0.0);
        for (int a = 0; a < mw; a++) {
            int r = woodRows[a];
            double sa = sRhs[a];
            for (int p = rowStart[r]; p < rowStart[r + 1]; p++) {
                w[rowCol[p]] += rowVal[p] * sa;
            }
        }
        sparseSolve(w);
        for (int j = 0; j < n; j++) {
            b[j] -= w[j];
        }
    }
}
