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
import org.tem.solver.qp.QpProblem;
import org.tem.solver.qp.QpResult;
import org.tem.solver.qp.QpStatus;
import org.tem.solver.qp.QpTestProblems;

class CentralSolverProperties {

    @Provide
    Arbitrary<Vpp> vpps() {
        return Vpps.vpps(8, 6);
    }

    @Provide
    Arbitrary<Vpp> smallVpps() {
        return Vpps.vpps(3, 4);
    }

    @Property(tries = 60, seed = NumericSeeds.SEED)
    void centralSchedulesSatisfyEveryConstraintAndCostIsRecomputable(@ForAll("vpps") Vpp vpp) {
        Solution s = new CentralSolver().solve(vpp);
        assertEquals(SolveStatus.OPTIMAL, s.status(), s.message());
        List<String> violations = ModelCheck.violations(vpp, s, 1e-6);
        assertTrue(violations.isEmpty(), () -> String.join("\n", violations));
        assertEquals(ModelCheck.socialCost(vpp, s), s.totalCost(), 1e-6 * (1 + Math.abs(s.totalCost())));
    }

    @Property(tries = 40, seed = NumericSeeds.SEED)
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

    @Property(tries = 40, seed = NumericSeeds.SEED)
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

    /**
     * The fast solver is no worse than ojAlgo's point whenever that point is feasible, in at least
     * {@link QpTestProblems#MIN_COMPARED} % of the cases, and agrees on the objective to 1e-7 relative
     * when ojAlgo's own KKT point also checks out ({@link QpTestProblems#verified}); ojAlgo's active set
     * sometimes stops at a non-optimal point it calls optimal (seen with seed -2470310739641840857).
     */
    @Property(tries = 25, seed = NumericSeeds.SEED)
    void fastSolverAgreesWithOjAlgo(@ForAll("smallVpps") Vpp vpp) {
        QpProblem problem = new CentralProblem(vpp).problem();
        QpResult fast = new OsqpSolver().solve(problem);
        QpResult reference = new OjAlgoSolver().solve(problem);
        assertEquals(QpStatus.OPTIMAL, fast.status());
        assertTrue(problem.maxViolation(fast.x()) <= 1e-7, () -> "violation " + problem.maxViolation(fast.x()));
        // the fast solver's point is a KKT point on its own: optimal whatever ojAlgo says
        assertTrue(QpTestProblems.stationarity(problem, fast) <= 1e-6, "stationarity");
        assertTrue(QpTestProblems.complementarity(problem, fast) <= 1e-6, "complementarity");
        QpTestProblems.compareWithReference(problem, fast, reference, 1e-7 * Math.max(1, Math.abs(fast.objective())),
                "central");
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
