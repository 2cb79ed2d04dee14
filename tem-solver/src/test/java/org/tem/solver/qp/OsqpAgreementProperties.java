package org.tem.solver.qp;

import org.tem.solver.NumericSeeds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** OsqpSolver against the independent ojAlgo reference on random feasible convex QPs. */
class OsqpAgreementProperties {

    @Property(tries = 80, seed = NumericSeeds.SEED)
    void osqpAgreesWithOjAlgo(@ForAll long seed, @ForAll @IntRange(min = 2, max = 30) int n,
            @ForAll boolean diagonal) {
        QpProblem problem = QpTestProblems.random(seed, n, diagonal);
        QpResult reference = new OjAlgoSolver().solve(problem);
        QpResult r = new OsqpSolver().solve(problem);
        String context = problem + " seed=" + seed + " diagonal=" + diagonal + " ref=" + reference.status()
                + " polished=" + r.polished() + " it=" + r.iterations();
        assertEquals(QpStatus.OPTIMAL, r.status(), context);
        assertTrue(r.primalResidual() <= 1e-6, context + " primal " + r.primalResidual());
        assertTrue(problem.maxViolation(r.x()) <= 1e-6, context);
        assertTrue(QpTestProblems.stationarity(problem, r) <= 1e-5, context + " stationarity "
                + QpTestProblems.stationarity(problem, r));
        assertTrue(QpTestProblems.complementarity(problem, r) <= 1e-5, context + " complementarity "
                + QpTestProblems.complementarity(problem, r));
        // ojAlgo occasionally stops at a non-optimal vertex and still says OPTIMAL (seen: seed -7416, n 10,
        // stationarity 2e-3), or at a loose point (the examples below): OSQP must be no worse than any
        // feasible reference point, and agree with one whose own KKT point checks out
        QpTestProblems.compareWithReference(problem, r, reference, 1e-7 * Math.abs(reference.objective()) + 1e-7,
                context);
    }

    /**
     * Random-QP seed 1031 (13 variables): the two fast solvers agree to 1e-9 with residuals below 1e-8,
     * while ojAlgo's point is feasible only to 7.5e-9 with complementarity 3.4e-7 and an objective 2e-7
     * (relative) higher; the reference check must reject it rather than fail OSQP.
     */
    @Example
    void looseOjAlgoPointIsNotTakenAsTheReference_seed1031() {
        checkLooseReference(1031L, 13);
    }

    /**
     * Random-QP seed -442130745 (7 variables): ojAlgo's point is infeasible by 3.4e-8 and 1.3e-7 (relative)
     * below the optimum that OSQP and the interior point reach with residuals below 1e-9.
     */
    @Example
    void looseOjAlgoPointIsNotTakenAsTheReference_seedMinus442130745() {
        checkLooseReference(-442130745L, 7);
    }

    private static void checkLooseReference(long seed, int n) {
        QpProblem problem = QpTestProblems.random(seed, n, true);
        QpResult osqp = new OsqpSolver().solve(problem);
        QpResult ipm = new IpmSolver().solve(problem);
        for (QpResult r : new QpResult[] {osqp, ipm}) {
            assertEquals(QpStatus.OPTIMAL, r.status());
            assertTrue(problem.maxViolation(r.x()) <= 1e-9, "violation " + problem.maxViolation(r.x()));
            assertTrue(QpTestProblems.stationarity(problem, r) <= 1e-9, "stationarity");
            assertTrue(QpTestProblems.complementarity(problem, r) <= 1e-8, "complementarity");
        }
        assertTrue(osqp.polished());
        assertEquals(osqp.objective(), ipm.objective(), 1e-9 * (1 + Math.abs(osqp.objective())));
        QpResult reference = new OjAlgoSolver().solve(problem);
        assertTrue(!QpTestProblems.verified(problem, reference) || Math.abs(reference.objective() - osqp.objective())
                <= 1e-7 * (1 + Math.abs(osqp.objective())), "a reference that passes the check agrees");
    }

    @Property(tries = 40, seed = NumericSeeds.SEED)
    void sparseCholeskyPathAgreesWithWoodburyPath(@ForAll long seed, @ForAll @IntRange(min = 2, max = 30) int n) {
        QpProblem problem = QpTestProblems.random(seed, n, true);
        QpResult woodbury = new OsqpSolver().solve(problem);
        QpResult sparse = new OsqpSolver(OsqpSettings.DEFAULT.withLinearSystem(0, 3)).solve(problem);
        assertEquals(QpStatus.OPTIMAL, woodbury.status());
        assertEquals(QpStatus.OPTIMAL, sparse.status());
        assertEquals(woodbury.objective(), sparse.objective(), 1e-6 * (1 + Math.abs(woodbury.objective())));
    }
}
