package org.tem.solver.qp;

import java.util.Objects;
import java.util.Optional;
import org.ojalgo.matrix.store.R064Store;
import org.ojalgo.optimisation.Optimisation;
import org.ojalgo.optimisation.convex.ConvexSolver;
import org.ojalgo.structure.Access1D;

/**
 * The reference solver: ojAlgo's active-set {@link ConvexSolver} (ojAlgo 56.1.1), used by the tests
 * as an independent check of {@link OsqpSolver}; slow (dense matrices), not for production loops.
 * ojAlgo is an optional dependency of tem-solver: to use this class, add {@code org.ojalgo:ojalgo}
 * (56.1.1) to your own dependencies.
 *
 * <p>Translation: ojAlgo minimises {@code ½ xᵀQx − Cᵀx} subject to {@code AE x = BE} and
 * {@code AI x ≤ BI}. So {@code Q} is the full symmetric {@code P}, {@code C = −q}; a row with
 * {@code rowLower == rowUpper} becomes an equality; every finite side of another row, and every
 * finite variable bound, becomes one inequality row ({@code a x ≤ u} or {@code −a x ≤ −l}).
 *
 * <p>Duals: ojAlgo returns one multiplier per equality and inequality (in that order) when it has
 * them (all finite); they are mapped back to the {@link QpResult} convention ({@code Px + q + Aᵀy + yBounds = 0})
 * with the sign fixed so that the multipliers of the {@code ≤} rows are non-negative. When ojAlgo
 * gives no (finite) multipliers, as for a pure LP that it hands to its simplex solver, {@code y} and {@code yBounds} are zero and the reported dual residual is
 * then just {@code ‖Px + q‖∞}. The primal point and objective do not depend on the duals.
 *
 * <p>Statuses: an optimal (or distinct) ojAlgo state gives {@link QpStatus#OPTIMAL}; infeasible
 * gives {@link QpStatus#PRIMAL_INFEASIBLE}; unbounded {@link QpStatus#DUAL_INFEASIBLE}; a feasible
 * or approximate state {@link QpStatus#MAX_ITERATIONS}; anything else, or an exception thrown by
 * ojAlgo, {@link QpStatus#NUMERICAL_ERROR}.
 *
 * <p>Stateless apart from its configuration: thread-safe.
 */
public final class OjAlgoSolver implements QpSolver {

    private final Boolean sparse;

    /** The wall-time limit of one solve; past it the result is {@link QpStatus#MAX_ITERATIONS}. */
    public static final long TIME_LIMIT_MILLIS = 30_000;

    /** A reference solver with ojAlgo's default options. */
    public OjAlgoSolver() {
        this.sparse = null;
    }

    /**
     * @param sparse ojAlgo's {@code Optimisation.Options.sparse} switch: true for its sparse
     *     active-set variant (faster on large structured problems), false for the dense one, null for
     *     ojAlgo's own choice
     */
    public OjAlgoSolver(Boolean sparse) {
        this.sparse = sparse;
    }

    /** @return {@code "ojalgo"} */
    @Override
    public String name() {
        return "ojalgo";
    }

    /**
     * Solves the problem with ojAlgo. The start is ignored (ojAlgo's builder API takes none).
     *
     * @param problem the problem
     * @param start ignored
     * @return the result, {@code iterations} is 0 and {@code polished} false
     * @throws NullPointerException if problem is null
     */
    @Override
    public QpResult solve(QpProblem problem, QpStart start) {
        long t0 = System.nanoTime();
        Objects.requireNonNull(problem, "problem");
        int n = problem.variables();
        int m = problem.rows();
        double[] rl = problem.rowLower();
        double[] ru = problem.rowUpper();
        double[] vl = problem.varLower();
        double[] vu = problem.varUpper();
        SparseMatrix p = problem.quadratic();
        SparseMatrix a = problem.constraints();

        R064Store q = R064Store.FACTORY.make(n, n);
        for (int j = 0; j < n; j++) {
            for (int k = p.columnStart(j); k < p.columnEnd(j); k++) {
                int i = p.rowIndexAt(k);
                q.add(i, j, p.valueAt(k));
                if (i != j) {
                    q.add(j, i, p.valueAt(k));
                }
            }
        }
        R064Store c = R064Store.FACTORY.make(n, 1);
        for (int j = 0; j < n; j++) {
            c.set(j, 0, -problem.linear(j));
        }
        // row bookkeeping: for each ojAlgo row, the source (row i >= 0, or bound -(j+1)) and the sign
        int equalities = 0;
        int inequalities = 0;
        for (int i = 0; i < m; i++) {
            if (rl[i] == ru[i]) {
                equalities++;
            } else {
                inequalities += (Double.isFinite(rl[i]) ? 1 : 0) + (Double.isFinite(ru[i]) ? 1 : 0);
            }
        }
        for (int j = 0; j < n; j++) {
            inequalities += (Double.isFinite(vl[j]) ? 1 : 0) + (Double.isFinite(vu[j]) ? 1 : 0);
        }
        int[] eqSource = new int[equalities];
        int[] inSource = new int[inequalities];
        double[] inSign = new double[inequalities];
        R064Store ae = R064Store.FACTORY.make(equalities, n);
        R064Store be = R064Store.FACTORY.make(equalities, 1);
        R064Store ai = R064Store.FACTORY.make(inequalities, n);
        R064Store bi = R064Store.FACTORY.make(inequalities, 1);
        int[] eqRow = new int[m];
        int[] upRow = new int[m];
        int[] loRow = new int[m];
        int ne = 0;
        int ni = 0;
        for (int i = 0; i < m; i++) {
            eqRow[i] = -1;
            upRow[i] = -1;
            loRow[i] = -1;
            if (rl[i] == ru[i]) {
                eqRow[i] = ne;
                eqSource[ne] = i;
                be.set(ne, 0, ru[i]);
                ne++;
            } else {
                if (Double.isFinite(ru[i])) {
                    upRow[i] = ni;
                    inSource[ni] = i;
                    inSign[ni] = 1.0;
                    bi.set(ni, 0, ru[i]);
                    ni++;
                }
                if (Double.isFinite(rl[i])) {
                    loRow[i] = ni;
                    inSource[ni] = i;
                    inSign[ni] = -1.0;
                    bi.set(ni, 0, -rl[i]);
                    ni++;
                }
            }
        }
        for (int j = 0; j < n; j++) {
            for (int k = a.columnStart(j); k < a.columnEnd(j); k++) {
                int i = a.rowIndexAt(k);
                double v = a.valueAt(k);
                if (eqRow[i] >= 0) {
                    ae.set(eqRow[i], j, v);
                }
                if (upRow[i] >= 0) {
                    ai.set(upRow[i], j, v);
                }
                if (loRow[i] >= 0) {
                    ai.set(loRow[i], j, -v);
                }
            }
        }
        for (int j = 0; j < n; j++) {
            if (Double.isFinite(vu[j])) {
                inSource[ni] = -(j + 1);
                inSign[ni] = 1.0;
                ai.set(ni, j, 1.0);
                bi.set(ni, 0, vu[j]);
                ni++;
            }
            if (Double.isFinite(vl[j])) {
                inSource[ni] = -(j + 1);
                inSign[ni] = -1.0;
                ai.set(ni, j, -1.0);
                bi.set(ni, 0, -vl[j]);
                ni++;
            }
        }
        double[] x = new double[n];
        double[] y = new double[m];
        double[] yBounds = new double[n];
        QpStatus status;
        try {
            ConvexSolver.Builder builder = ConvexSolver.newBuilder().objective(q, c);
            if (equalities > 0) {
                builder.equalities(ae, be);
            }
            if (inequalities > 0) {
                builder.inequalities(ai, bi);
            }
            Optimisation.Options options = new Optimisation.Options();
            options.sparse = sparse;
            // ojAlgo's active set can cycle on degenerate problems (seen: hours in its CG loop); bound it
            options.time_abort = TIME_LIMIT_MILLIS;
            options.iterations_abort = 100_000;
            Optimisation.Result result = solveBounded(builder, options);
            if (result == null) {
                return new QpResult(QpStatus.MAX_ITERATIONS, x, y, yBounds, problem.objective(x), 0, problem.maxViolation(x),
                        Double.NaN, false, System.nanoTime() - t0);
            }
            status = map(result.getState());
            for (int j = 0; j < n && j < result.size(); j++) {
                x[j] = result.doubleValue(j);
            }
            Optional<Access1D<?>> multipliers = result.getMultipliers();
            if (multipliers.isPresent() && multipliers.get().count() == (long) equalities + inequalities
                    && allFinite(multipliers.get())) {
                Access1D<?> l = multipliers.get();
                for (int k = 0; k < equalities; k++) {
                    y[eqSource[k]] += l.doubleValue(k);
                }
                for (int k = 0; k < inequalities; k++) {
                    double v = inSign[k] * l.doubleValue(equalities + k);
                    int source = inSource[k];
                    if (source >= 0) {
                        y[source] += v;
                    } else {
                        yBounds[-source - 1] += v;
                    }
                }
            }
        } catch (RuntimeException e) {
            status = QpStatus.NUMERICAL_ERROR;
        }
        for (int j = 0; j < n; j++) {
            if (!Double.isFinite(x[j])) {
                x[j] = 0.0;
                status = QpStatus.NUMERICAL_ERROR;
            }
        }
        return new QpResult(status, x, y, yBounds, problem.objective(x), 0, problem.maxViolation(x),
                OsqpSolver.stationarity(problem, x, y, yBounds), false, System.nanoTime() - t0);
    }

    /**
     * Runs ojAlgo on a daemon thread and gives up after {@link #TIME_LIMIT_MILLIS} plus a grace
     * period: its own time limit is checked between active-set iterations, not inside a stuck inner
     * solve.
     *
     * @return the result, or null when ojAlgo did not return in time
     */
    private static Optimisation.Result solveBounded(ConvexSolver.Builder builder, Optimisation.Options options) {
        java.util.concurrent.FutureTask<Optimisation.Result> task =
                new java.util.concurrent.FutureTask<>(() -> builder.build(options).solve());
        Thread worker = new Thread(task, "tem-ojalgo");
        worker.setDaemon(true);
        worker.start();
        try {
            return task.get(TIME_LIMIT_MILLIS + 5_000, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            task.cancel(true);
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            task.cancel(true);
            return null;
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private static boolean allFinite(Access1D<?> values) {
        for (long k = 0; k < values.count(); k++) {
            if (!Double.isFinite(values.doubleValue(k))) {
                return false;
            }
        }
        return true;
    }

    private static QpStatus map(Optimisation.State state) {
        if (state.isOptimal()) {
            return QpStatus.OPTIMAL;
        }
        switch (state) {
            case INFEASIBLE:
                return QpStatus.PRIMAL_INFEASIBLE;
            case UNBOUNDED:
                return QpStatus.DUAL_INFEASIBLE;
            case FEASIBLE:
            case APPROXIMATE:
                return QpStatus.MAX_ITERATIONS;
            default:
                return QpStatus.NUMERICAL_ERROR;
        }
    }
}
