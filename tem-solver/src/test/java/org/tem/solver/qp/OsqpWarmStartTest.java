package org.tem.solver.qp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class OsqpWarmStartTest {

    @Test
    void warmStartFromOwnSolutionTakesFarFewerIterations() {
        QpProblem problem = QpTestProblems.energy(24, 3, 11);
        OsqpSolver solver = new OsqpSolver();
        QpResult cold = solver.solve(problem);
        assertEquals(QpStatus.OPTIMAL, cold.status());
        solver.clearCache();
        QpResult warm = solver.solve(problem, cold.asStart());
        assertEquals(QpStatus.OPTIMAL, warm.status());
        assertTrue(warm.iterations() * 5 <= cold.iterations(),
                "warm " + warm.iterations() + " vs cold " + cold.iterations());
        assertEquals(cold.objective(), warm.objective(), 1e-7 * (1 + Math.abs(cold.objective())));
    }

    @Test
    void warmChainWithChangedLinearTermReusesTheFactorisationAndMatchesColdSolves() {
        QpProblem base = QpTestProblems.energy(24, 4, 3);
        OsqpSolver chain = new OsqpSolver();
        QpResult previous = chain.solve(base);
        assertEquals(QpStatus.OPTIMAL, previous.status());
        long factorisationsAfterFirst = chain.factorizationCount();
        Random rnd = new Random(5);
        double[] q = base.linear();
        int chainIterations = 0;
        int coldIterations = 0;
        for (int step = 0; step < 15; step++) {
            for (int j = 0; j < q.length; j++) {
                q[j] += 0.01 * rnd.nextGaussian();
            }
            QpProblem next = base.withLinear(q, 0.0);
            assertSame(base.quadratic(), next.quadratic());
            QpResult warm = chain.solve(next, previous.asStart());
            QpResult cold = new OsqpSolver().solve(next);
            assertEquals(QpStatus.OPTIMAL, warm.status());
            assertEquals(QpStatus.OPTIMAL, cold.status());
            assertEquals(cold.objective(), warm.objective(), 1e-7 * (1 + Math.abs(cold.objective())));
            assertArrayEquals(cold.x(), warm.x(), 1e-4);
            assertTrue(warm.primalResidual() < 1e-6);
            chainIterations += warm.iterations();
            coldIterations += cold.iterations();
            previous = warm;
        }
        assertEquals(1, chain.setupCount(), "scaling and symbolic analysis are done once");
        // ρ adaptation may refactor a few times, but never once per solve
        assertTrue(chain.factorizationCount() - factorisationsAfterFirst < 15,
                "factorisations " + chain.factorizationCount());
        assertTrue(chainIterations < coldIterations, chainIterations + " vs " + coldIterations);
    }

    @Test
    void newMatricesTriggerANewSetup() {
        OsqpSolver solver = new OsqpSolver();
        QpProblem a = QpTestProblems.energy(6, 1, 1);
        QpProblem b = QpTestProblems.energy(6, 1, 1);
        solver.solve(a);
        solver.solve(a.withLinear(a.linear(), 1.0));
        assertEquals(1, solver.setupCount());
        QpResult r = solver.solve(b);
        assertEquals(2, solver.setupCount());
        assertEquals(QpStatus.OPTIMAL, r.status());
    }

    @Test
    void constantIsAddedToTheObjective() {
        QpProblem a = QpTestProblems.energy(6, 1, 1);
        OsqpSolver solver = new OsqpSolver();
        QpResult r0 = solver.solve(a);
        QpResult r1 = solver.solve(a.withLinear(a.linear(), 10.0));
        assertEquals(r0.objective() + 10.0, r1.objective(), 1e-8);
    }
}
