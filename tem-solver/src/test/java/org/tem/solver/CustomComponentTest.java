package org.tem.solver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.tem.api.DerComponent;
import org.tem.api.Horizon;
import org.tem.api.ModelBuilder;
import org.tem.api.Prosumer;
import org.tem.api.ProsumerSchedule;
import org.tem.api.Solution;
import org.tem.api.SolveStatus;
import org.tem.api.Variables;
import org.tem.api.Vpp;

/** A DER kind the library does not know, added in test code with no change to any solver. */
class CustomComponentTest {

    /** An EV that is plugged in from {@code arrive} (inclusive) to {@code depart} (exclusive) and needs energy. */
    record ElectricVehicle(int arrive, int depart, double needKwh, double maxChargeKwh) implements DerComponent {
        @Override
        public String kind() {
            return "ev";
        }

        @Override
        public void validate(Horizon horizon) {
            if (arrive < 0 || depart > horizon.slots() || arrive >= depart) {
                throw new IllegalArgumentException("ev.window: must lie in the horizon, was [" + arrive + ", " + depart + ")");
            }
        }

        @Override
        public void contribute(ModelBuilder model) {
            int slots = model.horizon().slots();
            double[] lo = new double[slots];
            double[] hi = new double[slots];
            for (int t = arrive; t < depart; t++) {
                hi[t] = maxChargeKwh;
            }
            Variables charge = model.variables("ev.charge", lo, hi);
            ModelBuilder.Constraint need = model.constraint("ev.need", needKwh, Double.POSITIVE_INFINITY);
            for (int t = 0; t < slots; t++) {
                model.balance(t, charge, t, -1.0);
                need.term(charge, t, 1.0);
                model.linearCost("evWear", charge, t, 0.001);
            }
            model.report("evCharge", charge);
        }
    }

    @Test
    void evChargesInTheCheapestSlotsOfItsWindow() {
        Horizon h = Horizon.hourly(6);
        Prosumer p = Prosumer.builder("ev-home").horizon(h)
                .grid(g -> g.energyRate(new double[] {0.10, 0.30, 0.05, 0.40, 0.08, 0.02}))
                .component(new ElectricVehicle(1, 5, 6, 3))
                .build();
        Solution s = new CentralSolver().solve(Vpp.builder().prosumer(p).build());

        assertEquals(SolveStatus.OPTIMAL, s.status());
        ProsumerSchedule home = s.schedule("ev-home");
        // Window slots 1..4, rates 0.30 0.05 0.40 0.08: fill slot 2 (3 kWh) and slot 4 (3 kWh).
        assertArrayEquals(new double[] {0, 0, 3, 0, 3, 0}, home.series("evCharge"), 1e-6);
        assertEquals(3 * 0.05 + 3 * 0.08 + 6 * 0.001, home.cost(), 1e-7);
        assertEquals(0.006, home.costBreakdown().get("evWear"), 1e-7);
    }

    @Test
    void evOutsideTheHorizonIsRejectedWhenTheProsumerIsBuilt() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Prosumer.builder("x").horizon(Horizon.hourly(4)).grid(g -> g.energyRate(0.1))
                        .component(new ElectricVehicle(2, 9, 1, 1)).build());
        assertTrue(e.getMessage().startsWith("ev.window"), e.getMessage());
    }
}
