package org.tem.solver.qp;

import java.util.Arrays;
import java.util.BitSet;

/**
 * A simple minimum-degree fill-reducing ordering on an explicit elimination graph (no quotient graph,
 * no supervariables): repeatedly eliminates a node of smallest current degree and connects its
 * neighbours into a clique. Adequate for systems of up to some tens of thousands of nodes (the central problem of 50 homes, all pairs trading, has ~37,000); for graphs
 * above {@link #MAX_NODES} nodes the natural order is returned (the explicit graph, n² bits, would use too much
 * memory). Stateless and thread-safe.
 */
final class MinimumDegree {
    /** Graphs larger than this are not reordered. */
    static final int MAX_NODES = 60_000;

    private MinimumDegree() {
    }

    /**
     * Computes an ordering.
     *
     * @param adjacency the symmetric adjacency (no self loops), one set per node; destroyed
     * @return {@code perm} with {@code perm[k]} the original node eliminated k-th
     */
    static int[] order(BitSet[] adjacency) {
        int n = adjacency.length;
        int[] perm = new int[n];
        if (n > MAX_NODES) {
            for (int k = 0; k < n; k++) {
                perm[k] = k;
            }
            return perm;
        }
        int[] degree = new int[n];
        boolean[] eliminated = new boolean[n];
        Heap queue = new Heap(Math.max(1, n));
        for (int i = 0; i < n; i++) {
            degree[i] = adjacency[i].cardinality();
            queue.add(key(degree[i], i));
        }
        int k = 0;
        while (k < n) {
            long top = queue.poll();
            int v = (int) (top & 0xffffffffL);
            int d = (int) (top >>> 32);
            if (eliminated[v] || d != degree[v]) {
                continue;
            }
            eliminated[v] = true;
            perm[k++] = v;
            BitSet neighbours = adjacency[v];
            for (int u = neighbours.nextSetBit(0); u >= 0; u = neighbours.nextSetBit(u + 1)) {
                BitSet au = adjacency[u];
                au.or(neighbours);
                au.clear(u);
                au.clear(v);
                int nd = au.cardinality();
                if (nd != degree[u]) {
                    degree[u] = nd;
                    queue.add(key(nd, u));
                }
            }
            adjacency[v] = new BitSet(0);
        }
        return perm;
    }

    private static long key(int degree, int node) {
        return ((long) degree << 32) | node;
    }

    /** A binary min-heap of primitive keys (no boxing; stale entries are skipped by the caller). */
    private static final class Heap {
        private long[] keys;
        private int size;

        Heap(int capacity) {
            keys = new long[capacity];
        }

        void add(long key) {
            if (size == keys.length) {
                keys = Arrays.copyOf(keys, 2 * size);
            }
            int i = size++;
            while (i > 0) {
                int parent = (i - 1) >>> 1;
                if (keys[parent] <= key) {
                    break;
                }
                keys[i] = keys[parent];
                i = parent;
            }
            keys[i] = key;
        }

        /** Removes and returns the smallest key; the heap must not be empty. */
        long poll() {
            long top = keys[0];
            long last = keys[--size];
            int i = 0;
            int half = size >>> 1;
            while (i < half) {
                int child = 2 * i + 1;
                if (child + 1 < size && keys[child + 1] < keys[child]) {
                    child++;
                }
                if (last <= keys[child]) {
                    break;
                }
                keys[i] = keys[child];
                i = child;
            }
            keys[i] = last;
            return top;
        }
    }
}
