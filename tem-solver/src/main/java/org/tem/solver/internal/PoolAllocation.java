package org.tem.solver.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Derives pairwise trade records from pool trades (docs/model.md, "pool"): in each slot every buyer
 * gets energy from every seller in proportion to what the seller sold, so
 * {@code p_uv[t] = q_u[t]·(−q_v[t]) / S[t]} for buyer u and seller v, with {@code S[t]} the energy
 * sold in the slot, and {@code p_vu = −p_uv}. Pairs that never trade are left out.
 */
public final class PoolAllocation {
    private PoolAllocation() {
    }

    /**
     * @param ids the prosumer ids
     * @param pool {@code q_u[t]} per prosumer (positive = bought from the pool)
     * @return for each prosumer, its trades by peer id
     */
    public static List<Map<String, double[]>> allocate(List<String> ids, double[][] pool) {
        int n = pool.length;
        int slots = n == 0 ? 0 : pool[0].length;
        List<Map<String, double[]>> out = new ArrayList<>(n);
        for (int u = 0; u < n; u++) {
            out.add(new LinkedHashMap<>());
        }
        for (int t = 0; t < slots; t++) {
            double sold = 0.0;
            double bought = 0.0;
            for (double[] q : pool) {
                if (q[t] < 0) {
                    sold -= q[t];
                } else {
                    bought += q[t];
                }
            }
            double volume = Math.max(sold, bought);
            if (volume <= 0.0) {
                continue;
            }
            for (int u = 0; u < n; u++) {
                if (pool[u][t] <= 0) {
                    continue;
                }
                for (int v = 0; v < n; v++) {
                    if (pool[v][t] >= 0) {
                        continue;
                    }
                    double p = pool[u][t] * (-pool[v][t]) / volume;
                    out.get(u).computeIfAbsent(ids.get(v), k -> new double[slots])[t] = p;
                    out.get(v).computeIfAbsent(ids.get(u), k -> new double[slots])[t] = -p;
                }
            }
        }
        return out;
    }
}
