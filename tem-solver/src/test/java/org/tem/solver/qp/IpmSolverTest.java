package org.tem.solver.qp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Known-answer and structural tests of {@link IpmSolver}. */
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

    @Test
    void linearProgramme() {
        // min -x - 2y s.t. x + y <= 4, x - y >= -2, 0 <= x <= 3, 0 <= y ; optimum x=1, y=3, obj -7
        SparseMatrix a = new SparseMatrixBuilder(2, 2).add(0, 0, 1).add(0, 1, 1).add(1, 0, 1).add(1, 1, -1).build();
        QpProblem problem = new QpProblem(SparseMatrix.zeros(2, 2), new double[] {-1, -2}, 0.5, a,
                new double[] {-INF, -2}, new double[] {4, INF}, new double[] {0, 0}, new double[] {3, INF});
        QpResult r = new IpmSolver().solve(problem);
        checkOptimal(problem, r, "lp");
        assertEquals(-6.5, r.objective(), 1e-8);
        assertEquals(1.0, r.x()[0], 1e-7);
        assertEquals(3.0, r.x()[1], 1e-7);
        assertTrue(r.y()[0] > 0, "row 0 at its upper bound");
        assertTrue(r.y()[1] < 0, "row 1 at its lower bound");
    }

    @Test
    void freeVariables() {
        // min (x-1)² + (y+2)² + z  s.t. x + y + z = 1, z in [0, 5]; x, y free
        SparseMatrix p = new SparseMatrixBuilder(3, 3).add(0, 0, 2).add(1, 1, 2).build();
        SparseMatrix a = new SparseMatrixBuilder(1, 3).add(0, 0, 1).add(0, 1, 1).add(0, 2, 1).build();
        QpProblem problem = new QpProblem(p, new double[] {-2, 4, 1}, 5, a, new double[] {1}, new double[] {1},
                new double[] {-INF, -INF, 0}, new double[] {INF, INF, 5});
        QpResult r = new IpmSolver().solve(problem);
        checkOptimal(problem, r, "free");
        // z interior: 1 + y_row = 0, so y_row = -1, x - 1 = y + 2 = 0.5, z = 1
        assertEquals(1.5, r.x()[0], 1e-7);
        assertEquals(-1.5, r.x()[1], 1e-7);
        assertEquals(1.0, r.x()[2], 1e-7);
        assertEquals(-1.0, r.y()[0], 1e-6);
        checkAgainstOsqp(problem, r, "free");
    }

    @Test
    void freeLinearVariableInAnEquality() {
        // min x0² + x1 s.t. x1 - x0 = 0 (x1 free, no curvature): x0 = x1 = -0.5
        SparseMatrix p = new SparseMatrixBuilder(2, 2).add(0, 0, 2).build();
        SparseMatrix a = new SparseMatrixBuilder(1, 2).add(0, 0, -1).add(0, 1, 1).build();
        QpProblem problem = new QpProblem(p, new double[] {0, 1}, 0, a, new double[] {0}, new double[] {0},
                new double[] {-INF, -INF}, new double[] {INF, INF});
        QpResult r = new IpmSolver().solve(problem);
        checkOptimal(problem, r, "free linear");
        assertEquals(-0.5, r.x()[0], 1e-7);
        assertEquals(-0.25, r.objective(), 1e-8);
    }

    @Test
    void equalityOnly() {
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
    void fixedVariablesAndFreeRows() {
        // x0 fixed at 2, row 1 has no finite side
        SparseMatrix p = new SparseMatrixBuilder(3, 3).add(0, 0, 1).add(1, 1, 1).add(2, 2, 1).build();
        SparseMatrix a = new SparseMatrixBuilder(2, 3).add(0, 0, 1).add(0, 1, 1).add(1, 1, 1).add(1, 2, 1).build();
        QpProblem problem = new QpProblem(p, new double[] {1, -3, -1}, 0, a, new double[] {-INF, -INF},
                new double[] {3, INF}, new double[] {2, -1, -1}, new double[] {2, 4, 4});
        QpResult r = new IpmSolver().solve(problem);
        checkOptimal(problem, r, "fixed");
        assertEquals(2.0, r.x()[0], 0.0);
        checkAgainstOsqp(problem, r, "fixed");
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
    void nonDiagonalQuadraticIsRefused() {
        QpProblem problem = QpTestProblems.random(3, 8, false);
        QpResult r = new IpmSolver().solve(problem);
        assertEquals(QpStatus.NUMERICAL_ERROR, r.status());
        assertEquals(0, r.iterations());
    }

    @Test
    void primalInfeasibleIsNotOptimal() {
        // x + y >= 5 with x, y in [0, 2]
        SparseMatrix a = new SparseMatrixBuilder(1, 2).add(0, 0, 1).add(0, 1, 1).build();
        QpProblem problem = new QpProblem(new SparseMatrixBuilder(2, 2).add(0, 0, 1).add(1, 1, 1).build(),
                new double[] {1, 1}, 0, a, new double[] {5}, new double[] {INF}, new double[] {0, 0},
                new double[] {2, 2});
        QpResult r = new IpmSolver().solve(problem);
        assertNotEquals(QpStatus.OPTIMAL, r.status());
        assertNotEquals(QpStatus.DUAL_INFEASIBLE, r.status());
    }

    @Test
    void unboundedIsNotOptimal() {
        // min -x s.t. x - y <= 1, x, y >= 0 (LP, unbounded along x = y)
        SparseMatrix a = new SparseMatrixBuilder(1, 2).add(0, 0, 1).add(0, 1, -1).build();
        QpProblem problem = new QpProblem(SparseMatrix.zeros(2, 2), new double[] {-1, 0}, 0, a,
                new double[] {-INF}, new double[] {1}, new double[] {0, 0}, new double[] {INF, INF});
        QpResult r = new IpmSolver().solve(problem);
        assertNotEquals(QpStatus.OPTIMAL, r.status());
        assertNotEquals(QpStatus.PRIMAL_INFEASIBLE, r.status());
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
