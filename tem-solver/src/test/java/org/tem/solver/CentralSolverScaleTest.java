package org.tem.solver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tem.api.ProsumerSchedule;
import org.tem.api.Solution;
import org.tem.api.SolveStatus;
import org.tem.api.Topology;
import org.tem.api.Vpp;
import org.tem.solver.qp.IpmSolver;
import org.tem.solver.qp.QpProblem;
import org.tem.solver.qp.QpResult;
import org.tem.solver.qp.QpStatus;
import org.tem.solver.qp.QpTestProblems;
import org.tem.solver.qp.SparseMatrix;

/**
 * The central problem at the sizes users run ({@link SyntheticDays}: 50-200 homes in the pool, 20-50
 * bilateral, both tariffs): the interior point alone ends optimal, and its point is checked
 * independently of the solver's own bookkeeping — primal residual (largest bound or row violation)
 * ≤ 1e-7 kWh, dual residual ‖Px + q + Aᵀy + y_bounds‖∞ ≤ 1e-6 recomputed from the problem's matrices,
 * complementarity (largest |dual| × distance to its bound) ≤ 1e-6 — and the schedules satisfy every
 * constraint of the model with the cost recomputed from them. Larger days are in the benchmarks.
 */
class CentralSolverScaleTest {

    private static void checkDay(Vpp vpp, String context) {
        CentralProblem central = new CentralProblem(vpp);
        QpProblem problem = central.problem();
        QpResult r = new IpmSolver().solve(problem);
        assertEquals(QpStatus.OPTIMAL, r.status(), context + " after " + r.iterations() + " iterations");
        double primal = problem.maxViolation(r.x());
        double dual = dualResidual(problem, r);
        double complementarity = QpTestProblems.complementarity(problem, r);
        String residuals = context + ": " + r.iterations() + " iterations, primal " + primal + ", dual " + dual
                + ", complementarity " + complementarity;
        assertTrue(primal <= 1e-7, residuals);
        assertTrue(dual <= 1e-6, residuals);
        assertTrue(complementarity <= 1e-6, residuals);
        assertTrue(r.iterations() <= 50, residuals);
        List<ProsumerSchedule> schedules = central.schedules(r.x());
        double total = schedules.stream().mapToDouble(ProsumerSchedule::cost).sum();
        Solution s = new Solution("central", SolveStatus.OPTIMAL, "", schedules, total, 0, Double.NaN, Double.NaN, 0);
        List<String> violations = ModelCheck.violations(vpp, s, 1e-6);
        assertTrue(violations.isEmpty(), () -> context + "\n" + String.join("\n", violations));
        assertEquals(ModelCheck.socialCost(vpp, s), total, 1e-6 * (1 + Math.abs(total)), context);
        assertEquals(r.objective(), total, 1e-6 * (1 + Math.abs(total)), context + ": QP objective = social cost");
    }

    /** ‖Px + q + Aᵀy + y_bounds‖∞ from the problem's own matrices (P upper triangle, A by columns). */
    private static double dualResidual(QpProblem problem, QpResult r) {
        int n = problem.variables();
        double[] g = problem.linear();
        SparseMatrix p = problem.quadratic();
        double[] x = r.x();
        for (int j = 0; j < n; j++) {
            for (int k = p.columnStart(j); k < p.columnEnd(j); k++) {
                int i = p.rowIndexAt(k);
                g[i] += p.valueAt(k) * x[j];
                if (i != j) {
                    g[j] += p.valueAt(k) * x[i];
                }
            }
        }
        problem.constraints().transposeMultiplyAdd(r.y(), g);
        double worst = 0;
        for (int j = 0; j < n; j++) {
            worst = Math.max(worst, Math.abs(g[j] + r.yBounds()[j]));
        }
        return worst;
    }

    @Test
    void fiftyPoolHomesNeedNoFallback() {
        Vpp vpp = SyntheticDays.day(50, 1, Topology.POOL, false);
        checkDay(vpp, "pool 50 flat");
        Solution s = new CentralSolver().solve(vpp);
        assertEquals(SolveStatus.OPTIMAL, s.status());
        assertEquals("", s.message(), "the interior point's own optimum, no fallback");
    }

    @Test
    void hundredPoolHomesTimeOfUse() {
        checkDay(SyntheticDays.day(100, 2, Topology.POOL, true), "pool 100 time-of-use");
    }

    @Test
    void twoHundredPoolHomes() {
        checkDay(SyntheticDays.day(200, 3, Topology.POOL, false), "pool 200 flat");
    }

    @Test
    void twentyBilateralHomesTimeOfUse() {
        checkDay(SyntheticDays.day(20, 4, Topology.BILATERAL, true), "bilateral 20 time-of-use");
    }

    @Test
    void fiftyBilateralHomes() {
        checkDay(SyntheticDays.day(50, 5, Topology.BILATERAL, false), "bilateral 50 flat");
    }
}
