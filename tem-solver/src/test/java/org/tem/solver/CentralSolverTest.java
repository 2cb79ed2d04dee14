package org.tem.solver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tem.api.CostCategory;
import org.tem.api.Horizon;
import org.tem.api.Market;
import org.tem.api.Prosumer;
import org.tem.api.ProsumerSchedule;
import org.tem.api.Series;
import org.tem.api.Solution;
import org.tem.api.SolveStatus;
import org.tem.api.Topology;
import org.tem.api.Vpp;

/** Known answers worked out by hand. */
class CentralSolverTest {
    private static final double TOL = 1e-7;

    @Test
    void surplusPvIsSoldToTheNeighbourBelowTheGridRate() {
        // One slot. A has 3 kWh of PV and no load; B needs 2 kWh. Grid 0.30, P2P 0.10.
        // B buys 2 kWh from A (0.20), A curtails the rest and earns 0.20; nobody imports.
        Horizon h = Horizon.hourly(1);
        Prosumer a = Prosumer.builder("A").horizon(h).grid(g -> g.energyRate(0.30))
                .renewable(r -> r.forecastKwh(new double[] {3})).build();
        Prosumer b = Prosumer.builder("B").horizon(h).grid(g -> g.energyRate(0.30))
                .inflexibleLoadKwh(new double[] {2}).build();
        Vpp vpp = Vpp.builder().market(m -> m.p2pPrice(0.10)).prosumer(a).prosumer(b).build();

        Solution s = new CentralSolver().solve(vpp);

        assertEquals(SolveStatus.OPTIMAL, s.status());
        assertEquals(2.0, s.schedule("B").trades().get("A")[0], TOL);
        assertEquals(-2.0, s.schedule("A").trades().get("B")[0], TOL);
        assertEquals(2.0, s.schedule("A").series(Series.RENEWABLE)[0], TOL);
        assertEquals(0.0, s.schedule("B").series(Series.GRID)[0], TOL);
        assertEquals(-0.20, s.schedule("A").cost(), TOL);
        assertEquals(0.20, s.schedule("B").cost(), TOL);
        assertEquals(0.20, s.schedule("B").costBreakdown().get(CostCategory.P2P), TOL);
        assertEquals(0.0, s.totalCost(), TOL);
    }

    @Test
    void batteryBuysCheapAndCoversTheExpensiveSlot() {
        // Time of use 0.10 then 0.50; 1 kWh of load in slot 2; empty battery that must end empty,
        // η = 0.9, wear 0.01. Discharging d = 1 needs c = 1/0.81 charged:
        // cost = 0.10·c + 0.01·(c + d).
        Horizon h = Horizon.hourly(2);
        Prosumer p = Prosumer.builder("home").horizon(h)
                .grid(g -> g.energyRate(new double[] {0.10, 0.50}))
                .inflexibleLoadKwh(new double[] {0, 1})
                .battery(b -> b.capacityKwh(10).initialSocKwh(0).maxChargeKwh(5).maxDischargeKwh(5).efficiency(0.9)
                        .wearCost(0.01))
                .build();
        Solution s = new CentralSolver().solve(Vpp.builder().prosumer(p).build());

        double c = 1 / 0.81;
        ProsumerSchedule home = s.schedule("home");
        assertEquals(SolveStatus.OPTIMAL, s.status());
        assertArrayEquals(new double[] {c, 0}, home.series(Series.CHARGE), TOL);
        assertArrayEquals(new double[] {0, 1}, home.series(Series.DISCHARGE), TOL);
        assertArrayEquals(new double[] {0.9 * c, 0}, home.series(Series.SOC), TOL);
        assertEquals(0.10 * c + 0.01 * (c + 1), home.cost(), TOL);
        assertEquals(0.10 * c, home.costBreakdown().get(CostCategory.GRID), TOL);
    }

    @Test
    void peakRateFlattensImportsByShiftingFlexibleLoad() {
        // Inflexible 1 kWh per slot; a 2 kWh appliance preferred in slot 2; flat 0.2, peak 1.0, w = 0.5.
        // Moving x to slot 1: cost = 0.8 + (3 − x) + 2·w·x², minimal at x = 1/(4w) = 0.5: 3.55.
        Horizon h = Horizon.hourly(2);
        Prosumer p = Prosumer.builder("home").horizon(h)
                .grid(g -> g.energyRate(0.2).peakRate(1.0))
                .inflexibleLoadKwh(new double[] {1, 1})
                .flexibleLoad(f -> f.preferredKwh(new double[] {0, 2}).bounds(0, 2).comfortWeight(0.5))
                .build();
        Solution s = new CentralSolver().solve(Vpp.builder().prosumer(p).build());

        ProsumerSchedule home = s.schedule("home");
        assertEquals(SolveStatus.OPTIMAL, s.status());
        assertArrayEquals(new double[] {0.5, 1.5}, home.series(Series.FLEXIBLE_LOAD), 1e-6);
        assertArrayEquals(new double[] {1.5, 2.5}, home.series(Series.GRID), 1e-6);
        assertEquals(2.5, home.peakKwh(), 1e-6);
        assertEquals(3.55, home.cost(), 1e-7);
        assertEquals(0.25, home.costBreakdown().get(CostCategory.DISCOMFORT), 1e-6);
        assertEquals(2.5, home.costBreakdown().get(CostCategory.PEAK), 1e-6);
    }

    @Test
    void reserveEarnsTheAncillaryPriceOnStoredEnergyAboveTheMinimum() {
        // A full-ish battery that may not be used profitably: it holds everything above min in reserve.
        Horizon h = Horizon.hourly(2);
        Prosumer p = Prosumer.builder("home").horizon(h)
                .grid(g -> g.energyRate(0.2))
                .battery(b -> b.capacityKwh(10).minSocKwh(1).initialSocKwh(5).maxChargeKwh(2).maxDischargeKwh(2)
                        .efficiency(1).wearCost(0.5))
                .build();
        Vpp vpp = Vpp.builder().market(m -> m.ancillaryPrice(new double[] {0.01, 0.02})).prosumer(p).build();
        Solution s = new CentralSolver().solve(vpp);
        // Charging 2 kWh at 0.2 + 0.5 wear to earn 0.02/kWh for one slot never pays: reserve = 4 in both.
        assertArrayEquals(new double[] {4, 4}, s.schedule("home").series(Series.RESERVE), 1e-6);
        assertEquals(-(0.01 + 0.02) * 4, s.totalCost(), TOL);
    }

    @Test
    void loadAboveEveryPossibleSupplyIsInfeasibleAndNamesTheProsumer() {
        Horizon h = Horizon.hourly(3);
        Prosumer fine = Prosumer.builder("fine").horizon(h).grid(g -> g.energyRate(0.2))
                .inflexibleLoadKwh(new double[] {1, 1, 1}).build();
        Prosumer starved = Prosumer.builder("starved").horizon(h).grid(g -> g.energyRate(0.2).maxImportKwh(2))
                .inflexibleLoadKwh(new double[] {1, 5, 1}).maxTradeKwh(1).build();
        Solution s = new CentralSolver().solve(Vpp.builder().prosumer(fine).prosumer(starved).build());

        assertEquals(SolveStatus.INFEASIBLE, s.status());
        assertTrue(s.message().contains("starved"), s.message());
        assertTrue(!s.message().contains("fine,") && !s.message().contains(" fine "), s.message());
        assertTrue(s.schedules().isEmpty());
    }

    @Test
    void bilateralTradesAreReciprocalEvenThoughTheyAreNotUnique() {
        Vpp vpp = Vpps.vpp(5, 6, 42, Topology.BILATERAL, false, false);
        Solution s = new CentralSolver().solve(vpp);
        assertEquals(SolveStatus.OPTIMAL, s.status());
        List<String> violations = ModelCheck.violations(vpp, s, 1e-6);
        assertTrue(violations.isEmpty(), () -> String.join("\n", violations));
    }

    @Test
    void poolTradesAreAllocatedPairwiseAndSumToEachNetTrade() {
        Vpp vpp = Vpps.vpp(6, 6, 7, Topology.POOL, false, false);
        Solution s = new CentralSolver().solve(vpp);
        assertEquals(SolveStatus.OPTIMAL, s.status());
        for (ProsumerSchedule p : s.schedules()) {
            double[] sum = new double[6];
            p.trades().forEach((peer, q) -> {
                for (int t = 0; t < 6; t++) {
                    sum[t] += q[t];
                    assertEquals(-q[t], s.schedule(peer).trades().get(p.id())[t], 1e-9);
                }
            });
            assertArrayEquals(p.netTrade(), sum, 1e-6);
        }
        assertEquals(Market.builder().topology(Topology.POOL).build().topology(), vpp.market().topology());
    }

    @Test
    void fallbackIsNamedInTheMessageWhenTheInteriorPointDoesNotFinish() {
        Vpp vpp = Vpps.vpp(4, 6, 11, Topology.POOL, false, false);
        Solution s = new CentralSolver(new org.tem.solver.qp.IpmSolver(1), new org.tem.solver.qp.OsqpSolver())
                .solve(vpp);
        assertEquals(SolveStatus.OPTIMAL, s.status());
        assertEquals("solved by the osqp fallback: the interior point (ipm) ended max-iterations after 1 iterations",
                s.message());
        assertTrue(ModelCheck.violations(vpp, s, 1e-6).isEmpty());
        Solution direct = new CentralSolver().solve(vpp);
        assertEquals("", direct.message(), "no fallback needed by the default interior point");
        assertEquals(direct.totalCost(), s.totalCost(), 1e-6 * (1 + Math.abs(direct.totalCost())));
    }
}
