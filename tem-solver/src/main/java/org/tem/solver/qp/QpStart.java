package org.tem.solver.qp;

/**
 * A starting point for a solve: primal {@code x} (length n) and the duals of the rows {@code y}
 * (length m) and of the variable bounds {@code yBounds} (length n). Any array may be {@code null}
 * for "no guess". {@link #COLD} starts from zero. A solver may also carry its own state (e.g. the
 * penalty it adapted) between solves of problems that share their matrices.
 *
 * @param x primal guess, or null
 * @param y row dual guess, or null
 * @param yBounds bound dual guess, or null
 */
public record QpStart(double[] x, double[] y, double[] yBounds) {
    /** No guess: start from zero. */
    public static final QpStart COLD = new QpStart(null, null, null);

    /** @return true when no part of the start is given */
    public boolean isCold() {
        return x == null && y == null && yBounds == null;
    }
}
