package org.tem.examples.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tem.examples.cli.TemCommand;
import picocli.CommandLine;

/** {@code tem simulate} through the CLI: strict options (exit 2, the message naming the option) and a run. */
class SimulateCommandTest {
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

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "--prosumers 0                          | --prosumers: must be >= 1, was 0",
        "--prosumers 5000                       | --prosumers: must be in [1, 4745], was 5000",
        "--prosumers many                       | --prosumers",
        "--days 0                               | --days: must be >= 1, was 0",
        "--days 2 --start 2017-07-31            | --days: 2 days from 2017-07-31 end after the data's last day 2017-07-31",
        "--start 2016-13-01                     | --start: must be a date YYYY-MM-DD, was '2016-13-01'",
        "--start 2015-01-01                     | --start: the data cover 2016-08-01 to 2017-07-31, was 2015-01-01",
        "--method evm                           | --method: must be one of central, admm, ledger, was 'evm'",
        "--validators 0                         | --validators: must be in [1, 64], was 0",
        "--validators 65                        | --validators: must be in [1, 64], was 65",
        "--method admm --validators 3           | --validators: only with --method ledger, was --method admm",
        "--method ledger --transport udp        | --transport: must be memory or tcp, was 'udp'",
        "--method central --transport tcp       | --transport: only with --method ledger, was --method central",
        "--method admm --transport memory       | --transport: only with --method ledger, was --method admm",
        "--synthetic --data .                   | --data, --synthetic: choose one",
        "--seed 3                               | --seed: only with --synthetic",
        "--synthetic --params params.json       | --params: only for the real data",
        "--synthetic --days 4000                | --days: at most 3660 with --synthetic, was 4000",
        "--synthetic --prosumers 1001           | --prosumers: at most 1000 with --synthetic, was 1001",
        "--data no-such-dir                     | --data: not a directory: no-such-dir",
        "--params no-such.json                  | --params: no such file: no-such.json",
    })
    void badOptionsExitWith2AndNameTheOption(String args, String message) {
        Run r = run(("simulate " + args.trim()).split("\\s+"));
        assertEquals(TemCommand.BAD_INPUT, r.code(), r.err());
        assertTrue(r.err().contains(message.trim()), r.err());
    }

    @Test
    void anOutputPathThatIsAFileIsRejected(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("taken"), "x");
        Run r = run("simulate", "--out", file.toString());
        assertEquals(TemCommand.BAD_INPUT, r.code());
        assertTrue(r.err().contains("--out: not a directory"), r.err());
    }

    @Test
    void anInvalidParametersFileIsRejectedNamingTheFileAndTheField(@TempDir Path dir) throws IOException {
        Path params = Files.writeString(dir.resolve("params.json"), "{\"battery\": {\"efficiency\": 1.2}}");
        Run r = run("simulate", "--params", params.toString(), "--out", dir.resolve("out").toString());
        assertEquals(TemCommand.BAD_INPUT, r.code(), r.err());
        assertTrue(r.err().contains("--params: " + params) && r.err().contains("battery.efficiency"), r.err());
        assertTrue(Files.notExists(dir.resolve("out")), "nothing is written for bad input");
    }

    @Test
    void aSyntheticCentralRunWritesItsOutputsAndExits0(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("run");
        Run r = run("simulate", "--synthetic", "--seed", "4", "--prosumers", "3", "--days", "2", "--method", "central",
                "--start", "2020-03-01", "--plain", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("complete: 2 of 2 days"), r.out());
        assertTrue(r.out().contains("open report.html"), r.out());
        assertTrue(r.err().contains("day 2/2 2020-03-02: optimal"), r.err());
        JsonNode summary = new ObjectMapper().readTree(out.resolve(RunReports.SUMMARY_JSON).toFile());
        assertEquals("central", summary.get("method").asText());
        assertEquals("currency units", summary.get("currency").asText());
        assertTrue(summary.get("source").asText().contains("seed 4"));
        for (String f : RunReports.RUN_FILES) {
            if (!f.equals(RunReports.CHART_CONVERGENCE)) {
                assertTrue(Files.isRegularFile(out.resolve(f)), f);
            }
        }
        assertTrue(Files.notExists(out.resolve(RunReports.CHART_CONVERGENCE)), "central has no iterations to plot");
        assertTrue(Files.isRegularFile(out.resolve("days/2020-03-02.json")));
    }
}
