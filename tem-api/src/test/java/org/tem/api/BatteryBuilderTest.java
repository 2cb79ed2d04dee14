package org.tem.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.tem.api.Fixtures.rejects;
import static org.tem.api.Fixtures.validBattery;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BatteryBuilderTest {

    @Test
    void build_keepsEveryValueSet() {
        Battery b = Battery.builder().capacityKwh(13.5).minSocKwh(1).initialSocKwh(6).terminalSocKwh(7)
                .maxChargeKwh(5).maxDischargeKwh(4).efficiency(0.95).wearCost(0.03).build();
        assertEquals(13.5, b.capacityKwh());
        assertEquals(1.0, b.minSocKwh());
        assertEquals(6.0, b.initialSocKwh());
        assertEquals(7.0, b.terminalSocKwh());
        assertEquals(5.0, b.maxChargeKwh());
        assertEquals(4.0, b.maxDischargeKwh());
        assertEquals(0.95, b.efficiency());
        assertEquals(0.03, b.wearCost());
        assertEquals("battery", b.kind());
    }

    @Test
    void build_defaultsMinToZeroEfficiencyToOneAndTerminalToInitial() {
        Battery b = validBattery().initialSocKwh(4.2).build();
        assertEquals(0.0, b.minSocKwh());
        assertEquals(1.0, b.efficiency());
        assertEquals(4.2, b.terminalSocKwh());
    }

    @Test
    void socKwh_setsMinAndInitial() {
        Battery b = validBattery().socKwh(1.0, 6.0).build();
        assertEquals(1.0, b.minSocKwh());
        assertEquals(6.0, b.initialSocKwh());
    }

    @Test
    void build_acceptsInitialAtEitherBound() {
        assertEquals(2.0, validBattery().minSocKwh(2).initialSocKwh(2).build().initialSocKwh());
        assertEquals(10.0, validBattery().initialSocKwh(10).build().initialSocKwh());
    }

    @Test
    void build_acceptsTerminalBelowMin() {
        // b[T] >= max(min, terminal): a terminal below min is harmless, not an error
        assertEquals(0.5, validBattery().minSocKwh(1).initialSocKwh(2).terminalSocKwh(0.5).build().terminalSocKwh());
    }

    @Test
    void efficiency_acceptsOne() {
        assertEquals(1.0, validBattery().efficiency(1.0).build().efficiency());
    }

    @Test
    void capacity_rejectsNegative() {
        rejects("battery.capacity", () -> Battery.builder().capacityKwh(-1), "-1.0");
    }

    @Test
    void capacity_rejectsZero() {
        rejects("battery.capacity", () -> Battery.builder().capacityKwh(0), "0.0");
    }

    @Test
    void capacity_rejectsNaNAndInfinity() {
        rejects("battery.capacity", () -> Battery.builder().capacityKwh(Double.NaN), "NaN");
        rejects("battery.capacity", () -> Battery.builder().capacityKwh(Double.POSITIVE_INFINITY), "Infinity");
    }

    @Test
    void build_rejectsEfficiencyAboveOne() {
        rejects("battery.efficiency", () -> Battery.builder().efficiency(1.2), "(0, 1]", "1.2");
    }

    @Test
    void build_rejectsEfficiencyZero() {
        rejects("battery.efficiency", () -> Battery.builder().efficiency(0), "(0, 1]", "0.0");
    }

    @ParameterizedTest
    @ValueSource(doubles = {-0.5, Double.NaN, Double.POSITIVE_INFINITY})
    void efficiency_rejectsNegativeNaNAndInfinity(double eta) {
        rejects("battery.efficiency", () -> Battery.builder().efficiency(eta), String.valueOf(eta));
    }

    @Test
    void setters_rejectNegativeValuesNamingTheField() {
        rejects("battery.min", () -> Battery.builder().minSocKwh(-0.1), "-0.1");
        rejects("battery.initial", () -> Battery.builder().initialSocKwh(-2), "-2.0");
        rejects("battery.terminal", () -> Battery.builder().terminalSocKwh(-3), "-3.0");
        rejects("battery.maxCharge", () -> Battery.builder().maxChargeKwh(-4), "-4.0");
        rejects("battery.maxDischarge", () -> Battery.builder().maxDischargeKwh(-5), "-5.0");
        rejects("battery.wearCost", () -> Battery.builder().wearCost(-0.01), "-0.01");
    }

    @Test
    void setters_rejectNaNNamingTheField() {
        double nan = Double.NaN;
        rejects("battery.min", () -> Battery.builder().minSocKwh(nan), "NaN");
        rejects("battery.initial", () -> Battery.builder().initialSocKwh(nan), "NaN");
        rejects("battery.terminal", () -> Battery.builder().terminalSocKwh(nan), "NaN");
        rejects("battery.maxCharge", () -> Battery.builder().maxChargeKwh(nan), "NaN");
        rejects("battery.maxDischarge", () -> Battery.builder().maxDischargeKwh(nan), "NaN");
        rejects("battery.wearCost", () -> Battery.builder().wearCost(nan), "NaN");
    }

    @Test
    void build_rejectsInitialBelowMin() {
        rejects("battery.initial", () -> validBattery().minSocKwh(2).initialSocKwh(1).build(), "[2.0, 10.0]", "1.0");
    }

    @Test
    void build_rejectsInitialAboveCapacity() {
        rejects("battery.initial", () -> validBattery().initialSocKwh(10.5).build(), "[0.0, 10.0]", "10.5");
    }

    @Test
    void build_rejectsMinAboveCapacity() {
        rejects("battery.min", () -> validBattery().minSocKwh(11).initialSocKwh(11).build(), "10.0", "11.0");
    }

    @Test
    void build_rejectsTerminalAboveCapacity() {
        rejects("battery.terminal", () -> validBattery().terminalSocKwh(12).build(), "10.0", "12.0");
    }

    @Test
    void build_rejectsMissingCapacity() {
        rejects("battery.capacity", () -> Battery.builder().initialSocKwh(1).maxChargeKwh(1).maxDischargeKwh(1)
                .wearCost(0).build(), "must be set");
    }

    @Test
    void build_rejectsMissingInitial() {
        rejects("battery.initial", () -> Battery.builder().capacityKwh(5).maxChargeKwh(1).maxDischargeKwh(1)
                .wearCost(0).build(), "must be set");
    }

    @Test
    void build_rejectsMissingMaxCharge() {
        rejects("battery.maxCharge", () -> Battery.builder().capacityKwh(5).initialSocKwh(1).maxDischargeKwh(1)
                .wearCost(0).build(), "must be set");
    }

    @Test
    void build_rejectsMissingMaxDischarge() {
        rejects("battery.maxDischarge", () -> Battery.builder().capacityKwh(5).initialSocKwh(1).maxChargeKwh(1)
                .wearCost(0).build(), "must be set");
    }

    @Test
    void build_rejectsMissingWearCost() {
        rejects("battery.wearCost", () -> Battery.builder().capacityKwh(5).initialSocKwh(1).maxChargeKwh(1)
                .maxDischargeKwh(1).build(), "must be set");
    }
}
