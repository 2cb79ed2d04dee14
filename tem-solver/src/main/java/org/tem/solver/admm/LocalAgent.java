package org.tem.solver.admm;

import org.tem.api.ProsumerSchedule;
import org.tem.api.Vpp;
import org.tem.solver.LocalProblem;
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
    private LocalProblem problem;
    private boolean[] frozen;
    private QpStart start = QpStart.COLD;
    private double[] lastX;

    /**
     * @param problem the prosumer's compiled sub-problem
     * @param solver its own QP solver
     */
    public LocalAgent(LocalProblem problem, QpSolver solver) {
        this.base = problem;
        this.problem = problem;
        this.frozen = new boolean[problem.links().size()];
        this.solver = solver;
    }

    /**
     * @param vpp a VPP
     * @param u a prosumer index
     * @return an agent for that prosumer with its own {@link OsqpSolver}
     */
    public static LocalAgent of(Vpp vpp, int u) {
        return new LocalAgent(LocalProblem.of(vpp, u), new OsqpSolver());
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
     * The prosumer's schedule without any trading, as for a prosumer excluded from the run: its own
     * problem with every link frozen, solved from scratch (no penalty, no warm start).
     *
     * @return the schedule, or empty when that problem has no solution (the prosumer cannot stand
     *     alone)
     */
    public java.util.Optional<ProsumerSchedule> isolatedSchedule() {
        boolean[] all = new boolean[base.links().size()];
        java.util.Arrays.fill(all, true);
        LocalProblem alone = base.withFrozen(all);
        QpResult r = solver.solve(alone.problem(), QpStart.COLD);
        start = QpStart.COLD;
        if (r.status() != QpStatus.OPTIMAL) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(alone.schedule(r.x()));
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
