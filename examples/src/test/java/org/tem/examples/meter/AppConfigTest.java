package org.tem.examples.meter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import org.apache.tuweni.bytes.Bytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tem.api.TemException;
import org.tem.api.Vpp;
import org.tem.examples.cli.TemCommand;
import org.tem.examples.scenario.ScenarioReader;
import org.tem.ledger.crypto.KeyPair;
import org.tem.solver.contract.RoundConfig;

/**
 * The meter and operator configuration files: what a valid file gives, and that each malformed
 * or inconsistent one is refused with the field named; the CLI refuses a meter file with more than
 * one prosumer and a non-positive {@code --rounds}.
 */
class AppConfigTest {
    private static final Path SCENARIO = Path.of("..", "docs", "examples", "scenario.json");
    private static final KeyPair KEY = KeyPair.random(new SecureRandom());

    private static String operatorJson() throws Exception {
        Vpp vpp = ScenarioReader.read(SCENARIO);
        Map<String, Bytes> keys = Map.of("pv-home", KEY.publicKey(), "battery-home", KEY.publicKey(), "wind-home",
                KEY.publicKey());
        return new String(OperatorConfig.json(vpp, keys, "n.json", KEY, DevApps.OPTIONS), StandardCharsets.UTF_8);
    }

    private static OperatorConfig readOperator(Path dir, String json) throws Exception {
        Path f = dir.resolve("operator.json");
        Files.writeString(f, json);
        return OperatorConfig.read(f);
    }

    @Test
    void anOperatorFileWrittenFromAVppReadsBackAsThatVppsRound(@TempDir Path dir) throws Exception {
        OperatorConfig c = readOperator(dir, operatorJson());
        Vpp vpp = ScenarioReader.read(SCENARIO);
        assertEquals(RoundConfig.of(vpp, DevApps.OPTIONS, 100, OperatorConfig.DEFAULT_DEADLINE_MILLIS), c.config());
        assertEquals(3, c.participants().size());
        assertEquals(KEY.address(), c.participants().get(0).address());
        assertEquals(dir.resolve("n.json"), c.node());
    }

    @Test
    void malformedOrInconsistentOperatorFilesAreRefusedNamingTheField(@TempDir Path dir) throws Exception {
        String ok = operatorJson();
        String[][] cases = {
            {"\"round\" : 1", "\"round\" : 1, \"extra\" : 1", "extra: unknown field"},
            {"\"topology\" : \"bilateral\"", "\"topology\" : \"mesh\"", "topology"},
            {"\"peers\" : [ \"battery-home\" ]", "\"peers\" : [ \"nobody\" ]", "not a participant"},
            // pv-home drops its link to battery-home: the lists are no longer symmetric
            {"\"peers\" : [ \"battery-home\" ]", "\"peers\" : [ ]", "round:"},
            {"\"slots\" : 6", "\"slots\" : 0", "round: slots"},
            {"\"format\" : \"tem-operator/1\"", "\"format\" : \"tem-operator/2\"", "format"},
        };
        for (String[] c : cases) {
            assertTrue(ok.contains(c[0]), c[0]);
            TemException e = assertThrows(TemException.class, () -> readOperator(dir, ok.replace(c[0], c[1])), c[1]);
            assertTrue(e.getMessage().contains(c[2]), e.getMessage());
        }
        String badKey = ok.replaceFirst("\"publicKey\" : \"0x[0-9a-f]+\"", "\"publicKey\" : \"0x1234\"");
        TemException e = assertThrows(TemException.class, () -> readOperator(dir, badKey));
        assertTrue(e.getMessage().startsWith("participants[0].publicKey"), e.getMessage());
    }

    @Test
    void aMeterFileGivesItsDefaultsAndRefusesBadValues(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("meter.json");
        String ok = "{\"format\":\"tem-meter/1\",\"node\":\"n.json\",\"key\":\"" + AppFiles.hex(KEY)
                + "\",\"prosumer\":\"home.json\"}";
        Files.writeString(f, ok);
        MeterConfig c = MeterConfig.read(f);
        assertEquals(MeterConfig.DEFAULT_CONTRACT, c.contract());
        assertEquals(1, c.firstRound());
        assertEquals(MeterConfig.DEFAULT_RESEND_MILLIS, c.resendMillis());
        assertEquals(KEY.address(), c.key().address());
        for (String[] bad : new String[][] {{"\"n.json\"", "\"n.json\",\"firstRound\":0", "firstRound"},
            {"\"n.json\"", "\"n.json\",\"contract\":\"0x12\"", "contract"},
            {"\"key\":\"0x", "\"key\":\"0xz", "key"}}) {
            Files.writeString(f, ok.replace(bad[0], bad[1]));
            TemException e = assertThrows(TemException.class, () -> MeterConfig.read(f));
            assertTrue(e.getMessage().startsWith(bad[2]), e.getMessage());
        }
    }

    @Test
    void theMeterCommandRefusesAFileWithSeveralProsumersAndANonPositiveRoundCount(@TempDir Path dir)
            throws Exception {
        Path f = dir.resolve("meter.json");
        Files.writeString(f, "{\"format\":\"tem-meter/1\",\"node\":\"n.json\",\"key\":\"" + AppFiles.hex(KEY)
                + "\",\"prosumer\":\"" + SCENARIO.toAbsolutePath().toString().replace("\\", "\\\\") + "\"}");
        assertEquals(TemCommand.BAD_INPUT, TemCommand.run("meter", "--config", f.toString(), "--rounds", "0"));
        // the node file is read first: give it one so the prosumer check is what refuses
        assertEquals(TemCommand.OK, TemCommand.run("node", "--init", dir.resolve("net").toString(), "--validators", "1"));
        Files.copy(dir.resolve("net").resolve("node-0.json"), dir.resolve("n.json"));
        Files.copy(dir.resolve("net").resolve("chain.json"), dir.resolve("chain.json"));
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        var cl = TemCommand.commandLine();
        cl.setErr(new java.io.PrintWriter(err, true, StandardCharsets.UTF_8));
        assertEquals(TemCommand.BAD_INPUT, cl.execute("meter", "--config", f.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("a meter holds exactly one prosumer"), err.toString());
    }
}
