package org.tem.solver.qp;

/** The outcome of a QP solve. Outcomes are data, not exceptions. */
public enum QpStatus {
    /** Solved to the requested tolerances; {@link QpResult#x()} is the solution. */
    OPTIMAL,
    /** The constraints admit no point; {@link QpResult#x()} is the last iterate. */
    PRIMAL_INFEASIBLE,
    /** The objective is unbounded below on the feasible set (dual infeasible). */
    DUAL_INFEASIBLE,
    /** The iteration cap was reached before the tolerances; the last iterate is returned. */
    MAX_ITERATIONS,
    /** A factorisation failed or the iterates became non-finite. */
    NUMERICAL_ERROR;

    /** @return true for {@link #OPTIMAL} */
    public boolean isOptimal() {
        return this == OPTIMAL;
    }
}
