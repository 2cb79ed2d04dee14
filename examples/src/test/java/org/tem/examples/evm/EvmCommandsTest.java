package org.tem.examples.evm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tem.evm.Anvil;
import org.tem.examples.cli.TemCommand;
import org.tem.examples.scenario.ScenarioJson;
import picocli.CommandLine;

/**
 * {@code tem solve --method evm} through the CLI entry point against a real EVM node (Anvil; skipped
 * without it), and the option rules of the EVM paths of {@code solve} and {@code simulate}.
 */
class EvmCommandsTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = TemCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void solveMethodEvmOnAnvilReachesTheCentralOptimum(@TempDir Path dir) throws IOException {
        Path scenario = dir.resolve("s.json");
        Files.writeString(scenario, ScenarioJson.small(root -> { }));
        Path key = dir.resolve("operator.key");
        Files.writeString(key, "0x" + Anvil.OPERATOR_KEY + "\n");
        Path central = dir.resolve("central.json");
        Path evm = dir.resolve("evm.json");
        assertEquals(TemCommand.OK, run("solve", "--scenario", scenario.toString(), "--out", central.toString(),
                "--quiet").code());
        try (Anvil node = Anvil.start()) {
            Run r = run("solve", "--scenario", scenario.toString(), "--method", "evm", "--rpc", node.url(), "--key",
                    key.toString(), "--out", evm.toString(), "--quiet");
            assertEquals(TemCommand.OK, r.code(), r.err());
        }
        JsonNode json = MAPPER.readTree(evm.toFile());
        assertEquals("evm", json.path("method").asText(), json.toString());
        assertEquals("optimal", json.path("status").asText(), json.toString());
        assertTrue(json.path("iterations").asInt() > 0, json.toString());
        double optimum = MAPPER.readTree(central.toFile()).path("totalCost").doubleValue();
        assertEquals(optimum, json.path("totalCost").doubleValue(), 1e-4 * Math.max(1, Math.abs(optimum)));
    }

    @Test
    void solveMethodEvmNeedsRpcAndKeyAndTheyBelongToIt(@TempDir Path dir) throws IOException {
        Path scenario = dir.resolve("s.json");
        Files.writeString(scenario, ScenarioJson.small(root -> { }));
        Run missing = run("solve", "--scenario", scenario.toString(), "--method", "evm", "--quiet");
        assertEquals(TemCommand.BAD_INPUT, missing.code());
        assertTrue(missing.err().contains("--rpc"), missing.err());
        Run stray = run("solve", "--scenario", scenario.toString(), "--method", "admm", "--rpc", "http://127.0.0.1:1",
                "--quiet");
        assertEquals(TemCommand.BAD_INPUT, stray.code());
        assertTrue(stray.err().contains("only with --method evm"), stray.err());
    }

    @Test
    void aKeyFileThatHoldsNoKeyIsBadInputAndTheMessageDoesNotEchoIt(@TempDir Path dir) throws IOException {
        Path scenario = dir.resolve("s.json");
        Files.writeString(scenario, ScenarioJson.small(root -> { }));
        Path key = dir.resolve("bad.key");
        Files.writeString(key, "secret-but-not-hex");
        Run r = run("solve", "--scenario", scenario.toString(), "--method", "evm", "--rpc", "http://127.0.0.1:1",
                "--key", key.toString(), "--quiet");
        assertEquals(TemCommand.BAD_INPUT, r.code());
        assertTrue(r.err().contains("64 hex digits"), r.err());
        assertFalse(r.err().contains("secret-but-not-hex"), r.err());
    }

    @Test
    void simulateLedgerEvmNeedsRpcKeyAndAdmm(@TempDir Path dir) {
        Run r = run("simulate", "--synthetic", "--days", "1", "--prosumers", "2", "--ledger", "evm", "--out",
                dir.resolve("out").toString());
        assertEquals(TemCommand.BAD_INPUT, r.code());
        assertTrue(r.err().contains("--ledger evm: needs --rpc URL, --key FILE and --method admm"), r.err());
        Run other = run("simulate", "--synthetic", "--days", "1", "--ledger", "besu", "--out",
                dir.resolve("out").toString());
        assertEquals(TemCommand.BAD_INPUT, other.code());
        assertTrue(other.err().contains("--ledger: must be tem or evm"), other.err());
    }

    @Test
    void simulateLedgerEvmRunsADayOnAnvil(@TempDir Path dir) throws IOException {
        Path key = dir.resolve("operator.key");
        Files.writeString(key, Anvil.OPERATOR_KEY);
        Path out = dir.resolve("out");
        try (Anvil node = Anvil.start()) {
            Run r = run("simulate", "--synthetic", "--days", "1", "--prosumers", "2", "--ledger", "evm", "--rpc",
                    node.url(), "--key", key.toString(), "--out", out.toString(), "--plain");
            assertEquals(0, r.code(), r.err());
        }
        JsonNode summary = MAPPER.readTree(out.resolve("summary.json").toFile());
        assertEquals("evm", summary.path("method").asText(), summary.toString());
        assertEquals(1, summary.path("daysFinished").asInt(), summary.toString());
        assertTrue(summary.path("iterations").path("total").asInt() > 0, summary.toString());
        assertTrue(summary.path("ledger").path("transactions").asLong() > 0, "the day's transactions on the node: "
                + summary);
        assertEquals(0.0, summary.path("costs").path("gapToCentral").doubleValue(), 1e-4, summary.toString());
    }
}
