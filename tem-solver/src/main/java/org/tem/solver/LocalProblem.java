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
 * optionally the ADMM penalty of docs/model.md eq. 4 on those trades:
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
    private double[] absorbRowLower;
    private double[] absorbRowUpper;

    /**
     * The largest energy-balance mismatch, kWh per slot, that a schedule absorbing fixed trades
     * ({@link #absorbing(double[][], double)}) may have: half of the 1e-6 kWh to which every schedule
     * of tem is feasible, so that the solver's own rounding cannot push a re-solved schedule past it.
     * It lets a round that stopped with trades a few 1e-7 kWh outside what a home can take still give
     * a schedule the home can follow; anything further is reported as not absorbed.
     */
    public static final double ABSORB_TOLERANCE_KWH = 5e-7;

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
     * Compiles a prosumer with links given explicitly, for a meter that knows only its own prosumer
     * and the links a round gives it ({@link org.tem.solver.contract.RoundConfig#problemFor}): the
     * same sub-problem as {@link #of(Vpp, int)} when the names, limits and market are the ones that
     * method derives from the whole VPP.
     *
     * @param prosumer the meter's own prosumer
     * @param market the market: its P2P price and ancillary prices enter the cost
     * @param links the link names, in the round's link order: the peer ids (bilateral), or
     *     exactly {@code ["pool"]} (pool)
     * @param limits each link's trade limit {@code |p_k[t]| ≤ limits[k]}, kWh per slot, in
     *     {@code [0, Market.MAX_TRADE_KWH]}
     * @param pool true for the pool topology
     * @return the sub-problem
     * @throws IllegalArgumentException when the links and limits differ in number, a name
     *     repeats or is the prosumer's own, a pool has other than the one link {@code "pool"},
     *     a limit is out of range, or the market's ancillary prices do not cover the horizon
     */
    public static LocalProblem of(Prosumer prosumer, Market market, List<String> links, double[] limits,
            boolean pool) {
        if (links.size() != limits.length) {
            throw new IllegalArgumentException("limits: need one per link (" + links.size() + "), had "
                    + limits.length);
        }
        if (pool && !links.equals(List.of("pool"))) {
            throw new IllegalArgumentException("links: the pool topology has exactly the link \"pool\", had " + links);
        }
        if (new java.util.HashSet<>(links).size() != links.size() || !pool && links.contains(prosumer.id())) {
            throw new IllegalArgumentException("links: peer ids must be unique and not the prosumer's own, were "
                    + links);
        }
        for (int k = 0; k < limits.length; k++) {
            if (!(limits[k] >= 0 && limits[k] <= Market.MAX_TRADE_KWH)) {
                throw new IllegalArgumentException("limits[" + k + "]: must be in [0, " + Market.MAX_TRADE_KWH
                        + "], was " + limits[k]);
            }
        }
        try {
            return new LocalProblem(prosumer, market, links, limits, pool);
        } catch (IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("market: its ancillary prices do not cover the prosumer's "
                    + prosumer.horizon().slots() + " slots", e);
        }
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

    /**
     * The QP of this prosumer's own cost {@code C_u} (no penalty) with every trade fixed to a given
     * value: what the prosumer can still choose (grid import, renewables, battery, flexible load)
     * once its trades are settled. Problems from successive calls share their matrices (only the
     * bounds of the trade variables change), so a caching solver keeps its factorisation. When the
     * problem has no solution the prosumer cannot absorb those trades exactly; see
     * {@link #absorbing(double[][], double)} for a tolerance.
     *
     * @param trades {@code p_k[t]} per link and slot (links × slots), positive = bought
     * @return the problem
     * @throws IllegalArgumentException on wrong shapes, a non-finite trade, or a trade beyond its
     *     link's limit (a settled trade never is)
     */
    public QpProblem absorbing(double[][] trades) {
        return fixedTrades(trades, base.rowLower(), base.rowUpper());
    }

    /**
     * {@link #absorbing(double[][])} with each energy balance allowed to be off by up to a tolerance
     * (for {@link #ABSORB_TOLERANCE_KWH}: trades that miss what the prosumer can take by a rounding
     * error still leave it a schedule feasible to 1e-6 kWh). A solver uses the tolerance wherever it
     * lowers the cost, so solve {@link #absorbing(double[][])} first and this one only when that fails.
     *
     * @param trades {@code p_k[t]} per link and slot (links × slots), positive = bought
     * @param toleranceKwh how far each energy balance may be off, kWh, {@code >= 0}
     * @return the problem (its matrices are those of {@link #absorbing(double[][])})
     * @throws IllegalArgumentException as {@link #absorbing(double[][])}, or on a negative or
     *     non-finite tolerance
     */
    public QpProblem absorbing(double[][] trades, double toleranceKwh) {
        if (!(toleranceKwh >= 0) || Double.isInfinite(toleranceKwh)) {
            throw new IllegalArgumentException("toleranceKwh: must be >= 0 and finite, was " + toleranceKwh);
        }
        if (toleranceKwh == ABSORB_TOLERANCE_KWH) {
            if (absorbRowLower == null) {
                absorbRowLower = balanceBand(ABSORB_TOLERANCE_KWH, true);
                absorbRowUpper = balanceBand(ABSORB_TOLERANCE_KWH, false);
            }
            return fixedTrades(trades, absorbRowLower, absorbRowUpper);
        }
        return fixedTrades(trades, balanceBand(toleranceKwh, true), balanceBand(toleranceKwh, false));
    }

    private double[] balanceBand(double tolerance, boolean lowerSide) {
        double[] out = lowerSide ? base.rowLower() : base.rowUpper();
        for (int row : scope.balanceRows()) {
            out[row] += lowerSide ? -tolerance : tolerance;
        }
        return out;
    }

    private QpProblem fixedTrades(double[][] trades, double[] rowLower, double[] rowUpper) {
        checkShape("trades", trades);
        double[] lo = lower.clone();
        double[] hi = upper.clone();
        for (int k = 0; k < linkStart.length; k++) {
            for (int t = 0; t < slots; t++) {
                double v = trades[k][t];
                if (!Double.isFinite(v) || Math.abs(v) > limits[k]) {
                    throw new IllegalArgumentException("trades[" + k + "][" + t + "]: must be finite and within the"
                            + " link's limit " + limits[k] + ", was " + v);
                }
                lo[linkStart[k] + t] = v;
                hi[linkStart[k] + t] = v;
            }
        }
        return new QpProblem(base.quadratic(), base.linear(), base.constant(), base.constraints(), rowLower,
                rowUpper, lo, hi);
    }

    /**
     * The schedule of a solution of {@link #absorbing}: the trades are exactly the fixed ones (not
     * the solver's approximation of them), every other variable is clamped to its bounds, and the
     * cost is docs/model.md eq. 1.
     *
     * @param x a solution of {@code absorbing(trades)} or {@code absorbing(trades, tolerance)}
     * @param trades the fixed trades (links × slots)
     * @return the schedule
     * @throws IllegalArgumentException on wrong shapes
     */
    public ProsumerSchedule absorbedSchedule(double[] x, double[][] trades) {
        checkShape("trades", trades);
        double[] y = clamp(x, lower, upper);
        for (int k = 0; k < linkStart.length; k++) {
            for (int t = 0; t < slots; t++) {
                y[linkStart[k] + t] = trades[k][t];
            }
        }
        return scope.schedule(y, null);
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
     * The QP of docs/model.md eq. 4: {@code C_u + Σ_k Σ_t (ρ/2)(target[k][t] − p_k[t])² − λ[k][t]·p_k[t]}.
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
     * The schedule of a solution, with variables clamped to their bounds and the cost of docs/model.md
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
