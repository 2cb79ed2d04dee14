package org.tem.examples.ledger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.tem.api.ProsumerSchedule;
import org.tem.api.Solution;
import org.tem.api.SolveStatus;
import org.tem.api.Vpp;
import org.tem.examples.synthetic.SyntheticScenario;
import org.tem.solver.admm.AdmmListener;
import org.tem.solver.admm.AdmmOptions;
import org.tem.solver.admm.AdmmSolver;

class PoaLedgerAdmmSolverTest {

    /**
     * The round on three proof-of-authority validators, the operator and each meter on a node of
     * its own, in memory on the simulator, the meters following their node's head: bit for bit
     * the in-process ADMM result (status, iterations, cost, residuals, every schedule and trade),
     * and the round settles to zero.
     */
    @Test
    void metersFollowingTheHeadGiveTheInProcessResultBitForBit() {
        check(PoaLedgerAdmmSolver.Follow.HEAD);
    }

    /** The same with the meters following only final state. */
    @Test
    void metersFollowingFinalStateGiveTheInProcessResultBitForBit() {
        check(PoaLedgerAdmmSolver.Follow.FINALIZED);
    }

    /**
     * Following the head takes fewer blocks per iteration than following final state (on three
     * validators a final iteration needs about two finality epochs of three blocks each).
     */
    @Test
    void followingTheHeadTakesFewerBlocksPerIteration() {
        Vpp vpp = SyntheticScenario.of(3, 4).build();
        AdmmOptions options = AdmmOptions.DEFAULT.withTolerances(1e-3, 1e-2);
        PoaLedgerAdmmSolver head = new PoaLedgerAdmmSolver(options, 3, AdmmListener.NONE, 1,
                PoaLedgerAdmmSolver.Follow.HEAD);
        PoaLedgerAdmmSolver fin = new PoaLedgerAdmmSolver(options, 3, AdmmListener.NONE, 1,
                PoaLedgerAdmmSolver.Follow.FINALIZED);
        Solution h = head.solve(vpp);
        Solution f = fin.solve(vpp);
        assertEquals(f.iterations(), h.iterations());
        assertTrue(2 * head.blocks() < fin.blocks(), head.blocks() + " blocks following the head, " + fin.blocks()
                + " following final state");
        assertTrue(head.virtualMillis() < fin.virtualMillis());
    }

    private static void check(PoaLedgerAdmmSolver.Follow follow) {
        Vpp vpp = SyntheticScenario.of(3, 4).build();
        // Loose tolerances keep the round short (a few dozen iterations); the comparison is exact.
        AdmmOptions options = AdmmOptions.DEFAULT.withTolerances(1e-3, 1e-2);
        Solution admm = new AdmmSolver(options, 1, AdmmListener.NONE).solve(vpp);
        PoaLedgerAdmmSolver ledger = new PoaLedgerAdmmSolver(options, 3, AdmmListener.NONE, 1, follow);
        Solution onChain = ledger.solve(vpp);
        assertEquals("ledger", onChain.method());
        assertEquals(SolveStatus.OPTIMAL, onChain.status(), onChain.message());
        assertEquals(admm.status(), onChain.status());
        assertEquals(admm.iterations(), onChain.iterations());
        assertEquals(Double.doubleToRawLongBits(admm.totalCost()), Double.doubleToRawLongBits(onChain.totalCost()));
        assertEquals(Double.doubleToRawLongBits(admm.primalResidual()),
                Double.doubleToRawLongBits(onChain.primalResidual()));
        assertEquals(Double.doubleToRawLongBits(admm.dualResidual()), Double.doubleToRawLongBits(onChain.dualResidual()));
        for (ProsumerSchedule a : admm.schedules()) {
            ProsumerSchedule l = onChain.schedule(a.id());
            assertArrayEquals(a.netTrade(), l.netTrade(), 0.0);
            a.series().forEach((name, values) -> assertArrayEquals(values, l.series(name), 0.0, name));
            a.trades().forEach((peer, values) -> assertArrayEquals(values, l.trades().get(peer), 0.0, peer));
        }
        assertEquals(0, ledger.settlements().values().stream().mapToLong(Long::longValue).sum());
        assertEquals(vpp.size(), ledger.settlements().size());
        assertTrue(ledger.transactions() >= (long) vpp.size() * onChain.iterations(),
                "one submission per meter per iteration, got " + ledger.transactions());
        assertTrue(onChain.message().contains("3 validators"), onChain.message());
        assertTrue(onChain.message().contains(ledger.blocks() + " blocks"), onChain.message());
        long[] delays = ledger.confirmationMillis();
        assertTrue(delays.length >= ledger.transactions(), delays.length + " delays for " + ledger.transactions()
                + " transactions");
        for (long d : delays) {
            assertTrue(d > 0 && d < ledger.virtualMillis(), "delay " + d);
        }
    }
}
