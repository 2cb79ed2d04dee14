package org.tem.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tem.api.Fixtures.filled;
import static org.tem.api.Fixtures.home;
import static org.tem.api.Fixtures.rejects;
import static org.tem.api.Fixtures.with;

import org.junit.jupiter.api.Test;

class FlexibleLoadTest {
    private static final double[] WASHER = with(24, 0.0, 10, 0.7);

    @Test
    void build_defaultsToUnboundedAboveZeroWithComfortWeightOne() {
        FlexibleLoad f = FlexibleLoad.builder().preferredKwh(WASHER).build();
        assertEquals(1.0, f.comfortWeight());
        assertEquals("flexibleLoad", f.name());
        assertTrue(f.hasFlatBounds());
        for (int t = 0; t < 24; t++) {
            assertEquals(0.0, f.minKwh(t));
            assertEquals(Double.POSITIVE_INFINITY, f.maxKwh(t));
        }
    }

    @Test
    void bounds_flatAppliesToEverySlot() {
        FlexibleLoad f = FlexibleLoad.builder().preferredKwh(WASHER).bounds(0.1, 2).comfortWeight(0.5).build();
        assertEquals(0.1, f.minKwh(7));
        assertEquals(2.0, f.maxKwh(23));
        assertEquals(0.5, f.comfortWeight());
    }

    @Test
    void bounds_perSlotAreKeptPerSlot() {
        FlexibleLoad f = FlexibleLoad.builder().preferredKwh(WASHER)
                .bounds(with(24, 0, 3, 0.2), with(24, 2, 5, 1.0)).build();
        assertFalse(f.hasFlatBounds());
        assertEquals(0.2, f.minKwh(3));
        assertEquals(0.0, f.minKwh(4));
        assertEquals(1.0, f.maxKwh(5));
        assertEquals(2.0, f.maxKwh(6));
    }

    @Test
    void maxKwh_perSlotKeepsFlatLowerBound() {
        FlexibleLoad f = FlexibleLoad.builder().preferredKwh(WASHER).bounds(0.1, 3).maxKwh(filled(2)).build();
        assertEquals(0.1, f.minKwh(0));
        assertEquals(2.0, f.maxKwh(0));
    }

    @Test
    void bounds_rejectsFlatMinAboveMax() {
        rejects("flexibleLoad.min", () -> FlexibleLoad.builder().bounds(3, 2), "2.0", "3.0");
    }

    @Test
    void build_rejectsPerSlotMinAboveMaxNamingTheSlot() {
        FlexibleLoad f = FlexibleLoad.builder().preferredKwh(WASHER)
                .bounds(with(24, 0, 7, 1.5), filled(1.0)).build();
        rejects("flexibleLoad.min[7]", () -> f.validate(Horizon.hourly(24)), "1.0", "1.5");
        rejects("flexibleLoad.min[7]", () -> home("a").component(f).build(), "1.5");
    }

    @Test
    void build_rejectsPerSlotMinAboveFlatMax() {
        FlexibleLoad f = FlexibleLoad.builder().preferredKwh(WASHER).bounds(0, 1).minKwh(with(24, 0, 2, 1.2)).build();
        rejects("flexibleLoad.min[2]", () -> f.validate(Horizon.hourly(24)), "1.2");
    }

    @Test
    void bounds_rejectsNegativeAndNaN() {
        rejects("flexibleLoad.min", () -> FlexibleLoad.builder().bounds(-1, 2), "-1.0");
        rejects("flexibleLoad.max", () -> FlexibleLoad.builder().bounds(0, -2), "-2.0");
        rejects("flexibleLoad.min", () -> FlexibleLoad.builder().bounds(Double.NaN, 2), "NaN");
        rejects("flexibleLoad.max", () -> FlexibleLoad.builder().bounds(0, Double.NaN), "NaN");
        rejects("flexibleLoad.min[4]", () -> FlexibleLoad.builder().minKwh(with(24, 0, 4, -0.5)), "-0.5");
        rejects("flexibleLoad.max[6]", () -> FlexibleLoad.builder().maxKwh(with(24, 1, 6, Double.NaN)), "NaN");
    }

    @Test
    void preferred_rejectsNegativeAndNaNNamingTheSlot() {
        rejects("flexibleLoad.preferred[3]", () -> FlexibleLoad.builder().preferredKwh(with(24, 0, 3, -0.1)), "-0.1");
        rejects("flexibleLoad.preferred[9]", () -> FlexibleLoad.builder().preferredKwh(with(24, 0, 9, Double.NaN)),
                "NaN");
        rejects("flexibleLoad.preferred", () -> FlexibleLoad.builder().preferredKwh(null), "null");
    }

    @Test
    void comfortWeight_rejectsNegativeAndNaN() {
        rejects("flexibleLoad.comfortWeight", () -> FlexibleLoad.builder().comfortWeight(-1), "-1.0");
        rejects("flexibleLoad.comfortWeight", () -> FlexibleLoad.builder().comfortWeight(Double.NaN), "NaN");
    }

    @Test
    void build_rejectsMissingPreferred() {
        rejects("flexibleLoad.preferred", () -> FlexibleLoad.builder().bounds(0, 2).build(), "must be set");
    }

    @Test
    void validate_rejectsPreferredOfWrongLength() {
        FlexibleLoad f = FlexibleLoad.builder().preferredKwh(filled(23, 0)).build();
        rejects("flexibleLoad.preferred", () -> f.validate(Horizon.hourly(24)), "24", "23");
    }

    @Test
    void validate_rejectsPerSlotBoundsOfWrongLength() {
        FlexibleLoad min = FlexibleLoad.builder().preferredKwh(WASHER).minKwh(filled(25, 0)).build();
        rejects("flexibleLoad.min", () -> min.validate(Horizon.hourly(24)), "24", "25");
        FlexibleLoad max = FlexibleLoad.builder().preferredKwh(WASHER).maxKwh(filled(12, 1)).build();
        rejects("flexibleLoad.max", () -> max.validate(Horizon.hourly(24)), "24", "12");
    }

    @Test
    void validate_namesTheApplianceWhenNamed() {
        FlexibleLoad f = FlexibleLoad.builder().name("washer").preferredKwh(filled(10, 0)).build();
        rejects("washer.preferred", () -> f.validate(Horizon.hourly(24)), "10");
    }

    @Test
    void name_rejectsBlank() {
        rejects("flexibleLoad.name", () -> FlexibleLoad.builder().name(" "));
    }

    @Test
    void preferredKwh_isCopiedInAndOut() {
        double[] input = WASHER.clone();
        FlexibleLoad f = FlexibleLoad.builder().preferredKwh(input).build();
        input[10] = 99;
        assertEquals(0.7, f.preferredKwh()[10]);
        f.preferredKwh()[10] = 42;
        assertArrayEquals(WASHER, f.preferredKwh());
    }

    @Test
    void perSlotBounds_areCopiedIn() {
        double[] min = filled(0.1);
        double[] max = filled(2);
        FlexibleLoad f = FlexibleLoad.builder().preferredKwh(WASHER).bounds(min, max).build();
        min[0] = 5;
        max[0] = 0;
        assertEquals(0.1, f.minKwh(0));
        assertEquals(2.0, f.maxKwh(0));
    }
}
