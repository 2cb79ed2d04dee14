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
 *   <li>polishes (sparse): guesses the active set from the duals and solves the regularised reduced
 *       KKT system on it through a second {@link ReducedSystem} with σ = δ and ρ = 1/δ on active rows
 *       and bounds (0 elsewhere), with iterative refinement against the unregularised system (which
 *       also copes with linearly dependent active rows), and a few primal-dual active-set
 *       corrections. A polished point is accepted only when it is feasible to {@code 1e-7} (absolute,
 *       unscaled), its duals have the right signs and its stationarity meets the tolerance. Polishing
 *       is tried as soon as the residuals are within 10⁴ of the tolerances, at growing intervals, and
 *       never twice on the same active set;</li>
 *   <li>with polishing on, an ADMM point is returned as OPTIMAL only when (clipped onto the variable
 *       bounds) it is feasible to {@code 1e-7} and the residuals are two decades below the tolerances;
 *       otherwise ADMM continues with tolerances tightened tenfold and polishing is retried. In a warm
 *       chain ρ is only re-adapted in the first 100 iterations when the residuals are unbalanced by
 *       more than the square of {@link OsqpSettings#adaptiveRhoTolerance()}.</li>
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
    /** Absolute bound / row violation (unscaled) that every OPTIMAL result meets when polishing is on. */
    static final double FEASIBILITY_ABS = 1e-7;
    /** Active-set corrections of one polishing attempt. */
    private static final int POLISH_ROUNDS = 8;

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
        // polishing work (allocated on first use)
        ReducedSystem polishSystem;
        boolean polishSystemFactored;
        long failedPolishHash;
        int[] pState;
        int[] pbState;
        double[] pRhoA;
        double[] pRhoB;
        double[] pTarget;
        double[] pbTarget;
        double[] px2;
        double[] pw;
        double[] pwb;
        double[] pr1;
        double[] pr2;
        double[] pAx;

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
            boolean warm = !start.isCold();
            initialise(start);
            QpStatus status = QpStatus.MAX_ITERATIONS;
            int every = s.checkTerminationEvery();
            int lastAdapt = 0;
            int iteration = 0;
            // polishing is tried once the residuals are within this factor of the tolerances
            double polishWithin = 1e4;
            int nextPolishAt = 0;
            int polishGap = every;
            // the tolerances shrink by 10 when an ADMM point meets them but is not accurate enough
            double tighten = 1.0;
            failedPolishHash = 0;
            Polished polished = null;
            double alpha = s.alpha();
            double sigma = s.sigma();
            double[] accepted = null;
            while (iteration < s.maxIterations()) {
                iteration++;
                boolean check = iteration == 1 || iteration % every == 0 || iteration == s.maxIterations();
                if (check) {
                    System.arraycopy(x, 0, xPrev, 0, n);
                    System.arraycopy(y, 0, yPrev, 0, m);
                    System.arraycopy(yb, 0, ybPrev, 0, n);
                }
                step(alpha, sigma);
                if (!check) {
                    continue;
                }
                residuals(s);
                if (!Double.isFinite(prim) || !Double.isFinite(dual)) {
                    return numericalError(problem, t0, iteration);
                }
                boolean converged = prim <= tighten * epsPrim && dual <= tighten * epsDual;
                if (s.polish() && iteration >= nextPolishAt
                        && (converged || (prim <= polishWithin * epsPrim && dual <= polishWithin * epsDual))) {
                    polished = polish(problem, s);
                    if (polished != null) {
                        status = QpStatus.OPTIMAL;
                        break;
                    }
                    nextPolishAt = iteration + polishGap;
                    polishGap = Math.min(polishGap * 2, 200);
                }
                if (converged) {
                    if (!s.polish()) {
                        status = QpStatus.OPTIMAL;
                        break;
                    }
                    // without a polished point: the ADMM point (clipped onto the variable bounds) is
                    // returned only once it is feasible to the target and two decades more accurate
                    accepted = acceptableAdmmPoint(problem, tighten <= 1e-2);
                    if (accepted != null) {
                        status = QpStatus.OPTIMAL;
                        break;
                    }
                    tighten = Math.max(tighten * 0.1, 1e-6);
                    nextPolishAt = iteration;
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
                        // in a warm chain ρ is kept unless the residuals are badly unbalanced
                        double tolerance = s.adaptiveRhoTolerance();
                        if (warm && iteration < 100) {
                            tolerance *= tolerance;
                        }
                        if (estimate > rho * tolerance || estimate < rho / tolerance) {
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
                if (accepted != null) {
                    xo = accepted;
                }
            }
            double primalResidual = problem.maxViolation(xo);
            double dualResidual = stationarity(problem, xo, yo, ybo);
            if (status == QpStatus.OPTIMAL && (!Double.isFinite(primalResidual) || !Double.isFinite(dualResidual))) {
                status = QpStatus.NUMERICAL_ERROR;
            }
            return new QpResult(status, xo, yo, ybo, problem.objective(xo), iteration, primalResidual,
                    dualResidual, polished != null, System.nanoTime() - t0);
        }

        /**
         * The unscaled ADMM x clipped onto the variable bounds, when it meets the feasibility target
         * and {@code accurate} holds; else null.
         */
        private double[] acceptableAdmmPoint(QpProblem problem, boolean accurate) {
            double[] vl = problem.varLower();
            double[] vu = problem.varUpper();
            double[] xo = new double[n];
            for (int j = 0; j < n; j++) {
                xo[j] = Math.min(Math.max(d[j] * x[j], vl[j]), vu[j]);
            }
            if (!accurate || !(problem.maxViolation(xo) <= feasibilityTarget())) {
                return null;
            }
            return xo;
        }

        /** One ADMM iteration (x-update, over-relaxation, projection and dual update). */
        private void step(double alpha, double sigma) {
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
         * Polishing on the active set guessed from the current iterate (sparse, through a second
         * {@link ReducedSystem} with the structure of the ADMM one).
         *
         * <p>With {@code C} the active rows of {@code [A; I]} (rows at a bound, equalities, variables
         * at a bound or fixed) and {@code t} their targets, the unregularised reduced KKT system is
         * {@code P x + q + Cᵀ w = 0, C x = t}. Its regularisation
         * {@code [P + δI, Cᵀ; C, −δI]} is solved by eliminating {@code w}: the SPD system
         * {@code (P + δI + Cᵀ C / δ) Δx = r₁ + Cᵀ r₂ / δ} is exactly {@code K} of the ADMM step with
         * σ = δ, ρ = 1/δ on active rows and 0 on inactive ones. Iterative refinement against the
         * unregularised system starts from the ADMM point; with linearly dependent active rows (a row
         * whose variables are all at bounds) it is a proximal-point iteration on the duals and still
         * converges to a consistent primal point. The polished point is accepted only when it is
         * primal feasible to {@link #FEASIBILITY_ABS}, its duals have the right signs and its
         * stationarity residual meets the dual tolerance.
         *
         * @return the accepted polished point (unscaled), or null (also when the active set is the one
         *     of the last failed attempt)
         */
        private Polished polish(QpProblem problem, OsqpSettings s) {
            double delta = s.polishDelta();
            double inv = 1.0 / delta;
            if (polishSystem == null) {
                // the Woodbury form cancels catastrophically with ρ = 1/δ: polish through the sparse
                // Cholesky factor instead (a second symbolic analysis, once per setup)
                polishSystem = system.woodburyRows() == m && m > 0
                        ? new ReducedSystem(n, pStart, pRow, pVal, m, aStart, aRow, aVal, delta, 0,
                                settings.denseRowThreshold())
                        : new ReducedSystem(system, delta);
                pState = new int[m];
                pbState = new int[n];
                pRhoA = new double[m];
                pRhoB = new double[n];
                pTarget = new double[m];
                pbTarget = new double[n];
                px2 = new double[n];
                pw = new double[m];
                pwb = new double[n];
                pr1 = new double[n];
                pr2 = new double[m];
                pAx = new double[m];
            }
            long hash = 17;
            for (int j = 0; j < n; j++) {
                int st = activeState(boundType[j], zb[j], yb[j], lb[j], ub[j]);
                if (boundType[j] == TYPE_FREE) {
                    st = 0;
                }
                pbState[j] = st;
                hash = hash * 31 + st;
            }
            for (int i = 0; i < m; i++) {
                int st = rowType[i] == TYPE_FREE ? 0 : activeState(rowType[i], z[i], y[i], l[i], u[i]);
                pState[i] = st;
                hash = hash * 31 + st;
            }
            if (hash == failedPolishHash && polishSystemFactored) {
                return null;
            }
            failedPolishHash = hash;
            for (int j = 0; j < n; j++) {
                px2[j] = x[j];
                pwb[j] = pbState[j] == 0 ? 0.0 : yb[j];
            }
            for (int i = 0; i < m; i++) {
                pw[i] = pState[i] == 0 ? 0.0 : y[i];
            }
            // a few rounds of active-set correction (primal-dual active set): constraints the polished
            // point violates join, active inequalities with a dual of the wrong sign leave
            for (int round = 0; ; round++) {
                if (!polishSolve(s, inv)) {
                    return null;
                }
                if (round == POLISH_ROUNDS - 1) {
                    break;
                }
                int changes = correctActiveSet();
                if (changes == 0) {
                    break;
                }
                if (changes > 4 + (n + m) / 100) {
                    // far from the optimal active set: let ADMM get closer first
                    return null;
                }
            }
            // snap onto the bounds, then bound duals of the active bounds from stationarity
            double[] xs = new double[n];
            double[] ys = new double[m];
            double[] ybs = new double[n];
            for (int j = 0; j < n; j++) {
                xs[j] = pbState[j] != 0 ? pbTarget[j] : Math.min(Math.max(px2[j], lb[j]), ub[j]);
            }
            System.arraycopy(pw, 0, ys, 0, m);
            double[] full = pr1;
            Arrays.fill(full, 0.0);
            multiplyP(xs, full);
            double signViolation = 0.0;
            for (int j = 0; j < n; j++) {
                if (pbState[j] == 0) {
                    continue;
                }
                double sum = full[j] + q[j];
                for (int k = aStart[j]; k < aStart[j + 1]; k++) {
                    sum += aVal[k] * ys[aRow[k]];
                }
                ybs[j] = -sum;
                signViolation = Math.max(signViolation, wrongSign(pbState[j], ybs[j]) / (c * d[j]));
            }
            for (int i = 0; i < m; i++) {
                signViolation = Math.max(signViolation, wrongSign(pState[i], ys[i]) * e[i] / c);
            }
            double[] xo = new double[n];
            double[] yo = new double[m];
            double[] ybo = new double[n];
            unscale(xs, ys, ybs, xo, yo, ybo);
            double pPrim = problem.maxViolation(xo);
            double pDual = Math.max(stationarity(problem, xo, yo, ybo), signViolation);
            if (!Double.isFinite(pPrim) || !Double.isFinite(pDual)) {
                return null;
            }
            if (pPrim > feasibilityTarget() || pDual > Math.max(epsDual, 1e-10)) {
                return null;
            }
            failedPolishHash = 0;
            return new Polished(xo, yo, ybo);
        }

        /**
         * Factorises the polishing system of the current active set (pState, pbState) and refines
         * (px2, pw, pwb) against the unregularised reduced KKT system.
         *
         * @return false when the factorisation failed or the iterates became non-finite
         */
        private boolean polishSolve(OsqpSettings s, double inv) {
            for (int j = 0; j < n; j++) {
                int st = pbState[j];
                pRhoB[j] = st == 0 ? 0.0 : inv;
                pbTarget[j] = st == 1 ? ub[j] : st == -1 ? lb[j] : 0.5 * (lb[j] + ub[j]);
                if (st == 0) {
                    pwb[j] = 0.0;
                }
            }
            for (int i = 0; i < m; i++) {
                int st = pState[i];
                pRhoA[i] = st == 0 ? 0.0 : inv;
                pTarget[i] = st == 1 ? u[i] : st == -1 ? l[i] : 0.5 * (l[i] + u[i]);
                if (st == 0) {
                    pw[i] = 0.0;
                }
            }
            polishSystemFactored = polishSystem.factor(pRhoA, pRhoB);
            if (!polishSystemFactored) {
                return false;
            }
            int steps = 1 + 3 * Math.max(1, s.polishRefineIterations());
            double previous = Double.POSITIVE_INFINITY;
            for (int it = 0; it < steps; it++) {
                // residual of the unregularised system at (px2, pw, pwb)
                Arrays.fill(pr1, 0.0);
                multiplyP(px2, pr1);
                Arrays.fill(pAx, 0.0);
                for (int j = 0; j < n; j++) {
                    double xj = px2[j];
                    double sum = q[j] + pwb[j];
                    for (int k = aStart[j]; k < aStart[j + 1]; k++) {
                        pAx[aRow[k]] += aVal[k] * xj;
                        sum += aVal[k] * pw[aRow[k]];
                    }
                    pr1[j] = -(pr1[j] + sum);
                }
                double norm = 0.0;
                for (int j = 0; j < n; j++) {
                    norm = Math.max(norm, Math.abs(pr1[j]));
                    if (pbState[j] != 0) {
                        double r = pbTarget[j] - px2[j];
                        norm = Math.max(norm, Math.abs(r));
                        pr1[j] += inv * r;
                        rhs[j] = r;
                    }
                }
                for (int i = 0; i < m; i++) {
                    pr2[i] = pState[i] == 0 ? 0.0 : pTarget[i] - pAx[i];
                    norm = Math.max(norm, Math.abs(pr2[i]));
                }
                if (!Double.isFinite(norm)) {
                    return false;
                }
                if (norm <= 1e-14 || (it >= s.polishRefineIterations() && norm > 0.5 * previous)) {
                    break;
                }
                previous = norm;
                // right-hand side r₁ + Cᵀ r₂ / δ (the bound part was added above)
                for (int j = 0; j < n; j++) {
                    double sum = pr1[j];
                    for (int k = aStart[j]; k < aStart[j + 1]; k++) {
                        sum += aVal[k] * inv * pr2[aRow[k]];
                    }
                    pr1[j] = sum;
                }
                polishSystem.solve(pr1);
                Arrays.fill(pAx, 0.0);
                for (int j = 0; j < n; j++) {
                    double dx = pr1[j];
                    for (int k = aStart[j]; k < aStart[j + 1]; k++) {
                        pAx[aRow[k]] += aVal[k] * dx;
                    }
                    if (pbState[j] != 0) {
                        pwb[j] += (dx - rhs[j]) * inv;
                    }
                    px2[j] += dx;
                }
                for (int i = 0; i < m; i++) {
                    if (pState[i] != 0) {
                        pw[i] += (pAx[i] - pr2[i]) * inv;
                    }
                }
            }
            return true;
        }

        /**
         * One correction of the polishing active set from the refined point: violated inactive
         * constraints become active, active inequalities whose dual has the wrong sign become inactive.
         *
         * @return the number of constraints that changed state
         */
        private int correctActiveSet() {
            int changed = 0;
            Arrays.fill(pAx, 0.0);
            for (int j = 0; j < n; j++) {
                for (int k = aStart[j]; k < aStart[j + 1]; k++) {
                    pAx[aRow[k]] += aVal[k] * px2[j];
                }
            }
            for (int i = 0; i < m; i++) {
                int st = pState[i];
                if (st == 2 || rowType[i] == TYPE_FREE) {
                    continue;
                }
                double tol = 1e-9 * (1.0 + Math.abs(pAx[i]));
                if (st == 0) {
                    if (pAx[i] < l[i] - tol) {
                        pState[i] = -1;
                        changed++;
                    } else if (pAx[i] > u[i] + tol) {
                        pState[i] = 1;
                        changed++;
                    }
                } else if (wrongSign(st, pw[i]) > 1e-9 * (1.0 + Math.abs(pw[i]))) {
                    pState[i] = 0;
                    changed++;
                }
            }
            for (int j = 0; j < n; j++) {
                int st = pbState[j];
                if (st == 2 || boundType[j] == TYPE_FREE) {
                    continue;
                }
                double tol = 1e-9 * (1.0 + Math.abs(px2[j]));
                if (st == 0) {
                    if (px2[j] < lb[j] - tol) {
                        pbState[j] = -1;
                        changed++;
                    } else if (px2[j] > ub[j] + tol) {
                        pbState[j] = 1;
                        changed++;
                    }
                } else if (wrongSign(st, pwb[j]) > 1e-9 * (1.0 + Math.abs(pwb[j]))) {
                    pbState[j] = 0;
                    changed++;
                }
            }
            return changed;
        }

        /** Absolute primal feasibility every OPTIMAL result of the polishing mode meets (unscaled). */
        private double feasibilityTarget() {
            return FEASIBILITY_ABS + 1e-13 * primNorm;
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
