package org.tem.solver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.tem.api.Prosumer;
import org.tem.api.Solution;
import org.tem.api.SolveStatus;
import org.tem.api.Topology;
import org.tem.api.Vpp;
import org.tem.solver.qp.OjAlgoSolver;
import org.tem.solver.qp.OsqpSolver;
import org.tem.solver.qp.QpResult;
import org.tem.solver.qp.QpStatus;

class CentralSolverProperties {

    @Provide
    Arbitrary<Vpp> vpps() {
        return Vpps.vpps(8, 6);
    }

    @Provide
    Arbitrary<Vpp> smallVpps() {
        return Vpps.vpps(3, 4);
    }

    @Property(tries = 60)
    void centralSchedulesSatisfyEveryConstraintAndCostIsRecomputable(@ForAll("vpps") Vpp vpp) {
        Solution s = new CentralSolver().solve(vpp);
        assertEquals(SolveStatus.OPTIMAL, s.status(), s.message());
        List<String> violations = ModelCheck.violations(vpp, s, 1e-6);
        assertTrue(violations.isEmpty(), () -> String.join("\n", violations));
        assertEquals(ModelCheck.socialCost(vpp, s), s.totalCost(), 1e-6 * (1 + Math.abs(s.totalCost())));
    }

    @Property(tries = 40)
    void tradingNeverCostsMoreThanStandingAlone(@ForAll("vpps") Vpp vpp) {
        Solution s = new CentralSolver().solve(vpp);
        assertEquals(SolveStatus.OPTIMAL, s.status(), s.message());
        OsqpSolver qp = new OsqpSolver();
        double alone = 0;
        for (Prosumer p : vpp.prosumers()) {
            LocalProblem local = LocalProblem.standalone(p, vpp.market());
            QpResult r = qp.solve(local.problem());
            assertEquals(QpStatus.OPTIMAL, r.status());
            alone += local.schedule(r.x()).cost();
        }
        double standalone = alone;
        assertTrue(s.totalCost() <= standalone + 1e-6 * (1 + Math.abs(standalone)),
                () -> "with trading " + s.totalCost() + " > alone " + standalone);
    }

    @Property(tries = 40)
    void bilateralAllPairsAndPoolReachTheSameSocialCost(@ForAll("vpps") Vpp vpp) {
        Vpp bilateral = unlimited(vpp).withTopology(Topology.BILATERAL);
        Vpp pool = unlimited(vpp).withTopology(Topology.POOL);
        Solution a = new CentralSolver().solve(bilateral);
        Solution b = new CentralSolver().solve(pool);
        assertEquals(SolveStatus.OPTIMAL, a.status(), a.message());
        assertEquals(SolveStatus.OPTIMAL, b.status(), b.message());
        assertEquals(a.totalCost(), b.totalCost(), 1e-6 * (1 + Math.abs(a.totalCost())));
        assertTrue(ModelCheck.violations(pool, b, 1e-6).isEmpty(), () -> ModelCheck.violations(pool, b, 1e-6).toString());
    }

    @Property(tries = 25)
    void fastSolverAgreesWithOjAlgo(@ForAll("smallVpps") Vpp vpp) {
        Solution fast = new CentralSolver().solve(vpp);
        Solution reference = new CentralSolver(new OjAlgoSolver()).solve(vpp);
        assertEquals(SolveStatus.OPTIMAL, reference.status(), reference.message());
        assertEquals(SolveStatus.OPTIMAL, fast.status(), fast.message());
        assertEquals(reference.totalCost(), fast.totalCost(), 1e-7 * Math.max(1, Math.abs(reference.totalCost())));
    }

    /** All pairs may trade without limits: the case where bilateral and pool are equivalent. */
    private static Vpp unlimited(Vpp vpp) {
        Vpp.Builder b = Vpp.builder().horizon(vpp.horizon()).market(vpp.market());
        for (Prosumer p : vpp.prosumers()) {
            b.prosumer(p.toBuilder().allPeers().maxTradeKwh(Double.POSITIVE_INFINITY).build());
        }
        return b.build();
    }
}
