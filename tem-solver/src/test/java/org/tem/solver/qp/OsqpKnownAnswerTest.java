package org.tem.solver.qp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** OSQP-specific answers (polishing, settings); the known answers every solver meets are in {@link QpSolverContract}. */
class OsqpKnownAnswerTest {
    private static final double INF = Double.POSITIVE_INFINITY;

    private static SparseMatrix diag(double... d) {
        SparseMatrixBuilder b = new SparseMatrixBuilder(d.length, d.length);
        for (int i = 0; i < d.length; i++) {
            b.add(i, i, d[i]);
        }
        return b.build();
    }

    /** min −x1 − 2x2 s.t. x1 + x2 ≤ 1.5, 0 ≤ x ≤ 1: OSQP ends on the polished vertex x = (0.5, 1). */
    @Test
    void linearProgrammeEndsPolished() {
        SparseMatrix a = new SparseMatrixBuilder(1, 2).add(0, 0, 1).add(0, 1, 1).build();
        QpProblem problem = new QpProblem(SparseMatrix.zeros(2, 2), new double[] {-1, -2}, 3.0, a,
                new double[] {-INF}, new double[] {1.5}, new double[] {0, 0}, new double[] {1, 1});
        QpResult r = new OsqpSolver().solve(problem);
        assertEquals(QpStatus.OPTIMAL, r.status());
        assertArrayEquals(new double[] {0.5, 1.0}, r.x(), 1e-12);
        assertTrue(r.polished());
    }

    /** An equality row whose variables are all forced to their bounds: polishing still ends at tight residuals. */
    @Test
    void degenerateEqualityAtBoundsPolishesToTightResiduals() {
        SparseMatrix a = new SparseMatrixBuilder(2, 4).add(0, 0, 1).add(0, 1, 1)
                .add(1, 2, 1).add(1, 3, 1).build();
        // min ½Σ(x − t)², t = (2, 2, 0.3, −0.5); x1 + x2 = 2 with x1, x2 ∈ [0, 1]; x3 + x4 ≤ 0.5
        QpProblem problem = new QpProblem(diag(1, 1, 1, 1), new double[] {-2, -2, -0.3, 0.5}, 0.0, a,
                new double[] {2, -INF}, new double[] {2, 0.5}, new double[] {0, 0, -1, -1},
                new double[] {1, 1, 1, 1});
        OsqpSolver osqp = new OsqpSolver();
        QpResult r = osqp.solve(problem);
        assertEquals(QpStatus.OPTIMAL, r.status());
        assertArrayEquals(new double[] {1, 1, 0.3, -0.5}, r.x(), 1e-7);
        assertTrue(r.primalResidual() < 1e-8, "primal " + r.primalResidual());
        assertTrue(r.dualResidual() < 1e-6, "dual " + r.dualResidual());
        assertEquals(-3.17, r.objective(), 1e-9);
        assertTrue(r.yBounds()[0] > 0 && r.yBounds()[1] > 0, "upper bounds carry positive duals");
        QpResult reference = new OjAlgoSolver().solve(problem);
        assertEquals(reference.objective(), r.objective(), 1e-8);
    }

    @Test
    void settingsAreValidated() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OsqpSettings.DEFAULT.withRho(-1));
        assertTrue(e.getMessage().contains("rho") && e.getMessage().contains("-1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> OsqpSettings.DEFAULT.withAlpha(2.0));
        assertThrows(IllegalArgumentException.class, () -> OsqpSettings.DEFAULT.withTolerances(0, 0));
        assertThrows(IllegalArgumentException.class, () -> OsqpSettings.DEFAULT.withMaxIterations(0));
        assertThrows(IllegalArgumentException.class, () -> OsqpSettings.DEFAULT.withSigma(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> OsqpSettings.DEFAULT.withCheckTerminationEvery(0));
        assertThrows(IllegalArgumentException.class, () -> OsqpSettings.DEFAULT.withEqualityRhoScale(0.5));
        assertEquals(0.2, OsqpSettings.DEFAULT.withRho(0.2).rho());
    }
}
