package org.tem.solver.admm;

import org.tem.api.ProsumerSchedule;
import org.tem.api.Vpp;
import org.tem.solver.LocalProblem;
import org.tem.solver.internal.FallbackQpSolver;
import org.tem.solver.qp.IpmSolver;
import org.tem.solver.qp.OsqpSolver;
import org.tem.solver.qp.QpResult;
import org.tem.solver.qp.QpSolver;
import org.tem.solver.qp.QpStart;
import org.tem.solver.qp.QpStatus;

/**
 * The reference {@link TradingAgent}: owns one prosumer's {@link LocalProblem} and its own QP
 * solver, warm-starts each solve from the previous one (the factorisation is reused while ρ stays),
 * and keeps its schedule to itself — only {@link #schedule()}, called by the prosumer's own side,
 * reveals it. Not thread-safe; the coordinator calls one agent from one thread at a time.
 */
public final class LocalAgent implements TradingAgent {
    private final LocalProblem base;
    private final QpSolver solver;
    private final QpSolver absorbSolver;
    private QpStart absorbStart = QpStart.COLD;
    private SettledSchedule settled;
    private LocalProblem problem;
    private boolean[] frozen;
    private QpStart start = QpStart.COLD;
    private double[] lastX;

    /**
     * An agent that uses one solver for its local solves and for absorbing settled trades.
     *
     * @param problem the prosumer's compiled sub-problem
     * @param solver its own QP solver
     */
    public LocalAgent(LocalProblem problem, QpSolver solver) {
        this(problem, solver, solver);
    }

    /**
     * @param problem the prosumer's compiled sub-problem
     * @param solver its own QP solver for the local solves of the iterations
     * @param absorbSolver its own QP solver for absorbing settled trades (a second instance keeps
     *     the factorisations of both problems cached)
     */
    public LocalAgent(LocalProblem problem, QpSolver solver, QpSolver absorbSolver) {
        this.base = problem;
        this.problem = problem;
        this.frozen = new boolean[problem.links().size()];
        this.solver = java.util.Objects.requireNonNull(solver, "solver");
        this.absorbSolver = java.util.Objects.requireNonNull(absorbSolver, "absorbSolver");
    }

    /**
     * An agent with its own {@link OsqpSolver} for the iterations (warm-started, factorisation kept)
     * and, for absorbing settled trades, an {@link IpmSolver} with an {@link OsqpSolver} behind it
     * (once the trades are fixed the problem is nearly a linear programme, on which the interior
     * point takes 10-20 iterations where OSQP may take thousands).
     *
     * @param vpp a VPP
     * @param u a prosumer index
     * @return an agent for that prosumer
     */
    public static LocalAgent of(Vpp vpp, int u) {
        return of(LocalProblem.of(vpp, u));
    }

    /**
     * An agent over a compiled sub-problem with the same solvers as {@link #of(Vpp, int)}: the way
     * in for a meter that compiled its problem from its own prosumer
     * ({@link org.tem.solver.contract.RoundConfig#agentFor}).
     *
     * @param problem the prosumer's compiled sub-problem
     * @return an agent for it
     */
    public static LocalAgent of(LocalProblem problem) {
        return new LocalAgent(problem, new OsqpSolver(), new FallbackQpSolver(new IpmSolver(), new OsqpSolver()));
    }

    @Override
    public String id() {
        return problem.prosumer().id();
    }

    @Override
    public int links() {
        return problem.links().size();
    }

    /**
     * {@inheritDoc}
     *
     * <p>When the frozen links change (a peer was excluded), the local problem is recompiled with
     * those trades fixed to zero; the warm start carries over.
     */
    @Override
    public Proposal propose(double rho, double[][] target, double[][] lambda, boolean[] frozenLinks) {
        if (!java.util.Arrays.equals(frozenLinks, frozen)) {
            problem = base.withFrozen(frozenLinks);
            frozen = frozenLinks.clone();
        }
        QpResult r = solver.solve(problem.penalised(rho, target, lambda), start);
        if (r.status() != QpStatus.OPTIMAL) {
            start = QpStart.COLD;
            return new Proposal(new double[links()][target.length == 0 ? 0 : target[0].length], false,
                    r.status().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
        }
        start = r.asStart();
        lastX = r.x();
        return new Proposal(problem.trades(r.x()), true, "");
    }

    /**
     * {@inheritDoc}
     *
     * <p>Keeps the schedule to itself ({@link #settledSchedule()}). Successive calls warm-start
     * from the previous one; the outcome is a deterministic function of the sequence of calls.
     */
    @Override
    public Absorption absorb(double[][] trades) {
        SettledSchedule s = settle(trades);
        return s.absorbed() ? new Absorption(true, s.schedule().get().cost(), "")
                : new Absorption(false, Double.POSITIVE_INFINITY, s.reason());
    }

    /**
     * Re-solves the prosumer's own problem (no penalty) with every trade fixed to the settled ones:
     * the schedule the prosumer can follow once the round is over. Exactly balanced when that is
     * possible, otherwise with each balance within {@link LocalProblem#ABSORB_TOLERANCE_KWH}. An
     * excluded prosumer's settled trades are all zero, so this is then its schedule without trading.
     *
     * @param trades the settled trades of this prosumer's links (links × slots), positive =
     *     bought, within each link's limit
     * @return the schedule, or the reason there is none
     * @throws IllegalArgumentException on wrong shapes, or a trade that is not finite or beyond its
     *     link's limit
     */
    public SettledSchedule settle(double[][] trades) {
        QpResult r = absorbSolver.solve(base.absorbing(trades), absorbStart);
        if (r.status() != QpStatus.OPTIMAL) {
            // not exactly: within the rounding tolerance, then
            r = absorbSolver.solve(base.absorbing(trades, LocalProblem.ABSORB_TOLERANCE_KWH), absorbStart);
        }
        if (r.status() != QpStatus.OPTIMAL) {
            absorbStart = QpStart.COLD;
            settled = new SettledSchedule(id(), java.util.Optional.empty(), "no feasible schedule with its settled"
                    + " trades fixed (" + r.status().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ")");
            return settled;
        }
        absorbStart = r.asStart();
        settled = new SettledSchedule(id(), java.util.Optional.of(base.absorbedSchedule(r.x(), trades)), "");
        return settled;
    }

    /**
     * @return the outcome of the last {@link #settle} or {@link #absorb} (stays on the prosumer's side)
     * @throws IllegalStateException before the first
     */
    public SettledSchedule settledSchedule() {
        if (settled == null) {
            throw new IllegalStateException(id() + ": no settled trades yet");
        }
        return settled;
    }

    /**
     * @return the schedule of the last successful local solve
     * @throws IllegalStateException before the first successful proposal
     */
    public ProsumerSchedule schedule() {
        if (lastX == null) {
            throw new IllegalStateException(id() + ": no local solution yet");
        }
        return problem.schedule(lastX);
    }
}
