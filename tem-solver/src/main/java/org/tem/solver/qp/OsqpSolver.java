package org.tem.solver.qp;

import java.util.Arrays;
import java.util.Objects;

/**
 * An operator-splitting QP solver after OSQP (Stellato, Banjac, Goulart, Bemporad, Boyd,
 * <i>OSQP: an operator splitting solver for quadratic programs</i>, Math. Prog. Comp. 2020).
 *
 * <p>The variable bounds are treated as extra identity rows {@code [A; I]}. The solver
 * <ol>
 *   <li>equilibrates the problem (modified Ruiz scaling of {@code [P Aᵀ; A 0]} plus a cost scaling;
 *       the identity rows are scaled so that they stay identities);</li>
 *   <li>runs ADMM with over-relaxation α, proximal term σ and a penalty ρ per row (×
 *       {@link OsqpSettings#equalityRhoScale()} on equality rows and fixed variables, 1e-6 on free
 *       rows), solving the reduced SPD system {@code P + σI + diag(ρ_b) + Aᵀ diag(ρ) A} with a cached
 *       factorisation ({@link ReducedSystem}: EJML sparse Cholesky after a minimum-degree ordering,
 *       or, for a diagonal {@code P} and few rows, the Woodbury identity with a small dense
 *       Cholesky factor);</li>
 *   <li>adapts ρ from the ratio of the primal and dual residuals (numeric refactorisation, the
 *       symbolic analysis is reused);</li>
 *   <li>stops on the unscaled absolute + relative residual test, or on a primal or dual infeasibility
 *       certificate (differences of successive iterates, as in the paper);</li>
 *   <li>polishes: guesses the active set from the duals, fixes the variables at active bounds and
 *       solves the reduced equality-constrained KKT system with regularisation δ and iterative
 *       refinement. Polishing is attempted early (once the residuals are within 100× and 10× of the
 *       tolerances) and at convergence; a polished point is accepted only when its residuals, with
 *       the dual sign conditions, are no worse than the ADMM point's and within the tolerances,
 *       so an inconsistent or degenerate active set falls back to the ADMM point. The reduced system
 *       is solved through a dense Schur complement, so polishing is skipped when more than 600 rows
 *       are active (or, for a non-diagonal {@code P}, more than 600 variables are free); such large
 *       problems return the ADMM point at the {@code eps} tolerances.</li>
 * </ol>
 *
 * <p><b>Caching.</b> The scaling and the factorisation (and the last adapted ρ) are kept from one
 * solve to the next while {@link QpProblem#quadratic()} and {@link QpProblem#constraints()} are the
 * same instances (reference equality); a change of bounds that keeps every row's type (equality,
 * inequality, free) keeps the factorisation too. A problem derived with
 * {@link QpProblem#withLinear(double[], double)} therefore costs no setup at all.
 *
 * <p><b>Results.</b> {@code x}, {@code y}, {@code yBounds} are unscaled, with the dual convention of
 * {@link QpResult}; the residuals are recomputed on the original data. For an infeasible status
 * the last iterate is returned. The solver never throws for an infeasible or difficult problem.
 *
 * <p>Not thread-safe (it keeps the cache and pre-allocated work vectors); use one instance per
 * thread. The ADMM iteration does not allocate.
 */
public final class OsqpSolver implements QpSolver {
    private static final double RHO_MIN = 1e-6;
    private static final double RHO_MAX = 1e6;
    private static final double SCALING_MIN = 1e-4;
    private static final double SCALING_MAX = 1e4;
    private static final double TINY = 1e-30;
    private static final int TYPE_INEQUALITY = 0;
    private static final int TYPE_EQUALITY = 1;
    private static final int TYPE_FREE = 2;
    /** Polishing is skipped when the reduced KKT system would need a dense factor larger than this. */
    private static final int POLISH_MAX_DENSE = 600;

    private final OsqpSettings settings;
    private Workspace cache;
    private long setups;
    private long factorizations;

    /** A solver with {@link OsqpSettings#DEFAULT}. */
    public OsqpSolver() {
        this(OsqpSettings.DEFAULT);
    }

    /**
     * @param settings the settings
     * @throws NullPointerException if settings is null
     */
    public OsqpSolver(OsqpSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** @return the settings */
    public OsqpSettings settings() {
        return settings;
    }

    /** @return {@code "osqp"} */
    @Override
    public String name() {
        return "osqp";
    }

    /**
     * @return how many times this instance has scaled a new pair of matrices and built the symbolic
     *     analysis of its linear system (a diagnostic for the cache)
     */
    public long setupCount() {
        return setups;
    }

    /** @return how many numeric factorisations this instance has performed (setups and ρ updates) */
    public long factorizationCount() {
        return factorizations;
    }

    /** Drops the cached scaling and factorisation; the next solve sets up from scratch. */
    public void clearCache() {
        cache = null;
    }

    /**
     * Solves a problem.
     *
     * @param problem the problem
     * @param start a warm start (any part may be null), or {@link QpStart#COLD}; arrays of a wrong
     *     length are ignored
     * @return the result; never null
     * @throws NullPointerException if problem is null
     */
    @Override
    public QpResult solve(QpProblem problem, QpStart start) {
        long t0 = System.nanoTime();
        Objects.requireNonNull(problem, "problem");
        Workspace w = cache;
        if (w == null || w.pMatrix != problem.quadratic() || w.aMatrix != problem.constraints()) {
            cache = null;
            w = new Workspace(problem, settings);
            setups++;
            cache = w;
        }
        return w.run(problem, start == null ? QpStart.COLD : start, t0);
    }

    /** Scaled data, factorisation and iterates of one (P, A) pair. */
    private final class Workspace {
        final SparseMatrix pMatrix;
        final SparseMatrix aMatrix;
        final int n;
        final int m;
        final int[] pStart;
        final int[] pRow;
        final double[] pVal;
        final int[] aStart;
        final int[] aRow;
        final double[] aVal;
        final int[] rStart;
        final int[] rCol;
        final double[] rVal;
        final boolean pDiagonal;
        final double[] d;
        final double[] e;
        final double c;
        final ReducedSystem system;
        final int[] rowType;
        final int[] boundType;
        boolean typesKnown;
        double rho;
        final double[] rhoA;
        final double[] rhoB;
        // problem data (scaled)
        final double[] q;
        final double[] l;
        final double[] u;
        final double[] lb;
        final double[] ub;
        // iterates (scaled)
        final double[] x;
        final double[] z;
        final double[] y;
        final double[] zb;
        final double[] yb;
        final double[] xPrev;
        final double[] yPrev;
        final double[] ybPrev;
        final double[] rhs;
        final double[] wm;
        final double[] zt;
        final double[] ax;
        final double[] px;
        final double[] aty;
        // residual state of the last check (unscaled)
        double prim;
        double dual;
        double epsPrim;
        double epsDual;
        double primNorm;
        double dualNorm;

        Workspace(QpProblem problem, OsqpSettings s) {
            pMatrix = problem.quadratic();
            aMatrix = problem.constraints();
            n = problem.variables();
            m = problem.rows();
            pStart = pMatrix.columnStarts();
            pRow = pMatrix.rowIndices();
            pVal = pMatrix.values();
            aStart = aMatrix.columnStarts();
            aRow = aMatrix.rowIndices();
            aVal = aMatrix.values();
            boolean diagonal = true;
            for (int j = 0; j < n && diagonal; j++) {
                for (int k = pStart[j]; k < pStart[j + 1]; k++) {
                    diagonal &= pRow[k] == j;
                }
            }
            pDiagonal = diagonal;
            d = new double[n];
            e = new double[m];
            Arrays.fill(d, 1.0);
            Arrays.fill(e, 1.0);
            double[] colNorm = new double[n];
            double[] rowNorm = new double[m];
            for (int pass = 0; pass < s.scalingIterations(); pass++) {
                Arrays.fill(colNorm, 0.0);
                Arrays.fill(rowNorm, 0.0);
                for (int j = 0; j < n; j++) {
                    for (int k = pStart[j]; k < pStart[j + 1]; k++) {
                        double v = Math.abs(pVal[k]);
                        colNorm[j] = Math.max(colNorm[j], v);
                        colNorm[pRow[k]] = Math.max(colNorm[pRow[k]], v);
                    }
                    for (int k = aStart[j]; k < aStart[j + 1]; k++) {
                        double v = Math.abs(aVal[k]);
                        colNorm[j] = Math.max(colNorm[j], v);
                        rowNorm[aRow[k]] = Math.max(rowNorm[aRow[k]], v);
                    }
                }
                for (int j = 0; j < n; j++) {
                    colNorm[j] = 1.0 / Math.sqrt(limit(colNorm[j]));
                    d[j] *= colNorm[j];
                }
                for (int i = 0; i < m; i++) {
                    rowNorm[i] = 1.0 / Math.sqrt(limit(rowNorm[i]));
                    e[i] *= rowNorm[i];
                }
                for (int j = 0; j < n; j++) {
                    for (int k = pStart[j]; k < pStart[j + 1]; k++) {
                        pVal[k] *= colNorm[pRow[k]] * colNorm[j];
                    }
                    for (int k = aStart[j]; k < aStart[j + 1]; k++) {
                        aVal[k] *= rowNorm[aRow[k]] * colNorm[j];
                    }
                }
            }
            // cost scaling from the mean column norm of the scaled P and the scaled q of this problem
            Arrays.fill(colNorm, 0.0);
            for (int j = 0; j < n; j++) {
                for (int k = pStart[j]; k < pStart[j + 1]; k++) {
                    double v = Math.abs(pVal[k]);
                    colNorm[j] = Math.max(colNorm[j], v);
                    colNorm[pRow[k]] = Math.max(colNorm[pRow[k]], v);
                }
            }
            double mean = 0.0;
            double qNorm = 0.0;
            for (int j = 0; j < n; j++) {
                mean += colNorm[j];
                qNorm = Math.max(qNorm, Math.abs(d[j] * problem.linear(j)));
            }
            mean = n == 0 ? 0.0 : mean / n;
            c = s.scalingIterations() == 0 ? 1.0 : 1.0 / limit(Math.max(mean, qNorm));
            for (int k = 0; k < pVal.length; k++) {
                pVal[k] *= c;
            }
            // CSR copy of the scaled A for row-wise access in polishing
            rStart = new int[m + 1];
            for (int k = 0; k < aRow.length; k++) {
                rStart[aRow[k] + 1]++;
            }
            for (int i = 0; i < m; i++) {
                rStart[i + 1] += rStart[i];
            }
            rCol = new int[aRow.length];
            rVal = new double[aRow.length];
            int[] next = Arrays.copyOf(rStart, m);
            for (int j = 0; j < n; j++) {
                for (int k = aStart[j]; k < aStart[j + 1]; k++) {
                    int p = next[aRow[k]]++;
                    rCol[p] = j;
                    rVal[p] = aVal[k];
                }
            }
            system = new ReducedSystem(n, pStart, pRow, pVal, m, aStart, aRow, aVal, s.sigma(),
                    s.woodburyMaxRows(), s.denseRowThreshold());
            rowType = new int[m];
            boundType = new int[n];
            rho = s.rho();
            rhoA = new double[m];
            rhoB = new double[n];
            q = new double[n];
            l = new double[m];
            u = new double[m];
            lb = new double[n];
            ub = new double[n];
            x = new double[n];
            z = new double[m];
            y = new double[m];
            zb = new double[n];
            yb = new double[n];
            xPrev = new double[n];
            yPrev = new double[m];
            ybPrev = new double[n];
            rhs = new double[n];
            wm = new double[m];
            zt = new double[m];
            ax = new double[m];
            px = new double[n];
            aty = new double[n];
        }

        private boolean refactor() {
            for (int i = 0; i < m; i++) {
                rhoA[i] = rhoFor(rowType[i]);
            }
            for (int j = 0; j < n; j++) {
                rhoB[j] = rhoFor(boundType[j]);
            }
            factorizations++;
            return system.factor(rhoA, rhoB);
        }

        private double rhoFor(int type) {
            switch (type) {
                case TYPE_EQUALITY:
                    return Math.min(RHO_MAX, rho * settings.equalityRhoScale());
                case TYPE_FREE:
                    return RHO_MIN;
                default:
                    return rho;
            }
        }

        QpResult run(QpProblem problem, QpStart start, long t0) {
            OsqpSettings s = settings;
            double[] rl = problem.rowLower();
            double[] ru = problem.rowUpper();
            double[] vl = problem.varLower();
            double[] vu = problem.varUpper();
            boolean typesChanged = !typesKnown;
            for (int j = 0; j < n; j++) {
                q[j] = c * d[j] * problem.linear(j);
                lb[j] = vl[j] / d[j];
                ub[j] = vu[j] / d[j];
                int t = type(lb[j], ub[j]);
                typesChanged |= t != boundType[j];
                boundType[j] = t;
            }
            for (int i = 0; i < m; i++) {
                l[i] = rl[i] * e[i];
                u[i] = ru[i] * e[i];
                int t = type(l[i], u[i]);
                typesChanged |= t != rowType[i];
                rowType[i] = t;
            }
            typesKnown = true;
            if (typesChanged || !system.isFactored()) {
                if (!refactor()) {
                    return numericalError(problem, t0, 0);
                }
            }
            initialise(start);
            QpStatus status = QpStatus.MAX_ITERATIONS;
            int every = s.checkTerminationEvery();
            int lastAdapt = 0;
            int iteration = 0;
            double nextPolish = 100.0;
            Polished polished = null;
            double alpha = s.alpha();
            double sigma = s.sigma();
            while (iteration < s.maxIterations()) {
                iteration++;
                boolean check = iteration == 1 || iteration % every == 0 || iteration == s.maxIterations();
                if (check) {
                    System.arraycopy(x, 0, xPrev, 0, n);
                    System.arraycopy(y, 0, yPrev, 0, m);
                    System.arraycopy(yb, 0, ybPrev, 0, n);
                }
                // x-update: (P + σI + ρ_b + Aᵀ R A) x̃ = σx − q + (ρ_b z_b − y_b) + Aᵀ(R z − y)
                for (int i = 0; i < m; i++) {
                    wm[i] = rhoA[i] * z[i] - y[i];
                }
                for (int j = 0; j < n; j++) {
                    double sum = sigma * x[j] - q[j] + rhoB[j] * zb[j] - yb[j];
                    for (int k = aStart[j]; k < aStart[j + 1]; k++) {
                        sum += aVal[k] * wm[aRow[k]];
                    }
                    rhs[j] = sum;
                }
                system.solve(rhs);
                Arrays.fill(zt, 0.0);
                for (int j = 0; j < n; j++) {
                    double xt = rhs[j];
                    for (int k = aStart[j]; k < aStart[j + 1]; k++) {
                        zt[aRow[k]] += aVal[k] * xt;
                    }
                    x[j] = alpha * xt + (1.0 - alpha) * x[j];
                    double v = alpha * xt + (1.0 - alpha) * zb[j];
                    double rj = rhoB[j];
                    double zn = Math.min(Math.max(v + yb[j] / rj, lb[j]), ub[j]);
                    yb[j] += rj * (v - zn);
                    zb[j] = zn;
                }
                for (int i = 0; i < m; i++) {
                    double v = alpha * zt[i] + (1.0 - alpha) * z[i];
                    double ri = rhoA[i];
                    double zn = Math.min(Math.max(v + y[i] / ri, l[i]), u[i]);
                    y[i] += ri * (v - zn);
                    z[i] = zn;
                }
                if (!check) {
                    continue;
                }
                residuals(s);
                if (!Double.isFinite(prim) || !Double.isFinite(dual)) {
                    return numericalError(problem, t0, iteration);
                }
                if (prim <= epsPrim && dual <= epsDual) {
                    status = QpStatus.OPTIMAL;
                    break;
                }
                if (s.polish() && prim <= nextPolish * epsPrim && dual <= nextPolish * epsDual) {
                    nextPolish = nextPolish > 10.0 ? 10.0 : 1.0;
                    polished = polish(problem, s, true);
                    if (polished != null) {
                        status = QpStatus.OPTIMAL;
                        break;
                    }
                }
                if (primalInfeasible(s)) {
                    status = QpStatus.PRIMAL_INFEASIBLE;
                    break;
                }
                if (dualInfeasible(s)) {
                    status = QpStatus.DUAL_INFEASIBLE;
                    break;
                }
                if (s.adaptiveRho() && iteration - lastAdapt >= s.adaptiveRhoInterval()) {
                    lastAdapt = iteration;
                    double pr = prim / Math.max(primNorm, TINY);
                    double dr = dual / Math.max(dualNorm, TINY);
                    if (pr > 0.0 && dr > 0.0) {
                        double estimate = Math.min(RHO_MAX, Math.max(RHO_MIN, rho * Math.sqrt(pr / dr)));
                        if (estimate > rho * s.adaptiveRhoTolerance() || estimate < rho / s.adaptiveRhoTolerance()) {
                            double old = rho;
                            rho = estimate;
                            if (!refactor()) {
                                rho = old;
                                if (!refactor()) {
                                    return numericalError(problem, t0, iteration);
                                }
                            }
                        }
                    }
                }
            }
            if (status == QpStatus.OPTIMAL && s.polish() && polished == null) {
                polished = polish(problem, s, false);
            }
            double[] xo;
            double[] yo;
            double[] ybo;
            if (polished != null) {
                xo = polished.x;
                yo = polished.y;
                ybo = polished.yb;
            } else {
                xo = new double[n];
                yo = new double[m];
                ybo = new double[n];
                unscale(x, y, yb, xo, yo, ybo);
            }
            double primalResidual = problem.maxViolation(xo);
            double dualResidual = stationarity(problem, xo, yo, ybo);
            if (status == QpStatus.OPTIMAL && (!Double.isFinite(primalResidual) || !Double.isFinite(dualResidual))) {
                status = QpStatus.NUMERICAL_ERROR;
            }
            return new QpResult(status, xo, yo, ybo, problem.objective(xo), iteration, primalResidual,
                    dualResidual, polished != null, System.nanoTime() - t0);
        }

        private QpResult numericalError(QpProblem problem, long t0, int iteration) {
            double[] xo = new double[n];
            double[] yo = new double[m];
            double[] ybo = new double[n];
            unscale(x, y, yb, xo, yo, ybo);
            for (int j = 0; j < n; j++) {
                if (!Double.isFinite(xo[j])) {
                    xo[j] = 0.0;
                }
            }
            // a failed factorisation leaves the penalties in an unknown state: set up again next time
            cache = null;
            return new QpResult(QpStatus.NUMERICAL_ERROR, xo, yo, ybo, problem.objective(xo), iteration,
                    problem.maxViolation(xo), Double.NaN, false, System.nanoTime() - t0);
        }

        private void unscale(double[] xs, double[] ys, double[] ybs, double[] xo, double[] yo, double[] ybo) {
            for (int j = 0; j < n; j++) {
                xo[j] = d[j] * xs[j];
                ybo[j] = ybs[j] / (c * d[j]);
            }
            for (int i = 0; i < m; i++) {
                yo[i] = e[i] * ys[i] / c;
            }
        }

        private void initialise(QpStart start) {
            if (start.x() != null && start.x().length == n) {
                double[] sx = start.x();
                for (int j = 0; j < n; j++) {
                    x[j] = Double.isFinite(sx[j]) ? sx[j] / d[j] : 0.0;
                }
            } else {
                Arrays.fill(x, 0.0);
            }
            System.arraycopy(x, 0, zb, 0, n);
            Arrays.fill(z, 0.0);
            for (int j = 0; j < n; j++) {
                for (int k = aStart[j]; k < aStart[j + 1]; k++) {
                    z[aRow[k]] += aVal[k] * x[j];
                }
            }
            if (start.y() != null && start.y().length == m) {
                double[] sy = start.y();
                for (int i = 0; i < m; i++) {
                    y[i] = Double.isFinite(sy[i]) ? c * sy[i] / e[i] : 0.0;
                }
            } else {
                Arrays.fill(y, 0.0);
            }
            if (start.yBounds() != null && start.yBounds().length == n) {
                double[] sb = start.yBounds();
                for (int j = 0; j < n; j++) {
                    yb[j] = Double.isFinite(sb[j]) ? c * d[j] * sb[j] : 0.0;
                }
            } else {
                Arrays.fill(yb, 0.0);
            }
        }

        /** Unscaled residuals and tolerances of the current iterate. */
        private void residuals(OsqpSettings s) {
            Arrays.fill(ax, 0.0);
            Arrays.fill(px, 0.0);
            for (int j = 0; j < n; j++) {
                double xj = x[j];
                for (int k = aStart[j]; k < aStart[j + 1]; k++) {
                    ax[aRow[k]] += aVal[k] * xj;
                }
                double sum = 0.0;
                for (int k = pStart[j]; k < pStart[j + 1]; k++) {
                    int i = pRow[k];
                    sum += pVal[k] * x[i];
                    if (i != j) {
                        px[i] += pVal[k] * xj;
                    }
                }
                px[j] += sum;
            }
            double r = 0.0;
            double normAx = 0.0;
            double normZ = 0.0;
            for (int i = 0; i < m; i++) {
                double inv = 1.0 / e[i];
                r = Math.max(r, Math.abs(ax[i] - z[i]) * inv);
                normAx = Math.max(normAx, Math.abs(ax[i]) * inv);
                normZ = Math.max(normZ, Math.abs(z[i]) * inv);
            }
            for (int j = 0; j < n; j++) {
                r = Math.max(r, Math.abs(x[j] - zb[j]) * d[j]);
                normAx = Math.max(normAx, Math.abs(x[j]) * d[j]);
                normZ = Math.max(normZ, Math.abs(zb[j]) * d[j]);
            }
            double dr = 0.0;
            double normPx = 0.0;
            double normAty = 0.0;
            double normQ = 0.0;
            for (int j = 0; j < n; j++) {
                double sum = yb[j];
                for (int k = aStart[j]; k < aStart[j + 1]; k++) {
                    sum += aVal[k] * y[aRow[k]];
                }
                aty[j] = sum;
                double inv = 1.0 / (c * d[j]);
                dr = Math.max(dr, Math.abs(px[j] + q[j] + sum) * inv);
                normPx = Math.max(normPx, Math.abs(px[j]) * inv);
                normAty = Math.max(normAty, Math.abs(sum) * inv);
                normQ = Math.max(normQ, Math.abs(q[j]) * inv);
            }
            prim = r;
            dual = dr;
            primNorm = Math.max(normAx, normZ);
            dualNorm = Math.max(normPx, Math.max(normAty, normQ));
            epsPrim = s.epsAbs() + s.epsRel() * primNorm;
            epsDual = s.epsAbs() + s.epsRel() * dualNorm;
        }

        /** The primal infeasibility certificate on δy = y − y_prev (OSQP paper, section 3.4). */
        private boolean primalInfeasible(OsqpSettings s) {
            double norm = 0.0;
            for (int i = 0; i < m; i++) {
                wm[i] = y[i] - yPrev[i];
                norm = Math.max(norm, Math.abs(wm[i]) * e[i] / c);
            }
            for (int j = 0; j < n; j++) {
                norm = Math.max(norm, Math.abs(yb[j] - ybPrev[j]) / (c * d[j]));
            }
            if (!(norm > TINY) || !Double.isFinite(norm)) {
                return false;
            }
            double eps = s.epsPrimalInfeasible() * norm;
            double support = 0.0;
            for (int i = 0; i < m; i++) {
                double dy = wm[i];
                double size = Math.abs(dy) * e[i] / c;
                support += supportTerm(dy, size, l[i], u[i], eps);
            }
            for (int j = 0; j < n; j++) {
                double dy = yb[j] - ybPrev[j];
                double size = Math.abs(dy) / (c * d[j]);
                support += supportTerm(dy, size, lb[j], ub[j], eps);
            }
            if (!(support / c < -eps)) {
                return false;
            }
            for (int j = 0; j < n; j++) {
                double sum = yb[j] - ybPrev[j];
                for (int k = aStart[j]; k < aStart[j + 1]; k++) {
                    sum += aVal[k] * wm[aRow[k]];
                }
                if (Math.abs(sum) / (c * d[j]) > eps) {
                    return false;
                }
            }
            return true;
        }

        private double supportTerm(double dy, double size, double lo, double hi, double eps) {
            if (dy > 0.0) {
                if (hi == Double.POSITIVE_INFINITY) {
                    return size > eps ? Double.POSITIVE_INFINITY : 0.0;
                }
                return hi * dy;
            }
            if (dy < 0.0) {
                if (lo == Double.NEGATIVE_INFINITY) {
                    return size > eps ? Double.POSITIVE_INFINITY : 0.0;
                }
                return lo * dy;
            }
            return 0.0;
        }

        /** The dual infeasibility certificate on δx = x − x_prev. */
        private boolean dualInfeasible(OsqpSettings s) {
            double norm = 0.0;
            double qdx = 0.0;
            for (int j = 0; j < n; j++) {
                double dx = x[j] - xPrev[j];
                norm = Math.max(norm, Math.abs(dx) * d[j]);
                qdx += q[j] * dx;
            }
            if (!(norm > TINY) || !Double.isFinite(norm)) {
                return false;
            }
            double eps = s.epsDualInfeasible() * norm;
            if (!(qdx / c < -eps)) {
                return false;
            }
            for (int j = 0; j < n; j++) {
                if (!directionAllowed((x[j] - xPrev[j]) * d[j], lb[j], ub[j], eps)) {
                    return false;
                }
            }
            // P δx and A δx
            Arrays.fill(px, 0.0);
            Arrays.fill(ax, 0.0);
            for (int j = 0; j < n; j++) {
                double dx = x[j] - xPrev[j];
                for (int k = aStart[j]; k < aStart[j + 1]; k++) {
                    ax[aRow[k]] += aVal[k] * dx;
                }
                double sum = 0.0;
                for (int k = pStart[j]; k < pStart[j + 1]; k++) {
                    int i = pRow[k];
                    sum += pVal[k] * (x[i] - xPrev[i]);
                    if (i != j) {
                        px[i] += pVal[k] * dx;
                    }
                }
                px[j] += sum;
            }
            for (int j = 0; j < n; j++) {
                if (Math.abs(px[j]) / (c * d[j]) > eps) {
                    return false;
                }
            }
            for (int i = 0; i < m; i++) {
                if (!directionAllowed(ax[i] / e[i], l[i], u[i], eps)) {
                    return false;
                }
            }
            return true;
        }

        private boolean directionAllowed(double v, double lo, double hi, double eps) {
            boolean lowFinite = lo != Double.NEGATIVE_INFINITY;
            boolean highFinite = hi != Double.POSITIVE_INFINITY;
            if (highFinite && v > eps) {
                return false;
            }
            return !(lowFinite && v < -eps);
        }

        /**
         * Polishing on the active set guessed from the current iterate.
         *
         * @param early true while ADMM has not converged yet (then the polished point must also meet
         *     the tolerances on its own)
         * @return the accepted polished point (unscaled), or null
         */
        private Polished polish(QpProblem problem, OsqpSettings s, boolean early) {
            double delta = s.polishDelta();
            // active sets: -1 lower, +1 upper, 2 equality / fixed, 0 inactive
            int[] bState = new int[n];
            int[] freeIndex = new int[n];
            double[] xs = new double[n];
            int nf = 0;
            for (int j = 0; j < n; j++) {
                int st = activeState(boundType[j], zb[j], yb[j], lb[j], ub[j]);
                bState[j] = st;
                if (st == 0) {
                    freeIndex[j] = nf++;
                } else {
                    freeIndex[j] = -1;
                    xs[j] = st > 0 ? ub[j] : lb[j];
                }
            }
            int[] rState = new int[m];
            int[] activeRows = new int[m];
            int nr = 0;
            double[] ys = new double[m];
            for (int i = 0; i < m; i++) {
                int st = activeState(rowType[i], z[i], y[i], l[i], u[i]);
                rState[i] = st;
                if (st == 0) {
                    continue;
                }
                boolean touchesFree = false;
                for (int p = rStart[i]; p < rStart[i + 1] && !touchesFree; p++) {
                    touchesFree = freeIndex[rCol[p]] >= 0 && rVal[p] != 0.0;
                }
                if (touchesFree) {
                    activeRows[nr++] = i;
                } else {
                    // degenerate: every variable of the row is fixed; keep the ADMM dual, sign-clipped
                    ys[i] = st == -1 ? Math.min(y[i], 0.0) : st == 1 ? Math.max(y[i], 0.0) : y[i];
                }
            }
            if (nr > POLISH_MAX_DENSE || (!pDiagonal && nf > POLISH_MAX_DENSE)) {
                return null;
            }
            int[] freeVars = new int[nf];
            for (int j = 0; j < n; j++) {
                if (freeIndex[j] >= 0) {
                    freeVars[freeIndex[j]] = j;
                }
            }
            ReducedKkt kkt = new ReducedKkt(nf, nr, freeVars, freeIndex, activeRows, delta);
            if (!kkt.factor()) {
                return null;
            }
            // right-hand side: a = -q_F - (P x_fixed)_F, b = target - A_{R,fixed} x_fixed
            double[] full = new double[n];
            multiplyP(xs, full);
            double[] a = new double[nf];
            for (int f = 0; f < nf; f++) {
                a[f] = -q[freeVars[f]] - full[freeVars[f]];
            }
            double[] b = new double[nr];
            for (int r = 0; r < nr; r++) {
                int i = activeRows[r];
                double target = rState[i] == 1 ? u[i] : l[i];
                double sum = 0.0;
                for (int p = rStart[i]; p < rStart[i + 1]; p++) {
                    if (freeIndex[rCol[p]] < 0) {
                        sum += rVal[p] * xs[rCol[p]];
                    }
                }
                b[r] = target - sum;
            }
            double[] xf = new double[nf];
            double[] yr = new double[nr];
            double[] ra = a.clone();
            double[] rb = b.clone();
            double[] dx = new double[nf];
            double[] dy = new double[nr];
            kkt.solve(ra, rb, xf, yr);
            for (int it = 0; it < s.polishRefineIterations(); it++) {
                kkt.residual(a, b, xf, yr, ra, rb);
                kkt.solve(ra, rb, dx, dy);
                for (int f = 0; f < nf; f++) {
                    xf[f] += dx[f];
                }
                for (int r = 0; r < nr; r++) {
                    yr[r] += dy[r];
                }
            }
            for (int f = 0; f < nf; f++) {
                xs[freeVars[f]] = xf[f];
            }
            for (int r = 0; r < nr; r++) {
                ys[activeRows[r]] = yr[r];
            }
            // bound duals of the fixed variables from stationarity
            double[] ybs = new double[n];
            Arrays.fill(full, 0.0);
            multiplyP(xs, full);
            double signViolation = 0.0;
            for (int j = 0; j < n; j++) {
                if (bState[j] == 0) {
                    continue;
                }
                double sum = full[j] + q[j];
                for (int k = aStart[j]; k < aStart[j + 1]; k++) {
                    sum += aVal[k] * ys[aRow[k]];
                }
                ybs[j] = -sum;
                signViolation = Math.max(signViolation, wrongSign(bState[j], ybs[j]) / (c * d[j]));
            }
            for (int i = 0; i < m; i++) {
                signViolation = Math.max(signViolation, wrongSign(rState[i], ys[i]) * e[i] / c);
            }
            double[] xo = new double[n];
            double[] yo = new double[m];
            double[] ybo = new double[n];
            unscale(xs, ys, ybs, xo, yo, ybo);
            double pPrim = problem.maxViolation(xo);
            double pDual = Math.max(stationarity(problem, xo, yo, ybo), signViolation);
            double tiny = 1e-10;
            if (!Double.isFinite(pPrim) || !Double.isFinite(pDual)) {
                return null;
            }
            boolean primOk = pPrim <= Math.max(early ? Math.min(prim, epsPrim) : prim, tiny);
            boolean dualOk = pDual <= Math.max(early ? Math.min(dual, epsDual) : dual, tiny);
            if (!primOk || !dualOk) {
                return null;
            }
            return new Polished(xo, yo, ybo);
        }

        private int activeState(int type, double zi, double yi, double lo, double hi) {
            if (type == TYPE_EQUALITY) {
                return 2;
            }
            if (zi - lo < -yi) {
                return -1;
            }
            if (hi - zi < yi) {
                return 1;
            }
            return 0;
        }

        private double wrongSign(int state, double value) {
            if (state == -1) {
                return Math.max(value, 0.0);
            }
            if (state == 1) {
                return Math.max(-value, 0.0);
            }
            return 0.0;
        }

        /** {@code out += P̃ v} with the full symmetric scaled P. */
        private void multiplyP(double[] v, double[] out) {
            for (int j = 0; j < n; j++) {
                double vj = v[j];
                double sum = 0.0;
                for (int k = pStart[j]; k < pStart[j + 1]; k++) {
                    int i = pRow[k];
                    sum += pVal[k] * v[i];
                    if (i != j) {
                        out[i] += pVal[k] * vj;
                    }
                }
                out[j] += sum;
            }
        }

        /**
         * The regularised reduced KKT system of polishing,
         * {@code [P_FF + δI, A_RFᵀ; A_RF, −δI]}, solved through the Schur complement
         * {@code S = A_RF H⁻¹ A_RFᵀ + δI} with {@code H = P_FF + δI} (diagonal when P is, else a dense
         * Cholesky factor).
         */
        private final class ReducedKkt {
            final int nf;
            final int nr;
            final int[] freeVars;
            final int[] freeIndex;
            final int[] rows;
            final double delta;
            final double[] hDiag;
            final double[] hDense;
            final double[] sDense;
            final double[] tf;
            final double[] tr;

            ReducedKkt(int nf, int nr, int[] freeVars, int[] freeIndex, int[] rows, double delta) {
                this.nf = nf;
                this.nr = nr;
                this.freeVars = freeVars;
                this.freeIndex = freeIndex;
                this.rows = rows;
                this.delta = delta;
                hDiag = pDiagonal ? new double[nf] : null;
                hDense = pDiagonal ? null : new double[nf * nf];
                sDense = new double[nr * nr];
                tf = new double[nf];
                tr = new double[nr];
            }

            boolean factor() {
                if (pDiagonal) {
                    for (int f = 0; f < nf; f++) {
                        int j = freeVars[f];
                        double v = delta;
                        for (int k = pStart[j]; k < pStart[j + 1]; k++) {
                            v += pVal[k];
                        }
                        hDiag[f] = v;
                    }
                } else {
                    for (int f = 0; f < nf; f++) {
                        int j = freeVars[f];
                        hDense[f * nf + f] += delta;
                        for (int k = pStart[j]; k < pStart[j + 1]; k++) {
                            int g = freeIndex[pRow[k]];
                            if (g >= 0) {
                                hDense[Math.max(f, g) * nf + Math.min(f, g)] += pVal[k];
                            }
                        }
                    }
                    if (!DenseCholesky.factor(hDense, nf)) {
                        return false;
                    }
                }
                // S = A H⁻¹ Aᵀ + δI
                double[] col = new double[nf];
                for (int a = 0; a < nr; a++) {
                    Arrays.fill(col, 0.0);
                    int ra = rows[a];
                    for (int p = rStart[ra]; p < rStart[ra + 1]; p++) {
                        int f = freeIndex[rCol[p]];
                        if (f >= 0) {
                            col[f] = rVal[p];
                        }
                    }
                    applyHInverse(col);
                    for (int b = a; b < nr; b++) {
                        int rb = rows[b];
                        double sum = 0.0;
                        for (int p = rStart[rb]; p < rStart[rb + 1]; p++) {
                            int f = freeIndex[rCol[p]];
                            if (f >= 0) {
                                sum += rVal[p] * col[f];
                            }
                        }
                        sDense[b * nr + a] = sum;
                    }
                    sDense[a * nr + a] += delta;
                }
                return DenseCholesky.factor(sDense, nr);
            }

            private void applyHInverse(double[] v) {
                if (pDiagonal) {
                    for (int f = 0; f < nf; f++) {
                        v[f] /= hDiag[f];
                    }
                } else {
                    DenseCholesky.solve(hDense, nf, v);
                }
            }

            /** Solves the regularised system for (ra, rb) into (xf, yr). */
            void solve(double[] ra, double[] rb, double[] xf, double[] yr) {
                System.arraycopy(ra, 0, tf, 0, nf);
                applyHInverse(tf);
                for (int r = 0; r < nr; r++) {
                    int i = rows[r];
                    double sum = 0.0;
                    for (int p = rStart[i]; p < rStart[i + 1]; p++) {
                        int f = freeIndex[rCol[p]];
                        if (f >= 0) {
                            sum += rVal[p] * tf[f];
                        }
                    }
                    yr[r] = sum - rb[r];
                }
                DenseCholesky.solve(sDense, nr, yr);
                System.arraycopy(ra, 0, xf, 0, nf);
                for (int r = 0; r < nr; r++) {
                    int i = rows[r];
                    for (int p = rStart[i]; p < rStart[i + 1]; p++) {
                        int f = freeIndex[rCol[p]];
                        if (f >= 0) {
                            xf[f] -= rVal[p] * yr[r];
                        }
                    }
                }
                applyHInverse(xf);
            }

            /** Residual of the unregularised system: (a − P_FF xf − A_RFᵀ yr, b − A_RF xf). */
            void residual(double[] a, double[] b, double[] xf, double[] yr, double[] ra, double[] rb) {
                System.arraycopy(a, 0, ra, 0, nf);
                for (int f = 0; f < nf; f++) {
                    int j = freeVars[f];
                    for (int k = pStart[j]; k < pStart[j + 1]; k++) {
                        int g = freeIndex[pRow[k]];
                        if (g < 0) {
                            continue;
                        }
                        ra[f] -= pVal[k] * xf[g];
                        if (g != f) {
                            ra[g] -= pVal[k] * xf[f];
                        }
                    }
                }
                for (int r = 0; r < nr; r++) {
                    int i = rows[r];
                    double sum = 0.0;
                    for (int p = rStart[i]; p < rStart[i + 1]; p++) {
                        int f = freeIndex[rCol[p]];
                        if (f >= 0) {
                            sum += rVal[p] * xf[f];
                            ra[f] -= rVal[p] * yr[r];
                        }
                    }
                    rb[r] = b[r] - sum;
                }
            }
        }
    }

    /** An accepted polished point, unscaled. */
    private static final class Polished {
        final double[] x;
        final double[] y;
        final double[] yb;

        Polished(double[] x, double[] y, double[] yb) {
            this.x = x;
            this.y = y;
            this.yb = yb;
        }
    }

    private static int type(double lo, double hi) {
        if (lo == Double.NEGATIVE_INFINITY && hi == Double.POSITIVE_INFINITY) {
            return TYPE_FREE;
        }
        if (Double.isFinite(lo) && Double.isFinite(hi) && hi - lo <= 1e-8 * Math.max(1.0, Math.abs(lo))) {
            return TYPE_EQUALITY;
        }
        return TYPE_INEQUALITY;
    }

    private static double limit(double v) {
        if (v < SCALING_MIN) {
            return 1.0;
        }
        return Math.min(v, SCALING_MAX);
    }

    /**
     * The largest entry of {@code Px + q + Aᵀy + yBounds} on the original (unscaled) data.
     *
     * @param problem the problem
     * @param x the primal point
     * @param y the row duals
     * @param yBounds the bound duals
     * @return the infinity norm of the stationarity residual
     */
    static double stationarity(QpProblem problem, double[] x, double[] y, double[] yBounds) {
        int n = problem.variables();
        double[] g = new double[n];
        SparseMatrix p = problem.quadratic();
        for (int j = 0; j < n; j++) {
            double sum = problem.linear(j) + yBounds[j];
            for (int k = p.columnStart(j); k < p.columnEnd(j); k++) {
                int i = p.rowIndexAt(k);
                sum += p.valueAt(k) * x[i];
                if (i != j) {
                    g[i] += p.valueAt(k) * x[j];
                }
            }
            g[j] += sum;
        }
        problem.constraints().transposeMultiplyAdd(y, g);
        double worst = 0.0;
        for (int j = 0; j < n; j++) {
            worst = Math.max(worst, Math.abs(g[j]));
        }
        return Double.isNaN(worst) ? Double.NaN : worst;
    }
}
