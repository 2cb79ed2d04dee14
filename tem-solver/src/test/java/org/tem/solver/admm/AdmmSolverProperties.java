package org.tem.solver.admm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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

    /**
     * Whatever trades a round settles, the result never hides a home that cannot absorb them: with
     * random reciprocal (bilateral) or zero-sum (pool) trades of up to a few kWh — some homes can take
     * them, some cannot — the status is {@link SolveStatus#UNABSORBED} exactly when some home's own
     * re-solve fails, the message names every such home and no schedule is reported; otherwise every
     * schedule carries exactly the settled trades and is feasible and reciprocal.
     */
    @Property(tries = 30, seed = NumericSeeds.SEED)
    void aHomeThatCannotAbsorbItsSettledTradesIsAlwaysReportedByName(@ForAll("vpps") Vpp vpp,
            @ForAll long seed, @ForAll @net.jqwik.api.constraints.DoubleRange(min = 0, max = 3) double scale) {
        AdmmLinks links = AdmmLinks.of(vpp);
        java.util.Random rng = new java.util.Random(seed);
        double[][] raw = new double[links.size()][links.slots()];
        for (int k = 0; k < links.size(); k++) {
            for (int t = 0; t < links.slots(); t++) {
                raw[k][t] = Math.max(-links.limit(k), Math.min(links.limit(k), scale * (2 * rng.nextDouble() - 1)));
            }
        }
        double[][] trades = links.pool() ? AdmmKernel.clearPool(raw) : AdmmKernel.clearBilateral(raw, links.reverse());
        List<SettledSchedule> settled = new java.util.ArrayList<>();
        List<String> cannot = new java.util.ArrayList<>();
        for (int u = 0; u < vpp.size(); u++) {
            SettledSchedule s = LocalAgent.of(vpp, u).settle(java.util.Arrays.copyOfRange(trades, links.start(u),
                    links.end(u)));
            settled.add(s);
            if (!s.absorbed()) {
                cannot.add(s.id());
            }
        }
        AdmmOutcome outcome = new AdmmOutcome(AdmmOutcome.Status.CONVERGED, 1, List.of(), trades, trades, "", "",
                List.of());
        Solution result = AdmmSolver.solution("admm", links, settled, outcome, 0.0);
        net.jqwik.api.statistics.Statistics.collect(cannot.isEmpty() ? "every home absorbs" : "some cannot");
        net.jqwik.api.statistics.Statistics.coverage(c -> {
            c.check("every home absorbs").count(n -> n > 0);
            c.check("some cannot").count(n -> n > 0);
        });
        if (cannot.isEmpty()) {
            assertEquals(SolveStatus.OPTIMAL, result.status(), result.message());
            List<String> v = VppsForAdmm.violations(vpp, result, 1e-6, 1e-9);
            assertTrue(v.isEmpty(), () -> String.join("\n", v));
            for (int u = 0; u < vpp.size(); u++) {
                assertArrayEquals(sum(trades, links.start(u), links.end(u)), result.schedules().get(u).netTrade(),
                        1e-12, "home " + u + " follows its settled trades");
            }
        } else {
            assertEquals(SolveStatus.UNABSORBED, result.status(), result.message());
            assertTrue(result.schedules().isEmpty());
            for (String id : cannot) {
                assertTrue(result.message().contains(id + " ("), id + " not named in: " + result.message());
            }
        }
    }

    /** Per slot, the sum of the rows {@code from..to-1} (a home's net trade), summed in link order. */
    private static double[] sum(double[][] trades, int from, int to) {
        double[] out = new double[trades[0].length];
        for (int k = from; k < to; k++) {
            for (int t = 0; t < out.length; t++) {
                out[t] += trades[k][t];
            }
        }
        return out;
    }
}
