package org.tem.solver.qp;

import java.util.Arrays;

/**
 * A sparse Cholesky factorisation {@code K = L Lᵀ} of a symmetric positive definite matrix, left-looking
 * and supernodal: columns of {@code L} with the same structure below the diagonal are grouped into
 * supernodes, stored as dense column-major panels, and every update between supernodes is a small dense
 * matrix product followed by one scatter. This is what makes the factor fast where it fills in (the
 * central problem with every pair of homes trading has a dense trailing block of about a thousand rows),
 * and its plain loops are also quick before the JIT has compiled them.
 *
 * <p>The caller gives the upper triangle of the matrix, already permuted by a fill-reducing ordering,
 * in compressed columns with row indices ascending in each column and the diagonal present. The
 * constructor does the symbolic analysis once (elimination tree, a postorder, column counts, fundamental
 * supernodes merged with a small relaxation, their row structure); {@link #factor} then takes any values
 * on that pattern. The postorder is a second symmetric permutation applied inside, invisible to the
 * caller: {@link #solve} works in the caller's (permuted) index space.
 *
 * <p>Not thread-safe (the factor and work arrays are reused); deterministic (fixed loop orders).
 */
final class SupernodalCholesky {
    /** Relaxed amalgamation: a child merges into its parent when it adds at most this many zero rows. */
    private static final int RELAX_ZEROS = 4;
    /** ... and only while the merged supernode has at most this many columns. */
    private static final int RELAX_COLUMNS = 16;
    /** Column block width of the dense panel factorisation. */
    private static final int BLOCK = 32;

    private final int n;
    /** post[k]: the caller's index at internal position k; postInv its inverse. */
    private final int[] post;
    private final int[] postInv;
    // lower triangle of the input, internal order, as pointers into the caller's value array
    private final int[] lowerStart;
    private final int[] lowerRow;
    private final int[] lowerSrc;
    // supernodes
    private final int ns;
    private final int[] superFirst;
    private final int[] rowStart;
    private final int[] rows;
    private final long[] panelStart;
    private final int[] superOf;
    private final double[] panel;
    // work
    private final int[] map;
    /** Per supernode: head of the list of earlier supernodes that update it next. */
    private final int[] link;
    /** Per supernode: the next entry of the list it is in. */
    private final int[] listNext;
    /** Per supernode: the position in its row list of the first row it has not yet used in an update. */
    private final int[] cursor;
    private final double[] update;
    private final double[] work;

    /**
     * Symbolic analysis.
     *
     * @param n the order
     * @param colStart column starts of the upper triangle, length n + 1
     * @param rowIndex row indices (ascending per column, each column's last entry its diagonal)
     * @throws IllegalArgumentException when a diagonal entry is missing or the factor would not fit in
     *     an array (more than about 2<sup>31</sup> non-zeros)
     */
    SupernodalCholesky(int n, int[] colStart, int[] rowIndex) {
        this.n = n;
        for (int j = 0; j < n; j++) {
            int last = colStart[j + 1] - 1;
            if (last < colStart[j] || rowIndex[last] != j) {
                throw new IllegalArgumentException("column " + j + " has no diagonal entry");
            }
        }
        // elimination tree (Liu) in the caller's order
        int[] parent = etree(n, colStart, rowIndex);
        post = postorder(parent, n);
        postInv = new int[n];
        for (int k = 0; k < n; k++) {
            postInv[post[k]] = k;
        }
        // the lower triangle in internal order: entry (i, j), i >= j internal, of column j
        int nnz = colStart[n];
        int[] count = new int[n + 1];
        for (int c = 0; c < n; c++) {
            for (int p = colStart[c]; p < colStart[c + 1]; p++) {
                int a = postInv[rowIndex[p]];
                int b = postInv[c];
                count[Math.min(a, b) + 1]++;
            }
        }
        for (int j = 0; j < n; j++) {
            count[j + 1] += count[j];
        }
        lowerStart = count.clone();
        lowerRow = new int[nnz];
        lowerSrc = new int[nnz];
        int[] fill = Arrays.copyOf(count, n);
        for (int c = 0; c < n; c++) {
            for (int p = colStart[c]; p < colStart[c + 1]; p++) {
                int a = postInv[rowIndex[p]];
                int b = postInv[c];
                int col = Math.min(a, b);
                int q = fill[col]++;
                lowerRow[q] = Math.max(a, b);
                lowerSrc[q] = p;
            }
        }
        // parent in internal order (a postorder keeps the tree; relabel it)
        int[] par = new int[n];
        for (int k = 0; k < n; k++) {
            int pc = parent[post[k]];
            par[k] = pc < 0 ? -1 : postInv[pc];
        }
        int[] colCount = columnCounts(par);
        // fundamental supernodes, then relaxed amalgamation of chains
        int[] children = new int[n];
        for (int k = 0; k < n; k++) {
            if (par[k] >= 0) {
                children[par[k]]++;
            }
        }
        int[] firsts = new int[n + 1];
        int s = 0;
        for (int k = 0; k < n; k++) {
            // merging column k into the running supernode adds (colCount[k] + 1 − colCount[k − 1]) zero
            // rows to each of its columns so far (zero for a fundamental supernode)
            boolean merge = k > 0 && par[k - 1] == k && children[k] == 1
                    && (k - firsts[s - 1]) * (colCount[k] + 1 - colCount[k - 1]) <= RELAX_ZEROS
                    && (colCount[k] + 1 == colCount[k - 1] || k - firsts[s - 1] < RELAX_COLUMNS);
            if (!merge) {
                firsts[s++] = k;
            }
        }
        ns = s;
        firsts[ns] = n;
        superFirst = Arrays.copyOf(firsts, ns + 1);
        superOf = new int[n];
        for (int j = 0; j < ns; j++) {
            for (int k = superFirst[j]; k < superFirst[j + 1]; k++) {
                superOf[k] = j;
            }
        }
        // row structure of each supernode: its own columns, then the union of the lower pattern of its
        // columns and of its children's structures, below its last column
        int[] superParent = new int[ns];
        for (int j = 0; j < ns; j++) {
            int p = par[superFirst[j + 1] - 1];
            superParent[j] = p < 0 ? -1 : superOf[p];
        }
        int[] childHead = new int[ns];
        int[] childNext = new int[ns];
        Arrays.fill(childHead, -1);
        for (int j = ns - 1; j >= 0; j--) {
            if (superParent[j] >= 0) {
                childNext[j] = childHead[superParent[j]];
                childHead[superParent[j]] = j;
            }
        }
        int[] marker = new int[n];
        Arrays.fill(marker, -1);
        rowStart = new int[ns + 1];
        int[] buffer = new int[Math.max(1, n)];
        int[][] structure = new int[ns][];
        long total = 0;
        for (int j = 0; j < ns; j++) {
            int f = superFirst[j];
            int l = superFirst[j + 1] - 1;
            int len = 0;
            for (int k = f; k <= l; k++) {
                buffer[len++] = k;
                marker[k] = j;
            }
            for (int k = f; k <= l; k++) {
                for (int p = lowerStart[k]; p < lowerStart[k + 1]; p++) {
                    int i = lowerRow[p];
                    if (marker[i] != j) {
                        marker[i] = j;
                        buffer[len++] = i;
                    }
                }
            }
            for (int c = childHead[j]; c >= 0; c = childNext[c]) {
                int[] cs = structure[c];
                for (int i : cs) {
                    if (i > l && marker[i] != j) {
                        marker[i] = j;
                        buffer[len++] = i;
                    }
                }
            }
            Arrays.sort(buffer, superFirst[j + 1] - f, len);
            structure[j] = Arrays.copyOf(buffer, len);
            rowStart[j + 1] = rowStart[j] + len;
            total += (long) len * (l - f + 1);
        }
        if (total > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("the factor would have " + total + " entries");
        }
        rows = new int[rowStart[ns]];
        panelStart = new long[ns + 1];
        for (int j = 0; j < ns; j++) {
            System.arraycopy(structure[j], 0, rows, rowStart[j], structure[j].length);
            int cols = superFirst[j + 1] - superFirst[j];
            panelStart[j + 1] = panelStart[j] + (long) structure[j].length * cols;
        }
        panel = new double[(int) total];
        map = new int[n];
        link = new int[ns];
        listNext = new int[ns];
        cursor = new int[ns];
        // the largest dense update: for each supernode, (its rows from the cursor on) x (the rows that
        // fall in one target supernode's columns), over every position the cursor takes
        long updateSize = 1;
        for (int kk = 0; kk < ns; kk++) {
            int k0 = rowStart[kk];
            int knr = rowStart[kk + 1] - k0;
            int p = superFirst[kk + 1] - superFirst[kk];
            while (p < knr) {
                int owner = superOf[rows[k0 + p]];
                int q = p;
                while (q < knr && superOf[rows[k0 + q]] == owner) {
                    q++;
                }
                updateSize = Math.max(updateSize, (long) (knr - p) * (q - p));
                p = q;
            }
        }
        if (updateSize > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("an update block would have " + updateSize + " entries");
        }
        update = new double[(int) updateSize];
        work = new double[n];
    }

    /** @return the number of non-zeros of the factor (with the explicit zeros of relaxed supernodes) */
    long factorNonZeros() {
        return panel.length;
    }

    /**
     * @return the multiply-adds of one numeric factorisation, {@code Σ_j |L(:, j)|²} over the columns as
     *     stored (a cost model for choosing how often to reuse a factor)
     */
    double factorFlops() {
        double flops = 0;
        for (int j = 0; j < ns; j++) {
            int cols = superFirst[j + 1] - superFirst[j];
            int nr = rowStart[j + 1] - rowStart[j];
            for (int c = 0; c < cols; c++) {
                flops += (double) (nr - c) * (nr - c);
            }
        }
        return flops;
    }

    /** @return the non-zeros of the factor's lower triangle as stored (explicit zeros of relaxed supernodes included) */
    long lowerNonZeros() {
        long count = 0;
        for (int j = 0; j < ns; j++) {
            int cols = superFirst[j + 1] - superFirst[j];
            int nr = rowStart[j + 1] - rowStart[j];
            count += (long) cols * nr - (long) cols * (cols - 1) / 2;
        }
        return count;
    }

    /** @return the number of supernodes */
    int supernodes() {
        return ns;
    }

    /**
     * Numeric factorisation.
     *
     * @param values the values of the upper triangle, aligned with the pattern given to the constructor
     * @return false when a pivot is not positive and finite (the matrix is not numerically positive
     *     definite); the factor is unusable then
     */
    boolean factor(double[] values) {
        Arrays.fill(link, -1);
        for (int j = 0; j < ns; j++) {
            int f = superFirst[j];
            int cols = superFirst[j + 1] - f;
            int r0 = rowStart[j];
            int nr = rowStart[j + 1] - r0;
            int base = (int) panelStart[j];
            Arrays.fill(panel, base, base + nr * cols, 0.0);
            for (int r = 0; r < nr; r++) {
                map[rows[r0 + r]] = r;
            }
            // the input's entries of these columns
            for (int c = 0; c < cols; c++) {
                int k = f + c;
                int off = base + c * nr;
                for (int p = lowerStart[k]; p < lowerStart[k + 1]; p++) {
                    panel[off + map[lowerRow[p]]] += values[lowerSrc[p]];
                }
            }
            // updates from every earlier supernode whose structure meets these columns
            int l = f + cols - 1;
            int kk = link[j];
            while (kk >= 0) {
                int following = listNext[kk];
                applyUpdate(kk, base, nr, f, l);
                kk = following;
            }
            if (!factorPanel(base, nr, cols)) {
                return false;
            }
            // the first row below: the next supernode this one updates
            if (nr > cols) {
                enqueue(j, cols);
            }
        }
        return true;
    }

    /**
     * Dense Cholesky of one panel in place: the diagonal block becomes its lower factor, the rows below
     * become {@code L21 = K21 L11⁻ᵀ}. Right-looking by blocks of {@link #BLOCK} columns: a block is factored,
     * then each later column receives the whole block's updates while it sits in cache (for a dense
     * block of a thousand columns this cuts the memory traffic of the column-by-column order by the
     * block width), four columns per pass ({@link #axpy4}).
     */
    private boolean factorPanel(int base, int nr, int cols) {
        double[] a = panel;
        for (int c0 = 0; c0 < cols; c0 += BLOCK) {
            int c1 = Math.min(cols, c0 + BLOCK);
            for (int c = c0; c < c1; c++) {
                int cc = base + c * nr;
                double d = a[cc + c];
                if (!(d > 0) || !Double.isFinite(d)) {
                    return false;
                }
                d = Math.sqrt(d);
                a[cc + c] = d;
                scale(a, cc + c + 1, nr - c - 1, 1.0 / d);
                for (int c2 = c + 1; c2 < c1; c2++) {
                    double sc = a[cc + c2];
                    if (sc != 0.0) {
                        axpy(-sc, a, cc + c2, a, base + c2 * nr + c2, nr - c2);
                    }
                }
            }
            for (int c2 = c1; c2 < cols; c2++) {
                int target = base + c2 * nr + c2;
                int c = c0;
                for (; c + 3 < c1; c += 4) {
                    int o = base + c * nr + c2;
                    axpy4(-a[o], -a[o + nr], -a[o + 2 * nr], -a[o + 3 * nr], a, o, nr, a, target, nr - c2);
                }
                for (; c < c1; c++) {
                    int cc = base + c * nr;
                    double sc = a[cc + c2];
                    if (sc != 0.0) {
                        axpy(-sc, a, cc + c2, a, target, nr - c2);
                    }
                }
            }
        }
        return true;
    }

    /** {@code y[yOff + i] += alpha · x[xOff + i]} for {@code i < len}: the kernel of every dense update. */
    private static void axpy(double alpha, double[] x, int xOff, double[] y, int yOff, int len) {
        for (int i = 0; i < len; i++) {
            y[yOff + i] += alpha * x[xOff + i];
        }
    }

    /**
     * {@code y[yOff + i] += a0·x[o + i] + a1·x[o + d + i] + a2·x[o + 2d + i] + a3·x[o + 3d + i]}: four
     * columns {@code d} apart in one pass over {@code y} (a quarter of the loads and stores of four
     * {@link #axpy} calls). Skipped when all four multipliers are zero.
     */
    private static void axpy4(double a0, double a1, double a2, double a3, double[] x, int o, int d, double[] y,
            int yOff, int len) {
        if (a0 == 0.0 && a1 == 0.0 && a2 == 0.0 && a3 == 0.0) {
            return;
        }
        int o1 = o + d;
        int o2 = o1 + d;
        int o3 = o2 + d;
        for (int i = 0; i < len; i++) {
            y[yOff + i] += a0 * x[o + i] + a1 * x[o1 + i] + a2 * x[o2 + i] + a3 * x[o3 + i];
        }
    }

    private static void scale(double[] x, int off, int len, double alpha) {
        for (int i = off; i < off + len; i++) {
            x[i] *= alpha;
        }
    }

    /** Puts supernode kk, at row position pos, in the list of the supernode that owns that row. */
    private void enqueue(int kk, int pos) {
        cursor[kk] = pos;
        int target = superOf[rows[rowStart[kk] + pos]];
        listNext[kk] = link[target];
        link[target] = kk;
    }

    /** Subtracts supernode kk's contribution to supernode j's panel and moves kk on to its next target. */
    private void applyUpdate(int kk, int base, int nr, int f, int l) {
        int k0 = rowStart[kk];
        int knr = rowStart[kk + 1] - k0;
        int kcols = superFirst[kk + 1] - superFirst[kk];
        int kbase = (int) panelStart[kk];
        int p = cursor[kk];
        int q = p;
        while (q < knr && rows[k0 + q] <= l) {
            q++;
        }
        int m1 = knr - p; // rows of the update
        int m2 = q - p; // columns of the update (rows of kk that are columns of j)
        // W (m1 x m2, column-major) = L_kk[p.., :] * L_kk[p..q, :]ᵀ, lower part only
        Arrays.fill(update, 0, m1 * m2, 0.0);
        // column t of W stays in cache while the columns of kk are added into it
        for (int t = 0; t < m2; t++) {
            int c = 0;
            for (; c + 3 < kcols; c += 4) {
                int o = kbase + c * knr + p + t;
                axpy4(panel[o], panel[o + knr], panel[o + 2 * knr], panel[o + 3 * knr], panel, o, knr, update,
                        t * m1 + t, m1 - t);
            }
            for (; c < kcols; c++) {
                int col = kbase + c * knr;
                double s = panel[col + p + t];
                if (s != 0.0) {
                    axpy(s, panel, col + p + t, update, t * m1 + t, m1 - t);
                }
            }
        }
        for (int t = 0; t < m2; t++) {
            int target = base + (rows[k0 + p + t] - f) * nr;
            int w = t * m1;
            for (int r = t; r < m1; r++) {
                panel[target + map[rows[k0 + p + r]]] -= update[w + r];
            }
        }
        if (q < knr) {
            enqueue(kk, q);
        }
    }

    /**
     * Solves {@code K x = b} in place with the last successful factorisation.
     *
     * @param b the right-hand side in the caller's index space, overwritten by the solution
     */
    void solve(double[] b) {
        double[] x = work;
        for (int k = 0; k < n; k++) {
            x[k] = b[post[k]];
        }
        for (int j = 0; j < ns; j++) {
            int f = superFirst[j];
            int cols = superFirst[j + 1] - f;
            int r0 = rowStart[j];
            int nr = rowStart[j + 1] - r0;
            int base = (int) panelStart[j];
            for (int c = 0; c < cols; c++) {
                int cc = base + c * nr;
                double v = x[f + c] / panel[cc + c];
                x[f + c] = v;
                if (v == 0.0) {
                    continue;
                }
                for (int r = c + 1; r < nr; r++) {
                    x[rows[r0 + r]] -= panel[cc + r] * v;
                }
            }
        }
        for (int j = ns - 1; j >= 0; j--) {
            int f = superFirst[j];
            int cols = superFirst[j + 1] - f;
            int r0 = rowStart[j];
            int nr = rowStart[j + 1] - r0;
            int base = (int) panelStart[j];
            for (int c = cols - 1; c >= 0; c--) {
                int cc = base + c * nr;
                double s = x[f + c];
                for (int r = c + 1; r < nr; r++) {
                    s -= panel[cc + r] * x[rows[r0 + r]];
                }
                x[f + c] = s / panel[cc + c];
            }
        }
        for (int k = 0; k < n; k++) {
            b[post[k]] = x[k];
        }
    }

    /** Elimination tree of the matrix whose upper triangle is given (Liu, with path compression). */
    private static int[] etree(int n, int[] colStart, int[] rowIndex) {
        int[] parent = new int[n];
        int[] ancestor = new int[n];
        for (int k = 0; k < n; k++) {
            parent[k] = -1;
            ancestor[k] = -1;
            for (int p = colStart[k]; p < colStart[k + 1]; p++) {
                int i = rowIndex[p];
                while (i != -1 && i < k) {
                    int nxt = ancestor[i];
                    ancestor[i] = k;
                    if (nxt == -1) {
                        parent[i] = k;
                    }
                    i = nxt;
                }
            }
        }
        return parent;
    }

    /** A depth-first postorder of the forest (children in increasing index order). */
    private static int[] postorder(int[] parent, int n) {
        int[] head = new int[n];
        int[] nextChild = new int[n];
        Arrays.fill(head, -1);
        for (int j = n - 1; j >= 0; j--) {
            if (parent[j] >= 0) {
                nextChild[j] = head[parent[j]];
                head[parent[j]] = j;
            }
        }
        int[] order = new int[n];
        int[] stack = new int[n];
        int k = 0;
        for (int root = 0; root < n; root++) {
            if (parent[root] != -1) {
                continue;
            }
            int top = 0;
            stack[0] = root;
            while (top >= 0) {
                int p = stack[top];
                int c = head[p];
                if (c == -1) {
                    top--;
                    order[k++] = p;
                } else {
                    head[p] = nextChild[c];
                    stack[++top] = c;
                }
            }
        }
        return order;
    }

    /**
     * Column counts of {@code L} (diagonal included) by row subtrees: row i of L is the union of the
     * tree paths from each {@code j < i} with {@code K(i, j) ≠ 0} up to i. Time proportional to the
     * factor's non-zeros.
     */
    private int[] columnCounts(int[] par) {
        int[] counts = new int[n];
        int[] mark = new int[n];
        Arrays.fill(mark, -1);
        Arrays.fill(counts, 1);
        // the upper pattern of row i in internal order is the lower pattern seen by column: iterate
        // over columns j and their lower entries (i > j), walking from j up to i
        // build, for each row i, the list of j < i with an entry: transpose of the lower pattern
        int[] start = new int[n + 1];
        for (int j = 0; j < n; j++) {
            for (int p = lowerStart[j]; p < lowerStart[j + 1]; p++) {
                if (lowerRow[p] != j) {
                    start[lowerRow[p] + 1]++;
                }
            }
        }
        for (int i = 0; i < n; i++) {
            start[i + 1] += start[i];
        }
        int[] cols = new int[start[n]];
        int[] fill = Arrays.copyOf(start, n);
        for (int j = 0; j < n; j++) {
            for (int p = lowerStart[j]; p < lowerStart[j + 1]; p++) {
                int i = lowerRow[p];
                if (i != j) {
                    cols[fill[i]++] = j;
                }
            }
        }
        for (int i = 0; i < n; i++) {
            mark[i] = i;
            for (int p = start[i]; p < start[i + 1]; p++) {
                int j = cols[p];
                while (j != -1 && mark[j] != i) {
                    mark[j] = i;
                    counts[j]++;
                    j = par[j];
                }
            }
        }
        return counts;
    }
}
