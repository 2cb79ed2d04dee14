package org.tem.solver.qp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Tests of {@link IpmSolver} beyond the shared known answers ({@link IpmSolverContractTest}): agreement on
 * energy-like and random problems, the symbolic cache, the iteration count of a linear system.
 */
class IpmSolverTest {
    private static final double INF = Double.POSITIVE_INFINITY;

    /** Checks OPTIMAL, feasibility ≤ 1e-7, KKT and agreement with the polished OSQP objective. */
    static void checkOptimal(QpProblem problem, QpResult r, String context) {
        assertEquals(QpStatus.OPTIMAL, r.status(), context + " it=" + r.iterations());
        assertTrue(problem.maxViolation(r.x()) <= 1e-7, context + " violation " + problem.maxViolation(r.x()));
        double st = QpTestProblems.stationarity(problem, r);
        assertTrue(st <= 1e-6, context + " stationarity " + st);
        double cp = QpTestProblems.complementarity(problem, r);
        assertTrue(cp <= 1e-6, context + " complementarity " + cp);
        assertEquals(problem.objective(r.x()), r.objective(), 1e-9 * (1 + Math.abs(r.objective())));
    }

    static void checkAgainstOsqp(QpProblem problem, QpResult r, String context) {
        QpResult reference = new OsqpSolver().solve(problem);
        if (reference.status() == QpStatus.OPTIMAL && reference.polished()) {
            assertEquals(reference.objective(), r.objective(), 1e-7 * (1 + Math.abs(reference.objective())),
                    context + " osqp " + reference.objective() + " ipm " + r.objective());
        }
    }

    @Test
    void energyProblemsAgreeWithOsqp() {
        for (int batteries = 0; batteries <= 6; batteries += 2) {
            for (long seed = 1; seed <= 3; seed++) {
                QpProblem problem = QpTestProblems.energy(24, batteries, seed);
                QpResult r = new IpmSolver().solve(problem);
                String context = "energy b=" + batteries + " seed=" + seed;
                checkOptimal(problem, r, context);
                checkAgainstOsqp(problem, r, context);
            }
        }
    }

    /** Without inequalities the first Newton step is exact: the method must stop at once. */
    @Test
    void equalityOnlyProblemNeedsAtMostThreeIterations() {
        // min ½(x² + 2y² + 3z²) - x s.t. x + y + z = 3, x - z = 1, all free
        SparseMatrix p = new SparseMatrixBuilder(3, 3).add(0, 0, 1).add(1, 1, 2).add(2, 2, 3).build();
        SparseMatrix a = new SparseMatrixBuilder(2, 3).add(0, 0, 1).add(0, 1, 1).add(0, 2, 1).add(1, 0, 1)
                .add(1, 2, -1).build();
        QpProblem problem = new QpProblem(p, new double[] {-1, 0, 0}, 0, a, new double[] {3, 1},
                new double[] {3, 1}, new double[] {-INF, -INF, -INF}, new double[] {INF, INF, INF});
        QpResult r = new IpmSolver().solve(problem);
        checkOptimal(problem, r, "equality only");
        assertTrue(r.iterations() <= 3, "a linear system: " + r.iterations());
        checkAgainstOsqp(problem, r, "equality only");
    }

    @Test
    void randomDiagonalProblems() {
        for (long seed = 0; seed < 40; seed++) {
            QpProblem problem = QpTestProblems.random(seed, 5 + (int) (seed % 25), true);
            QpResult r = new IpmSolver().solve(problem);
            checkOptimal(problem, r, "random seed=" + seed);
            checkAgainstOsqp(problem, r, "random seed=" + seed);
        }
    }

    @Test
    void symbolicAnalysisIsReusedAcrossLinearTerms() {
        QpProblem problem = QpTestProblems.energy(24, 3, 7);
        IpmSolver solver = new IpmSolver();
        QpResult first = solver.solve(problem);
        double[] q = problem.linear();
        for (int j = 0; j < q.length; j++) {
            q[j] *= 1.1;
        }
        QpProblem second = problem.withLinear(q, 0);
        QpResult again = solver.solve(second);
        checkOptimal(problem, first, "first");
        checkOptimal(second, again, "second");
        QpResult fresh = new IpmSolver().solve(second);
        assertEquals(fresh.objective(), again.objective(), 0.0, "deterministic");
    }
}
