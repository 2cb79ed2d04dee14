package org.tem.solver.qp;

/**
 * A convex QP solver. Implementations are <b>not</b> thread-safe: they may keep a factorisation
 * or scaling from the previous solve and reuse it when the next problem shares the same
 * {@link QpProblem#quadratic()} and {@link QpProblem#constraints()} instances. Use one instance per
 * thread (each ADMM agent owns its own).
 */
public interface QpSolver {

    /** @return a short name for reports ({@code "osqp"}, {@code "ojalgo"}) */
    String name();

    /**
     * Solves a problem from a starting point.
     *
     * @param problem the problem
     * @param start a starting point, {@link QpStart#COLD} for none
     * @return the result; never null, never throws for infeasible or difficult problems
     */
    QpResult solve(QpProblem problem, QpStart start);

    /**
     * Solves a problem from zero.
     *
     * @param problem the problem
     * @return the result
     */
    default QpResult solve(QpProblem problem) {
        return solve(problem, QpStart.COLD);
    }
}
