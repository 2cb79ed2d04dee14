package org.tem.solver;

import java.util.List;
import org.tem.api.ProsumerSchedule;
import org.tem.api.SolveStatus;
import org.tem.api.Solution;
import org.tem.api.Vpp;
import org.tem.solver.qp.IpmSolver;
import org.tem.solver.qp.OsqpSolver;
import org.tem.solver.qp.QpResult;
import org.tem.solver.qp.QpSolver;
import org.tem.solver.qp.QpStatus;

/**
 * The centralised reference: the whole VPP as one QP ({@link CentralProblem}). By default it is
 * solved by the sparse interior-point {@link IpmSolver} (15-35 iterations on synthetic days of 10 to
 * 200 homes, where the first-order {@link OsqpSolver} needs thousands), and by OSQP only as a safety
 * net when the interior point does not end optimal: OSQP's infeasibility certificates then give the
 * status, and the solution's {@link Solution#message() message} says that the fallback was used and
 * why, so an optimal solution with an empty message is the interior point's own. A given
 * {@link QpSolver} (ojAlgo for cross-checks) is used alone. This is the "conventional coordinator"
 * baseline and the oracle of the tests. Not thread-safe (the QP solvers cache); use one instance per
 * thread.
 */
public final class CentralSolver {
    private final QpSolver solver;
    private final QpSolver fallback;

    /**
     * The default: {@link IpmSolver}, with {@link OsqpSolver} when it does not end optimal (reported in
     * the solution's message).
     */
    public CentralSolver() {
        this.solver = new IpmSolver();
        this.fallback = new OsqpSolver();
    }

    /**
     * @param solver the QP solver to use, alone
     */
    public CentralSolver(QpSolver solver) {
        this.solver = java.util.Objects.requireNonNull(solver, "solver");
        this.fallback = null;
    }

    /** A primary solver with a fallback (tests use a crippled primary to exercise the fallback path). */
    CentralSolver(QpSolver solver, QpSolver fallback) {
        this.solver = java.util.Objects.requireNonNull(solver, "solver");
        this.fallback = java.util.Objects.requireNonNull(fallback, "fallback");
    }

    /**
     * Solves a VPP. Never throws for an infeasible or difficult problem: the status says so, and an
     * infeasible one names the prosumer that cannot meet its own constraints even with unlimited
     * trading, where there is one. When the fallback solver was needed the message says so (also for
     * an optimal solution), e.g. {@code "solved by the osqp fallback: the interior point (ipm) ended
     * max-iterations after 100 iterations"}.
     *
     * @param vpp the VPP
     * @return the solution, method {@code "central"}; {@link Solution#seconds()} covers compiling the
     *     QP, solving it and building the schedules
     */
    public Solution solve(Vpp vpp) {
        long start = System.nanoTime();
        CentralProblem central = new CentralProblem(vpp);
        QpResult result = solver.solve(central.problem());
        QpSolver used = solver;
        String fallbackNote = "";
        if (result.status() != QpStatus.OPTIMAL && fallback != null) {
            fallbackNote = "solved by the " + fallback.name() + " fallback: the interior point (" + solver.name()
                    + ") ended " + label(result.status()) + " after " + result.iterations() + " iterations";
            result = fallback.solve(central.problem());
            used = fallback;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        SolveStatus status = map(result.status());
        if (status == SolveStatus.INFEASIBLE) {
            String diagnosis = Diagnosis.infeasibility(vpp, fallback != null ? fallback : solver);
            return new Solution("central", status, join(diagnosis, fallbackNote), List.of(), Double.NaN, 0,
                    Double.NaN, Double.NaN, seconds);
        }
        List<ProsumerSchedule> schedules = central.schedules(result.x());
        double total = 0.0;
        for (ProsumerSchedule s : schedules) {
            total += s.cost();
        }
        String message = switch (result.status()) {
            case OPTIMAL -> "";
            case MAX_ITERATIONS -> "the QP solver " + used.name() + " reached its iteration cap after "
                    + result.iterations() + " iterations";
            case DUAL_INFEASIBLE -> "the problem is unbounded (a cost can fall without limit)";
            default -> "the QP solver " + used.name() + " failed numerically";
        };
        return new Solution("central", status, join(message, fallbackNote), schedules, total, 0, Double.NaN,
                Double.NaN, seconds);
    }

    private static String join(String first, String second) {
        return first.isEmpty() ? second : second.isEmpty() ? first : first + "; " + second;
    }

    private static String label(QpStatus status) {
        return status.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
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
