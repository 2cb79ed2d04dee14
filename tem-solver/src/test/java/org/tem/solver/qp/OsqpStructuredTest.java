package org.tem.solver.qp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class OsqpStructuredTest {

    private static void assertKkt(QpProblem problem, QpResult r) {
        assertEquals(QpStatus.OPTIMAL, r.status());
        assertTrue(r.primalResidual() < 1e-7, "primal " + r.primalResidual());
        assertTrue(r.dualResidual() < 1e-6, "dual " + r.dualResidual());
        assertTrue(QpTestProblems.complementarity(problem, r) < 1e-6,
                "complementarity " + QpTestProblems.complementarity(problem, r));
    }

    /**
     * A 24-slot, 288-variable energy-like problem on both linear-system paths, against the interior point
     * (KKT-checked here). ojAlgo was the reference until it hit its 30 s limit on a busy machine (it takes
     * about 10 s on an idle one); it stays the reference of the small problems in the properties.
     */
    @Test
    void energyProblemMatchesTheInteriorPoint() {
        QpProblem problem = QpTestProblems.energy(24, 3, 1);
        QpResult reference = new IpmSolver().solve(problem);
        assertKkt(problem, reference);
        assertTrue(reference.primalResidual() < 1e-8);
        double tolerance = 1e-7 * (1 + Math.abs(reference.objective()));
        for (int woodburyRows : new int[] {400, 0}) {
            QpResult r = new OsqpSolver(OsqpSettings.DEFAULT.withLinearSystem(woodburyRows, 200)).solve(problem);
            assertKkt(problem, r);
            assertTrue(r.polished(), "polishing should succeed on this problem");
            assertEquals(reference.objective(), r.objective(), tolerance, "woodburyRows=" + woodburyRows);
        }
    }

    /** A 648-variable instance (too slow for ojAlgo): both linear-system paths, and an unpolished run to 1e-9. */
    @Test
    void largerEnergyProblemIsConsistentAcrossPathsAndWithoutPolishing() {
        QpProblem problem = QpTestProblems.energy(24, 8, 2);
        QpResult woodbury = new OsqpSolver().solve(problem);
        QpResult sparse = new OsqpSolver(OsqpSettings.DEFAULT.withLinearSystem(0, 200)).solve(problem);
        QpResult denseRows = new OsqpSolver(OsqpSettings.DEFAULT.withLinearSystem(0, 5)).solve(problem);
        QpResult unpolished = new OsqpSolver(OsqpSettings.DEFAULT.withPolish(false).withTolerances(1e-9, 1e-9)
                .withMaxIterations(100_000)).solve(problem);
        assertKkt(problem, woodbury);
        assertKkt(problem, sparse);
        assertKkt(problem, denseRows);
        assertTrue(woodbury.polished());
        assertEquals(QpStatus.OPTIMAL, unpolished.status());
        double tolerance = 1e-7 * (1 + Math.abs(woodbury.objective()));
        assertEquals(woodbury.objective(), sparse.objective(), tolerance);
        assertEquals(woodbury.objective(), denseRows.objective(), tolerance);
        assertEquals(woodbury.objective(), unpolished.objective(), 1e-6 * (1 + Math.abs(woodbury.objective())));
    }
}
