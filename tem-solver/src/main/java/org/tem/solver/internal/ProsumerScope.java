package org.tem.solver.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tem.api.CostCategory;
import org.tem.api.DerComponent;
import org.tem.api.Horizon;
import org.tem.api.Market;
import org.tem.api.ModelBuilder;
import org.tem.api.Prosumer;
import org.tem.api.ProsumerSchedule;
import org.tem.api.Variables;

/**
 * One prosumer's part of a compiled QP: the {@link ModelBuilder} its components write into, its
 * balance rows, its trade variables, and the bookkeeping needed to turn a solution vector back into
 * a {@link ProsumerSchedule} with its cost breakdown (evaluated term by term from the schedule,
 * independent of the QP objective). Not thread-safe.
 */
public final class ProsumerScope implements ModelBuilder {
    private final QpAssembler qp;
    private final Prosumer prosumer;
    private final Market market;
    private final Horizon horizon;
    private final int[] balanceRows;
    private final Set<String> names = new HashSet<>();
    private final Map<String, List<Variables>> reports = new LinkedHashMap<>();
    private final List<CostTerm> costs = new ArrayList<>();
    private final Map<String, Trade> trades = new LinkedHashMap<>();
    private int netTradeVariable = -1;

    private record CostTerm(String category, int variable, double linear, double weight, double target) {
        double value(double x) {
            return linear * x + (weight == 0.0 ? 0.0 : weight * (x - target) * (x - target));
        }
    }

    /** A trade of this prosumer with a peer: {@code p_uv = sign · x[variable]}. */
    private record Trade(int variable, double sign) {
    }

    /**
     * Compiles a prosumer's components into the assembler: its variables, costs, constraints and
     * one balance row per slot (trades are added afterwards with {@link #addTrade}).
     *
     * @param qp the assembler
     * @param prosumer the prosumer
     * @param market the market (ancillary and P2P prices)
     */
    public ProsumerScope(QpAssembler qp, Prosumer prosumer, Market market) {
        this.qp = qp;
        this.prosumer = prosumer;
        this.market = market;
        this.horizon = prosumer.horizon();
        this.balanceRows = new int[horizon.slots()];
        for (int t = 0; t < balanceRows.length; t++) {
            balanceRows[t] = qp.addRow(0.0, 0.0);
        }
        for (DerComponent component : prosumer.components()) {
            component.contribute(this);
        }
    }

    /** @return the indices of this prosumer's balance rows, one per slot (a copy) */
    public int[] balanceRows() {
        return balanceRows.clone();
    }

    /** @return the prosumer */
    public Prosumer prosumer() {
        return prosumer;
    }

    @Override
    public Horizon horizon() {
        return horizon;
    }

    @Override
    public double ancillaryPrice(int t) {
        return market.ancillaryPrice(t);
    }

    @Override
    public Variables variables(String name, double[] lower, double[] upper) {
        if (!names.add(name)) {
            throw new IllegalArgumentException(prosumer.id() + ": variables '" + name + "' declared twice");
        }
        int first = qp.addVariables(lower, upper);
        return new Variables(name, first, lower.length);
    }

    @Override
    public void linearCost(String category, Variables block, int i, double coefficient) {
        checkFinite(category, coefficient);
        int j = block.index(i);
        qp.addLinear(j, coefficient);
        costs.add(new CostTerm(category, j, coefficient, 0.0, 0.0));
    }

    @Override
    public void squaredDeviationCost(String category, Variables block, int i, double weight, double target) {
        checkFinite(category, weight);
        checkFinite(category, target);
        if (weight < 0) {
            throw new IllegalArgumentException(prosumer.id() + ": " + category + " weight must be >= 0, was " + weight);
        }
        int j = block.index(i);
        qp.addSquaredDeviation(j, weight, target);
        costs.add(new CostTerm(category, j, 0.0, weight, target));
    }

    private void checkFinite(String category, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(prosumer.id() + ": " + category + " cost must be finite, was " + value);
        }
    }

    @Override
    public void balance(int t, Variables block, int i, double coefficient) {
        qp.addEntry(balanceRows[t], block.index(i), coefficient);
    }

    @Override
    public void balanceConstant(int t, double kwh) {
        // supply terms + kwh = 0  ⇔  supply terms = −kwh
        qp.shiftRow(balanceRows[t], -kwh);
    }

    @Override
    public Constraint constraint(String name, double lower, double upper) {
        int row = qp.addRow(lower, upper);
        return new Constraint() {
            @Override
            public Constraint term(Variables block, int i, double coefficient) {
                qp.addEntry(row, block.index(i), coefficient);
                return this;
            }
        };
    }

    @Override
    public void report(String series, Variables block) {
        if (block.size() != horizon.slots()) {
            throw new IllegalArgumentException(prosumer.id() + ": series '" + series + "' needs " + horizon.slots()
                    + " variables, block '" + block.name() + "' has " + block.size());
        }
        reports.computeIfAbsent(series, k -> new ArrayList<>()).add(block);
    }

    /**
     * Adds a trade with a peer: {@code p_uv[t] = sign · x[first + t]}, a supply in this prosumer's
     * balance, paid at the P2P price.
     *
     * @param peerId the peer's id (or {@code "pool"})
     * @param first the first of {@code slots} trade variables (already created)
     * @param sign +1 when the variables are this prosumer's purchases, −1 when they are the peer's
     */
    public void addTrade(String peerId, int first, double sign) {
        for (int t = 0; t < balanceRows.length; t++) {
            int j = first + t;
            qp.addEntry(balanceRows[t], j, sign);
            qp.addLinear(j, sign * market.p2pPrice());
            costs.add(new CostTerm(CostCategory.P2P, j, sign * market.p2pPrice(), 0.0, 0.0));
        }
        trades.put(peerId, new Trade(first, sign));
    }

    /**
     * Declares the pool trade {@code q_u[t]} (already added as a trade under {@code "pool"}).
     *
     * @param first the first of the pool trade variables
     */
    public void markNetTrade(int first) {
        netTradeVariable = first;
    }

    /**
     * Reads this prosumer's schedule from a solution vector.
     *
     * @param x the solution (bounds already enforced)
     * @param pooledTrades for the pool topology, the derived pairwise trades by peer id; null for bilateral
     * @return the schedule with its cost breakdown
     */
    public ProsumerSchedule schedule(double[] x, Map<String, double[]> pooledTrades) {
        int slots = horizon.slots();
        Map<String, double[]> series = new LinkedHashMap<>();
        for (String name : org.tem.api.Series.STANDARD) {
            series.put(name, new double[slots]);
        }
        reports.forEach((name, blocks) -> {
            double[] sum = series.computeIfAbsent(name, k -> new double[slots]);
            for (Variables b : blocks) {
                for (int t = 0; t < slots; t++) {
                    sum[t] += x[b.offset() + t];
                }
            }
        });
        double[] net = new double[slots];
        Map<String, double[]> byPeer = new LinkedHashMap<>();
        trades.forEach((peer, trade) -> {
            double[] p = new double[slots];
            for (int t = 0; t < slots; t++) {
                p[t] = trade.sign() * x[trade.variable() + t];
                net[t] += p[t];
            }
            if (netTradeVariable < 0) {
                byPeer.put(peer, p);
            }
        });
        if (pooledTrades != null) {
            byPeer.putAll(pooledTrades);
        }
        Map<String, Double> breakdown = new LinkedHashMap<>();
        for (String c : CostCategory.STANDARD) {
            breakdown.put(c, 0.0);
        }
        for (CostTerm term : costs) {
            breakdown.merge(term.category(), term.value(x[term.variable()]), Double::sum);
        }
        double cost = 0.0;
        for (double v : breakdown.values()) {
            cost += v;
        }
        // m of docs/model.md is max_t g[t] at any optimum; read it from the schedule, not from a component's variable
        double peak = 0.0;
        for (double g : series.get(org.tem.api.Series.GRID)) {
            peak = Math.max(peak, g);
        }
        return new ProsumerSchedule(prosumer.id(), series, peak, net, byPeer, breakdown, cost);
    }
}
