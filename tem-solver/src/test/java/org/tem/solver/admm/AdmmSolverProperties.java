package org.tem.solver.admm;

import org.tem.solver.NumericSeeds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.tem.api.Solution;
import org.tem.api.SolveStatus;
import org.tem.api.Topology;
import org.tem.api.Vpp;
import org.tem.solver.CentralSolver;
import org.tem.solver.VppsForAdmm;

class AdmmSolverProperties {

    @Provide
    Arbitrary<Vpp> vpps() {
        return Combinators.combine(Arbitraries.integers().between(2, 8), Arbitraries.integers().between(2, 6),
                Arbitraries.longs(), Arbitraries.of(Topology.values()), Arbitraries.of(true, false),
                Arbitraries.of(true, false)).as(VppsForAdmm::vpp);
    }

    @Property(tries = 30, seed = NumericSeeds.SEED)
    void admmReachesTheCentralOptimumWithFeasibleSchedules(@ForAll("vpps") Vpp vpp) {
        Solution central = new CentralSolver().solve(vpp);
        Solution admm = new AdmmSolver(AdmmOptions.DEFAULT, 1, AdmmListener.NONE).solve(vpp);
        assertEquals(SolveStatus.OPTIMAL, central.status(), central.message());
        assertEquals(SolveStatus.OPTIMAL, admm.status(), admm.message());
        double scale = Math.max(1.0, Math.abs(central.totalCost()));
        assertEquals(central.totalCost(), admm.totalCost(), 1e-4 * scale);
        // Each schedule is the home's own problem re-solved with its trades fixed to the settled p':
        // feasible, and reciprocal by construction.
        List<String> v = VppsForAdmm.violations(vpp, admm, 1e-6, 1e-9);
        assertTrue(v.isEmpty(), () -> String.join("\n", v));
    }
}
