package org.tem.solver.qp;

import java.util.Objects;

/**
 * A convex quadratic programme
 *
 * <pre>
 *   minimise    ½ xᵀ P x + qᵀ x + constant
 *   subject to  rowLower ≤ A x ≤ rowUpper
 *               varLower ≤ x ≤ varUpper
 * </pre>
 *
 * with {@code P} symmetric positive semi-definite and stored as its <b>upper triangle including the
 * diagonal</b> ({@code P.get(i, j)} for {@code i ≤ j}). An equality row has
 * {@code rowLower == rowUpper}; an absent bound is {@code ±∞}.
 *
 * <p>Immutable. The {@code with…} methods return a problem that shares the matrices of this one,
 * so a solver that caches a factorisation keyed on the identity of {@link #quadratic()} and
 * {@link #constraints()} can reuse it (the warm chain of ADMM changes only {@code q}).
 * The arrays handed in are copied; the accessors return copies.
 */
public final class QpProblem {
    private final SparseMatrix quadratic;
    private final double[] linear;
    private final double constant;
    private final SparseMatrix constraints;
    private final double[] rowLower;
    private final double[] rowUpper;
    private final double[] varLower;
    private final double[] varUpper;

    /**
     * @param quadratic {@code P}, n×n, upper triangle with diagonal
     * @param linear {@code q}, length n
     * @param constant constant added to the objective
     * @param constraints {@code A}, m×n
     * @param rowLower length m, entries may be {@code -∞}
     * @param rowUpper length m, entries may be {@code +∞}
     * @param varLower length n, entries may be {@code -∞}
     * @param varUpper length n, entries may be {@code +∞}
     * @throws IllegalArgumentException on a shape mismatch, a NaN, a lower bound above its upper
     *     bound, or an entry of {@code P} below the diagonal
     */
    public QpProblem(SparseMatrix quadratic, double[] linear, double constant, SparseMatrix constraints,
            double[] rowLower, double[] rowUpper, double[] varLower, double[] varUpper) {
        this(quadratic, linear.clone(), constant, constraints, rowLower.clone(), rowUpper.clone(),
                varLower.clone(), varUpper.clone(), true);
    }

    private QpProblem(SparseMatrix quadratic, double[] linear, double constant, SparseMatrix constraints,
            double[] rowLower, double[] rowUpper, double[] varLower, double[] varUpper, boolean check) {
        this.quadratic = Objects.requireNonNull(quadratic, "quadratic");
        this.linear = linear;
        this.constant = constant;
        this.constraints = Objects.requireNonNull(constraints, "constraints");
        this.rowLower = rowLower;
        this.rowUpper = rowUpper;
        this.varLower = varLower;
        this.varUpper = varUpper;
        if (check) {
            validate();
        }
    }

    private void validate() {
        int n = linear.length;
        if (quadratic.rows() != n || quadratic.columns() != n) {
            throw new IllegalArgumentException("P must be " + n + "x" + n + ", was " + quadratic);
        }
        if (constraints.columns() != n) {
            throw new IllegalArgumentException("A must have " + n + " columns, was " + constraints);
        }
        int m = constraints.rows();
        if (rowLower.length != m || rowUpper.length != m) {
            throw new IllegalArgumentException("row bounds must have length " + m);
        }
        if (varLower.length != n || varUpper.length != n) {
            throw new IllegalArgumentException("variable bounds must have length " + n);
        }
        if (!Double.isFinite(constant)) {
            throw new IllegalArgumentException("constant must be finite, was " + constant);
        }
        for (int j = 0; j < n; j++) {
            if (!Double.isFinite(linear[j])) {
                throw new IllegalArgumentException("q[" + j + "] must be finite, was " + linear[j]);
            }
            checkRange("variable", j, varLower[j], varUpper[j]);
            for (int k = quadratic.columnStart(j); k < quadratic.columnEnd(j); k++) {
                if (quadratic.rowIndexAt(k) > j) {
                    throw new IllegalArgumentException("P must be upper triangular, has entry ("
                            + quadratic.rowIndexAt(k) + ", " + j + ")");
                }
            }
        }
        for (int i = 0; i < m; i++) {
            checkRange("row", i, rowLower[i], rowUpper[i]);
        }
    }

    private static void checkRange(String what, int index, double lower, double upper) {
        if (Double.isNaN(lower) || Double.isNaN(upper) || lower > upper
                || lower == Double.POSITIVE_INFINITY || upper == Double.NEGATIVE_INFINITY) {
            throw new IllegalArgumentException(
                    what + " " + index + ": bounds must satisfy lower <= upper, was [" + lower + ", " + upper + "]");
        }
    }

    /** @return the number of variables n */
    public int variables() {
        return linear.length;
    }

    /** @return the number of constraint rows m */
    public int rows() {
        return rowLower.length;
    }

    /** @return {@code P}, the upper triangle (with diagonal) of the quadratic term */
    public SparseMatrix quadratic() {
        return quadratic;
    }

    /** @return {@code A}, the constraint matrix */
    public SparseMatrix constraints() {
        return constraints;
    }

    /** @return the constant term of the objective */
    public double constant() {
        return constant;
    }

    /** @return a copy of {@code q} */
    public double[] linear() {
        return linear.clone();
    }

    /**
     * @param j a variable index
     * @return {@code q[j]}
     */
    public double linear(int j) {
        return linear[j];
    }

    /** @return a copy of the lower row bounds */
    public double[] rowLower() {
        return rowLower.clone();
    }

    /** @return a copy of the upper row bounds */
    public double[] rowUpper() {
        return rowUpper.clone();
    }

    /** @return a copy of the lower variable bounds */
    public double[] varLower() {
        return varLower.clone();
    }

    /** @return a copy of the upper variable bounds */
    public double[] varUpper() {
        return varUpper.clone();
    }

    /**
     * The same problem with another linear term and constant; shares {@code P} and {@code A}.
     *
     * @param newLinear the new {@code q}, length n
     * @param newConstant the new constant
     * @return the new problem
     * @throws IllegalArgumentException on a wrong length or a non-finite value
     */
    public QpProblem withLinear(double[] newLinear, double newConstant) {
        if (newLinear.length != linear.length) {
            throw new IllegalArgumentException("q must have length " + linear.length + ", was " + newLinear.length);
        }
        return new QpProblem(quadratic, newLinear.clone(), newConstant, constraints, rowLower, rowUpper,
                varLower, varUpper, true);
    }

    /**
     * The same problem with another quadratic matrix of the <b>same sparsity pattern</b> and another
     * linear term; shares {@code A}. Used when an ADMM penalty ρ changes.
     *
     * @param newQuadratic the new {@code P}
     * @param newLinear the new {@code q}
     * @param newConstant the new constant
     * @return the new problem
     */
    public QpProblem withObjective(SparseMatrix newQuadratic, double[] newLinear, double newConstant) {
        return new QpProblem(newQuadratic, newLinear.clone(), newConstant, constraints, rowLower, rowUpper,
                varLower, varUpper, true);
    }

    /**
     * The objective {@code ½ xᵀPx + qᵀx + constant} at a point.
     *
     * @param x a point of length n
     * @return the objective value
     */
    public double objective(double[] x) {
        double value = constant;
        int n = linear.length;
        for (int j = 0; j < n; j++) {
            value += linear[j] * x[j];
            for (int k = quadratic.columnStart(j); k < quadratic.columnEnd(j); k++) {
                int i = quadratic.rowIndexAt(k);
                double pij = quadratic.valueAt(k);
                value += i == j ? 0.5 * pij * x[i] * x[j] : pij * x[i] * x[j];
            }
        }
        return value;
    }

    /**
     * The largest violation of a row or variable bound at a point (0 when feasible).
     *
     * @param x a point of length n
     * @return {@code max(0, max violation)}
     */
    public double maxViolation(double[] x) {
        double worst = 0.0;
        for (int j = 0; j < x.length; j++) {
            worst = Math.max(worst, Math.max(varLower[j] - x[j], x[j] - varUpper[j]));
        }
        double[] ax = new double[rows()];
        constraints.multiplyAdd(x, ax);
        for (int i = 0; i < ax.length; i++) {
            worst = Math.max(worst, Math.max(rowLower[i] - ax[i], ax[i] - rowUpper[i]));
        }
        return worst;
    }

    @Override
    public String toString() {
        return "QpProblem[n=" + variables() + ", m=" + rows() + ", nnz(P)=" + quadratic.nonZeros()
                + ", nnz(A)=" + constraints.nonZeros() + "]";
    }
}
