package org.tem.solver.admm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.tem.api.Horizon;
import org.tem.api.Prosumer;
import org.tem.api.ProsumerSchedule;
import org.tem.api.Series;
import org.tem.api.Vpp;
import org.tem.solver.LocalProblem;

class LocalAgentTest {
    private static final Horizon H = Horizon.hourly(3);

    /** A buyer with 1 kWh of inflexible load per slot and a seller with 4 kWh of PV per slot. */
    private static Vpp pair() {
        Prosumer buyer = Prosumer.builder("buyer").horizon(H).grid(g -> g.energyRate(0.3).maxImportKwh(5))
                .inflexibleLoadKwh(new double[] {1, 1, 1}).build();
        Prosumer seller = Prosumer.builder("seller").horizon(H).grid(g -> g.energyRate(0.3))
                .renewable(r -> r.forecastKwh(new double[] {4, 4, 4})).inflexibleLoadKwh(new double[] {0.5, 0.5, 0.5})
                .build();
        return Vpp.builder().horizon(H).prosumer(buyer).prosumer(seller).build();
    }

    @Test
    void aHomeThatCanAbsorbItsTradesGetsTheScheduleWithExactlyThoseTradesAndItsTrueCost() {
        Vpp vpp = pair();
        LocalAgent buyer = LocalAgent.of(vpp, 0);
        double[][] trades = {{0.75, 1.0, 0.1}};
        SettledSchedule s = buyer.settle(trades);
        assertTrue(s.absorbed(), s.reason());
        ProsumerSchedule schedule = s.schedule().orElseThrow();
        assertArrayEquals(trades[0], schedule.trades().get("seller"), 0.0, "the settled trades, not an approximation");
        // the rest comes from the grid: 0.25, 0, 0.9 kWh at 0.3 plus the P2P payment for 1.85 kWh
        assertArrayEquals(new double[] {0.25, 0, 0.9}, schedule.series(Series.GRID), 1e-9);
        assertEquals(0.3 * 1.15 + vpp.market().p2pPrice() * 1.85, schedule.cost(), 1e-9);
        TradingAgent.Absorption a = buyer.absorb(trades);
        assertTrue(a.absorbed());
        assertEquals(schedule.cost(), a.cost(), 1e-12);
        assertEquals(schedule.cost(), buyer.settledSchedule().schedule().orElseThrow().cost(), 1e-12);
    }

    @Test
    void aHomeThatWouldHaveToTakeMoreEnergyThanItCanUseCannotAbsorbIt() {
        // the buyer has no battery, no flexible load and cannot export: 1.5 kWh in a slot where it uses 1
        LocalAgent buyer = LocalAgent.of(pair(), 0);
        SettledSchedule s = buyer.settle(new double[][] {{1.0, 1.5, 0.0}});
        assertFalse(s.absorbed());
        assertTrue(s.reason().startsWith("no feasible schedule"), s.reason());
        TradingAgent.Absorption a = buyer.absorb(new double[][] {{1.0, 1.5, 0.0}});
        assertFalse(a.absorbed());
        assertEquals(Double.POSITIVE_INFINITY, a.cost());
    }

    @Test
    void theBalanceMayBeOffByAtMostTheAbsorbTolerance() {
        LocalAgent buyer = LocalAgent.of(pair(), 0);
        double within = 1.0 + 0.9 * LocalProblem.ABSORB_TOLERANCE_KWH;
        double beyond = 1.0 + 3 * LocalProblem.ABSORB_TOLERANCE_KWH;
        assertTrue(buyer.settle(new double[][] {{1.0, within, 1.0}}).absorbed(), "0.9 of the tolerance");
        assertFalse(buyer.settle(new double[][] {{1.0, beyond, 1.0}}).absorbed(), "three times the tolerance");
    }

    @Test
    void settledTradesBeyondALinksLimitOrOfTheWrongShapeAreRefused() {
        LocalAgent buyer = LocalAgent.of(pair(), 0);
        double limit = pair().tradeLimitKwh(0, 1);
        assertThrows(IllegalArgumentException.class, () -> buyer.settle(new double[][] {{limit * 2, 0, 0}}));
        assertThrows(IllegalArgumentException.class, () -> buyer.settle(new double[][] {{Double.NaN, 0, 0}}));
        assertThrows(IllegalArgumentException.class, () -> buyer.settle(new double[][] {{0, 0}}));
        assertThrows(IllegalStateException.class, () -> LocalAgent.of(pair(), 1).settledSchedule());
    }
}
