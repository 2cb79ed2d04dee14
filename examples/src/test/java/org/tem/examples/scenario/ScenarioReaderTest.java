package org.tem.examples.scenario;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tem.examples.scenario.ScenarioJson.array;
import static org.tem.examples.scenario.ScenarioJson.at;
import static org.tem.examples.scenario.ScenarioJson.read;
import static org.tem.examples.scenario.ScenarioJson.rejects;
import static org.tem.examples.scenario.ScenarioJson.small;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tem.api.Battery;
import org.tem.api.FlexibleLoad;
import org.tem.api.GridConnection;
import org.tem.api.Prosumer;
import org.tem.api.Renewable;
import org.tem.api.TemException;
import org.tem.api.Topology;
import org.tem.api.Vpp;

class ScenarioReaderTest {
    private static final Path SHARED_EXAMPLE = Path.of("../../shared/spec/example-scenario.json");

    // ---------------------------------------------------------------- valid input

    @Test
    void read_smallScenarioGivesEveryField() {
        Vpp vpp = read(root -> { });
        assertEquals(3, vpp.size());
        assertEquals(4, vpp.horizon().slots());
        assertEquals(1.0, vpp.horizon().slotHours());
        assertEquals(0.12, vpp.market().p2pPrice());
        assertEquals(Topology.BILATERAL, vpp.market().topology());
        assertEquals(0.03, vpp.market().ancillaryPrice(2));

        Prosumer a = vpp.prosumers().get(0);
        assertEquals("a", a.id());
        assertArrayEquals(new double[] {0.4, 0.5, 1.2, 0.8}, a.inflexibleLoadKwh());
        Battery bat = a.battery().orElseThrow();
        assertEquals(8.0, bat.capacityKwh());
        assertEquals(0.5, bat.minSocKwh());
        assertEquals(3.0, bat.initialSocKwh());
        assertEquals(2.5, bat.terminalSocKwh());
        assertEquals(2.0, bat.maxChargeKwh());
        assertEquals(2.5, bat.maxDischargeKwh());
        assertEquals(0.95, bat.efficiency());
        assertEquals(0.02, bat.wearCost());
        FlexibleLoad fa = a.components(FlexibleLoad.class).get(0);
        assertArrayEquals(new double[] {0.0, 0.7, 0.7, 0.0}, fa.preferredKwh());
        assertEquals(0.5, fa.comfortWeight());
        assertEquals(2.0, a.maxTradeKwh());
        assertEquals(Optional.of(List.of("b")), a.peers());
        assertTrue(a.components(Renewable.class).isEmpty());

        Prosumer c = vpp.prosumers().get(2);
        Renewable rc = c.components(Renewable.class).get(0);
        assertFalse(rc.curtailable());
        assertArrayEquals(new double[] {0.0, 0.3, 0.4, 0.0}, rc.forecastKwh());
        assertTrue(vpp.prosumers().get(1).components(Renewable.class).get(0).curtailable());
        assertEquals(Double.POSITIVE_INFINITY, c.maxTradeKwh());
        assertEquals(List.of(1), vpp.peersOf(0));
        assertEquals(List.of(0, 2), vpp.peersOf(1));
        assertEquals(List.of(1), vpp.peersOf(2));
        assertEquals(2.0, vpp.tradeLimitKwh(0, 1));
    }

    @Test
    void read_prosumerTariffOverridesTheGlobalOneFieldByField() {
        Vpp vpp = read(root -> { });
        GridConnection a = vpp.prosumers().get(0).grid(); // overrides peakRate only
        assertFalse(a.isFlatRate());
        assertArrayEquals(new double[] {0.1, 0.2, 0.3, 0.2}, a.energyRates(vpp.horizon()));
        assertEquals(0.9, a.peakRate());
        assertEquals(10.0, a.maxImportKwh());

        GridConnection b = vpp.prosumers().get(1).grid(); // overrides energyRate and maxImport
        assertTrue(b.isFlatRate());
        assertEquals(0.25, b.energyRate(3));
        assertEquals(0.5, b.peakRate());
        assertEquals(6.0, b.maxImportKwh());

        GridConnection c = vpp.prosumers().get(2).grid(); // no tariff of its own
        assertArrayEquals(new double[] {0.1, 0.2, 0.3, 0.2}, c.energyRates(vpp.horizon()));
        assertEquals(0.5, c.peakRate());
        assertEquals(10.0, c.maxImportKwh());
    }

    @Test
    void read_prosumerMaxImportNullRemovesTheGlobalLimit() {
        Vpp vpp = read(root -> at(root, "/prosumers/2").putObject("tariff").putNull("maxImport"));
        assertEquals(Double.POSITIVE_INFINITY, vpp.prosumers().get(2).grid().maxImportKwh());
        assertEquals(10.0, vpp.prosumers().get(0).grid().maxImportKwh());
    }

    @Test
    void read_tariffOnlyPerProsumerWhenThereIsNoGlobalOne() {
        Vpp vpp = read(root -> {
            root.remove("tariff");
            for (int u = 0; u < 3; u++) {
                at(root, "/prosumers/" + u).putObject("tariff").put("energyRate", 0.3 + u);
            }
        });
        assertEquals(1.3, vpp.prosumers().get(1).grid().energyRate(0));
        assertEquals(0.0, vpp.prosumers().get(1).grid().peakRate());
        assertEquals(Double.POSITIVE_INFINITY, vpp.prosumers().get(1).grid().maxImportKwh());
    }

    @Test
    void read_flexibleBoundsAsNumbers() {
        FlexibleLoad f = read(root -> { }).prosumers().get(0).components(FlexibleLoad.class).get(0);
        assertTrue(f.hasFlatBounds());
        assertEquals(0.0, f.minKwh(2));
        assertEquals(1.5, f.maxKwh(2));
    }

    @Test
    void read_flexibleBoundsAsArrays() {
        FlexibleLoad f = read(root -> { }).prosumers().get(1).components(FlexibleLoad.class).get(0);
        assertFalse(f.hasFlatBounds());
        assertEquals(0.1, f.minKwh(1));
        assertEquals(0.0, f.minKwh(2));
        assertEquals(1.0, f.maxKwh(0));
        assertEquals(0.5, f.maxKwh(3));
    }

    @Test
    void read_flexibleBoundsMixingANumberAndAnArray() {
        FlexibleLoad f = read(root -> at(root, "/prosumers/1/flexibleLoad").put("min", 0.05))
                .prosumers().get(1).components(FlexibleLoad.class).get(0);
        assertEquals(0.05, f.minKwh(0));
        assertEquals(0.05, f.minKwh(3));
        assertEquals(0.5, f.maxKwh(3));
    }

    @Test
    void read_flexibleBoundsDefaultToZeroAndUnbounded() {
        FlexibleLoad f = read(root -> {
            ObjectNode fl = at(root, "/prosumers/0/flexibleLoad");
            fl.remove("min");
            fl.remove("max");
            fl.remove("comfortWeight");
        }).prosumers().get(0).components(FlexibleLoad.class).get(0);
        assertEquals(0.0, f.minKwh(1));
        assertEquals(Double.POSITIVE_INFINITY, f.maxKwh(1));
        assertEquals(1.0, f.comfortWeight());
    }

    @Test
    void read_appliesTheDocumentedDefaults() {
        Vpp vpp = read(root -> {
            at(root, "/horizon").remove("slotHours");
            ObjectNode market = at(root, "/market");
            market.remove("topology");
            market.remove("ancillaryPrice");
            ObjectNode battery = at(root, "/prosumers/0/battery");
            battery.remove("terminal");
            battery.remove("min");
            for (int u = 0; u < 3; u++) {
                at(root, "/prosumers/" + u).remove("peers");
            }
            at(root, "/prosumers/0").remove("maxTrade");
            at(root, "/tariff").remove("maxImport");
        });
        assertEquals(1.0, vpp.horizon().slotHours());
        assertEquals(Topology.BILATERAL, vpp.market().topology());
        assertFalse(vpp.market().hasAncillaryPrice());
        for (int t = 0; t < 4; t++) {
            assertEquals(0.0, vpp.market().ancillaryPrice(t));
        }
        Battery b = vpp.prosumers().get(0).battery().orElseThrow();
        assertEquals(b.initialSocKwh(), b.terminalSocKwh());
        assertEquals(0.0, b.minSocKwh());
        assertEquals(List.of(1, 2), vpp.peersOf(0));
        assertEquals(List.of(0, 1), vpp.peersOf(2));
        assertEquals(Double.POSITIVE_INFINITY, vpp.prosumers().get(0).maxTradeKwh());
        assertEquals(Double.POSITIVE_INFINITY, vpp.prosumers().get(2).grid().maxImportKwh());
        // no market cap: the documented default, 50 kW over a one-hour slot
        assertFalse(vpp.market().tradeCapKwh().isPresent());
        assertEquals(50.0, vpp.tradeCapKwh());
    }

    @Test
    void read_marketMaxTradeIsTheRoundWideCapForLinksNoProsumerLimits() {
        Vpp vpp = read(root -> {
            at(root, "/market").put("maxTrade", 3.5);
            at(root, "/prosumers/0").remove("maxTrade");
        });
        assertEquals(3.5, vpp.market().tradeCapKwh().getAsDouble());
        assertEquals(3.5, vpp.tradeLimitKwh(0, 2), "neither end declares a limit");
        rejects(root -> at(root, "/market").put("maxTrade", -1), "market.maxTrade: must be >= 0", "-1");
        rejects(root -> at(root, "/market").put("maxTrade", 1e7), "market.maxTrade: must be <=", "1.0E7");
        rejects(root -> at(root, "/market").put("maxTrade", "lots"), "market.maxTrade");
    }

    @Test
    void read_optionalPartsMayBeAbsent() {
        Vpp vpp = read(root -> {
            root.remove("market");
            ObjectNode a = at(root, "/prosumers/0");
            a.remove("battery");
            a.remove("flexibleLoad");
            a.remove("inflexibleLoad");
            a.remove("peers");
            at(root, "/prosumers/1").remove("peers");
            at(root, "/prosumers/2").remove("peers");
        });
        Prosumer a = vpp.prosumers().get(0);
        assertEquals(Optional.empty(), a.battery());
        assertTrue(a.components(FlexibleLoad.class).isEmpty());
        assertArrayEquals(new double[4], a.inflexibleLoadKwh());
        assertEquals(0.0, vpp.market().p2pPrice());
    }

    @Test
    void read_poolTopologyWithoutPeerLists() {
        Vpp vpp = read(root -> {
            at(root, "/market").put("topology", "pool");
            for (int u = 0; u < 3; u++) {
                at(root, "/prosumers/" + u).remove("peers");
            }
        });
        assertEquals(Topology.POOL, vpp.market().topology());
        assertEquals(List.of(), vpp.peersOf(0));
    }

    @Test
    void read_fromAFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("s.json");
        Files.writeString(file, small(root -> { }));
        assertEquals(3, ScenarioReader.read(file).size());
    }

    @Test
    void read_missingFileIsAnIoError(@TempDir Path dir) {
        assertThrows(NoSuchFileException.class, () -> ScenarioReader.read(dir.resolve("absent.json")));
    }

    @Test
    void read_sharedExampleScenarioGivesThreeProsumers() throws IOException {
        Assumptions.assumeTrue(Files.isRegularFile(SHARED_EXAMPLE), "shared example scenario not present");
        Vpp vpp = ScenarioReader.read(SHARED_EXAMPLE);
        assertEquals(3, vpp.size());
        assertEquals(24, vpp.horizon().slots());
        assertEquals(List.of("p0", "p1", "p2"), vpp.prosumers().stream().map(Prosumer::id).toList());
        assertEquals(Topology.BILATERAL, vpp.market().topology());
        assertEquals(0.1487, vpp.market().p2pPrice());
        assertEquals(0.0135, vpp.market().ancillaryPrice(0));
        // p0 overrides peakRate and maxImport, keeps the global time-of-use energy rate
        GridConnection g0 = vpp.prosumers().get(0).grid();
        assertEquals(0.9, g0.peakRate());
        assertEquals(8.0, g0.maxImportKwh());
        assertEquals(0.14, g0.energyRate(0));
        assertEquals(0.38, g0.energyRate(18));
        GridConnection g2 = vpp.prosumers().get(2).grid();
        assertEquals(0.5511, g2.peakRate());
        assertEquals(Double.POSITIVE_INFINITY, g2.maxImportKwh());
        // p0 has no PV; p1 and p2 do
        assertTrue(vpp.prosumers().get(0).components(Renewable.class).isEmpty());
        assertEquals(5.4934, vpp.prosumers().get(1).components(Renewable.class).get(0).forecastKwh()[11]);
        // terminal defaults to initial where absent
        Battery b0 = vpp.prosumers().get(0).battery().orElseThrow();
        assertEquals(4.741, b0.terminalSocKwh());
        assertEquals(0.93, b0.efficiency());
        Battery b1 = vpp.prosumers().get(1).battery().orElseThrow();
        assertEquals(4.0, b1.terminalSocKwh());
        assertEquals(2.31, vpp.prosumers().get(0).maxTradeKwh());
        assertEquals(2.31, vpp.tradeLimitKwh(0, 2));
        assertEquals(2.5, vpp.tradeLimitKwh(1, 2));
        assertEquals(List.of(0, 1), vpp.peersOf(2));
        FlexibleLoad f0 = vpp.prosumers().get(0).components(FlexibleLoad.class).get(0);
        assertEquals(1.615, f0.maxKwh(0));
        assertEquals(0.685, f0.comfortWeight());
    }

    // ---------------------------------------------------------------- malformed JSON

    @Test
    void read_rejectsSyntaxErrorNamingTheLine() {
        rejects("{\n \"horizon\": {\"slots\": 4,,}\n}", "scenario: not valid JSON", "line 2");
    }

    @Test
    void read_rejectsTrailingGarbage() {
        rejects(small(root -> { }) + " x", "scenario: not valid JSON");
    }

    @Test
    void read_rejectsASecondDocumentAfterTheFirst() {
        rejects(small(root -> { }) + " {}", "scenario: not valid JSON");
    }

    @Test
    void read_rejectsTruncatedInput() {
        String json = small(root -> { });
        rejects(json.substring(0, json.length() / 2), "scenario: not valid JSON");
    }

    @Test
    void read_rejectsEmptyInput() {
        rejects("", "scenario: must be an object");
    }

    @Test
    void read_rejectsAnArrayAtTheTop() {
        rejects("[1, 2]", "scenario: must be an object", "array");
    }

    @Test
    void read_rejectsTheNaNLiteralAsInvalidJson() {
        String json = small(root -> { }).replace("\"capacity\":8.0", "\"capacity\":NaN");
        assertTrue(json.contains("NaN"), "test setup: the literal must be in the text");
        rejects(json, "scenario: not valid JSON", "NaN");
    }

    @Test
    void read_rejectsDuplicateKeys() {
        String json = small(root -> { }).replace("\"slots\":4", "\"slots\":4,\"slots\":5");
        rejects(json, "scenario: not valid JSON", "slots");
    }

    @Test
    void read_rejectsDuplicateKeysInAProsumer() {
        String json = small(root -> { }).replace("\"id\":\"b\"", "\"id\":\"b\",\"id\":\"d\"");
        rejects(json, "scenario: not valid JSON", "id");
    }

    // ---------------------------------------------------------------- structure and types

    @Test
    void read_rejectsAnUnknownTopLevelField() {
        rejects(root -> root.put("horizn", 1), "horizn: unknown field", "horizon");
    }

    @Test
    void read_rejectsAnUnknownNestedFieldWithItsPath() {
        rejects(root -> at(root, "/prosumers/0/battery").put("capcity", 9.0), "prosumers[0].battery.capcity: unknown field",
                "capacity");
    }

    @Test
    void read_rejectsUnknownFieldsAtEveryLevel() {
        rejects(root -> at(root, "/horizon").put("slot", 1), "horizon.slot: unknown field");
        rejects(root -> at(root, "/tariff").put("rate", 1), "tariff.rate: unknown field");
        rejects(root -> at(root, "/market").put("price", 1), "market.price: unknown field");
        rejects(root -> at(root, "/prosumers/2").put("batery", 1), "prosumers[2].batery: unknown field");
        rejects(root -> at(root, "/prosumers/0/tariff").put("peak", 1), "prosumers[0].tariff.peak: unknown field");
        rejects(root -> at(root, "/prosumers/1/renewable").put("kwp", 5), "prosumers[1].renewable.kwp: unknown field");
        rejects(root -> at(root, "/prosumers/1/flexibleLoad").put("weight", 1),
                "prosumers[1].flexibleLoad.weight: unknown field");
    }

    @Test
    void read_rejectsAStringForANumber() {
        rejects(root -> at(root, "/prosumers/0/battery").put("capacity", "8"),
                "prosumers[0].battery.capacity: must be a number", "\"8\"");
    }

    @Test
    void read_rejectsAStringInASeries() {
        rejects(root -> array(root, "/prosumers/2/inflexibleLoad").set(3, root.textNode("0.9")),
                "prosumers[2].inflexibleLoad[3]: must be a number");
    }

    @Test
    void read_rejectsANumberForAnObjectOrArray() {
        rejects(root -> at(root, "/prosumers/0").put("battery", 5), "prosumers[0].battery: must be an object");
        rejects(root -> at(root, "/prosumers/0").put("inflexibleLoad", 0.5), "prosumers[0].inflexibleLoad: must be an array");
        rejects(root -> root.put("prosumers", "a"), "prosumers: must be an array");
        rejects(root -> at(root, "/prosumers/0").put("peers", "b"), "prosumers[0].peers: must be an array");
    }

    @Test
    void read_rejectsWrongTypesForIdSlotsAndFlags() {
        rejects(root -> at(root, "/prosumers/1").put("id", 7), "prosumers[1].id: must be a string");
        rejects(root -> at(root, "/horizon").put("slots", 4.5), "horizon.slots: must be an integer");
        rejects(root -> at(root, "/horizon").put("slots", "4"), "horizon.slots: must be an integer");
        rejects(root -> at(root, "/prosumers/2/renewable").put("curtailable", "no"),
                "prosumers[2].renewable.curtailable: must be true or false");
        rejects(root -> array(root, "/prosumers/0/peers").set(0, root.numberNode(1)), "prosumers[0].peers[0]: must be a string");
    }

    @Test
    void read_rejectsASeriesOfWrongLength() {
        rejects(root -> array(root, "/prosumers/0/inflexibleLoad").remove(3), "prosumers[0].inflexibleLoad: must have 4 values",
                "had 3");
        rejects(root -> array(root, "/prosumers/1/renewable/forecast").add(1.0), "prosumers[1].renewable.forecast: must have 4",
                "had 5");
        rejects(root -> array(root, "/prosumers/0/flexibleLoad/preferred").remove(0),
                "prosumers[0].flexibleLoad.preferred: must have 4");
        rejects(root -> array(root, "/prosumers/1/flexibleLoad/max").remove(0), "prosumers[1].flexibleLoad.max: must have 4");
        rejects(root -> array(root, "/market/ancillaryPrice").add(0.01), "market.ancillaryPrice: must have 4");
        rejects(root -> array(root, "/tariff/energyRate").remove(0), "tariff.energyRate: must have 4");
    }

    @Test
    void read_rejectsAPerProsumerEnergyRateOfWrongLength() {
        rejects(root -> at(root, "/prosumers/1/tariff").putArray("energyRate").add(0.1).add(0.2),
                "prosumers[1].tariff.energyRate: must have 4", "had 2");
    }

    @Test
    void read_rejectsAHugeNumberAsNotFinite() {
        String json = small(root -> { }).replace("\"capacity\":8.0", "\"capacity\":1e400");
        rejects(json, "prosumers[0].battery.capacity: must be a finite number");
    }

    @Test
    void read_rejectsAHugeNegativeNumberInASeriesAsNotFinite() {
        String json = small(root -> { }).replace("[0.4,0.5,1.2,0.8]", "[0.4,-1e999,1.2,0.8]");
        rejects(json, "prosumers[0].inflexibleLoad[1]: must be a finite number");
    }

    @Test
    void read_rejectsMissingRequiredFields() {
        rejects(root -> at(root, "/prosumers/1").remove("id"), "prosumers[1].id: required");
        rejects(root -> at(root, "/prosumers/0/battery").remove("wearCost"), "prosumers[0].battery.wearCost: required");
        rejects(root -> at(root, "/prosumers/0/battery").remove("capacity"), "prosumers[0].battery.capacity: required");
        rejects(root -> at(root, "/prosumers/0/battery").remove("initial"), "prosumers[0].battery.initial: required");
        rejects(root -> at(root, "/prosumers/0/battery").remove("maxCharge"), "prosumers[0].battery.maxCharge: required");
        rejects(root -> at(root, "/prosumers/0/battery").remove("maxDischarge"),
                "prosumers[0].battery.maxDischarge: required");
        rejects(root -> at(root, "/prosumers/1/renewable").remove("forecast"), "prosumers[1].renewable.forecast: required");
        rejects(root -> at(root, "/prosumers/0/flexibleLoad").remove("preferred"),
                "prosumers[0].flexibleLoad.preferred: required");
        rejects(root -> root.remove("horizon"), "horizon: required");
        rejects(root -> at(root, "/horizon").remove("slots"), "horizon.slots: required");
        rejects(root -> root.remove("prosumers"), "prosumers: required");
    }

    @Test
    void read_rejectsANullRequiredField() {
        rejects(root -> at(root, "/prosumers/0/battery").putNull("wearCost"), "prosumers[0].battery.wearCost: required");
    }

    @Test
    void read_rejectsAMissingEnergyRate() {
        // prosumer a has a tariff of its own (without energyRate): that is where the rate is missing
        rejects(root -> at(root, "/tariff").remove("energyRate"), "prosumers[0].tariff.energyRate: required", "globally");
        // prosumer c has none: the global tariff lacks it
        rejects(root -> {
            at(root, "/tariff").remove("energyRate");
            at(root, "/prosumers/0").remove("tariff");
            at(root, "/prosumers/1/tariff").put("energyRate", 0.2);
        }, "tariff.energyRate: required (globally or for prosumers[0])");
    }

    // ---------------------------------------------------------------- values the model rejects

    @Test
    void read_rejectsEfficiencyAboveOneWithTheExactMessage() {
        ScenarioException e = rejects(root -> at(root, "/prosumers/0/battery").put("efficiency", 1.2),
                "prosumers[0].battery.efficiency");
        assertEquals("prosumers[0].battery.efficiency: must be in (0, 1], was 1.2", e.getMessage());
        assertInstanceOf(TemException.class, e);
    }

    @Test
    void read_rejectsEfficiencyZero() {
        rejects(root -> at(root, "/prosumers/0/battery").put("efficiency", 0), "prosumers[0].battery.efficiency: must be in (0, 1]");
    }

    @Test
    void read_rejectsNegativeCapacity() {
        rejects(root -> at(root, "/prosumers/0/battery").put("capacity", -8), "prosumers[0].battery.capacity: must be > 0",
                "-8");
    }

    @Test
    void read_rejectsInitialOutsideMinAndCapacity() {
        rejects(root -> at(root, "/prosumers/0/battery").put("initial", 9.0), "prosumers[0].battery.initial: must be in",
                "9.0");
        rejects(root -> at(root, "/prosumers/0/battery").put("initial", 0.2), "prosumers[0].battery.initial: must be in",
                "0.2");
    }

    @Test
    void read_rejectsMinAndTerminalAboveCapacity() {
        rejects(root -> at(root, "/prosumers/0/battery").put("min", 9.0).put("initial", 9.0),
                "prosumers[0].battery.min: must be <= capacity");
        rejects(root -> at(root, "/prosumers/0/battery").put("terminal", 8.5), "prosumers[0].battery.terminal", "8.5");
    }

    @Test
    void read_rejectsNegativeValuesNamingTheField() {
        rejects(root -> array(root, "/prosumers/2/inflexibleLoad").set(1, root.numberNode(-0.4)),
                "prosumers[2].inflexibleLoad[1]: must be >= 0", "-0.4");
        rejects(root -> array(root, "/prosumers/1/renewable/forecast").set(2, root.numberNode(-3)),
                "prosumers[1].renewable.forecast[2]: must be >= 0");
        rejects(root -> array(root, "/prosumers/0/flexibleLoad/preferred").set(1, root.numberNode(-0.7)),
                "prosumers[0].flexibleLoad.preferred[1]: must be >= 0");
        rejects(root -> at(root, "/prosumers/0").put("maxTrade", -2), "prosumers[0].maxTrade: must be >= 0", "-2");
        rejects(root -> at(root, "/prosumers/0/tariff").put("peakRate", -0.9), "prosumers[0].tariff.peakRate: must be >= 0");
        rejects(root -> at(root, "/prosumers/1/tariff").put("maxImport", -6), "prosumers[1].tariff.maxImport: must be >= 0");
        rejects(root -> array(root, "/market/ancillaryPrice").set(0, root.numberNode(-0.01)),
                "market.ancillaryPrice[0]: must be >= 0");
        rejects(root -> at(root, "/prosumers/0/battery").put("wearCost", -1), "prosumers[0].battery.wearCost: must be >= 0");
        rejects(root -> at(root, "/prosumers/0/flexibleLoad").put("comfortWeight", -1),
                "prosumers[0].flexibleLoad.comfortWeight: must be >= 0");
    }

    @Test
    void read_rejectsAGlobalTariffValueNamingTheGlobalField() {
        // the value comes from the global tariff, so the path is tariff.peakRate, not a prosumer's
        rejects(root -> at(root, "/tariff").put("peakRate", -0.5), "tariff.peakRate: must be >= 0", "-0.5");
        rejects(root -> at(root, "/tariff").put("maxImport", -1), "tariff.maxImport: must be >= 0");
    }

    @Test
    void read_namesTheGlobalEnergyRateWhenAProsumerOverridesOtherFields() {
        // prosumer a has its own tariff (peakRate only); the bad energy rate is still the global one
        rejects(root -> array(root, "/tariff/energyRate").remove(0), "tariff.energyRate: must have 4");
        rejects(root -> array(root, "/tariff/energyRate").set(0, root.textNode("x")), "tariff.energyRate[0]: must be a number");
    }

    @Test
    void read_rejectsFlexibleMinAboveMax() {
        rejects(root -> at(root, "/prosumers/0/flexibleLoad").put("min", 2.0), "prosumers[0].flexibleLoad.min: must be <= max",
                "2.0");
        rejects(root -> array(root, "/prosumers/1/flexibleLoad/min").set(3, root.numberNode(0.8)),
                "prosumers[1].flexibleLoad.min[3]: must be <= max", "0.8");
    }

    @Test
    void read_rejectsNonPositiveHorizon() {
        rejects(root -> at(root, "/horizon").put("slots", 0), "horizon.slots: must be >= 1");
        rejects(root -> at(root, "/horizon").put("slotHours", 0), "horizon.slotHours: must be > 0");
    }

    @Test
    void read_rejectsAnUnknownTopology() {
        rejects(root -> at(root, "/market").put("topology", "mesh"), "market.topology", "mesh");
    }

    @Test
    void read_rejectsABlankId() {
        rejects(root -> at(root, "/prosumers/1").put("id", " "), "prosumers[1].id: must be a non-blank string");
    }

    @Test
    void read_rejectsADuplicateId() {
        rejects(root -> at(root, "/prosumers/2").put("id", "a"), "prosumers[2].id: duplicate id 'a'");
    }

    @Test
    void read_rejectsAnUnknownPeer() {
        rejects(root -> array(root, "/prosumers/0/peers").add("zz"), "prosumers[0].peers: unknown peer 'zz'");
    }

    @Test
    void read_rejectsAsymmetricPeers() {
        // b no longer lists a, but a lists b
        rejects(root -> at(root, "/prosumers/1").putArray("peers").add("c"), "prosumers[0].peers", "'b'", "symmetric");
    }

    @Test
    void read_rejectsSelfAndDuplicatePeers() {
        rejects(root -> array(root, "/prosumers/0/peers").add("a"), "prosumers[0].peers", "itself");
        rejects(root -> array(root, "/prosumers/0/peers").add("b"), "prosumers[0].peers", "duplicate");
    }

    @Test
    void read_rejectsPeersWithThePoolTopology() {
        rejects(root -> at(root, "/market").put("topology", "pool"), "prosumers[0].peers", "bilateral");
    }

    @Test
    void read_rejectsAScenarioWithoutProsumers() {
        rejects(root -> root.putArray("prosumers"), "prosumers: must have at least one");
    }

    @Test
    void read_reportsTheFirstErrorInFileOrder() {
        // two errors: the first prosumer's is reported
        rejects(root -> {
            at(root, "/prosumers/0/battery").put("efficiency", 1.2);
            at(root, "/prosumers/2").put("maxTrade", -1);
        }, "prosumers[0].battery.efficiency");
    }
}
