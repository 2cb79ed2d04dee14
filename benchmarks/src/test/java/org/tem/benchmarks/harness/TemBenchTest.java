package org.tem.benchmarks.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every {@code tem-bench} subcommand once at a tiny size and checks what it wrote: the CSV
 * parses (a header and at least one row of the header's width), the PNG decodes to an image, the
 * Markdown file holds the subcommand's table, the last printed line is a headline of that
 * subcommand, and the numbers say the load did what it claims (every submission confirmed and
 * final with no failed call, a chain of the asked height with storage and a resident set). No
 * time is asserted.
 */
class TemBenchTest {

    @TempDir
    Path out;

    @Test
    void latencyInMemoryConfirmsAndFinalisesEverySubmission() throws Exception {
        String last = run("latency", "--validators", "2", "--transport", "memory", "--rate", "40", "--seconds", "1",
                "--warmup-seconds", "0.5", "--groups", "2");
        assertTrue(last.startsWith("latency 2 validators memory"), last);
        List<Map<String, String>> rows = checkOutputs("latency");
        Map<String, String> r = rows.get(0);
        assertEquals("40", r.get("submitted"));
        assertEquals("40", r.get("confirmed"));
        assertEquals("40", r.get("finalised"));
        assertEquals("0", r.get("failed"));
        assertTrue(Double.parseDouble(r.get("fin_p50_ms")) >= Double.parseDouble(r.get("conf_p50_ms")), r.toString());
    }

    @Test
    void latencyOverTcpConfirmsEverySubmission() throws Exception {
        String last = run("latency", "--validators", "2", "--transport", "tcp", "--rate", "40", "--seconds", "0.5",
                "--warmup-seconds", "0.25", "--groups", "2");
        assertTrue(last.startsWith("latency 2 validators tcp"), last);
        Map<String, String> r = checkOutputs("latency").get(0);
        assertEquals("20", r.get("confirmed"));
        assertEquals("0", r.get("failed"));
    }

    @Test
    void throughputStepsTheRateAndReportsTheBound() throws Exception {
        String last = run("throughput", "--validators", "2", "--rates", "20,40", "--step-seconds", "0.5",
                "--crypto-seconds", "0.1", "--groups", "2");
        assertTrue(last.startsWith("throughput 2 validators memory"), last);
        List<Map<String, String>> rows = checkOutputs("throughput");
        assertTrue(!rows.isEmpty() && rows.size() <= 2, rows.toString());
        for (Map<String, String> r : rows) {
            assertTrue(Long.parseLong(r.get("confirmed")) > 0, r.toString());
            assertTrue(Double.parseDouble(r.get("bound_tps")) > 0, r.toString());
            assertEquals("0", r.get("failed"));
        }
    }

    @Test
    void footprintBuildsTheChainAndMeasuresEachNodeInItsOwnProcess() throws Exception {
        String last = run("footprint", "--height", "25", "--iterations-per-round", "4", "--settle-ms", "200",
                "--topologies", "pool,bilateral");
        assertTrue(last.startsWith("footprint bilateral normal"), last);
        List<Map<String, String>> rows = checkOutputs("footprint");
        assertEquals(4, rows.size());
        for (Map<String, String> r : rows) {
            assertTrue(Long.parseLong(r.get("height")) >= 25, r.toString());
            assertTrue(Double.parseDouble(r.get("storage_mb")) > 0, r.toString());
            assertTrue(Double.parseDouble(r.get("storage_reopened_mb")) > 0, r.toString());
            assertTrue(Double.parseDouble(r.get("rss_mb")) > 0, r.toString());
        }
    }

    @Test
    void admmScaleRunsRoundsOnTheNetwork() throws Exception {
        String last = run("admm-scale", "--validators", "2", "--pool", "3", "--bilateral", "3", "--max-iterations",
                "3", "--meter-nodes", "2");
        assertTrue(last.startsWith("admm-scale bilateral 3 prosumers"), last);
        List<Map<String, String>> rows = checkOutputs("admm-scale");
        assertEquals(2, rows.size());
        for (Map<String, String> r : rows) {
            assertTrue(Integer.parseInt(r.get("iterations")) >= 1, r.toString());
            assertTrue(Long.parseLong(r.get("transactions")) >= Integer.parseInt(r.get("iterations")) * 3L,
                    r.toString());
            assertTrue(Double.parseDouble(r.get("submissions_per_iteration")) >= 3.0, r.toString());
            // capped at 3 iterations, the round is extrapolated from the same round run in process
            assertEquals("max-iterations", r.get("status"), r.toString());
            assertTrue(Integer.parseInt(r.get("in_process_iterations")) > 3, r.toString());
            assertTrue(Double.parseDouble(r.get("extrapolated_wall_s")) > Double.parseDouble(r.get("wall_s")) * 0.5,
                    r.toString());
        }
    }

    /** Runs a subcommand into {@link #out}, checks its exit code, returns its last printed line. */
    private String run(String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--out";
        all[args.length + 1] = out.toString();
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream old = System.out;
        int code;
        try (PrintStream capture = new PrintStream(buf, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            code = TemBench.execute(all);
        } finally {
            System.setOut(old);
        }
        String printed = buf.toString(StandardCharsets.UTF_8);
        old.print(printed);
        assertEquals(0, code, printed);
        List<String> lines = printed.lines().filter(l -> !l.isBlank()).toList();
        assertTrue(!lines.isEmpty(), "nothing printed");
        return lines.get(lines.size() - 1);
    }

    /** Checks the CSV, PNG and Markdown of a subcommand; returns the CSV rows by column. */
    private List<Map<String, String>> checkOutputs(String name) throws Exception {
        List<String> csv = Files.readAllLines(out.resolve(name + ".csv"), StandardCharsets.UTF_8);
        assertTrue(csv.size() >= 2, "no rows in " + name + ".csv");
        String[] header = csv.get(0).split(",");
        List<Map<String, String>> rows = csv.stream().skip(1).<Map<String, String>>map(l -> {
            String[] v = l.split(",", -1);
            assertEquals(header.length, v.length, l);
            return IntStream.range(0, header.length).boxed()
                    .collect(Collectors.toMap(i -> header[i], i -> v[i], (a, b) -> a, java.util.LinkedHashMap::new));
        }).toList();
        BufferedImage png = ImageIO.read(out.resolve(name + ".png").toFile());
        assertNotNull(png, name + ".png is not an image");
        assertTrue(png.getWidth() > 0 && png.getHeight() > 0);
        String md = Files.readString(out.resolve("results.md"), StandardCharsets.UTF_8);
        assertTrue(md.contains("<!-- " + name + " -->"), md);
        long tableRows = md.lines().filter(l -> l.startsWith("| ")).count();
        assertTrue(tableRows >= 2, md);
        return rows;
    }
}
