package org.tem.solver.qp;

import org.tem.api.Topology;
import org.tem.api.Vpp;
import org.tem.solver.CentralProblem;
import org.tem.solver.VppsForAdmm;

/**
 * A manual timing harness (not a test): times {@link IpmSolver} against {@link OsqpSolver} on the central
 * problems of synthetic VPPs. {@code java -cp … org.tem.solver.qp.IpmTiming [homes…]} (default 10 20 50).
 */
public final class IpmTiming {
    private IpmTiming() {
    }

    /**
     * @param args home counts (default 10, 20, 50); a trailing "noosqp" skips the OSQP reference
     */
    public static void main(String[] args) {
        java.util.List<Integer> sizes = new java.util.ArrayList<>();
        boolean osqp = true;
        for (String a : args) {
            if (a.equals("noosqp")) {
                osqp = false;
            } else {
                sizes.add(Integer.parseInt(a));
            }
        }
        if (sizes.isEmpty()) {
            sizes = java.util.List.of(10, 20, 50);
        }
        // warm-up of the JIT on a small problem
        QpProblem warm = new CentralProblem(VppsForAdmm.vpp(5, 24, 99, Topology.POOL, false, false)).problem();
        for (int k = 0; k < 3; k++) {
            new IpmSolver().solve(warm);
            new OsqpSolver().solve(warm);
        }
        System.out.println("homes topology   n      m      nnzA  | ipm status it   ms     obj                viol     | osqp status it    ms     obj                viol     | rel diff");
        for (int homes : sizes) {
            for (Topology topology : new Topology[] {Topology.POOL, Topology.BILATERAL}) {
                Vpp vpp = VppsForAdmm.vpp(homes, 24, 1, topology, false, false);
                QpProblem problem = new CentralProblem(vpp).problem();
                QpResult ipm = new IpmSolver().solve(problem);
                QpResult ref = osqp ? new OsqpSolver().solve(problem) : null;
                System.out.printf("%5d %-9s %6d %6d %7d | %-10s %3d %7.1f %.12e %.1e | %s %s%n", homes, topology,
                        problem.variables(), problem.rows(), problem.constraints().nonZeros(), ipm.status(),
                        ipm.iterations(), ipm.nanos() / 1e6, ipm.objective(), problem.maxViolation(ipm.x()),
                        ref == null ? "-" : String.format("%-10s %5d %7.1f %.12e %.1e", ref.status(), ref.iterations(),
                                ref.nanos() / 1e6, ref.objective(), problem.maxViolation(ref.x())),
                        ref == null ? "" : String.format("%.1e", Math.abs(ipm.objective() - ref.objective())
                                / (1 + Math.abs(ref.objective()))));
            }
        }
    }
}
