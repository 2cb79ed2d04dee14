package org.tem.solver.qp;

import java.util.Arrays;

/**
 * Collects triplets {@code (row, column, value)} and compresses them into a {@link SparseMatrix}.
 * Duplicate positions are summed; explicit zeros are kept only if {@link #keepZeros()} was called
 * (a solver may want a fixed sparsity pattern whose values change later). Not thread-safe.
 */
public final class SparseMatrixBuilder {
    private final int rows;
    private final int columns;
    private int size;
    private int[] tripletRow = new int[16];
    private int[] tripletColumn = new int[16];
    private double[] tripletValue = new double[16];
    private boolean keepZeros;

    /**
     * @param rows number of rows, at least 0
     * @param columns number of columns, at least 0
     * @throws IllegalArgumentException if a dimension is negative
     */
    public SparseMatrixBuilder(int rows, int columns) {
        if (rows < 0 || columns < 0) {
            throw new IllegalArgumentException("dimensions must be >= 0, was " + rows + "x" + columns);
        }
        this.rows = rows;
        this.columns = columns;
    }

    /**
     * Keep entries whose (summed) value is exactly zero in the built matrix.
     *
     * @return this builder
     */
    public SparseMatrixBuilder keepZeros() {
        this.keepZeros = true;
        return this;
    }

    /**
     * Adds {@code value} at {@code (row, column)}; repeated positions are summed.
     *
     * @param row row index in {@code [0, rows)}
     * @param column column index in {@code [0, columns)}
     * @param value a finite value
     * @return this builder
     * @throws IllegalArgumentException if an index is out of range or the value is not finite
     */
    public SparseMatrixBuilder add(int row, int column, double value) {
        if (row < 0 || row >= rows || column < 0 || column >= columns) {
            throw new IllegalArgumentException(
                    "entry (" + row + ", " + column + ") outside " + rows + "x" + columns);
        }
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("entry (" + row + ", " + column + ") must be finite, was " + value);
        }
        if (size == tripletRow.length) {
            int capacity = size * 2;
            tripletRow = Arrays.copyOf(tripletRow, capacity);
            tripletColumn = Arrays.copyOf(tripletColumn, capacity);
            tripletValue = Arrays.copyOf(tripletValue, capacity);
        }
        tripletRow[size] = row;
        tripletColumn[size] = column;
        tripletValue[size] = value;
        size++;
        return this;
    }

    /** @return the number of rows of the matrix being built */
    public int rows() {
        return rows;
    }

    /** @return the number of columns of the matrix being built */
    public int columns() {
        return columns;
    }

    /**
     * Compresses the triplets added so far. The builder stays usable.
     *
     * @return the matrix
     */
    public SparseMatrix build() {
        int[] count = new int[columns + 1];
        for (int k = 0; k < size; k++) {
            count[tripletColumn[k] + 1]++;
        }
        for (int j = 0; j < columns; j++) {
            count[j + 1] += count[j];
        }
        int[] next = Arrays.copyOf(count, columns);
        int[] order = new int[size];
        for (int k = 0; k < size; k++) {
            order[next[tripletColumn[k]]++] = k;
        }
        int[] start = new int[columns + 1];
        int[] rowIndex = new int[size];
        double[] values = new double[size];
        int nnz = 0;
        for (int j = 0; j < columns; j++) {
            int from = count[j];
            int to = count[j + 1];
            Integer[] inColumn = new Integer[to - from];
            for (int k = from; k < to; k++) {
                inColumn[k - from] = order[k];
            }
            Arrays.sort(inColumn, (a, b) -> Integer.compare(tripletRow[a], tripletRow[b]));
            start[j] = nnz;
            int k = 0;
            while (k < inColumn.length) {
                int row = tripletRow[inColumn[k]];
                double sum = 0.0;
                while (k < inColumn.length && tripletRow[inColumn[k]] == row) {
                    sum += tripletValue[inColumn[k]];
                    k++;
                }
                if (sum != 0.0 || keepZeros) {
                    rowIndex[nnz] = row;
                    values[nnz] = sum;
                    nnz++;
                }
            }
        }
        start[columns] = nnz;
        return new SparseMatrix(rows, columns, start, Arrays.copyOf(rowIndex, nnz), Arrays.copyOf(values, nnz));
    }
}
