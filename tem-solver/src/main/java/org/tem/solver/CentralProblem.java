package org.tem.solver;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.tem.api.Prosumer;
import org.tem.api.ProsumerSchedule;
import org.tem.api.Topology;
import org.tem.api.Vpp;
import org.tem.solver.internal.PoolAllocation;
import org.tem.solver.internal.ProsumerScope;
import org.tem.solver.internal.QpAssembler;
import org.tem.solver.qp.QpProblem;

/**
 * The whole VPP as one QP (docs/model.md eq. 3): every prosumer's variables and constraints, and the
 * trades. Reciprocity is built in rather than imposed: in the bilateral topology each pair
 * {@code u < v} has one trade variable per slot, {@code p_uv = x} and {@code p_vu = −x}; in the pool
 * topology each prosumer has {@code q_u[t]} and one row per slot imposes {@code Σ_u q_u[t] = 0}.
 * Immutable.
 */
public final class CentralProblem {
    private final Vpp vpp;
    private final QpProblem problem;
    private final List<ProsumerScope> scopes;
    private final int[] poolStart;
    private final double[] lower;
    private final double[] upper;

    /**
     * Compiles a VPP.
     *
     * @param vpp the VPP
     */
    public CentralProblem(Vpp vpp) {
        this.vpp = vpp;
        int n = vpp.size();
        int slots = vpp.horizon().slots();
        QpAssembler qp = new QpAssembler();
        scopes = new ArrayList<>(n);
        for (Prosumer p : vpp.prosumers()) {
            scopes.add(new ProsumerScope(qp, p, vpp.market()));
        }
        if (vpp.market().topology() == Topology.POOL) {
            poolStart = new int[n];
            for (int u = 0; u < n; u++) {
                double limit = vpp.poolTradeLimitKwh(u);
                poolStart[u] = qp.addVariables(filled(slots, -limit), filled(slots, limit));
                scopes.get(u).addTrade("pool", poolStart[u], 1.0);
                scopes.get(u).markNetTrade(poolStart[u]);
            }
            for (int t = 0; t < slots; t++) {
                int row = qp.addRow(0.0, 0.0);
                for (int u = 0; u < n; u++) {
                    qp.addEntry(row, poolStart[u] + t, 1.0);
                }
            }
        } else {
            poolStart = null;
            for (int u = 0; u < n; u++) {
                for (int v : vpp.peersOf(u)) {
                    if (v > u) {
                        double limit = vpp.tradeLimitKwh(u, v);
                        int first = qp.addVariables(filled(slots, -limit), filled(slots, limit));
                        scopes.get(u).addTrade(vpp.prosumers().get(v).id(), first, 1.0);
                        scopes.get(v).addTrade(vpp.prosumers().get(u).id(), first, -1.0);
                    }
                }
            }
        }
        problem = qp.build(null);
        lower = qp.lower();
        upper = qp.upper();
    }

    private static double[] filled(int n, double value) {
        double[] out = new double[n];
        Arrays.fill(out, value);
        return out;
    }

    /** @return the VPP */
    public Vpp vpp() {
        return vpp;
    }

    /** @return the QP */
    public QpProblem problem() {
        return problem;
    }

    /**
     * The schedules of a solution vector, clamped to the variable bounds, with pool trades
     * allocated pairwise.
     *
     * @param x a solution of {@link #problem()}
     * @return one schedule per prosumer, in the VPP's order
     */
    public List<ProsumerSchedule> schedules(double[] x) {
        double[] clamped = LocalProblem.clamp(x, lower, upper);
        List<Map<String, double[]>> pooled = null;
        if (poolStart != null) {
            int slots = vpp.horizon().slots();
            double[][] q = new double[poolStart.length][];
            List<String> ids = new ArrayList<>();
            for (int u = 0; u < poolStart.length; u++) {
                q[u] = Arrays.copyOfRange(clamped, poolStart[u], poolStart[u] + slots);
                ids.add(vpp.prosumers().get(u).id());
            }
            pooled = PoolAllocation.allocate(ids, q);
        }
        List<ProsumerSchedule> out = new ArrayList<>(scopes.size());
        for (int u = 0; u < scopes.size(); u++) {
            out.add(scopes.get(u).schedule(clamped, pooled == null ? null : pooled.get(u)));
        }
        return out;
    }
}
