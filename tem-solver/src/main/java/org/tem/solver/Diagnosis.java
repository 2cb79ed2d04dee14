package org.tem.solver;

import org.tem.api.Prosumer;
import org.tem.api.Vpp;
import org.tem.solver.qp.QpSolver;
import org.tem.solver.qp.QpStatus;

/** Explains an infeasible VPP by finding the prosumers that are infeasible on their own. */
final class Diagnosis {
    private Diagnosis() {
    }

    /**
     * @param vpp an infeasible VPP
     * @param solver a QP solver
     * @return a message naming the prosumers that cannot meet their own constraints even with
     *     every trade they are allowed, or saying that only the coupling is infeasible
     */
    static String infeasibility(Vpp vpp, QpSolver solver) {
        StringBuilder names = new StringBuilder();
        for (int u = 0; u < vpp.size(); u++) {
            LocalProblem local = LocalProblem.of(vpp, u);
            if (solver.solve(local.problem()).status() == QpStatus.PRIMAL_INFEASIBLE) {
                Prosumer p = vpp.prosumers().get(u);
                names.append(names.length() == 0 ? "" : ", ").append(p.id());
            }
        }
        if (names.length() > 0) {
            return "infeasible: prosumer " + names + " cannot balance its energy within its own limits"
                    + " (load above what grid import, renewables, battery and allowed trades can supply,"
                    + " or a battery that cannot reach its terminal energy)";
        }
        return "infeasible: every prosumer is feasible on its own, but not all together"
                + " (the trades they need cannot be matched by peers within the trade limits)";
    }
}
