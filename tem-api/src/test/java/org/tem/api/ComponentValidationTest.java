package org.tem.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tem.api.Fixtures.filled;
import static org.tem.api.Fixtures.rejects;
import static org.tem.api.Fixtures.with;

import org.junit.jupiter.api.Test;

/** Validation and value semantics of the smaller model types: renewable, inflexible load, grid, market, horizon. */
class ComponentValidationTest {

    @Test
    void renewable_isCurtailableByDefault() {
        Renewable r = Renewable.builder().forecastKwh(filled(1)).build();
        assertTrue(r.curtailable());
        assertEquals("renewable", r.name());
        assertFalse(Renewable.builder().forecastKwh(filled(1)).curtailable(false).build().curtailable());
    }

    @Test
    void renewable_rejectsNegativeNaNAndInfiniteForecast() {
        rejects("renewable.forecast[12]", () -> Renewable.builder().forecastKwh(with(24, 1, 12, -0.3)), "-0.3");
        rejects("renewable.forecast[0]", () -> Renewable.builder().forecastKwh(with(24, 1, 0, Double.NaN)), "NaN");
        rejects("renewable.forecast[5]",
                () -> Renewable.builder().forecastKwh(with(24, 1, 5, Double.POSITIVE_INFINITY)), "Infinity");
    }

    @Test
    void renewable_rejectsMissingForecast() {
        rejects("renewable.forecast", () -> Renewable.builder().build(), "must be set");
    }

    @Test
    void renewable_rejectsForecastOfWrongLength() {
        Renewable r = Renewable.builder().forecastKwh(filled(23, 1)).build();
        rejects("renewable.forecast", () -> r.validate(Horizon.hourly(24)), "24", "23");
    }

    @Test
    void renewable_forecastIsCopiedInAndOut() {
        double[] in = filled(1);
        Renewable r = Renewable.builder().forecastKwh(in).build();
        in[3] = 7;
        r.forecastKwh()[4] = 8;
        assertArrayEquals(filled(1), r.forecastKwh());
    }

    @Test
    void inflexibleLoad_rejectsNegativeAndNaN() {
        rejects("inflexibleLoad[2]", () -> new InflexibleLoad(with(24, 0.3, 2, -1)), "-1.0");
        rejects("inflexibleLoad[20]", () -> new InflexibleLoad(with(24, 0.3, 20, Double.NaN)), "NaN");
        rejects("inflexibleLoad", () -> new InflexibleLoad(null), "null");
    }

    @Test
    void inflexibleLoad_rejectsWrongLength() {
        rejects("inflexibleLoad", () -> new InflexibleLoad(filled(48, 0.3)).validate(Horizon.hourly(24)), "24", "48");
    }

    @Test
    void inflexibleLoad_isCopiedInAndOut() {
        double[] in = filled(0.3);
        InflexibleLoad load = new InflexibleLoad(in);
        in[0] = 9;
        load.kwh()[1] = 9;
        assertEquals(0.3, load.kwh(0));
        assertEquals(0.3, load.kwh(1));
    }

    @Test
    void grid_defaultsToZeroRatesAndUnboundedImport() {
        GridConnection g = GridConnection.builder().build();
        assertEquals(0.0, g.energyRate(5));
        assertEquals(0.0, g.peakRate());
        assertEquals(Double.POSITIVE_INFINITY, g.maxImportKwh());
        assertTrue(g.isFlatRate());
    }

    @Test
    void grid_flatRateExpandsOverTheHorizon() {
        GridConnection g = GridConnection.builder().energyRate(0.25).build();
        assertArrayEquals(filled(12, 0.25), g.energyRates(Horizon.hourly(12)));
    }

    @Test
    void grid_timeOfUseRatesArePerSlotAndCopied() {
        double[] rates = with(24, 0.2, 18, 0.4);
        GridConnection g = GridConnection.builder().energyRate(rates).build();
        rates[18] = 0;
        g.energyRates(Horizon.hourly(24))[18] = 0;
        assertFalse(g.isFlatRate());
        assertEquals(0.4, g.energyRate(18));
        assertEquals(0.2, g.energyRate(17));
    }

    @Test
    void grid_flatRateAfterTimeOfUseReplacesIt() {
        GridConnection g = GridConnection.builder().energyRate(filled(0.3)).energyRate(0.1).build();
        assertTrue(g.isFlatRate());
        assertEquals(0.1, g.energyRate(3));
    }

    @Test
    void grid_acceptsNegativeEnergyRate() {
        assertEquals(-0.05, GridConnection.builder().energyRate(-0.05).build().energyRate(0));
    }

    @Test
    void grid_rejectsNaNRates() {
        rejects("tariff.energyRate", () -> GridConnection.builder().energyRate(Double.NaN), "NaN");
        rejects("tariff.energyRate[4]", () -> GridConnection.builder().energyRate(with(24, 0.2, 4, Double.NaN)), "NaN");
        rejects("tariff.peakRate", () -> GridConnection.builder().peakRate(Double.NaN), "NaN");
    }

    @Test
    void grid_rejectsNegativePeakRateAndMaxImport() {
        rejects("tariff.peakRate", () -> GridConnection.builder().peakRate(-0.5), "-0.5");
        rejects("tariff.maxImport", () -> GridConnection.builder().maxImportKwh(-1), "-1.0");
        rejects("tariff.maxImport", () -> GridConnection.builder().maxImportKwh(Double.NaN), "NaN");
    }

    @Test
    void grid_acceptsInfiniteMaxImportAsNoLimit() {
        assertEquals(Double.POSITIVE_INFINITY,
                GridConnection.builder().maxImportKwh(8).maxImportKwh(Double.POSITIVE_INFINITY).build().maxImportKwh());
    }

    @Test
    void grid_rejectsTimeOfUseOfWrongLength() {
        GridConnection g = GridConnection.builder().energyRate(filled(23, 0.2)).build();
        rejects("tariff.energyRate", () -> g.validate(Horizon.hourly(24)), "24", "23");
    }

    @Test
    void grid_toBuilderDerivesAVariantWithoutChangingTheOriginal() {
        GridConnection g = GridConnection.builder().energyRate(0.2).peakRate(0.5).maxImportKwh(8).build();
        GridConnection h = g.toBuilder().peakRate(0.9).build();
        assertEquals(0.5, g.peakRate());
        assertEquals(0.9, h.peakRate());
        assertEquals(0.2, h.energyRate(0));
        assertEquals(8.0, h.maxImportKwh());
    }

    @Test
    void market_defaultsToBilateralZeroPriceAndNoAncillary() {
        Market m = Market.builder().build();
        assertEquals(Topology.BILATERAL, m.topology());
        assertEquals(0.0, m.p2pPrice());
        assertFalse(m.hasAncillaryPrice());
        assertEquals(0.0, m.ancillaryPrice(13));
    }

    @Test
    void market_rejectsNaNPricesAndNegativeAncillary() {
        rejects("market.p2pPrice", () -> Market.builder().p2pPrice(Double.NaN), "NaN");
        rejects("market.ancillaryPrice[1]", () -> Market.builder().ancillaryPrice(with(24, 0.02, 1, Double.NaN)),
                "NaN");
        rejects("market.ancillaryPrice[2]", () -> Market.builder().ancillaryPrice(with(24, 0.02, 2, -0.01)), "-0.01");
    }

    @Test
    void market_ancillaryPriceIsCopiedIn() {
        double[] as = filled(0.02);
        Market m = Market.builder().ancillaryPrice(as).build();
        as[0] = 1;
        assertEquals(0.02, m.ancillaryPrice(0));
    }

    @Test
    void market_rejectsNullTopology() {
        assertThrows(NullPointerException.class, () -> Market.builder().topology(null));
    }

    @Test
    void topology_labelsRoundTrip() {
        for (Topology t : Topology.values()) {
            assertEquals(t, Topology.fromLabel(t.label()));
        }
        rejects("topology", () -> Topology.fromLabel("mesh"), "mesh");
    }

    @Test
    void horizon_rejectsNoSlotsAndNonPositiveSlotLength() {
        rejects("horizon.slots", () -> Horizon.hourly(0), "0");
        rejects("horizon.slotHours", () -> new Horizon(24, 0), "0.0");
        rejects("horizon.slotHours", () -> new Horizon(24, Double.NaN), "NaN");
    }

    @Test
    void horizon_hoursIsSlotsTimesLength() {
        assertEquals(12.0, new Horizon(48, 0.25).hours());
        assertEquals(Horizon.hourly(24), new Horizon(24, 1.0));
    }

    @Test
    void solveStatus_labelsRoundTrip() {
        for (SolveStatus s : SolveStatus.values()) {
            assertEquals(s, SolveStatus.fromLabel(s.label()));
        }
        assertEquals("max-iterations", SolveStatus.MAX_ITERATIONS.label());
        rejects("status", () -> SolveStatus.fromLabel("done"), "done");
    }
}
