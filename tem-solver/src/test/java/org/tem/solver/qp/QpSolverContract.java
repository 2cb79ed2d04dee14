package org.tem.solver.qp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Known answers that every {@link QpSolver} meets, worked out by hand: each implementation's test class
 * implements this interface and inherits every test (jqwik's "contract" pattern). A solver states what
 * it does not support through the two flags, and is then held to refusing by status instead of
 * answering wrongly.
 */
interface QpSolverContract {
    double INF = Double.POSITIVE_INFINITY;

    /** @return a fresh solver under test */
    QpSolver solver();

    /** @return false for a solver limited to a diagonal P; it must then end NUMERICAL_ERROR on any other */
    default boolean supportsGeneralQuadratic() {
        return true;
    }

    /** @return false for a solver that reports no multipliers for a linear programme */
    default boolean reportsLinearProgrammeMultipliers() {
        return true;
    }

    private static SparseMatrix diag(double... d) {
        SparseMatrixBuilder b = new SparseMatrixBuilder(d.length, d.length);
        for (int i = 0; i < d.length; i++) {
            if (d[i] != 0) {
                b.add(i, i, d[i]);
            }
        }
        return b.build();
    }

    private void assertKkt(QpProblem problem, QpResult r) {
        String name = solver().name();
        assertTrue(problem.maxViolation(r.x()) <= 1e-8, name + " violation " + problem.maxViolation(r.x()));
        assertTrue(QpTestProblems.stationarity(problem, r) <= 1e-7,
                name + " stationarity " + QpTestProblems.stationarity(problem, r));
        assertTrue(QpTestProblems.complementarity(problem, r) <= 1e-7,
                name + " complementarity " + QpTestProblems.complementarity(problem, r));
    }

    /** min ½(x1² + x2²) s.t. x1 + x2 = 2, x1 ≤ 0.5 → x = (0.5, 1.5), y = −1.5, yBounds = (1, 0). */
    @Test
    default void equalityWithActiveBound() {
        SparseMatrix a = new SparseMatrixBuilder(1, 2).add(0, 0, 1).add(0, 1, 1).build();
        QpProblem problem = new QpProblem(diag(1, 1), new double[] {0, 0}, 0.0, a, new double[] {2},
                new double[] {2}, new double[] {-INF, -INF}, new double[] {0.5, INF});
        QpResult r = solver().solve(problem);
        String name = solver().name();
        assertEquals(QpStatus.OPTIMAL, r.status(), name);
        assertArrayEquals(new double[] {0.5, 1.5}, r.x(), 1e-8, name);
        assertEquals(1.25, r.objective(), 1e-8, name);
        assertEquals(-1.5, r.y()[0], 1e-7, name);
        assertArrayEquals(new double[] {1.0, 0.0}, r.yBounds(), 1e-7, name);
        assertTrue(r.dualResidual() < 1e-7, name + " " + r.dualResidual());
    }

    /** min −x1 − 2x2 + 3 s.t. x1 + x2 ≤ 1.5, 0 ≤ x ≤ 1 → x = (0.5, 1), objective 0.5, y = 1, yBounds = (0, 1). */
    @Test
    default void linearProgramWithBox() {
        SparseMatrix a = new SparseMatrixBuilder(1, 2).add(0, 0, 1).add(0, 1, 1).build();
        QpProblem problem = new QpProblem(SparseMatrix.zeros(2, 2), new double[] {-1, -2}, 3.0, a,
                new double[] {-INF}, new double[] {1.5}, new double[] {0, 0}, new double[] {1, 1});
        QpResult r = solver().solve(problem);
        String name = solver().name();
        assertEquals(QpStatus.OPTIMAL, r.status(), name);
        assertArrayEquals(new double[] {0.5, 1.0}, r.x(), 1e-8, name);
        assertEquals(0.5, r.objective(), 1e-8, name);
        if (reportsLinearProgrammeMultipliers()) {
            assertEquals(1.0, r.y()[0], 1e-7, name);
            assertArrayEquals(new double[] {0.0, 1.0}, r.yBounds(), 1e-7, name);
        }
    }

    /** min −x − 2y + 0.5 s.t. x + y ≤ 4, x − y ≥ −2, 0 ≤ x ≤ 3, y ≥ 0 → (1, 3), objective −6.5. */
    @Test
    default void linearProgramWithTwoActiveRows() {
        SparseMatrix a = new SparseMatrixBuilder(2, 2).add(0, 0, 1).add(0, 1, 1).add(1, 0, 1).add(1, 1, -1).build();
        QpProblem problem = new QpProblem(SparseMatrix.zeros(2, 2), new double[] {-1, -2}, 0.5, a,
                new double[] {-INF, -2}, new double[] {4, INF}, new double[] {0, 0}, new double[] {3, INF});
        QpResult r = solver().solve(problem);
        assertEquals(QpStatus.OPTIMAL, r.status(), solver().name());
        assertArrayEquals(new double[] {1.0, 3.0}, r.x(), 1e-7, solver().name());
        assertEquals(-6.5, r.objective(), 1e-8, solver().name());
        if (reportsLinearProgrammeMultipliers()) {
            // x + y ≤ 4 at its upper side (y > 0), x − y ≥ −2 at its lower side (y < 0): 1.5 and −0.5
            assertEquals(1.5, r.y()[0], 1e-7, solver().name());
            assertEquals(-0.5, r.y()[1], 1e-7, solver().name());
        }
    }

    /**
     * Free variables, non-diagonal P: min x1² + x1x2 + x2² − x1 s.t. x1 − x2 ≥ 2 → (7/6, −5/6), y = −½.
     * A solver limited to a diagonal P must refuse it by status.
     */
    @Test
    default void freeVariablesGeneralP() {
        SparseMatrix p = new SparseMatrixBuilder(2, 2).add(0, 0, 2).add(0, 1, 1).add(1, 1, 2).build();
        SparseMatrix a = new SparseMatrixBuilder(1, 2).add(0, 0, 1).add(0, 1, -1).build();
        QpProblem problem = new QpProblem(p, new double[] {-1, 0}, 0.0, a, new double[] {2},
                new double[] {INF}, new double[] {-INF, -INF}, new double[] {INF, INF});
        QpResult r = solver().solve(problem);
        String name = solver().name();
        if (!supportsGeneralQuadratic()) {
            assertEquals(QpStatus.NUMERICAL_ERROR, r.status(), name);
            return;
        }
        assertEquals(QpStatus.OPTIMAL, r.status(), name);
        assertArrayEquals(new double[] {7.0 / 6, -5.0 / 6}, r.x(), 1e-8, name);
        assertEquals(-1.0 / 12, r.objective(), 1e-9, name);
        assertEquals(-0.5, r.y()[0], 1e-7, name);
    }

    /** min (x−1)² + (y+2)² + z + 5 s.t. x + y + z = 1, z ∈ [0, 5], x and y free → (1.5, −1.5, 1), y_row = −1. */
    @Test
    default void freeVariablesDiagonalP() {
        SparseMatrix a = new SparseMatrixBuilder(1, 3).add(0, 0, 1).add(0, 1, 1).add(0, 2, 1).build();
        QpProblem problem = new QpProblem(diag(2, 2, 0), new double[] {-2, 4, 1}, 5, a, new double[] {1},
                new double[] {1}, new double[] {-INF, -INF, 0}, new double[] {INF, INF, 5});
        QpResult r = solver().solve(problem);
        assertEquals(QpStatus.OPTIMAL, r.status(), solver().name());
        assertArrayEquals(new double[] {1.5, -1.5, 1.0}, r.x(), 1e-7, solver().name());
        assertEquals(-1.0, r.y()[0], 1e-6, solver().name());
        assertKkt(problem, r);
    }

    /** min x0² + x1 s.t. x1 − x0 = 0, both free, x1 without curvature: x0 = x1 = −0.5, objective −0.25. */
    @Test
    default void freeLinearVariableInAnEquality() {
        SparseMatrix a = new SparseMatrixBuilder(1, 2).add(0, 0, -1).add(0, 1, 1).build();
        QpProblem problem = new QpProblem(diag(2, 0), new double[] {0, 1}, 0, a, new double[] {0}, new double[] {0},
                new double[] {-INF, -INF}, new double[] {INF, INF});
        QpResult r = solver().solve(problem);
        assertEquals(QpStatus.OPTIMAL, r.status(), solver().name());
        assertArrayEquals(new double[] {-0.5, -0.5}, r.x(), 1e-7, solver().name());
        assertEquals(-0.25, r.objective(), 1e-8, solver().name());
    }

    /**
     * min ½(x² + 2y² + 3z²) − x s.t. x + y + z = 3, x − z = 1, all free: with x = 1 + z, y = 2 − 2z the
     * objective's derivative in z is 12z − 8, so z = 2/3 and x = 5/3, y = 2/3.
     */
    @Test
    default void equalityOnly() {
        SparseMatrix a = new SparseMatrixBuilder(2, 3).add(0, 0, 1).add(0, 1, 1).add(0, 2, 1).add(1, 0, 1)
                .add(1, 2, -1).build();
        QpProblem problem = new QpProblem(diag(1, 2, 3), new double[] {-1, 0, 0}, 0, a, new double[] {3, 1},
                new double[] {3, 1}, new double[] {-INF, -INF, -INF}, new double[] {INF, INF, INF});
        QpResult r = solver().solve(problem);
        assertEquals(QpStatus.OPTIMAL, r.status(), solver().name());
        double z = 2.0 / 3;
        assertArrayEquals(new double[] {1 + z, 2 - 2 * z, z}, r.x(), 1e-8, solver().name());
        assertKkt(problem, r);
    }

    /** x0 fixed at 2 by its bounds, row 1 without a finite side: the fixed value is exact, row 1 has no dual. */
    @Test
    default void fixedVariablesAndFreeRows() {
        SparseMatrix a = new SparseMatrixBuilder(2, 3).add(0, 0, 1).add(0, 1, 1).add(1, 1, 1).add(1, 2, 1).build();
        QpProblem problem = new QpProblem(diag(1, 1, 1), new double[] {1, -3, -1}, 0, a, new double[] {-INF, -INF},
                new double[] {3, INF}, new double[] {2, -1, -1}, new double[] {2, 4, 4});
        QpResult r = solver().solve(problem);
        assertEquals(QpStatus.OPTIMAL, r.status(), solver().name());
        // x1 = min(3, 3 − 2) = 1 (row 0 active), x2 = 1: objective 2 + 2 + ½ − 3 + ½ − 1 = 1
        assertArrayEquals(new double[] {2, 1, 1}, r.x(), 1e-7, solver().name());
        assertEquals(1.0, r.objective(), 1e-8, solver().name());
        assertEquals(0.0, r.y()[1], 1e-9, solver().name());
    }

    /** An equality row whose variables are all forced to their bounds (degenerate; singular polishing). */
    @Test
    default void degenerateEqualityAtBounds() {
        SparseMatrix a = new SparseMatrixBuilder(2, 4).add(0, 0, 1).add(0, 1, 1).add(1, 2, 1).add(1, 3, 1).build();
        // min ½Σ(x − t)², t = (2, 2, 0.3, −0.5); x1 + x2 = 2 with x1, x2 ∈ [0, 1]; x3 + x4 ≤ 0.5
        QpProblem problem = new QpProblem(diag(1, 1, 1, 1), new double[] {-2, -2, -0.3, 0.5}, 0.0, a,
                new double[] {2, -INF}, new double[] {2, 0.5}, new double[] {0, 0, -1, -1}, new double[] {1, 1, 1, 1});
        QpResult r = solver().solve(problem);
        assertEquals(QpStatus.OPTIMAL, r.status(), solver().name());
        assertArrayEquals(new double[] {1, 1, 0.3, -0.5}, r.x(), 1e-7, solver().name());
        assertEquals(-3.17, r.objective(), 1e-8, solver().name());
    }

    /** The same degenerate structure where the bounds themselves pin the row (fixed variables). */
    @Test
    default void equalityRowOnFixedVariables() {
        SparseMatrix a = new SparseMatrixBuilder(2, 3).add(0, 0, 1).add(0, 1, 2).add(1, 1, 1).add(1, 2, 1).build();
        QpProblem problem = new QpProblem(diag(1, 1, 1), new double[] {1, -1, -4}, 0.0, a,
                new double[] {3, -INF}, new double[] {3, 3}, new double[] {1, 1, -5}, new double[] {1, 1, 5});
        QpResult r = solver().solve(problem);
        assertEquals(QpStatus.OPTIMAL, r.status(), solver().name());
        assertArrayEquals(new double[] {1, 1, 2}, r.x(), 1e-7, solver().name());
    }

    /** x + y ≥ 5 with x, y ∈ [0, 2] has no point: never OPTIMAL, never "unbounded". */
    @Test
    default void primalInfeasibleIsNotOptimal() {
        SparseMatrix a = new SparseMatrixBuilder(1, 2).add(0, 0, 1).add(0, 1, 1).build();
        QpProblem problem = new QpProblem(diag(1, 1), new double[] {1, 1}, 0, a, new double[] {5},
                new double[] {INF}, new double[] {0, 0}, new double[] {2, 2});
        QpResult r = solver().solve(problem);
        assertNotEquals(QpStatus.OPTIMAL, r.status(), solver().name());
        assertNotEquals(QpStatus.DUAL_INFEASIBLE, r.status(), solver().name());
    }

    /** min −x s.t. x − y ≤ 1, x, y ≥ 0 is unbounded along x = y: never OPTIMAL, never "infeasible". */
    @Test
    default void unboundedIsNotOptimal() {
        SparseMatrix a = new SparseMatrixBuilder(1, 2).add(0, 0, 1).add(0, 1, -1).build();
        QpProblem problem = new QpProblem(SparseMatrix.zeros(2, 2), new double[] {-1, 0}, 0, a,
                new double[] {-INF}, new double[] {1}, new double[] {0, 0}, new double[] {INF, INF});
        QpResult r = solver().solve(problem);
        assertNotEquals(QpStatus.OPTIMAL, r.status(), solver().name());
        assertNotEquals(QpStatus.PRIMAL_INFEASIBLE, r.status(), solver().name());
    }

    /** No rows at all: min ½·2(x − 3)² over x ∈ [−1, 1] → x = 1 (the bound), objective 4 + constant 0. */
    @Test
    default void boundsOnlyWithoutRows() {
        QpProblem problem = new QpProblem(diag(2), new double[] {-6}, 9, SparseMatrix.zeros(0, 1), new double[0],
                new double[0], new double[] {-1}, new double[] {1});
        QpResult r = solver().solve(problem);
        assertEquals(QpStatus.OPTIMAL, r.status(), solver().name());
        assertEquals(1.0, r.x()[0], 1e-8, solver().name());
        assertEquals(4.0, r.objective(), 1e-8, solver().name());
    }
}
