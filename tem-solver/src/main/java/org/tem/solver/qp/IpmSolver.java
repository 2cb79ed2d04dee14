package org.tem.solver.qp;

import java.util.Arrays;
import java.util.BitSet;

/**
 * A sparse primal-dual interior-point QP solver (Mehrotra predictor-corrector) for problems with a
 * <b>diagonal</b> {@code P}, meant for the large central problems on which the first-order
 * {@link OsqpSolver} needs thousands of iterations.
 *
 * <h2>Formulation</h2>
 * Each row with at least one finite side gets a slack {@code s = Ax}; every inequality becomes a bound
 * on {@code x} or {@code s}. Equality rows ({@code lower == upper}) keep {@code s} fixed at the
 * right-hand side, fixed variables ({@code lower == upper}) are held at their value, rows with no finite
 * side are ignored (their dual is 0). The iterates of {@code x} and {@code s} stay strictly inside their
 * bounds (only {@code Ax = s} and stationarity are infeasible during the solve), so the returned
 * {@code x} needs no clipping except for fixed variables, which are exact.
 *
 * <h2>Linear algebra</h2>
 * The Newton system is reduced to the normal equations in the row space,
 * {@code (A (P + Σ_x + δ_p)⁻¹ Aᵀ + Σ_s⁻¹ + δ_d) Δy = r}, with {@code Σ} the diagonal barrier terms.
 * This m×m symmetric positive definite matrix is factorised by our supernodal left-looking sparse
 * Cholesky ({@link SupernodalCholesky}) after a {@link MinimumDegree} ordering: where the central problem
 * fills in (every pair of homes trading couples all balance rows of a slot, and each home couples its
 * own rows across the day) the factor is a few dense blocks, and dense panel updates keep it fast. The
 * ordering, pattern, symbolic factorisation and value map are computed once per constraint matrix and
 * bound structure and reused by later solves with the same {@link QpProblem#constraints()} instance.
 * The small regularisations {@code δ_p}, {@code δ_d} (which make free variables and rank deficient
 * equality rows harmless) are removed by iterative refinement against the unregularised Newton system;
 * a factorisation that breaks down is retried with a larger {@code δ_d}.
 *
 * <h2>Steps</h2>
 * Mehrotra's predictor-corrector: an affine-scaling predictor, a centring parameter
 * {@code σ = (μ_aff/μ)³} and a corrector with the second-order term, one step length for primal and
 * dual ({@code 0.995} of the way to the boundary). A corrector step that would not reduce the average
 * complementarity {@code μ} by at least a tenth of its step (or is shorter than 0.1) is replaced by a
 * centred Newton step without the second-order term: the second-order term is only as good as the
 * affine step it comes from, and without this rule the complementarity can rise and fall in turn while
 * the residuals vanish, until the stall rule stops the run. Then centrality correctors (Gondzio 1996)
 * reuse the factor: each pulls the complementarity products at a longer trial step back into
 * {@code [0.1, 10]·σμ} and is kept only if it lengthens the step by at least 0.02; one per iteration
 * where the factor is cheap (a few solves' worth), up to four where it is expensive. On the synthetic
 * days of 10-200 homes four correctors cut the iterations by a quarter (712 to 529 over 30 days). The
 * step fraction stays 0.995 to the end: letting it approach 1 as the gap closes saved 1 % of the
 * iterations but made a random QP cycle (see the tests).
 *
 * <h2>Termination</h2>
 * {@link QpStatus#OPTIMAL} when the relative primal residual, the relative dual residual and the
 * relative complementarity gap are all at most {@link #TOLERANCE} (or, when progress stalls, at most
 * {@link #RELAXED_TOLERANCE}). Infeasibility is reported by the classic divergence tests: growing duals
 * that certify {@code Aᵀy + yBounds ≈ 0} with a negative support function give
 * {@link QpStatus#PRIMAL_INFEASIBLE}; a primal direction with {@code PΔx ≈ 0}, {@code qᵀΔx < 0} within
 * the recession cone gives {@link QpStatus#DUAL_INFEASIBLE}. These tests are heuristic: an infeasible
 * problem may also end with {@link QpStatus#MAX_ITERATIONS} or {@link QpStatus#NUMERICAL_ERROR}, so a
 * caller that needs a definite verdict should re-check a non-optimal result with {@link OsqpSolver}.
 *
 * <h2>Limits</h2>
 * A non-diagonal {@code P} is not supported: {@link #solve} returns {@link QpStatus#NUMERICAL_ERROR}
 * at once (iterations 0) and the caller should fall back to {@link OsqpSolver}. Warm starts are ignored
 * (interior-point methods do not profit from them); only the symbolic analysis is reused.
 * Deterministic: fixed loop orders, no threads. Not thread-safe (see {@link QpSolver}).
 */
public final class IpmSolver implements QpSolver {
    /** Target relative primal, dual and gap tolerance. */
    public static final double TOLERANCE = 1e-9;
    /** Tolerance accepted when the iteration stalls before reaching {@link #TOLERANCE}. */
    public static final double RELAXED_TOLERANCE = 1e-8;
    /** Iteration cap. */
    public static final int MAX_ITERATIONS = 100;

    private static final double PRIMAL_REG = 1e-9;
    private static final double DUAL_REG = 1e-10;
    private static final double STEP_FRACTION = 0.995;
    private static final int REFINEMENT_STEPS = 8;
    /**
     * Iterative refinement stops once the Newton system's residual is below this times the right-hand
     * side's scale (one refinement step usually gains six orders: 1e-6 → 1e-12).
     */
    private static final double REFINED = 1e-11;
    /** At most this many centrality correctors per iteration, where a factorisation is expensive. */
    private static final int CORRECTORS = 4;

    private final int maxIterations;

    // cached symbolic analysis
    private SparseMatrix cachedA;
    private boolean[] cachedFixed;
    private int[] cachedRowMap;
    private Symbolic symbolic;

    /** A solver with the default iteration cap {@link #MAX_ITERATIONS}. */
    public IpmSolver() {
        this(MAX_ITERATIONS);
    }

    /**
     * @param maxIterations the iteration cap, at least 1
     * @throws IllegalArgumentException when the cap is below 1
     */
    public IpmSolver(int maxIterations) {
        if (maxIterations < 1) {
            throw new IllegalArgumentException("maxIterations must be >= 1, was " + maxIterations);
        }
        this.maxIterations = maxIterations;
    }

    @Override
    public String name() {
        return "ipm";
    }

    /**
     * Solves the problem by the interior-point method. The start is ignored.
     *
     * @param problem the problem; {@code P} must be diagonal, else the result is
     *     {@link QpStatus#NUMERICAL_ERROR} without iterations
     * @param start ignored
     * @return the result, never null
     */
    @Override
    public QpResult solve(QpProblem problem, QpStart start) {
        long t0 = System.nanoTime();
        try {
            return new Run(problem, t0).run();
        } catch (RuntimeException e) {
            // a breakdown in the linear algebra (e.g. a factor too large for an array) is an outcome too
            int n = problem.variables();
            double[] x = clip(new double[n], problem.varLower(), problem.varUpper());
            return new QpResult(QpStatus.NUMERICAL_ERROR, x, new double[problem.rows()], new double[n],
                    problem.objective(x), 0, problem.maxViolation(x), Double.NaN, false, System.nanoTime() - t0);
        }
    }

    private static double[] clip(double[] x, double[] lo, double[] hi) {
        for (int j = 0; j < x.length; j++) {
            x[j] = Math.min(hi[j], Math.max(lo[j], x[j]));
        }
        return x;
    }

    /** Ordering, permuted upper pattern of the normal matrix and the value map (depends on A and bounds only). */
    private static final class Symbolic {
        final int mr;
        final int[] perm;
        /** Values of the permuted upper triangle of the normal matrix, in the factor's pattern order. */
        final double[] values;
        final SupernodalCholesky cholesky;
        /** per column j: pairs colPair[j] .. colPair[j+1] with positions pairPos and products pairProd. */
        final int[] colPair;
        final int[] pairPos;
        final double[] pairProd;
        final int[] posDiag;
        /**
         * Centrality correctors allowed per iteration: each costs one more solve with the factor, so they
         * pay where factorising costs many solves (Gondzio's rule of thumb). Measured on the synthetic days:
         * the pool (factor ≈ 4 solves) is fastest with one, the 50-home bilateral day (factor ≈ 100 solves)
         * with four (23 → 17 iterations).
         */
        final int correctors;

        Symbolic(int n, int mr, int[] aStart, int[] activeRow, double[] aVal, boolean[] fixed) {
            this.mr = mr;
            BitSet[] adjacency = new BitSet[mr];
            for (int r = 0; r < mr; r++) {
                adjacency[r] = new BitSet();
            }
            colPair = new int[n + 1];
            int pairs = 0;
            for (int j = 0; j < n; j++) {
                colPair[j] = pairs;
                if (fixed[j]) {
                    continue;
                }
                int c = 0;
                for (int k = aStart[j]; k < aStart[j + 1]; k++) {
                    if (activeRow[k] >= 0) {
                        c++;
                        for (int l = k + 1; l < aStart[j + 1]; l++) {
                            if (activeRow[l] >= 0) {
                                adjacency[activeRow[k]].set(activeRow[l]);
                                adjacency[activeRow[l]].set(activeRow[k]);
                            }
                        }
                    }
                }
                pairs += c * (c + 1) / 2;
            }
            colPair[n] = pairs;
            int[] order = MinimumDegree.order(adjacency);
            perm = order;
            int[] pinv = new int[mr];
            for (int k = 0; k < mr; k++) {
                pinv[perm[k]] = k;
            }
            long[] keys = new long[pairs + mr];
            double[] prod = new double[pairs];
            int nk = 0;
            for (int j = 0; j < n; j++) {
                if (fixed[j]) {
                    continue;
                }
                for (int k = aStart[j]; k < aStart[j + 1]; k++) {
                    if (activeRow[k] < 0) {
                        continue;
                    }
                    for (int l = k; l < aStart[j + 1]; l++) {
                        if (activeRow[l] < 0) {
                            continue;
                        }
                        prod[nk] = aVal[k] * aVal[l];
                        keys[nk++] = key(pinv[activeRow[k]], pinv[activeRow[l]], mr);
                    }
                }
            }
            for (int r = 0; r < mr; r++) {
                keys[nk++] = key(pinv[r], pinv[r], mr);
            }
            long[] sorted = keys.clone();
            Arrays.sort(sorted);
            int unique = 0;
            for (int k = 0; k < sorted.length; k++) {
                if (k == 0 || sorted[k] != sorted[k - 1]) {
                    sorted[unique++] = sorted[k];
                }
            }
            long[] table = Arrays.copyOf(sorted, unique);
            int[] colIdx = new int[mr + 1];
            int[] rows = new int[Math.max(1, unique)];
            for (int k = 0; k < unique; k++) {
                int col = (int) (table[k] / mr);
                rows[k] = (int) (table[k] % mr);
                colIdx[col + 1]++;
            }
            for (int r = 0; r < mr; r++) {
                colIdx[r + 1] += colIdx[r];
            }
            pairPos = new int[pairs];
            pairProd = prod;
            for (int p = 0; p < pairs; p++) {
                pairPos[p] = Arrays.binarySearch(table, keys[p]);
            }
            posDiag = new int[mr];
            for (int r = 0; r < mr; r++) {
                posDiag[r] = Arrays.binarySearch(table, keys[pairs + r]);
            }
            values = new double[Math.max(1, unique)];
            cholesky = new SupernodalCholesky(mr, colIdx, rows);
            double solveFlops = 4.0 * cholesky.lowerNonZeros() + 4.0 * aStart[n] + n + mr;
            double ratio = cholesky.factorFlops() / solveFlops;
            correctors = ratio < 30 ? 1 : ratio < 60 ? 2 : ratio < 90 ? 3 : CORRECTORS;
        }

        private static long key(int a, int b, int size) {
            return (long) Math.max(a, b) * size + Math.min(a, b);
        }
    }

    /** One solve: all iterate state. */
    private final class Run {
        final QpProblem problem;
        final long t0;
        final int n;
        final int m;
        final double[] q;
        final double[] pd;
        final double[] vl;
        final double[] vu;
        final double[] rl;
        final double[] ru;
        final int[] aStart;
        final int[] aRow;
        final double[] aVal;
        // row structure
        int mr;
        int[] rowMap; // original row -> active index or -1
        int[] rowOf; // active index -> original row
        int[] activeRow; // per entry of A: active row index or -1
        boolean[] eqRow; // per active row
        double[] sLo;
        double[] sHi; // per active row
        boolean[] fixed;
        Symbolic sym;
        // iterate
        double[] x;
        double[] s;
        double[] y;
        double[] zlx;
        double[] zux;
        double[] zls;
        double[] zus;
        // barrier terms and inverses
        double[] sigX;
        double[] hinv;
        double[] ds;
        double dualReg;
        // residuals
        double[] rd;
        double[] rs;
        double[] rp;
        // work
        double[] workN;
        double[] workN2;
        double[] workR;
        double[] workR2;
        double[] permWork;
        double[] ex;
        double[] er;
        double[] cx;
        double[] cy;
        // centrality corrector: per-pair targets, the correction and the corrected direction
        double[] tLx;
        double[] tUx;
        double[] tLs;
        double[] tUs;
        double[] cdx;
        double[] cdy;
        double[] ndx;
        double[] ndzlx;
        double[] ndzux;
        double[] ndy;
        double[] nds;
        double[] ndzls;
        double[] ndzus;
        double qNorm;

        Run(QpProblem problem, long t0) {
            this.problem = problem;
            this.t0 = t0;
            n = problem.variables();
            m = problem.rows();
            q = problem.linear();
            vl = problem.varLower();
            vu = problem.varUpper();
            rl = problem.rowLower();
            ru = problem.rowUpper();
            SparseMatrix a = problem.constraints();
            aStart = a.columnStarts();
            aRow = a.rowIndices();
            aVal = a.values();
            pd = new double[n];
        }

        QpResult run() {
            SparseMatrix p = problem.quadratic();
            for (int j = 0; j < n; j++) {
                for (int k = p.columnStart(j); k < p.columnEnd(j); k++) {
                    if (p.rowIndexAt(k) != j) {
                        return failure(QpStatus.NUMERICAL_ERROR, 0);
                    }
                    pd[j] += p.valueAt(k);
                }
            }
            structure();
            initialPoint();
            allocate();
            qNorm = normInf(q);
            double bestMerit = Double.POSITIVE_INFINITY;
            int sinceBest = 0;
            double[] dx = new double[n];
            double[] dy = new double[mr];
            double[] dsv = new double[mr];
            double[] dzlx = new double[n];
            double[] dzux = new double[n];
            double[] dzls = new double[mr];
            double[] dzus = new double[mr];
            double[] xiX = new double[n];
            double[] rho = new double[mr];
            double[] xiS = new double[mr];
            int nc = countComplementarity();
            for (int it = 0; it <= maxIterations; it++) {
                residuals();
                double[] measures = measures(nc);
                double pres = measures[0];
                double dres = measures[1];
                double gap = measures[2];
                double mu = measures[3];
                if (!Double.isFinite(pres + dres + gap)) {
                    return failure(QpStatus.NUMERICAL_ERROR, it);
                }
                if (pres <= TOLERANCE && dres <= TOLERANCE && gap <= TOLERANCE) {
                    return finish(QpStatus.OPTIMAL, it);
                }
                double merit = Math.max(pres, Math.max(dres, gap));
                if (merit < 0.9 * bestMerit) {
                    bestMerit = merit;
                    sinceBest = 0;
                } else if (++sinceBest >= 8) {
                    return stalled(pres, dres, gap, it);
                }
                if (it == maxIterations) {
                    return stalled(pres, dres, gap, it);
                }
                QpStatus infeasible = infeasibility(dx, it);
                if (infeasible != null) {
                    return finish(infeasible, it);
                }
                if (!factor()) {
                    return failure(QpStatus.NUMERICAL_ERROR, it);
                }
                // predictor: it only sets σ and the second-order term, so the regularised solve is enough
                rhs(0.0, null, null, null, null, null, xiX, xiS, rho);
                solveOnce(xiX, rho, dx, dy);
                recover(dx, dy, xiS, 0.0, null, null, null, null, null, dsv, dzlx, dzux, dzls, dzus);
                double alphaAff = Math.min(1.0, maxStep(dx, dsv, dzlx, dzux, dzls, dzus));
                double sigma = 0.0;
                if (nc > 0 && mu > 0) {
                    double muAff = affineMu(alphaAff, dx, dsv, dzlx, dzux, dzls, dzus) / nc;
                    double ratio = Math.max(0.0, Math.min(1.0, muAff / mu));
                    sigma = ratio * ratio * ratio;
                }
                // corrector (copies of the affine directions are needed for the second-order term)
                double[] adx = dx.clone();
                double[] ads = dsv.clone();
                double[] azlx = dzlx.clone();
                double[] azux = dzux.clone();
                double[] azls = dzls.clone();
                double target = sigma * mu;
                rhs(target, adx, ads, azlx, azux, azls, xiX, xiS, rho);
                solveNewton(xiX, rho, dx, dy);
                recover(dx, dy, xiS, target, adx, ads, azlx, azux, azls, dsv, dzlx, dzux, dzls, dzus);
                double alphaMax = maxStep(dx, dsv, dzlx, dzux, dzls, dzus);
                double fraction = STEP_FRACTION;
                double alpha = Math.min(1.0, fraction * alphaMax);
                double muNew = nc > 0 ? affineMu(alpha, dx, dsv, dzlx, dzux, dzls, dzus) / nc : 0.0;
                if (nc > 0 && (alpha < 0.1 || muNew > (1 - 0.1 * alpha) * mu)) {
                    // the second-order term is only as good as the affine step it comes from
                    double centred = Math.max(sigma, 0.3) * mu;
                    rhs(centred, null, null, null, null, null, xiX, xiS, rho);
                    solveNewton(xiX, rho, dx, dy);
                    recover(dx, dy, xiS, centred, null, null, null, null, null, dsv, dzlx, dzux, dzls, dzus);
                    alpha = Math.min(1.0, fraction * maxStep(dx, dsv, dzlx, dzux, dzls, dzus));
                }
                double muTarget = sigma * mu;
                for (int k = 0; k < sym.correctors && nc > 0 && alpha < 0.95 && Double.isFinite(alpha); k++) {
                    double improved = correct(alpha, fraction, muTarget, dx, dy, dsv, dzlx, dzux, dzls, dzus, xiX, xiS,
                            rho);
                    if (!(improved > alpha)) {
                        break;
                    }
                    alpha = improved;
                }
                if (!(alpha > 0) || !Double.isFinite(alpha)) {
                    return failure(QpStatus.NUMERICAL_ERROR, it);
                }
                for (int j = 0; j < n; j++) {
                    x[j] += alpha * dx[j];
                    zlx[j] += alpha * dzlx[j];
                    zux[j] += alpha * dzux[j];
                }
                for (int r = 0; r < mr; r++) {
                    y[r] += alpha * dy[r];
                    s[r] += alpha * dsv[r];
                    zls[r] += alpha * dzls[r];
                    zus[r] += alpha * dzus[r];
                }
            }
            return finish(QpStatus.MAX_ITERATIONS, maxIterations);
        }

        /**
         * One centrality corrector (Gondzio 1996): the complementarity products at a longer trial step are
         * pulled back into {@code [0.1, 10]·μ_target} by a Newton step with the same factor and no residual
         * terms. The corrected direction replaces the given one (in place) only when it allows a step at
         * least 0.02 longer.
         *
         * @return the step length of the corrected direction, or NaN when it was not taken
         */
        private double correct(double alpha, double fraction, double muTarget, double[] dx, double[] dy,
                double[] dsv, double[] dzlx, double[] dzux, double[] dzls, double[] dzus, double[] xiX,
                double[] xiS, double[] rho) {
            double trial = Math.min(1.0, 1.5 * alpha + 0.1);
            double lo = 0.1 * muTarget;
            double hi = 10 * muTarget;
            boolean any = false;
            for (int j = 0; j < n; j++) {
                tLx[j] = 0;
                tUx[j] = 0;
                if (fixed[j]) {
                    continue;
                }
                if (vl[j] > Double.NEGATIVE_INFINITY) {
                    tLx[j] = target((x[j] - vl[j] + trial * dx[j]) * (zlx[j] + trial * dzlx[j]), lo, hi);
                    any |= tLx[j] != 0;
                }
                if (vu[j] < Double.POSITIVE_INFINITY) {
                    tUx[j] = target((vu[j] - x[j] - trial * dx[j]) * (zux[j] + trial * dzux[j]), lo, hi);
                    any |= tUx[j] != 0;
                }
            }
            for (int r = 0; r < mr; r++) {
                tLs[r] = 0;
                tUs[r] = 0;
                if (eqRow[r]) {
                    continue;
                }
                if (sLo[r] > Double.NEGATIVE_INFINITY) {
                    tLs[r] = target((s[r] - sLo[r] + trial * dsv[r]) * (zls[r] + trial * dzls[r]), lo, hi);
                    any |= tLs[r] != 0;
                }
                if (sHi[r] < Double.POSITIVE_INFINITY) {
                    tUs[r] = target((sHi[r] - s[r] - trial * dsv[r]) * (zus[r] + trial * dzus[r]), lo, hi);
                    any |= tUs[r] != 0;
                }
            }
            if (!any) {
                return Double.NaN;
            }
            // right-hand side: complementarity terms only
            for (int j = 0; j < n; j++) {
                double v = 0;
                if (!fixed[j]) {
                    if (vl[j] > Double.NEGATIVE_INFINITY) {
                        v += tLx[j] / (x[j] - vl[j]);
                    }
                    if (vu[j] < Double.POSITIVE_INFINITY) {
                        v -= tUx[j] / (vu[j] - x[j]);
                    }
                }
                xiX[j] = v;
            }
            for (int r = 0; r < mr; r++) {
                double v = 0;
                if (!eqRow[r]) {
                    if (sLo[r] > Double.NEGATIVE_INFINITY) {
                        v += tLs[r] / (s[r] - sLo[r]);
                    }
                    if (sHi[r] < Double.POSITIVE_INFINITY) {
                        v -= tUs[r] / (sHi[r] - s[r]);
                    }
                }
                xiS[r] = v;
                rho[r] = eqRow[r] ? 0.0 : ds[r] * v;
            }
            solveNewton(xiX, rho, cdx, cdy);
            // the corrected direction
            for (int j = 0; j < n; j++) {
                double c = fixed[j] ? 0.0 : cdx[j];
                ndx[j] = dx[j] + c;
                ndzlx[j] = dzlx[j];
                ndzux[j] = dzux[j];
                if (fixed[j]) {
                    continue;
                }
                if (vl[j] > Double.NEGATIVE_INFINITY) {
                    ndzlx[j] += (tLx[j] - zlx[j] * c) / (x[j] - vl[j]);
                }
                if (vu[j] < Double.POSITIVE_INFINITY) {
                    ndzux[j] += (tUx[j] + zux[j] * c) / (vu[j] - x[j]);
                }
            }
            for (int r = 0; r < mr; r++) {
                ndy[r] = dy[r] + cdy[r];
                ndzls[r] = dzls[r];
                ndzus[r] = dzus[r];
                if (eqRow[r]) {
                    nds[r] = 0;
                    continue;
                }
                double c = ds[r] * (xiS[r] + cdy[r]);
                nds[r] = dsv[r] + c;
                if (sLo[r] > Double.NEGATIVE_INFINITY) {
                    ndzls[r] += (tLs[r] - zls[r] * c) / (s[r] - sLo[r]);
                }
                if (sHi[r] < Double.POSITIVE_INFINITY) {
                    ndzus[r] += (tUs[r] + zus[r] * c) / (sHi[r] - s[r]);
                }
            }
            double corrected = Math.min(1.0, fraction * maxStep(ndx, nds, ndzlx, ndzux, ndzls, ndzus));
            if (!(corrected >= alpha + 0.02) || !Double.isFinite(corrected)) {
                return Double.NaN;
            }
            System.arraycopy(ndx, 0, dx, 0, n);
            System.arraycopy(ndzlx, 0, dzlx, 0, n);
            System.arraycopy(ndzux, 0, dzux, 0, n);
            System.arraycopy(ndy, 0, dy, 0, mr);
            System.arraycopy(nds, 0, dsv, 0, mr);
            System.arraycopy(ndzls, 0, dzls, 0, mr);
            System.arraycopy(ndzus, 0, dzus, 0, mr);
            return corrected;
        }

        /** The corrector's target change of one product: to the nearest end of {@code [lo, hi]}, at least −hi. */
        private static double target(double v, double lo, double hi) {
            if (v < lo) {
                return lo - v;
            }
            if (v > hi) {
                return Math.max(hi - v, -hi);
            }
            return 0.0;
        }

        private void structure() {
            rowMap = new int[m];
            int count = 0;
            for (int i = 0; i < m; i++) {
                boolean free = rl[i] == Double.NEGATIVE_INFINITY && ru[i] == Double.POSITIVE_INFINITY;
                rowMap[i] = free ? -1 : count++;
            }
            mr = count;
            rowOf = new int[mr];
            eqRow = new boolean[mr];
            sLo = new double[mr];
            sHi = new double[mr];
            for (int i = 0; i < m; i++) {
                int r = rowMap[i];
                if (r >= 0) {
                    rowOf[r] = i;
                    eqRow[r] = isFixed(rl[i], ru[i]);
                    sLo[r] = rl[i];
                    sHi[r] = ru[i];
                }
            }
            activeRow = new int[aRow.length];
            for (int k = 0; k < aRow.length; k++) {
                activeRow[k] = rowMap[aRow[k]];
            }
            fixed = new boolean[n];
            for (int j = 0; j < n; j++) {
                fixed[j] = isFixed(vl[j], vu[j]);
            }
            SparseMatrix a = problem.constraints();
            if (cachedA == a && Arrays.equals(cachedFixed, fixed) && Arrays.equals(cachedRowMap, rowMap)) {
                sym = symbolic;
            } else {
                sym = new Symbolic(n, mr, aStart, activeRow, aVal, fixed);
                symbolic = sym;
                cachedA = a;
                cachedFixed = fixed;
                cachedRowMap = rowMap;
            }
        }

        private boolean isFixed(double lo, double hi) {
            return Double.isFinite(lo) && Double.isFinite(hi) && hi - lo <= 1e-13 * (1 + Math.abs(lo));
        }

        private void allocate() {
            sigX = new double[n];
            hinv = new double[n];
            ds = new double[mr];
            rd = new double[n];
            rs = new double[mr];
            rp = new double[mr];
            workN = new double[n];
            workN2 = new double[n];
            workR = new double[mr];
            workR2 = new double[mr];
            permWork = new double[mr];
            ex = new double[n];
            er = new double[mr];
            cx = new double[n];
            cy = new double[mr];
            tLx = new double[n];
            tUx = new double[n];
            tLs = new double[mr];
            tUs = new double[mr];
            cdx = new double[n];
            cdy = new double[mr];
            ndx = new double[n];
            ndzlx = new double[n];
            ndzux = new double[n];
            ndy = new double[mr];
            nds = new double[mr];
            ndzls = new double[mr];
            ndzus = new double[mr];
            dualReg = DUAL_REG;
        }

        private double interior(double lo, double hi, double v) {
            boolean hasLo = lo > Double.NEGATIVE_INFINITY;
            boolean hasHi = hi < Double.POSITIVE_INFINITY;
            if (hasLo && hasHi) {
                double theta = Math.min(1.0, 0.25 * (hi - lo));
                return Math.min(hi - theta, Math.max(lo + theta, v));
            }
            if (hasLo) {
                return Math.max(v, lo + 1.0);
            }
            if (hasHi) {
                return Math.min(v, hi - 1.0);
            }
            return v;
        }

        private void initialPoint() {
            x = new double[n];
            zlx = new double[n];
            zux = new double[n];
            for (int j = 0; j < n; j++) {
                if (fixed[j]) {
                    x[j] = vl[j] == vu[j] ? vl[j] : 0.5 * (vl[j] + vu[j]);
                } else {
                    x[j] = interior(vl[j], vu[j], 0.0);
                    if (vl[j] > Double.NEGATIVE_INFINITY) {
                        zlx[j] = 1.0 / (x[j] - vl[j]);
                    }
                    if (vu[j] < Double.POSITIVE_INFINITY) {
                        zux[j] = 1.0 / (vu[j] - x[j]);
                    }
                }
            }
            double[] ax = new double[m];
            problem.constraints().multiplyAdd(x, ax);
            s = new double[mr];
            y = new double[mr];
            zls = new double[mr];
            zus = new double[mr];
            for (int r = 0; r < mr; r++) {
                if (eqRow[r]) {
                    s[r] = sLo[r];
                } else {
                    s[r] = interior(sLo[r], sHi[r], ax[rowOf[r]]);
                    if (sLo[r] > Double.NEGATIVE_INFINITY) {
                        zls[r] = 1.0 / (s[r] - sLo[r]);
                    }
                    if (sHi[r] < Double.POSITIVE_INFINITY) {
                        zus[r] = 1.0 / (sHi[r] - s[r]);
                    }
                }
            }
        }

        private int countComplementarity() {
            int nc = 0;
            for (int j = 0; j < n; j++) {
                if (!fixed[j]) {
                    nc += (vl[j] > Double.NEGATIVE_INFINITY ? 1 : 0) + (vu[j] < Double.POSITIVE_INFINITY ? 1 : 0);
                }
            }
            for (int r = 0; r < mr; r++) {
                if (!eqRow[r]) {
                    nc += (sLo[r] > Double.NEGATIVE_INFINITY ? 1 : 0) + (sHi[r] < Double.POSITIVE_INFINITY ? 1 : 0);
                }
            }
            return nc;
        }

        /** Ax restricted to the active rows into out. */
        private void multiplyA(double[] v, double[] out) {
            Arrays.fill(out, 0.0);
            for (int j = 0; j < n; j++) {
                double vj = v[j];
                if (vj == 0.0) {
                    continue;
                }
                for (int k = aStart[j]; k < aStart[j + 1]; k++) {
                    int r = activeRow[k];
                    if (r >= 0) {
                        out[r] += aVal[k] * vj;
                    }
                }
            }
        }

        /** Aᵀw (w over active rows) into out. */
        private void multiplyAt(double[] w, double[] out) {
            for (int j = 0; j < n; j++) {
                double sum = 0.0;
                for (int k = aStart[j]; k < aStart[j + 1]; k++) {
                    int r = activeRow[k];
                    if (r >= 0) {
                        sum += aVal[k] * w[r];
                    }
                }
                out[j] = sum;
            }
        }

        /** Residuals; leaves Aᵀy in workN and Ax in workR for {@link #measures}. */
        private void residuals() {
            multiplyAt(y, workN);
            for (int j = 0; j < n; j++) {
                rd[j] = workN[j] + pd[j] * x[j] + q[j] - zlx[j] + zux[j];
                if (fixed[j]) {
                    rd[j] = 0.0;
                }
            }
            for (int r = 0; r < mr; r++) {
                rs[r] = eqRow[r] ? 0.0 : -y[r] - zls[r] + zus[r];
            }
            multiplyA(x, workR);
            for (int r = 0; r < mr; r++) {
                rp[r] = workR[r] - s[r];
            }
        }

        /** @return relative primal, dual, gap and μ (right after {@link #residuals}, which leaves Ax and Aᵀy) */
        private double[] measures(int nc) {
            double axNorm = normInf(workR);
            double pres = normInf(rp) / (1 + Math.max(axNorm, normInf(s)));
            double atyNorm = 0;
            double pxNorm = 0;
            for (int j = 0; j < n; j++) {
                if (!fixed[j]) {
                    atyNorm = Math.max(atyNorm, Math.abs(workN[j]));
                    pxNorm = Math.max(pxNorm, Math.abs(pd[j] * x[j]));
                }
            }
            double dres = Math.max(normInf(rd), normInf(rs)) / (1 + Math.max(qNorm, Math.max(pxNorm, atyNorm)));
            double compl = 0;
            for (int j = 0; j < n; j++) {
                if (!fixed[j]) {
                    if (vl[j] > Double.NEGATIVE_INFINITY) {
                        compl += zlx[j] * (x[j] - vl[j]);
                    }
                    if (vu[j] < Double.POSITIVE_INFINITY) {
                        compl += zux[j] * (vu[j] - x[j]);
                    }
                }
            }
            for (int r = 0; r < mr; r++) {
                if (!eqRow[r]) {
                    if (sLo[r] > Double.NEGATIVE_INFINITY) {
                        compl += zls[r] * (s[r] - sLo[r]);
                    }
                    if (sHi[r] < Double.POSITIVE_INFINITY) {
                        compl += zus[r] * (sHi[r] - s[r]);
                    }
                }
            }
            double obj = Math.abs(objective());
            double gap = compl / (1 + obj);
            return new double[] {pres, dres, gap, nc > 0 ? compl / nc : 0.0};
        }

        private double objective() {
            double v = problem.constant();
            for (int j = 0; j < n; j++) {
                v += (0.5 * pd[j] * x[j] + q[j]) * x[j];
            }
            return v;
        }

        /** Barrier terms and numeric factorisation of the normal matrix; retries with larger δ_d. */
        private boolean factor() {
            for (int j = 0; j < n; j++) {
                if (fixed[j]) {
                    sigX[j] = 0;
                    hinv[j] = 0;
                    continue;
                }
                double sg = 0;
                if (vl[j] > Double.NEGATIVE_INFINITY) {
                    sg += zlx[j] / (x[j] - vl[j]);
                }
                if (vu[j] < Double.POSITIVE_INFINITY) {
                    sg += zux[j] / (vu[j] - x[j]);
                }
                sigX[j] = sg;
                hinv[j] = 1.0 / (pd[j] + sg + PRIMAL_REG);
            }
            for (int r = 0; r < mr; r++) {
                if (eqRow[r]) {
                    ds[r] = 0;
                    continue;
                }
                double sg = 0;
                if (sLo[r] > Double.NEGATIVE_INFINITY) {
                    sg += zls[r] / (s[r] - sLo[r]);
                }
                if (sHi[r] < Double.POSITIVE_INFINITY) {
                    sg += zus[r] / (sHi[r] - s[r]);
                }
                ds[r] = 1.0 / Math.max(sg, 1e-30);
            }
            if (mr == 0) {
                return true;
            }
            for (int attempt = 0; attempt < 6; attempt++) {
                double[] v = sym.values;
                Arrays.fill(v, 0.0);
                for (int j = 0; j < n; j++) {
                    double h = hinv[j];
                    if (h == 0.0) {
                        continue;
                    }
                    for (int pp = sym.colPair[j]; pp < sym.colPair[j + 1]; pp++) {
                        v[sym.pairPos[pp]] += sym.pairProd[pp] * h;
                    }
                }
                for (int r = 0; r < mr; r++) {
                    v[sym.posDiag[r]] += ds[r] + dualReg;
                }
                if (sym.cholesky.factor(v)) {
                    return true;
                }
                dualReg *= 100;
            }
            return false;
        }

        /** Solves the regularised normal system in place (active-row vector). */
        private void normalSolve(double[] b) {
            if (mr == 0) {
                return;
            }
            int[] perm = sym.perm;
            for (int k = 0; k < mr; k++) {
                permWork[k] = b[perm[k]];
            }
            sym.cholesky.solve(permWork);
            for (int k = 0; k < mr; k++) {
                b[perm[k]] = permWork[k];
            }
        }

        /** One regularised solve of [H A'; A -D][dx; dy] = [xi; rho] (fixed x have dx = 0). */
        private void solveOnce(double[] xi, double[] rho, double[] dx, double[] dy) {
            for (int j = 0; j < n; j++) {
                workN[j] = hinv[j] * xi[j];
            }
            multiplyA(workN, dy);
            for (int r = 0; r < mr; r++) {
                dy[r] -= rho[r];
            }
            normalSolve(dy);
            multiplyAt(dy, workN2);
            for (int j = 0; j < n; j++) {
                dx[j] = hinv[j] * (xi[j] - workN2[j]);
            }
        }

        /** Solves the unregularised Newton system with iterative refinement. */
        private void solveNewton(double[] xi, double[] rho, double[] dx, double[] dy) {
            solveOnce(xi, rho, dx, dy);
            double scale = 1 + Math.max(normInf(xi), normInf(rho));
            double previous = Double.POSITIVE_INFINITY;
            for (int step = 0; step < REFINEMENT_STEPS; step++) {
                // residual of the true system
                multiplyAt(dy, workN2);
                for (int j = 0; j < n; j++) {
                    ex[j] = fixed[j] ? 0.0 : xi[j] - (pd[j] + sigX[j]) * dx[j] - workN2[j];
                }
                multiplyA(dx, workR2);
                for (int r = 0; r < mr; r++) {
                    er[r] = rho[r] - (workR2[r] - ds[r] * dy[r]);
                }
                double res = Math.max(normInf(ex), normInf(er));
                if (res <= REFINED * scale || res > 0.9 * previous) {
                    break;
                }
                previous = res;
                solveOnce(ex, er, cx, cy);
                for (int j = 0; j < n; j++) {
                    dx[j] += cx[j];
                }
                for (int r = 0; r < mr; r++) {
                    dy[r] += cy[r];
                }
            }
        }

        /**
         * Right-hand sides for a target μ; with affine directions given, the Mehrotra second-order term is
         * included.
         */
        private void rhs(double target, double[] adx, double[] ads, double[] azlx, double[] azux, double[] azls,
                double[] xiX, double[] xiS, double[] rho) {
            for (int j = 0; j < n; j++) {
                if (fixed[j]) {
                    xiX[j] = 0;
                    continue;
                }
                double v = -rd[j];
                if (vl[j] > Double.NEGATIVE_INFINITY) {
                    double g = x[j] - vl[j];
                    double rc = target - zlx[j] * g - (adx == null ? 0 : azlx[j] * adx[j]);
                    v += rc / g;
                }
                if (vu[j] < Double.POSITIVE_INFINITY) {
                    double g = vu[j] - x[j];
                    double rc = target - zux[j] * g + (adx == null ? 0 : azux[j] * adx[j]);
                    v -= rc / g;
                }
                xiX[j] = v;
            }
            for (int r = 0; r < mr; r++) {
                if (eqRow[r]) {
                    xiS[r] = 0;
                    rho[r] = -rp[r];
                    continue;
                }
                double v = -rs[r];
                if (sLo[r] > Double.NEGATIVE_INFINITY) {
                    double g = s[r] - sLo[r];
                    double rc = target - zls[r] * g - (ads == null ? 0 : azls[r] * ads[r]);
                    v += rc / g;
                }
                if (sHi[r] < Double.POSITIVE_INFINITY) {
                    double g = sHi[r] - s[r];
                    double rc = target - zus[r] * g + (ads == null ? 0 : affUpperS(r) * ads[r]);
                    v -= rc / g;
                }
                xiS[r] = v;
                rho[r] = -rp[r] + ds[r] * v;
            }
        }

        /** The affine Δz of the upper row sides, kept by {@link #recover} for the corrector. */
        private double[] lastAffZus;

        private double affUpperS(int r) {
            return lastAffZus[r];
        }

        /** Recovers Δs and the Δz from Δx, Δy (same target and second-order terms as {@link #rhs}). */
        private void recover(double[] dx, double[] dy, double[] xiS, double target, double[] adx, double[] ads,
                double[] azlx, double[] azux, double[] azls, double[] dsOut, double[] dzlx, double[] dzux,
                double[] dzls, double[] dzus) {
            for (int j = 0; j < n; j++) {
                dzlx[j] = 0;
                dzux[j] = 0;
                if (fixed[j]) {
                    dx[j] = 0;
                    continue;
                }
                if (vl[j] > Double.NEGATIVE_INFINITY) {
                    double g = x[j] - vl[j];
                    double rc = target - zlx[j] * g - (adx == null ? 0 : azlx[j] * adx[j]);
                    dzlx[j] = (rc - zlx[j] * dx[j]) / g;
                }
                if (vu[j] < Double.POSITIVE_INFINITY) {
                    double g = vu[j] - x[j];
                    double rc = target - zux[j] * g + (adx == null ? 0 : azux[j] * adx[j]);
                    dzux[j] = (rc + zux[j] * dx[j]) / g;
                }
            }
            for (int r = 0; r < mr; r++) {
                dzls[r] = 0;
                dzus[r] = 0;
                if (eqRow[r]) {
                    dsOut[r] = 0;
                    continue;
                }
                dsOut[r] = ds[r] * (xiS[r] + dy[r]);
                if (sLo[r] > Double.NEGATIVE_INFINITY) {
                    double g = s[r] - sLo[r];
                    double rc = target - zls[r] * g - (ads == null ? 0 : azls[r] * ads[r]);
                    dzls[r] = (rc - zls[r] * dsOut[r]) / g;
                }
                if (sHi[r] < Double.POSITIVE_INFINITY) {
                    double g = sHi[r] - s[r];
                    double rc = target - zus[r] * g + (ads == null ? 0 : affUpperS(r) * ads[r]);
                    dzus[r] = (rc + zus[r] * dsOut[r]) / g;
                }
            }
            if (adx == null) {
                lastAffZus = dzus.clone();
            }
        }

        private double maxStep(double[] dx, double[] dsv, double[] dzlx, double[] dzux, double[] dzls,
                double[] dzus) {
            double alpha = Double.POSITIVE_INFINITY;
            for (int j = 0; j < n; j++) {
                if (fixed[j]) {
                    continue;
                }
                double d = dx[j];
                if (vl[j] > Double.NEGATIVE_INFINITY) {
                    if (d < 0) {
                        alpha = Math.min(alpha, -(x[j] - vl[j]) / d);
                    }
                    if (dzlx[j] < 0) {
                        alpha = Math.min(alpha, -zlx[j] / dzlx[j]);
                    }
                }
                if (vu[j] < Double.POSITIVE_INFINITY) {
                    if (d > 0) {
                        alpha = Math.min(alpha, (vu[j] - x[j]) / d);
                    }
                    if (dzux[j] < 0) {
                        alpha = Math.min(alpha, -zux[j] / dzux[j]);
                    }
                }
            }
            for (int r = 0; r < mr; r++) {
                if (eqRow[r]) {
                    continue;
                }
                double d = dsv[r];
                if (sLo[r] > Double.NEGATIVE_INFINITY) {
                    if (d < 0) {
                        alpha = Math.min(alpha, -(s[r] - sLo[r]) / d);
                    }
                    if (dzls[r] < 0) {
                        alpha = Math.min(alpha, -zls[r] / dzls[r]);
                    }
                }
                if (sHi[r] < Double.POSITIVE_INFINITY) {
                    if (d > 0) {
                        alpha = Math.min(alpha, (sHi[r] - s[r]) / d);
                    }
                    if (dzus[r] < 0) {
                        alpha = Math.min(alpha, -zus[r] / dzus[r]);
                    }
                }
            }
            return alpha;
        }

        private double affineMu(double alpha, double[] dx, double[] dsv, double[] dzlx, double[] dzux,
                double[] dzls, double[] dzus) {
            double sum = 0;
            for (int j = 0; j < n; j++) {
                if (fixed[j]) {
                    continue;
                }
                if (vl[j] > Double.NEGATIVE_INFINITY) {
                    sum += (zlx[j] + alpha * dzlx[j]) * (x[j] + alpha * dx[j] - vl[j]);
                }
                if (vu[j] < Double.POSITIVE_INFINITY) {
                    sum += (zux[j] + alpha * dzux[j]) * (vu[j] - x[j] - alpha * dx[j]);
                }
            }
            for (int r = 0; r < mr; r++) {
                if (eqRow[r]) {
                    continue;
                }
                if (sLo[r] > Double.NEGATIVE_INFINITY) {
                    sum += (zls[r] + alpha * dzls[r]) * (s[r] + alpha * dsv[r] - sLo[r]);
                }
                if (sHi[r] < Double.POSITIVE_INFINITY) {
                    sum += (zus[r] + alpha * dzus[r]) * (sHi[r] - s[r] - alpha * dsv[r]);
                }
            }
            return sum;
        }

        /** Divergence-based infeasibility tests; null when none applies. */
        private QpStatus infeasibility(double[] lastDx, int it) {
            if (it < 5) {
                return null;
            }
            // primal infeasibility: w = (y, yB) large with Aᵀy + yB ≈ 0 and negative support function
            double wNorm = normInf(y);
            for (int j = 0; j < n; j++) {
                if (!fixed[j]) {
                    wNorm = Math.max(wNorm, Math.abs(zux[j] - zlx[j]));
                }
            }
            if (wNorm > 1e6 * (1 + qNorm)) {
                // for any feasible x: support >= (Aᵀy + yB)ᵀx >= -Σ|res_j|·max|x_j|, so a support below
                // twice that bound (with max|x_j| from the box, or a large multiple of |x_j| when unboxed)
                // certifies infeasibility up to the tolerances
                multiplyAt(y, workN);
                double slack = 0;
                double support = 0;
                for (int j = 0; j < n; j++) {
                    double yb = fixed[j] ? -workN[j] : zux[j] - zlx[j];
                    double res = Math.abs(workN[j] + yb);
                    boolean boxed = Double.isFinite(vl[j]) && Double.isFinite(vu[j]);
                    double reach = boxed ? Math.max(Math.abs(vl[j]), Math.abs(vu[j])) : 1e6 * (1 + Math.abs(x[j]));
                    slack += res * reach;
                    double term = yb > 0 ? yb * vu[j] : yb < 0 ? yb * vl[j] : 0;
                    support += Double.isNaN(term) ? 0 : term;
                }
                for (int r = 0; r < mr; r++) {
                    double term = y[r] > 0 ? y[r] * sHi[r] : y[r] < 0 ? y[r] * sLo[r] : 0;
                    support += Double.isNaN(term) ? 0 : term;
                }
                if (support < -2 * slack && support < -1e-8 * wNorm) {
                    return QpStatus.PRIMAL_INFEASIBLE;
                }
            }
            // dual infeasibility: x large along a direction d with Pd ≈ 0, qᵀd < 0, Ad and d in the recession cone
            double xNorm = normInf(x);
            double dNorm = normInf(lastDx);
            if (xNorm > 1e6 && dNorm > 0) {
                double tol = 1e-6 * dNorm;
                double qd = 0;
                boolean ok = true;
                for (int j = 0; j < n && ok; j++) {
                    double d = lastDx[j];
                    qd += q[j] * d;
                    ok = Math.abs(pd[j] * d) <= tol * (1 + pd[j])
                            && (d >= -tol || vl[j] == Double.NEGATIVE_INFINITY)
                            && (d <= tol || vu[j] == Double.POSITIVE_INFINITY);
                }
                if (ok) {
                    multiplyA(lastDx, workR);
                    for (int r = 0; r < mr && ok; r++) {
                        double v = workR[r];
                        ok = (v >= -tol * 10 || sLo[r] == Double.NEGATIVE_INFINITY)
                                && (v <= tol * 10 || sHi[r] == Double.POSITIVE_INFINITY);
                    }
                }
                if (ok && qd < -1e-6 * dNorm * (1 + qNorm)) {
                    return QpStatus.DUAL_INFEASIBLE;
                }
            }
            return null;
        }

        private QpResult stalled(double pres, double dres, double gap, int it) {
            if (pres <= RELAXED_TOLERANCE && dres <= RELAXED_TOLERANCE && gap <= RELAXED_TOLERANCE) {
                return finish(QpStatus.OPTIMAL, it);
            }
            QpStatus infeasible = infeasibility(new double[n], Math.max(it, 5));
            return finish(infeasible != null ? infeasible : QpStatus.MAX_ITERATIONS, it);
        }

        private QpResult failure(QpStatus status, int it) {
            double[] xr = x == null ? new double[n] : x.clone();
            clip(xr, vl, vu);
            for (int j = 0; j < n; j++) {
                if (!Double.isFinite(xr[j])) {
                    xr[j] = 0;
                }
            }
            return new QpResult(status, xr, new double[m], new double[n], problem.objective(xr), it,
                    problem.maxViolation(xr), Double.NaN, false, System.nanoTime() - t0);
        }

        private QpResult finish(QpStatus status, int it) {
            double[] xr = clip(x.clone(), vl, vu);
            double[] yr = new double[m];
            for (int r = 0; r < mr; r++) {
                yr[rowOf[r]] = y[r];
            }
            double[] g = new double[n];
            problem.constraints().transposeMultiplyAdd(yr, g);
            double[] yb = new double[n];
            double dual = 0;
            for (int j = 0; j < n; j++) {
                g[j] += pd[j] * xr[j] + q[j];
                yb[j] = fixed[j] ? -g[j] : zux[j] - zlx[j];
                dual = Math.max(dual, Math.abs(g[j] + yb[j]));
            }
            return new QpResult(status, xr, yr, yb, problem.objective(xr), it, problem.maxViolation(xr), dual, false,
                    System.nanoTime() - t0);
        }
    }

    private static double normInf(double[] v) {
        double w = 0;
        for (double d : v) {
            w = Math.max(w, Math.abs(d));
        }
        return w;
    }
}
