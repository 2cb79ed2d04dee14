package org.tem.examples.simulate;

import java.util.ArrayList;
import java.util.List;
import org.tem.api.Prosumer;
import org.tem.api.ProsumerSchedule;
import org.tem.api.Solution;
import org.tem.api.SolveStatus;
import org.tem.api.Vpp;
import org.tem.solver.CentralSolver;
import org.tem.solver.LocalProblem;
import org.tem.solver.qp.OsqpSolver;
import org.tem.solver.qp.QpResult;
import org.tem.solver.qp.QpStatus;

/** The two regimes a coordinated day is compared with, computed on the same VPP. */
final class Baselines {
    /** The method name of the no-P2P baseline's solution. */
    static final String NO_P2P = "no-p2p";

    private Baselines() {
    }

    /**
     * No P2P trading: every prosumer schedules its own DERs alone against the grid tariff, as
     * {@code tem demo} computes its saving ({@link LocalProblem#standalone} solved by OSQP).
     *
     * @param vpp the day
     * @return the schedules, method {@value #NO_P2P}; not optimal (and without schedules) when a
     *     prosumer's own problem is not solved, the message naming it
     */
    static Solution noP2p(Vpp vpp) {
        long start = System.nanoTime();
        OsqpSolver qp = new OsqpSolver();
        List<ProsumerSchedule> schedules = new ArrayList<>(vpp.size());
        double total = 0;
        for (Prosumer p : vpp.prosumers()) {
            LocalProblem local = LocalProblem.standalone(p, vpp.market());
            QpResult result = qp.solve(local.problem());
            if (result.status() != QpStatus.OPTIMAL) {
                SolveStatus status = result.status() == QpStatus.PRIMAL_INFEASIBLE ? SolveStatus.INFEASIBLE
                        : result.status() == QpStatus.MAX_ITERATIONS ? SolveStatus.MAX_ITERATIONS
                        : SolveStatus.NUMERICAL_ERROR;
                return new Solution(NO_P2P, status, "prosumer " + p.id() + " alone: " + result.status(), List.of(),
                        Double.NaN, 0, Double.NaN, Double.NaN, (System.nanoTime() - start) / 1e9);
            }
            ProsumerSchedule s = local.schedule(result.x());
            schedules.add(s);
            total += s.cost();
        }
        return new Solution(NO_P2P, SolveStatus.OPTIMAL, "", schedules, total, 0, Double.NaN, Double.NaN,
                (System.nanoTime() - start) / 1e9);
    }

    /**
     * The central optimum: the whole VPP as one QP.
     *
     * @param vpp the day
     * @return {@link CentralSolver}'s solution
     */
    static Solution central(Vpp vpp) {
        return new CentralSolver().solve(vpp);
    }
}
