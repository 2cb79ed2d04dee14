package org.tem.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tem.examples.cli.NodeProcesses.await;
import static org.tem.examples.cli.NodeProcesses.freeBase;
import static org.tem.examples.cli.NodeProcesses.java;
import static org.tem.examples.cli.NodeProcesses.last;
import static org.tem.examples.cli.NodeProcesses.read;
import static org.tem.examples.cli.NodeProcesses.validator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tem.api.Solution;
import org.tem.examples.ledger.PoaLedgerAdmmSolver;
import org.tem.examples.ledger.TcpLedgerAdmmSolver;
import org.tem.examples.scenario.ResultWriter;
import org.tem.solver.admm.AdmmListener;
import org.tem.solver.admm.AdmmSolver;

/**
 * An ADMM round over TCP between four JVM processes on loopback: three validators as {@code tem
 * node --config} processes (RocksDB data directories) and a fourth process holding one normal
 * node with the operator and the three meters ({@link TcpRoundJoiner}). Mid-round one validator
 * is killed with SIGKILL and restarted on its data directory; it resumes from its own blocks,
 * catches up with the chain, and the round completes with the in-process ADMM result bit for bit
 * (no deadline fires: nobody advances an iteration).
 */
class TcpRoundIT {

    private static final Pattern ITERATION = Pattern.compile("(?m)^iteration (\\d+)$");
    private static final Pattern HEAD = Pattern.compile("(?m)^head #(\\d+) ");
    private static final Pattern STARTED = Pattern.compile("(?m)^started \\S+ on \\S+, chain \\d+, genesis \\S+, head #(\\d+),");
    private static final Pattern BLOCKS = Pattern.compile("(?m)^done: .*: (\\d+) blocks, ");







    /** The result without what differs between runs by design (method, message, wall time). */
    private static ObjectNode comparable(String json) throws IOException {
        ObjectNode o = (ObjectNode) new ObjectMapper().readTree(json);
        o.remove(List.of("method", "message", "seconds"));
        return o;
    }

    @Test
    void roundBetweenFourProcessesCompletesBitForBitAfterAValidatorIsKilledAndRestartedMidRound(@TempDir Path dir)
            throws Exception {
        int base = freeBase();
        Files.write(dir.resolve("chain.json"), TcpLedgerAdmmSolver.chainSpec(TcpRoundJoiner.vpp(), 3,
                System.currentTimeMillis(), List.of(TcpRoundJoiner.NAME)).toJson());
        List<String> addresses = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            addresses.add("127.0.0.1:" + (base + i));
        }
        for (int i = 0; i < 3; i++) {
            List<String> peers = new ArrayList<>(addresses);
            peers.remove(i);
            Files.write(dir.resolve("node-" + i + ".json"), NodeConfig.json("chain.json", "data/node-" + i,
                    PoaLedgerAdmmSolver.validatorKey(i), TcpLedgerAdmmSolver.nodeKey("v" + i), addresses.get(i), peers));
        }
        List<Process> processes = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                processes.add(validator(dir, i, "node-" + i + ".log"));
            }
            List<String> command = new ArrayList<>(List.of(java(), "-Xmx384m", "-cp",
                    System.getProperty("java.class.path"), TcpRoundJoiner.class.getName(),
                    dir.resolve("chain.json").toString(), dir.resolve("result.json").toString()));
            command.addAll(addresses);
            Path joinLog = dir.resolve("joiner.log");
            Process joiner = new ProcessBuilder(command).redirectOutput(joinLog.toFile())
                    .redirectError(dir.resolve("joiner.log.err").toFile()).start();
            processes.add(joiner);
            Solution admm = new AdmmSolver(TcpRoundJoiner.options(), 1, AdmmListener.NONE).solve(TcpRoundJoiner.vpp());
            assertTrue(admm.iterations() > 30, "a round long enough to kill and restart a node in: " + admm.iterations());

            // some iterations are final at the joiner's node: kill validator 0 without letting it shut down
            assertTrue(await(() -> last(ITERATION, read(joinLog)).orElse(0) >= 3, 90_000, 50),
                    "iterations close: " + read(joinLog) + read(dir.resolve("joiner.log.err")));
            Process killed = processes.get(0);
            killed.destroyForcibly(); // SIGKILL
            assertTrue(killed.waitFor(30, TimeUnit.SECONDS));
            assertEquals(137, killed.exitValue(), "killed by SIGKILL");
            long headAtKill = last(HEAD, read(dir.resolve("node-0.log"))).orElseThrow();

            processes.set(0, validator(dir, 0, "node-0-again.log"));
            Path again = dir.resolve("node-0-again.log");
            assertTrue(await(() -> last(STARTED, read(again)).isPresent(), 60_000, 50),
                    read(again) + read(dir.resolve("node-0-again.log.err")));
            assertFalse(read(joinLog).contains("done:"), "restarted while the round still runs: " + read(joinLog));
            assertTrue(last(STARTED, read(again)).getAsLong() > 0 && last(STARTED, read(again)).getAsLong() <= headAtKill,
                    "it resumes from the blocks on its data directory: " + read(again));

            assertTrue(joiner.waitFor(120, TimeUnit.SECONDS), "the round ends: " + read(joinLog));
            assertEquals(0, joiner.exitValue(), read(joinLog) + read(dir.resolve("joiner.log.err")));
            String log = read(joinLog);
            assertTrue(log.contains("settled 0 over 3"), "every home settles, to a zero sum: " + log);
            assertEquals(comparable(ResultWriter.toJson(admm).toString()),
                    comparable(read(dir.resolve("result.json"))), "the in-process ADMM result, bit for bit");
            long blocks = last(BLOCKS, log).orElseThrow();
            assertTrue(await(() -> last(HEAD, read(again)).orElse(0) >= blocks, 60_000, 50),
                    "the restarted validator catches up to #" + blocks + ": " + read(again));
        } finally {
            for (Process p : processes) {
                p.destroy();
            }
            for (Process p : processes) {
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
        }
    }
}
