package org.tem.solver.qp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class OsqpInfeasibilityTest {
    private static final double INF = Double.POSITIVE_INFINITY;

    private static SparseMatrix identity(int n) {
        SparseMatrixBuilder b = new SparseMatrixBuilder(n, n);
        for (int i = 0; i < n; i++) {
            b.add(i, i, 1);
        }
        return b.build();
    }

    @Test
    void contradictoryRowsArePrimalInfeasible() {
        // x1 + x2 >= 3 and x1 + x2 <= 1
        SparseMatrix a = new SparseMatrixBuilder(2, 2).add(0, 0, 1).add(0, 1, 1).add(1, 0, 1).add(1, 1, 1).build();
        QpProblem problem = new QpProblem(identity(2), new double[] {1, -1}, 0.0, a, new double[] {3, -INF},
                new double[] {INF, 1}, new double[] {-INF, -INF}, new double[] {INF, INF});
        QpResult r = new OsqpSolver().solve(problem);
        assertEquals(QpStatus.PRIMAL_INFEASIBLE, r.status());
        assertTrue(r.iterations() < 500, "detected in " + r.iterations() + " iterations");
        assertNotEquals(QpStatus.OPTIMAL, new OjAlgoSolver().solve(problem).status());
    }

    @Test
    void boundsConflictingWithEqualityArePrimalInfeasible() {
        // x1 + x2 + x3 = 5 with 0 <= x <= 1
        SparseMatrix a = new SparseMatrixBuilder(1, 3).add(0, 0, 1).add(0, 1, 1).add(0, 2, 1).build();
        QpProblem problem = new QpProblem(identity(3), new double[] {0, 0, 0}, 0.0, a, new double[] {5},
                new double[] {5}, new double[] {0, 0, 0}, new double[] {1, 1, 1});
        QpResult r = new OsqpSolver().solve(problem);
        assertEquals(QpStatus.PRIMAL_INFEASIBLE, r.status());
        assertTrue(r.iterations() < 500, "detected in " + r.iterations() + " iterations");
    }

    @Test
    void freeDescentDirectionIsDualInfeasible() {
        // min −x1 s.t. x1 − x2 <= 1, x2 >= 0: the ray (1, 1) is feasible and descends forever
        SparseMatrix a = new SparseMatrixBuilder(1, 2).add(0, 0, 1).add(0, 1, -1).build();
        QpProblem problem = new QpProblem(SparseMatrix.zeros(2, 2), new double[] {-1, 0}, 0.0, a,
                new double[] {-INF}, new double[] {1}, new double[] {-INF, 0}, new double[] {INF, INF});
        QpResult r = new OsqpSolver().solve(problem);
        assertEquals(QpStatus.DUAL_INFEASIBLE, r.status());
        assertTrue(r.iterations() < 500, "detected in " + r.iterations() + " iterations");
    }

    @Test
    void unboundedQuadraticWithSingularPIsDualInfeasible() {
        // min ½x1² − x2 with x2 free of curvature and only bounded below
        SparseMatrix p = new SparseMatrixBuilder(2, 2).add(0, 0, 1).build();
        QpProblem problem = new QpProblem(p, new double[] {0, -1}, 0.0, SparseMatrix.zeros(0, 2), new double[0],
                new double[0], new double[] {-1, 0}, new double[] {1, INF});
        QpResult r = new OsqpSolver().solve(problem);
        assertEquals(QpStatus.DUAL_INFEASIBLE, r.status());
    }

    @Test
    void feasibleVariantsOfTheSameProblemsAreOptimal() {
        SparseMatrix a = new SparseMatrixBuilder(1, 3).add(0, 0, 1).add(0, 1, 1).add(0, 2, 1).build();
        QpProblem problem = new QpProblem(identity(3), new double[] {0, 0, 0}, 0.0, a, new double[] {2.5},
                new double[] {2.5}, new double[] {0, 0, 0}, new double[] {1, 1, 1});
        QpResult r = new OsqpSolver().solve(problem);
        assertEquals(QpStatus.OPTIMAL, r.status());
        assertEquals(3 * 0.5 * (2.5 / 3) * (2.5 / 3), r.objective(), 1e-9);
    }

    @Test
    void iterationCapIsReportedAsAStatus() {
        QpProblem problem = QpTestProblems.energy(24, 3, 7);
        QpResult r = new OsqpSolver(OsqpSettings.DEFAULT.withMaxIterations(3).withPolish(false)).solve(problem);
        assertEquals(QpStatus.MAX_ITERATIONS, r.status());
        assertEquals(3, r.iterations());
    }
}
