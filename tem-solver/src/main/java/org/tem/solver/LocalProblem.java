package org.tem.solver;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.tem.api.Market;
import org.tem.api.Prosumer;
import org.tem.api.ProsumerSchedule;
import org.tem.api.Topology;
import org.tem.api.Vpp;
import org.tem.solver.internal.ProsumerScope;
import org.tem.solver.internal.QpAssembler;
import org.tem.solver.qp.QpProblem;

/**
 * One prosumer's sub-problem compiled to a QP: its own variables and constraints plus one block of
 * trade variables per link (a peer in the bilateral topology, the pool in the pool topology), and
 * optionally the ADMM penalty of MODEL.md eq. 4 on those trades:
 * {@code Σ_links Σ_t (ρ/2)(p'[t] − p[t])² − λ[t]·p[t]}.
 *
 * <p>Compile once, then call {@link #penalised} every ADMM iteration: the returned problems share
 * their matrices while ρ stays the same, so a caching {@link org.tem.solver.qp.QpSolver} reuses its
 * factorisation. Immutable apart from that cache; not thread-safe.
 */
public final class LocalProblem {
    private final Prosumer prosumer;
    private final Market market;
    private final boolean pool;
    private final double[] limits;
    private final List<String> links;
    private final int slots;
    private final int[] linkStart;
    private final QpAssembler assembler;
    private final ProsumerScope scope;
    private final QpProblem base;
    private final double[] lower;
    private final double[] upper;
    private double cachedRho = Double.NaN;
    private QpProblem cachedPenalised;

    private LocalProblem(Prosumer prosumer, Market market, List<String> links, double[] limits, boolean pool) {
        this.prosumer = prosumer;
        this.market = market;
        this.pool = pool;
        this.limits = limits.clone();
        this.links = List.copyOf(links);
        this.slots = prosumer.horizon().slots();
        this.assembler = new QpAssembler();
        this.scope = new ProsumerScope(assembler, prosumer, market);
        this.linkStart = new int[links.size()];
        for (int k = 0; k < links.size(); k++) {
            double[] lo = new double[slots];
            double[] hi = new double[slots];
            Arrays.fill(lo, -limits[k]);
            Arrays.fill(hi, limits[k]);
            linkStart[k] = assembler.addVariables(lo, hi);
            scope.addTrade(links.get(k), linkStart[k], 1.0);
            if (pool) {
                scope.markNetTrade(linkStart[k]);
            }
        }
        this.base = assembler.build(null);
        this.lower = assembler.lower();
        this.upper = assembler.upper();
    }

    /**
     * Compiles prosumer {@code u} of a VPP with its links: its peers (bilateral, each bounded by
     * {@link Vpp#tradeLimitKwh}) or the pool (bounded by {@link Vpp#poolTradeLimitKwh}) — the same
     * limits as the central problem and the coordination contract.
     *
     * @param vpp the VPP
     * @param u the prosumer's index
     * @return the sub-problem
     */
    public static LocalProblem of(Vpp vpp, int u) {
        Prosumer p = vpp.prosumers().get(u);
        if (vpp.market().topology() == Topology.POOL) {
            return new LocalProblem(p, vpp.market(), List.of("pool"), new double[] {vpp.poolTradeLimitKwh(u)}, true);
        }
        List<String> peers = new ArrayList<>();
        List<Integer> peerIndices = vpp.peersOf(u);
        double[] limits = new double[peerIndices.size()];
        for (int k = 0; k < limits.length; k++) {
            int v = peerIndices.get(k);
            peers.add(vpp.prosumers().get(v).id());
            limits[k] = vpp.tradeLimitKwh(u, v);
        }
        return new LocalProblem(p, vpp.market(), peers, limits, false);
    }

    /**
     * Compiles a prosumer with no trading at all (its cost when it stands alone).
     *
     * @param prosumer the prosumer
     * @param market the market (for ancillary prices)
     * @return the sub-problem
     */
    public static LocalProblem standalone(Prosumer prosumer, Market market) {
        return new LocalProblem(prosumer, market, List.of(), new double[0], false);
    }

    /**
     * The same sub-problem with some links frozen: their trades fixed to zero (bounds {@code [0, 0]}),
     * as when the peer at their other end was excluded from an ADMM run.
     *
     * @param frozen one flag per link
     * @return a new sub-problem (this one is unchanged)
     * @throws IllegalArgumentException if the flags do not match the links
     */
    public LocalProblem withFrozen(boolean[] frozen) {
        if (frozen.length != links.size()) {
            throw new IllegalArgumentException("frozen: must have " + links.size() + " flags, had " + frozen.length);
        }
        double[] l = limits.clone();
        for (int k = 0; k < l.length; k++) {
            if (frozen[k]) {
                l[k] = 0.0;
            }
        }
        return new LocalProblem(prosumer, market, links, l, pool);
    }

    /** @return each link's trade limit {@code |p_k[t]| ≤ limit[k]}, kWh per slot (a copy) */
    public double[] tradeLimits() {
        return limits.clone();
    }

    /** @return the prosumer */
    public Prosumer prosumer() {
        return prosumer;
    }

    /** @return the link names: peer ids (bilateral) or {@code ["pool"]}; unmodifiable */
    public List<String> links() {
        return links;
    }

    /** @return the QP of the prosumer's own cost {@code C_u} with free trades (no penalty) */
    public QpProblem problem() {
        return base;
    }

    /**
     * The QP of MODEL.md eq. 4: {@code C_u + Σ_k Σ_t (ρ/2)(target[k][t] − p_k[t])² − λ[k][t]·p_k[t]}.
     *
     * @param rho the penalty ρ, {@code > 0}
     * @param target {@code p'} per link and slot (links × slots)
     * @param lambda {@code λ} per link and slot
     * @return the problem; shares its matrices with the previous call when ρ is unchanged
     * @throws IllegalArgumentException on a non-positive ρ or wrong shapes
     */
    public QpProblem penalised(double rho, double[][] target, double[][] lambda) {
        if (!(rho > 0) || Double.isInfinite(rho)) {
            throw new IllegalArgumentException("rho: must be > 0 and finite, was " + rho);
        }
        checkShape("target", target);
        checkShape("lambda", lambda);
        if (rho != cachedRho) {
            double[] extra = new double[base.variables()];
            for (int start : linkStart) {
                Arrays.fill(extra, start, start + slots, rho);
            }
            cachedPenalised = assembler.build(extra);
            cachedRho = rho;
        }
        double[] q = base.linear();
        double constant = base.constant();
        for (int k = 0; k < linkStart.length; k++) {
            for (int t = 0; t < slots; t++) {
                q[linkStart[k] + t] -= rho * target[k][t] + lambda[k][t];
                constant += 0.5 * rho * target[k][t] * target[k][t];
            }
        }
        return cachedPenalised.withLinear(q, constant);
    }

    private void checkShape(String name, double[][] values) {
        if (values.length != linkStart.length) {
            throw new IllegalArgumentException(name + ": must have " + linkStart.length + " rows (links), had " + values.length);
        }
        for (double[] row : values) {
            if (row.length != slots) {
                throw new IllegalArgumentException(name + ": rows must have " + slots + " values, had " + row.length);
            }
        }
    }

    /**
     * The trade vectors of a solution, clamped to their bounds.
     *
     * @param x a solution of {@link #problem()} or {@link #penalised}
     * @return {@code p_k[t]} per link (links × slots), positive = bought
     */
    public double[][] trades(double[] x) {
        double[][] out = new double[linkStart.length][slots];
        for (int k = 0; k < linkStart.length; k++) {
            for (int t = 0; t < slots; t++) {
                int j = linkStart[k] + t;
                out[k][t] = Math.min(upper[j], Math.max(lower[j], x[j]));
            }
        }
        return out;
    }

    /**
     * The schedule of a solution, with variables clamped to their bounds and the cost of MODEL.md
     * eq. 1 (no penalty terms).
     *
     * @param x a solution vector
     * @return the schedule
     */
    public ProsumerSchedule schedule(double[] x) {
        return scope.schedule(clamp(x, lower, upper), null);
    }

    static double[] clamp(double[] x, double[] lo, double[] hi) {
        double[] out = new double[x.length];
        for (int j = 0; j < x.length; j++) {
            out[j] = Math.min(hi[j], Math.max(lo[j], x[j]));
        }
        return out;
    }
}
