package org.tem.examples.scenario;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tem.examples.scenario.ScenarioJson.at;
import static org.tem.examples.scenario.ScenarioJson.read;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tem.api.Battery;
import org.tem.api.DerComponent;
import org.tem.api.FlexibleLoad;
import org.tem.api.Horizon;
import org.tem.api.ModelBuilder;
import org.tem.api.Prosumer;
import org.tem.api.Topology;
import org.tem.api.Vpp;
import org.tem.examples.synthetic.SyntheticScenario;

class ScenarioWriterTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    static String write(Vpp vpp) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ScenarioWriter.write(vpp, out);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Write, read back, write again: the two texts must be identical. */
    static void assertRoundTrips(Vpp vpp) {
        String first = write(vpp);
        Vpp back = ScenarioReader.parse(first);
        String second = write(back);
        assertEquals(first, second);
    }

    static Stream<Arguments> synthetic() {
        return Stream.of(
                Arguments.of(1, 1L, Topology.BILATERAL, false),
                Arguments.of(3, 5L, Topology.BILATERAL, true),
                Arguments.of(7, 42L, Topology.POOL, false),
                Arguments.of(12, -3L, Topology.POOL, true),
                Arguments.of(25, 1L << 40, Topology.BILATERAL, false));
    }

    @ParameterizedTest(name = "{0} homes, seed {1}, {2}, time of use {3}")
    @MethodSource("synthetic")
    void syntheticScenario_writeReadWriteIsIdentical(int homes, long seed, Topology topology, boolean timeOfUse) {
        Vpp vpp = SyntheticScenario.of(homes, seed).topology(topology).timeOfUse(timeOfUse).build();
        assertRoundTrips(vpp);
    }

    @Test
    void syntheticScenario_otherDaysRoundTripToo() {
        for (int day = 1; day <= 3; day++) {
            assertRoundTrips(SyntheticScenario.of(4, 9).day(day).build());
        }
    }

    @Test
    void roundTrip_keepsTheModel() {
        Vpp vpp = SyntheticScenario.of(6, 11).timeOfUse(true).build();
        Vpp back = ScenarioReader.parse(write(vpp));
        assertEquals(vpp.horizon(), back.horizon());
        assertEquals(vpp.market().p2pPrice(), back.market().p2pPrice());
        assertEquals(vpp.market().topology(), back.market().topology());
        for (int t = 0; t < 24; t++) {
            assertEquals(vpp.market().ancillaryPrice(t), back.market().ancillaryPrice(t));
        }
        for (int u = 0; u < vpp.size(); u++) {
            Prosumer p = vpp.prosumers().get(u);
            Prosumer q = back.prosumers().get(u);
            assertEquals(p.id(), q.id());
            assertArrayEquals(p.inflexibleLoadKwh(), q.inflexibleLoadKwh());
            assertArrayEquals(p.grid().energyRates(vpp.horizon()), q.grid().energyRates(back.horizon()));
            assertEquals(p.grid().peakRate(), q.grid().peakRate());
            assertEquals(p.grid().maxImportKwh(), q.grid().maxImportKwh());
            assertEquals(p.battery().map(Battery::toString), q.battery().map(Battery::toString));
            assertEquals(p.components(FlexibleLoad.class).toString(), q.components(FlexibleLoad.class).toString());
            assertEquals(p.maxTradeKwh(), q.maxTradeKwh());
        }
    }

    @Test
    void marketMaxTradeRoundTripsAndIsOmittedWhenNotSet() {
        Vpp capped = read(root -> at(root, "/market").put("maxTrade", 7.25));
        assertEquals(7.25, ScenarioReader.parse(write(capped)).market().tradeCapKwh().getAsDouble());
        Vpp uncapped = read(root -> { });
        assertFalse(ScenarioReader.parse(write(uncapped)).market().tradeCapKwh().isPresent());
        assertFalse(write(uncapped).contains("\"maxTrade\": 50"), "the default is not written as if set");
    }

    @Test
    void smallScenario_roundTripsWithEveryOptionalField() {
        assertRoundTrips(read(root -> { }));
    }

    @Test
    void smallScenario_roundTripKeepsPeersOverridesAndCurtailment() {
        Vpp back = ScenarioReader.parse(write(read(root -> { })));
        assertEquals(List.of(1), back.peersOf(0));
        assertEquals(List.of(0, 2), back.peersOf(1));
        assertEquals(0.9, back.prosumers().get(0).grid().peakRate());
        assertEquals(6.0, back.prosumers().get(1).grid().maxImportKwh());
        assertEquals(0.25, back.prosumers().get(1).grid().energyRate(0));
        assertEquals(2.5, back.prosumers().get(0).battery().orElseThrow().terminalSocKwh());
        assertFalse(back.prosumers().get(2).components(org.tem.api.Renewable.class).get(0).curtailable());
        assertEquals(0.1, back.prosumers().get(1).components(FlexibleLoad.class).get(0).minKwh(1));
    }

    @Test
    void roundTrip_perSlotMinWithoutMaxStaysUnbounded() {
        Vpp vpp = read(root -> at(root, "/prosumers/1/flexibleLoad").remove("max"));
        assertEquals(Double.POSITIVE_INFINITY, vpp.prosumers().get(1).components(FlexibleLoad.class).get(0).maxKwh(0));
        assertRoundTrips(vpp);
        FlexibleLoad back = ScenarioReader.parse(write(vpp)).prosumers().get(1).components(FlexibleLoad.class).get(0);
        assertEquals(Double.POSITIVE_INFINITY, back.maxKwh(2));
        assertEquals(0.1, back.minKwh(1));
    }

    @Test
    void roundTrip_prosumerWithoutImportLimitAfterOneWithAStaysUnbounded() {
        Vpp vpp = read(root -> at(root, "/prosumers/2").putObject("tariff").putNull("maxImport"));
        Vpp back = ScenarioReader.parse(write(vpp));
        assertEquals(Double.POSITIVE_INFINITY, back.prosumers().get(2).grid().maxImportKwh());
        assertEquals(10.0, back.prosumers().get(0).grid().maxImportKwh());
        assertRoundTrips(vpp);
    }

    @Test
    void roundTrip_timeOfUseProsumerAfterAFlatOne() {
        Vpp vpp = read(root -> {
            at(root, "/tariff").put("energyRate", 0.2);
            at(root, "/prosumers/2").putObject("tariff").putArray("energyRate").add(0.1).add(0.2).add(0.3).add(0.4);
        });
        Vpp back = ScenarioReader.parse(write(vpp));
        assertTrue(back.prosumers().get(0).grid().isFlatRate());
        assertEquals(0.4, back.prosumers().get(2).grid().energyRate(3));
        assertRoundTrips(vpp);
    }

    @Test
    void toJson_writesTheFilesMdFields() {
        JsonNode json = ScenarioWriter.toJson(read(root -> { }));
        assertEquals(4, json.at("/horizon/slots").intValue());
        assertEquals(1.0, json.at("/horizon/slotHours").doubleValue());
        assertEquals("bilateral", json.at("/market/topology").textValue());
        assertEquals(0.12, json.at("/market/p2pPrice").doubleValue());
        assertEquals(4, json.at("/market/ancillaryPrice").size());
        assertEquals(4, json.at("/tariff/energyRate").size());
        assertEquals("a", json.at("/prosumers/0/id").textValue());
        assertEquals(0.95, json.at("/prosumers/0/battery/efficiency").doubleValue());
        // the first prosumer's tariff becomes the global one; the others hold only the fields that differ
        assertEquals(0.9, json.at("/tariff/peakRate").doubleValue());
        assertEquals(10.0, json.at("/tariff/maxImport").doubleValue());
        assertFalse(json.at("/prosumers/0").has("tariff"));
        assertEquals(0.5, json.at("/prosumers/2/tariff/peakRate").doubleValue());
        assertFalse(json.at("/prosumers/2/tariff").has("energyRate"));
        assertFalse(json.at("/prosumers/2/tariff").has("maxImport"));
        assertEquals(0.25, json.at("/prosumers/1/tariff/energyRate").doubleValue());
        assertEquals("b", json.at("/prosumers/0/peers/0").textValue());
    }

    @Test
    void write_doesNotCloseTheStream() throws IOException {
        boolean[] closed = {false};
        OutputStream out = new ByteArrayOutputStream() {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        ScenarioWriter.write(read(root -> { }), out);
        assertFalse(closed[0]);
    }

    @Test
    void write_isValidJsonWithArraysOnOneLine() throws IOException {
        String text = write(read(root -> { }));
        ObjectNode parsed = (ObjectNode) MAPPER.readTree(text);
        assertEquals(3, parsed.get("prosumers").size());
        assertTrue(text.contains("[ 0.4, 0.5, 1.2, 0.8 ]"), text);
    }

    @Test
    void toJson_rejectsACustomComponent() {
        DerComponent custom = new DerComponent() {
            @Override
            public String kind() {
                return "heatPump";
            }

            @Override
            public void validate(Horizon horizon) {
            }

            @Override
            public void contribute(ModelBuilder model) {
            }
        };
        Vpp vpp = Vpp.builder().prosumer(Prosumer.builder("x").grid(g -> g.energyRate(0.1)).component(custom).build())
                .build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ScenarioWriter.toJson(vpp));
        assertTrue(e.getMessage().startsWith("x:") && e.getMessage().contains("heatPump"), e.getMessage());
    }

    @Test
    void toJson_rejectsTwoRenewablesOnOneProsumer() {
        double[] one = new double[24];
        Vpp vpp = Vpp.builder().prosumer(Prosumer.builder("x").grid(g -> g.energyRate(0.1))
                .renewable(r -> r.name("roof").forecastKwh(one)).renewable(r -> r.name("wind").forecastKwh(one))
                .build()).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ScenarioWriter.toJson(vpp));
        assertTrue(e.getMessage().startsWith("x:"), e.getMessage());
    }
}
