package org.tem.solver.qp;

import java.util.Arrays;

/**
 * An immutable sparse matrix in compressed sparse column (CSC) form, the exchange format between
 * the problem compilers and the QP solvers.
 *
 * <p>Column {@code j} holds the entries {@code rowIndex[k], values[k]} for
 * {@code columnStart[j] <= k < columnStart[j + 1]}, with row indices strictly increasing inside a
 * column. Instances are built by {@link SparseMatrixBuilder} and never change, so solvers may cache
 * work keyed on the identity of a matrix.
 */
public final class SparseMatrix {
    private final int rows;
    private final int columns;
    private final int[] columnStart;
    private final int[] rowIndex;
    private final double[] values;

    SparseMatrix(int rows, int columns, int[] columnStart, int[] rowIndex, double[] values) {
        this.rows = rows;
        this.columns = columns;
        this.columnStart = columnStart;
        this.rowIndex = rowIndex;
        this.values = values;
    }

    /**
     * An empty matrix (no stored entries).
     *
     * @param rows number of rows, at least 0
     * @param columns number of columns, at least 0
     * @return the all-zero matrix of that shape
     */
    public static SparseMatrix zeros(int rows, int columns) {
        return new SparseMatrixBuilder(rows, columns).build();
    }

    /** @return the number of rows */
    public int rows() {
        return rows;
    }

    /** @return the number of columns */
    public int columns() {
        return columns;
    }

    /** @return the number of stored entries */
    public int nonZeros() {
        return columnStart[columns];
    }

    /**
     * @param column a column index
     * @return the position in {@link #rowIndexAt(int)} of the first entry of that column
     */
    public int columnStart(int column) {
        return columnStart[column];
    }

    /**
     * @param column a column index
     * @return one past the position of the last entry of that column
     */
    public int columnEnd(int column) {
        return columnStart[column + 1];
    }

    /**
     * @param position an entry position in {@code [0, nonZeros())}
     * @return the row of that entry
     */
    public int rowIndexAt(int position) {
        return rowIndex[position];
    }

    /**
     * @param position an entry position in {@code [0, nonZeros())}
     * @return the value of that entry
     */
    public double valueAt(int position) {
        return values[position];
    }

    /**
     * The value at a row and column (zero when not stored). Costs a binary search in the column.
     *
     * @param row a row index
     * @param column a column index
     * @return the entry
     */
    public double get(int row, int column) {
        int k = Arrays.binarySearch(rowIndex, columnStart[column], columnStart[column + 1], row);
        return k >= 0 ? values[k] : 0.0;
    }

    /**
     * {@code y += this · x}.
     *
     * @param x a vector of length {@link #columns()}
     * @param y a vector of length {@link #rows()}, updated in place
     */
    public void multiplyAdd(double[] x, double[] y) {
        for (int j = 0; j < columns; j++) {
            double xj = x[j];
            if (xj == 0.0) {
                continue;
            }
            for (int k = columnStart[j]; k < columnStart[j + 1]; k++) {
                y[rowIndex[k]] += values[k] * xj;
            }
        }
    }

    /**
     * {@code y += thisᵀ · x}.
     *
     * @param x a vector of length {@link #rows()}
     * @param y a vector of length {@link #columns()}, updated in place
     */
    public void transposeMultiplyAdd(double[] x, double[] y) {
        for (int j = 0; j < columns; j++) {
            double s = 0.0;
            for (int k = columnStart[j]; k < columnStart[j + 1]; k++) {
                s += values[k] * x[rowIndex[k]];
            }
            y[j] += s;
        }
    }

    /** @return a copy of the column pointers, length {@code columns() + 1} */
    public int[] columnStarts() {
        return columnStart.clone();
    }

    /** @return a copy of the row indices of the stored entries */
    public int[] rowIndices() {
        return Arrays.copyOf(rowIndex, nonZeros());
    }

    /** @return a copy of the stored values */
    public double[] values() {
        return Arrays.copyOf(values, nonZeros());
    }

    @Override
    public String toString() {
        return "SparseMatrix[" + rows + "x" + columns + ", nnz=" + nonZeros() + "]";
    }
}
