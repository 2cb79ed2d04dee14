package org.tem.solver.admm;

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
import org.tem.solver.NumericSeeds;
import org.tem.solver.VppsForAdmm;

class AdmmSolverProperties {

    /**
     * Random VPPs of 2-8 prosumers over 2-6 slots, both topologies, with batteries, flexible loads
     * and PV drawn at random, with or without import and {@code maxTrade} limits, all pairs or a ring
     * of peers.
     */
    @Provide
    Arbitrary<Vpp> vpps() {
        return Combinators.combine(Arbitraries.integers().between(2, 8), Arbitraries.integers().between(2, 6),
                Arbitraries.longs(), Arbitraries.of(Topology.values()), Arbitraries.of(true, false),
                Arbitraries.of(true, false)).as(VppsForAdmm::vpp);
    }

    /**
     * The result of a default ADMM run is the honest one: every schedule is its home's own problem
     * re-solved with its trades fixed to the settled ones — feasible to 1e-6 kWh, trades reciprocal
     * to 1e-9 (exactly, bilateral), every cost recomputed from the schedule — so its total, a cost
     * the VPP can actually achieve, is never below the central optimum, and it is within 1e-4 of it.
     */
    @Property(tries = 30, seed = NumericSeeds.SEED)
    void theSettledScheduleIsFeasibleReciprocalAndWithinTheToleranceOfTheOptimum(@ForAll("vpps") Vpp vpp) {
        Solution central = new CentralSolver().solve(vpp);
        Solution admm = new AdmmSolver(AdmmOptions.DEFAULT, 1, AdmmListener.NONE).solve(vpp);
        assertEquals(SolveStatus.OPTIMAL, central.status(), central.message());
        assertEquals(SolveStatus.OPTIMAL, admm.status(), admm.message());
        List<String> v = VppsForAdmm.violations(vpp, admm, 1e-6, 1e-9);
        assertTrue(v.isEmpty(), () -> String.join("\n", v));
        double scale = Math.max(1.0, Math.abs(central.totalCost()));
        assertTrue(admm.totalCost() >= central.totalCost() - 1e-6 * scale,
                () -> "a feasible reciprocal schedule cannot beat the optimum: " + admm.totalCost() + " < "
                        + central.totalCost());
        assertEquals(central.totalCost(), admm.totalCost(), 1e-4 * scale);
    }
}
