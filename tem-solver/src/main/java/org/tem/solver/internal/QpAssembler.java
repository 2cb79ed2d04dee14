package org.tem.solver.internal;

import java.util.Arrays;
import org.tem.solver.qp.QpProblem;
import org.tem.solver.qp.SparseMatrixBuilder;

/**
 * Accumulates variables, a diagonal quadratic, a linear cost and sparse rows into a
 * {@link QpProblem}. Shared by the prosumer scopes of one compiled problem (one scope for a local
 * sub-problem, one per prosumer for the central problem). Not thread-safe.
 */
public final class QpAssembler {
    private int variables;
    private double[] lower = new double[64];
    private double[] upper = new double[64];
    private double[] linear = new double[64];
    private double[] diagonal = new double[64];
    private double constant;

    private int rows;
    private double[] rowLower = new double[64];
    private double[] rowUpper = new double[64];
    private int entries;
    private int[] entryRow = new int[256];
    private int[] entryColumn = new int[256];
    private double[] entryValue = new double[256];

    /**
     * Adds a block of variables.
     *
     * @param lo lower bounds
     * @param hi upper bounds
     * @return the index of the first new variable
     */
    public int addVariables(double[] lo, double[] hi) {
        if (lo.length != hi.length) {
            throw new IllegalArgumentException("bounds differ in length: " + lo.length + " vs " + hi.length);
        }
        int first = variables;
        ensureVariables(variables + lo.length);
        for (int i = 0; i < lo.length; i++) {
            if (Double.isNaN(lo[i]) || Double.isNaN(hi[i])) {
                throw new IllegalArgumentException("variable bound " + i + " is NaN");
            }
            lower[first + i] = lo[i];
            upper[first + i] = hi[i];
        }
        variables += lo.length;
        return first;
    }

    private void ensureVariables(int n) {
        if (n > lower.length) {
            int cap = Math.max(n, lower.length * 2);
            lower = Arrays.copyOf(lower, cap);
            upper = Arrays.copyOf(upper, cap);
            linear = Arrays.copyOf(linear, cap);
            diagonal = Arrays.copyOf(diagonal, cap);
        }
    }

    /** @return the number of variables so far */
    public int variables() {
        return variables;
    }

    /**
     * @param j a variable
     * @param coefficient added to {@code q[j]}
     */
    public void addLinear(int j, double coefficient) {
        linear[j] += coefficient;
    }

    /**
     * Adds {@code weight·(x_j − target)²} to the objective.
     *
     * @param j a variable
     * @param weight the weight
     * @param target the target
     */
    public void addSquaredDeviation(int j, double weight, double target) {
        diagonal[j] += 2.0 * weight;
        linear[j] -= 2.0 * weight * target;
        constant += weight * target * target;
    }

    /**
     * @param value added to the objective's constant
     */
    public void addConstant(double value) {
        constant += value;
    }

    /**
     * Adds a row {@code lo ≤ · ≤ hi} with no entries yet.
     *
     * @param lo lower bound
     * @param hi upper bound
     * @return the row index
     */
    public int addRow(double lo, double hi) {
        if (Double.isNaN(lo) || Double.isNaN(hi) || lo > hi) {
            throw new IllegalArgumentException("row bounds must satisfy lower <= upper, was [" + lo + ", " + hi + "]");
        }
        if (rows == rowLower.length) {
            rowLower = Arrays.copyOf(rowLower, rows * 2);
            rowUpper = Arrays.copyOf(rowUpper, rows * 2);
        }
        rowLower[rows] = lo;
        rowUpper[rows] = hi;
        return rows++;
    }

    /**
     * Shifts both bounds of a row, e.g. to move a constant across.
     *
     * @param row the row
     * @param delta added to both bounds
     */
    public void shiftRow(int row, double delta) {
        rowLower[row] += delta;
        rowUpper[row] += delta;
    }

    /**
     * @param row a row
     * @param column a variable
     * @param value the coefficient (summed with any earlier one at the same place)
     */
    public void addEntry(int row, int column, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("coefficient must be finite, was " + value);
        }
        if (entries == entryRow.length) {
            entryRow = Arrays.copyOf(entryRow, entries * 2);
            entryColumn = Arrays.copyOf(entryColumn, entries * 2);
            entryValue = Arrays.copyOf(entryValue, entries * 2);
        }
        entryRow[entries] = row;
        entryColumn[entries] = column;
        entryValue[entries] = value;
        entries++;
    }

    /** @return a copy of the lower variable bounds */
    public double[] lower() {
        return Arrays.copyOf(lower, variables);
    }

    /** @return a copy of the upper variable bounds */
    public double[] upper() {
        return Arrays.copyOf(upper, variables);
    }

    /**
     * @param extraDiagonal added to the diagonal of {@code P} (e.g. ADMM penalties), or null
     * @return the problem as assembled so far
     */
    public QpProblem build(double[] extraDiagonal) {
        SparseMatrixBuilder p = new SparseMatrixBuilder(variables, variables);
        for (int j = 0; j < variables; j++) {
            double d = diagonal[j] + (extraDiagonal == null ? 0.0 : extraDiagonal[j]);
            if (d != 0.0) {
                p.add(j, j, d);
            }
        }
        SparseMatrixBuilder a = new SparseMatrixBuilder(rows, variables);
        for (int k = 0; k < entries; k++) {
            a.add(entryRow[k], entryColumn[k], entryValue[k]);
        }
        return new QpProblem(p.build(), Arrays.copyOf(linear, variables), constant, a.build(),
                Arrays.copyOf(rowLower, rows), Arrays.copyOf(rowUpper, rows), lower(), upper());
    }
}
