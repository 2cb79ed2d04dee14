package org.tem.solver.qp;

/**
 * The result of a QP solve.
 *
 * <p>Dual sign convention (as OSQP): the Lagrangian is
 * {@code ½xᵀPx + qᵀx + yᵀ(Ax) + yBoundsᵀx}, so at an optimum {@code Px + q + Aᵀy + yBounds = 0};
 * {@code y[i] > 0} means row {@code i} is at its upper bound, {@code y[i] < 0} at its lower bound.
 *
 * @param status the outcome
 * @param x the primal point (the solution when optimal, else the last iterate), length n
 * @param y the row duals, length m
 * @param yBounds the variable-bound duals, length n
 * @param objective {@code ½xᵀPx + qᵀx + constant} at {@code x}
 * @param iterations iterations taken (0 for a solver that does not count them)
 * @param primalResidual the largest bound or row violation at {@code x}, unscaled
 * @param dualResidual the largest entry of {@code Px + q + Aᵀy + yBounds}, unscaled
 * @param polished true when the returned point came from a successful polishing step
 * @param nanos wall time of the solve in nanoseconds
 */
public record QpResult(QpStatus status, double[] x, double[] y, double[] yBounds, double objective,
        int iterations, double primalResidual, double dualResidual, boolean polished, long nanos) {

    /** @return a warm start made of this result's primal and dual points */
    public QpStart asStart() {
        return new QpStart(x, y, yBounds);
    }
}
