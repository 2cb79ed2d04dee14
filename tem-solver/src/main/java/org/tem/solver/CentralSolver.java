package org.tem.solver;

import java.util.List;
import org.tem.api.ProsumerSchedule;
import org.tem.api.SolveStatus;
import org.tem.api.Solution;
import org.tem.api.Vpp;
import org.tem.solver.qp.OsqpSolver;
import org.tem.solver.qp.QpResult;
import org.tem.solver.qp.QpSolver;
import org.tem.solver.qp.QpStatus;

/**
 * The centralised reference: the whole VPP as one QP ({@link CentralProblem}), solved by a
 * {@link QpSolver} — the fast {@link OsqpSolver} by default, ojAlgo for cross-checks. This is the
 * "conventional coordinator" baseline and the oracle of the tests. Not thread-safe (the QP solver
 * caches); use one instance per thread.
 */
public final class CentralSolver {
    private final QpSolver solver;

    /** A central solver over {@link OsqpSolver} with its default (polishing) settings. */
    public CentralSolver() {
        this(new OsqpSolver());
    }

    /**
     * @param solver the QP solver to use
     */
    public CentralSolver(QpSolver solver) {
        this.solver = java.util.Objects.requireNonNull(solver, "solver");
    }

    /**
     * Solves a VPP. Never throws for an infeasible or difficult problem: the status says so, and an
     * infeasible one names the prosumer that cannot meet its own constraints even with unlimited
     * trading, where there is one.
     *
     * @param vpp the VPP
     * @return the solution, method {@code "central"}
     */
    public Solution solve(Vpp vpp) {
        long start = System.nanoTime();
        CentralProblem central = new CentralProblem(vpp);
        QpResult result = solver.solve(central.problem());
        double seconds = (System.nanoTime() - start) / 1e9;
        SolveStatus status = map(result.status());
        if (status == SolveStatus.INFEASIBLE) {
            return new Solution("central", status, Diagnosis.infeasibility(vpp, solver), List.of(), Double.NaN, 0,
                    Double.NaN, Double.NaN, seconds);
        }
        List<ProsumerSchedule> schedules = central.schedules(result.x());
        double total = 0.0;
        for (ProsumerSchedule s : schedules) {
            total += s.cost();
        }
        String message = switch (result.status()) {
            case OPTIMAL -> "";
            case MAX_ITERATIONS -> "the QP solver " + solver.name() + " reached its iteration cap after "
                    + result.iterations() + " iterations";
            case DUAL_INFEASIBLE -> "the problem is unbounded (a cost can fall without limit)";
            default -> "the QP solver " + solver.name() + " failed numerically";
        };
        return new Solution("central", status, message, schedules, total, 0, Double.NaN, Double.NaN, seconds);
    }

    static SolveStatus map(QpStatus status) {
        return switch (status) {
            case OPTIMAL -> SolveStatus.OPTIMAL;
            case PRIMAL_INFEASIBLE -> SolveStatus.INFEASIBLE;
            case MAX_ITERATIONS -> SolveStatus.MAX_ITERATIONS;
            case DUAL_INFEASIBLE, NUMERICAL_ERROR -> SolveStatus.NUMERICAL_ERROR;
        };
    }
}
