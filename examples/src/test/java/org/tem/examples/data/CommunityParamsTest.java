package org.tem.examples.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Month;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tem.api.Topology;

/** The parameters file: defaults, overrides, strictness, and the examples printed in docs/data.md. */
class CommunityParamsTest {
    private static final Path DOC = Path.of("../docs/data.md");

    private static String rejects(String json) {
        return assertThrows(DataException.class, () -> CommunityParams.parse(json)).getMessage();
    }

    /** The ```json blocks of docs/data.md, in order. */
    private static List<String> docExamples() throws IOException {
        Matcher m = Pattern.compile("```json\\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(DOC));
        List<String> out = new ArrayList<>();
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    @Test
    void docExample_writesOutExactlyTheDefaults() throws IOException {
        List<String> examples = docExamples();
        assertEquals(2, examples.size(), "docs/data.md has two parameter examples");
        assertEquals(CommunityParams.defaults(), CommunityParams.parse(examples.get(0)));
    }

    @Test
    void docExample_variantOverridesOnlyWhatItNames() throws IOException {
        CommunityParams p = CommunityParams.parse(docExamples().get(1));
        CommunityParams d = CommunityParams.defaults();
        assertEquals(Collections.nCopies(24, 0.30), p.tariff().energyRateSummer());
        assertEquals(Collections.nCopies(24, 0.30), p.tariff().energyRateWinter());
        assertEquals(0.0, p.tariff().peakRate());
        assertEquals(d.tariff().summerMonths(), p.tariff().summerMonths());
        assertEquals(13.5, p.battery().capacityKwh());
        assertEquals(6.75, p.battery().initialSocKwh());
        assertEquals(d.battery().maxChargeKwh(), p.battery().maxChargeKwh());
        assertEquals(new CommunityParams.WindParams(2, 5.0), p.wind());
        assertEquals(d.market(), p.market());
        assertEquals(d.flexibleLoad(), p.flexibleLoad());
    }

    @Test
    void emptyObjectIsTheDefaults(@TempDir Path dir) throws IOException {
        assertEquals(CommunityParams.defaults(), CommunityParams.parse("{}"));
        Path file = dir.resolve("params.json");
        Files.writeString(file, "{\"market\": {\"p2pPrice\": 0.2, \"topology\": \"pool\", \"maxTrade\": 3}}");
        CommunityParams p = CommunityParams.read(file);
        assertEquals(0.2, p.market().p2pPrice());
        assertEquals(Topology.POOL, p.market().topology());
        assertEquals(3.0, p.market().maxTradeKwh());
        assertEquals(CommunityParams.defaults().market().ancillaryPrice(), p.market().ancillaryPrice());
    }

    @Test
    void nullMeansNoLimitAndTheDefaultTerminalEnergy() {
        CommunityParams p = CommunityParams.parse("{\"tariff\": {\"maxImport\": 7}, \"battery\": {\"terminal\": 1}}");
        assertEquals(7.0, p.tariff().maxImportKwh());
        assertEquals(OptionalDouble.of(1.0), p.battery().terminalSocKwh());
        CommunityParams q = CommunityParams.parse("{\"tariff\": {\"maxImport\": null}, \"battery\": {\"terminal\": null}}");
        assertEquals(Double.POSITIVE_INFINITY, q.tariff().maxImportKwh());
        assertEquals(OptionalDouble.empty(), q.battery().terminalSocKwh());
    }

    @Test
    void summerMonthsChooseTheRates() {
        CommunityParams p = CommunityParams.parse("{\"tariff\": {\"summerMonths\": [], \"energyRateWinter\": 0.2}}");
        assertTrue(p.tariff().summerMonths().isEmpty());
        assertEquals(0.2, p.tariff().energyRate(Month.JULY, 17));
        CommunityParams d = CommunityParams.defaults();
        assertEquals(0.41, d.tariff().energyRate(Month.JULY, 17));
        assertEquals(0.36, d.tariff().energyRate(Month.OCTOBER, 17));
        assertEquals(EnumSet.of(Month.JUNE, Month.JULY, Month.AUGUST, Month.SEPTEMBER), d.tariff().summerMonths());
    }

    @Test
    void unknownFieldsAreRejectedWithTheirPath() {
        assertEquals("battery.capcity: unknown field (known: capacity, efficiency, enabled, initial, maxCharge,"
                + " maxDischarge, min, terminal, wearCost)", rejects("{\"battery\": {\"capcity\": 13.5}}"));
        assertEquals("tarif: unknown field (known: battery, flexibleLoad, market, tariff, wind)",
                rejects("{\"tarif\": {}}"));
        assertEquals("wind.kw: unknown field (known: every, turbineKw)", rejects("{\"wind\": {\"kw\": 3}}"));
    }

    @Test
    void wrongTypesAndLengthsAreRejectedWithTheirPath() {
        assertEquals("battery.capacity: must be a number, was the string \"big\"",
                rejects("{\"battery\": {\"capacity\": \"big\"}}"));
        assertEquals("tariff.energyRateSummer: must have 24 values (one per local clock hour), had 2",
                rejects("{\"tariff\": {\"energyRateSummer\": [0.1, 0.2]}}"));
        assertEquals("market.ancillaryPrice[1]: must be a number, was null",
                rejects("{\"market\": {\"ancillaryPrice\": [0, null" + ", 0".repeat(22) + "]}}"));
        assertEquals("wind.every: must be an integer, was 1.5", rejects("{\"wind\": {\"every\": 1.5}}"));
        assertEquals("battery.enabled: must be true or false, was the string \"yes\"",
                rejects("{\"battery\": {\"enabled\": \"yes\"}}"));
        assertEquals("tariff.summerMonths[1]: month 6 is listed twice", rejects("{\"tariff\": {\"summerMonths\": [6, 6]}}"));
        assertEquals("tariff.summerMonths[0]: must be a month number 1-12, was 13",
                rejects("{\"tariff\": {\"summerMonths\": [13]}}"));
        assertEquals("flexibleLoad: must be an object, was an array", rejects("{\"flexibleLoad\": []}"));
        assertEquals("params: must be an object, was an array", rejects("[]"));
        assertEquals("market.topology: must be bilateral or pool, was 'ring'", rejects("{\"market\": {\"topology\": \"ring\"}}"));
    }

    @Test
    void valuesOutOfRangeAreRejectedWithTheirPath() {
        assertEquals("battery.efficiency: must be in (0, 1], was 1.2", rejects("{\"battery\": {\"efficiency\": 1.2}}"));
        assertEquals("battery.initial: must be in [min, capacity] = [0.0, 6.4], was 7.0",
                rejects("{\"battery\": {\"initial\": 7}}"));
        assertEquals("flexibleLoad.share: must be in [0, 1], was 1.5", rejects("{\"flexibleLoad\": {\"share\": 1.5}}"));
        assertEquals("flexibleLoad.maxFactor: must be a finite number >= 1, was 0.5",
                rejects("{\"flexibleLoad\": {\"maxFactor\": 0.5}}"));
        assertEquals("tariff.peakRate: must be a finite number >= 0, was -1.0", rejects("{\"tariff\": {\"peakRate\": -1}}"));
        assertEquals("market.ancillaryPrice[0]: must be >= 0, was -0.1", rejects("{\"market\": {\"ancillaryPrice\": -0.1}}"));
        assertEquals("market.maxTrade: must be >= 0 (or absent for no limit), was -2.0",
                rejects("{\"market\": {\"maxTrade\": -2}}"));
        assertEquals("wind.every: must be >= 0, was -3", rejects("{\"wind\": {\"every\": -3}}"));
        assertEquals("wind.turbineKw: must be in [0, 1000], was 5000.0", rejects("{\"wind\": {\"turbineKw\": 5000}}"));
        assertEquals("battery.maxCharge: must be >= 0, was -1.0", rejects("{\"battery\": {\"maxCharge\": -1}}"));
    }

    @Test
    void malformedJsonIsRejected(@TempDir Path dir) throws IOException {
        assertTrue(rejects("{\"wind\": {\"every\": 1, \"every\": 2}}").startsWith("params: not valid JSON: Duplicate field 'every'"));
        assertTrue(rejects("{} {}").startsWith("params: not valid JSON"));
        assertTrue(rejects("{\"wind\": ").startsWith("params: not valid JSON"));
        assertEquals("params: empty; write {} for the defaults", rejects(""));
        Path big = dir.resolve("big.json");
        Files.writeString(big, " ".repeat(ParamsReader.MAX_BYTES) + "{}");
        assertEquals(big + ": larger than 1048576 bytes; not a parameters file",
                assertThrows(DataException.class, () -> CommunityParams.read(big)).getMessage());
    }

    @Test
    void recordsCheckTheirValuesWhenBuiltInCode() {
        CommunityParams d = CommunityParams.defaults();
        assertEquals("flexibleLoad.comfortWeight: must be a finite number >= 0, was NaN",
                assertThrows(IllegalArgumentException.class, () -> new CommunityParams.FlexibleParams(0.2, 2, Double.NaN))
                        .getMessage());
        assertThrows(IllegalArgumentException.class, () -> new CommunityParams.TariffParams(List.of(0.1),
                d.tariff().energyRateWinter(), d.tariff().summerMonths(), 0, Double.POSITIVE_INFINITY));
        assertFalse(new CommunityParams.WindParams(0, 2).hasTurbine(2));
        assertTrue(new CommunityParams.WindParams(1, 2).hasTurbine(0));
        assertFalse(new CommunityParams.WindParams(3, 0).hasTurbine(2));
    }
}
