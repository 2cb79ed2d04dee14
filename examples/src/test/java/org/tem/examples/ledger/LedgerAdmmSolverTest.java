package org.tem.examples.ledger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tem.api.ProsumerSchedule;
import org.tem.api.Solution;
import org.tem.api.SolveStatus;
import org.tem.api.Topology;
import org.tem.api.Vpp;
import org.tem.examples.synthetic.SyntheticScenario;
import org.tem.ledger.block.Block;
import org.tem.ledger.chain.Blockchain;
import org.tem.ledger.chain.ImportResult;
import org.tem.ledger.dev.DevSeal;
import org.tem.ledger.storage.InMemoryStorage;
import org.tem.ledger.storage.RocksDbStorage;
import org.tem.solver.admm.AdmmListener;
import org.tem.solver.admm.AdmmOptions;
import org.tem.solver.admm.AdmmSolver;
import org.tem.solver.admm.SilenceSchedule;

class LedgerAdmmSolverTest {

    private static void assertBitIdentical(Solution admm, Solution ledger) {
        assertEquals(admm.status(), ledger.status());
        assertEquals(admm.iterations(), ledger.iterations());
        assertEquals(Double.doubleToRawLongBits(admm.totalCost()), Double.doubleToRawLongBits(ledger.totalCost()));
        assertEquals(Double.doubleToRawLongBits(admm.primalResidual()), Double.doubleToRawLongBits(ledger.primalResidual()));
        assertEquals(Double.doubleToRawLongBits(admm.dualResidual()), Double.doubleToRawLongBits(ledger.dualResidual()));
        for (ProsumerSchedule a : admm.schedules()) {
            ProsumerSchedule l = ledger.schedule(a.id());
            assertArrayEquals(a.netTrade(), l.netTrade(), 0.0);
            a.series().forEach((name, values) -> assertArrayEquals(values, l.series(name), 0.0, name));
            a.trades().forEach((peer, values) -> assertArrayEquals(values, l.trades().get(peer), 0.0, peer));
        }
    }

    static Stream<Arguments> silences() {
        return Stream.of(
                Arguments.of(Topology.BILATERAL, "none", SilenceSchedule.NONE, List.of()),
                Arguments.of(Topology.BILATERAL, "the third never answers", SilenceSchedule.never(2), List.of(2)),
                Arguments.of(Topology.BILATERAL, "the second silent from 20", SilenceSchedule.fromIteration(1, 20), List.of(1)),
                Arguments.of(Topology.POOL, "none", SilenceSchedule.NONE, List.of()),
                Arguments.of(Topology.POOL, "the third never answers", SilenceSchedule.never(2), List.of(2)),
                Arguments.of(Topology.POOL, "the second silent from 20", SilenceSchedule.fromIteration(1, 20), List.of(1)));
    }

    /**
     * {@code tem solve --method ledger} is bit-identical to {@code --method admm}, with and without
     * silent meters (one that never answers and is excluded when iteration 1 closes, one that falls
     * silent at iteration 20 and is excluded after K = 3 misses), in both topologies, and every round
     * settles to zero with the excluded prosumer paying nothing.
     */
    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("silences")
    void silentMetersGiveTheSameResultInProcessAndOnTheLedgerAndTheRoundSettles(Topology topology, String name,
            SilenceSchedule silence, List<Integer> excluded) {
        Vpp vpp = SyntheticScenario.of(4, 11).topology(topology).build();
        Solution admm = new AdmmSolver(AdmmOptions.DEFAULT, 2, AdmmListener.NONE, silence).solve(vpp);
        LedgerAdmmSolver ledger = new LedgerAdmmSolver(AdmmOptions.DEFAULT, null, AdmmListener.NONE, silence);
        Solution onChain = ledger.solve(vpp);
        assertEquals("ledger", onChain.method());
        assertEquals(SolveStatus.OPTIMAL, onChain.status(), onChain.message());
        assertBitIdentical(admm, onChain);
        assertEquals(admm.message(), onChain.message());
        List<String> ids = excluded.stream().map(u -> vpp.prosumers().get(u).id()).toList();
        assertEquals(ids, ledger.excluded());
        long sum = ledger.settlements().values().stream().mapToLong(Long::longValue).sum();
        assertEquals(0, sum, "settlement must be zero-sum");
        assertEquals(vpp.size(), ledger.settlements().size());
        for (String id : ids) {
            assertEquals(0L, ledger.settlements().get(id), id + " is excluded: it pays and is paid nothing");
            assertArrayEquals(new double[24], onChain.schedule(id).netTrade(), 0.0, id + " trades nothing");
        }
        if (!ids.isEmpty()) {
            assertTrue(onChain.message().contains(ids.get(0)), onChain.message());
        }
    }

    @Test
    void replayingAStoredRoundFromGenesisReproducesEveryStateRoot(@TempDir Path dir) throws Exception {
        Vpp vpp = SyntheticScenario.of(3, 4).build();
        try (RocksDbStorage disk = RocksDbStorage.open(dir.resolve("chain"))) {
            Solution s = new LedgerAdmmSolver(AdmmOptions.DEFAULT, disk, AdmmListener.NONE).solve(vpp);
            assertEquals(SolveStatus.OPTIMAL, s.status());
        }
        try (RocksDbStorage disk = RocksDbStorage.open(dir.resolve("chain"));
                InMemoryStorage fresh = new InMemoryStorage()) {
            var verifier = DevSeal.verifier(LedgerAdmmSolver.devKey("validator").address());
            Blockchain stored = Blockchain.open(disk, LedgerAdmmSolver.genesis(), verifier);
            Blockchain replay = Blockchain.open(fresh, LedgerAdmmSolver.genesis(), verifier);
            long height = stored.head().number();
            assertTrue(height > 5, "a whole round is many blocks, got " + height);
            for (long n = 1; n <= height; n++) {
                Block block = stored.block(n).orElseThrow();
                ImportResult r = replay.importBlock(block);
                assertTrue(r.imported(), "block " + n + ": " + r.reason());
                assertEquals(block.header().stateRoot(), replay.head().stateRoot(), "state root of block " + n);
            }
            assertEquals(stored.head().stateRoot(), replay.recomputeStateRoot());
        }
    }
}
