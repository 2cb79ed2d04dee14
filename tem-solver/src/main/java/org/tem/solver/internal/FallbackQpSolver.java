package org.tem.solver.internal;

import java.util.Objects;
import org.tem.solver.qp.QpProblem;
import org.tem.solver.qp.QpResult;
import org.tem.solver.qp.QpSolver;
import org.tem.solver.qp.QpStart;
import org.tem.solver.qp.QpStatus;

/**
 * Solves with a first solver and, when it does not end {@link QpStatus#OPTIMAL}, again with a
 * second one whose result then stands (the pattern of the central solver: an interior point for
 * speed on LP-like problems, OSQP for its infeasibility certificates). Deterministic when both
 * solvers are. Not thread-safe.
 */
public final class FallbackQpSolver implements QpSolver {
    private final QpSolver first;
    private final QpSolver second;

    /**
     * @param first tried first
     * @param second tried when the first does not end optimal
     */
    public FallbackQpSolver(QpSolver first, QpSolver second) {
        this.first = Objects.requireNonNull(first, "first");
        this.second = Objects.requireNonNull(second, "second");
    }

    /** @return {@code first+second}, e.g. {@code "ipm+osqp"} */
    @Override
    public String name() {
        return first.name() + "+" + second.name();
    }

    /**
     * @param problem the problem
     * @param start a starting point (interior-point solvers ignore it)
     * @return the first solver's result when optimal, otherwise the second's
     */
    @Override
    public QpResult solve(QpProblem problem, QpStart start) {
        QpResult r = first.solve(problem, start);
        return r.status() == QpStatus.OPTIMAL ? r : second.solve(problem, start);
    }
}
