package org.tem.examples.ledger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tem.api.ProsumerSchedule;
import org.tem.api.Solution;
import org.tem.api.SolveStatus;
import org.tem.api.Vpp;
import org.tem.examples.synthetic.SyntheticScenario;
import org.tem.solver.admm.AdmmListener;
import org.tem.solver.admm.AdmmOptions;
import org.tem.solver.admm.AdmmSolver;

/**
 * One round of three synthetic prosumers on three proof-of-authority validators, the operator and
 * each meter on a node of its own, in memory on the simulator, run twice (meters following their
 * node's head, and only final state), and once with the meters sharing two nodes, against the
 * in-process ADMM result.
 */
class PoaLedgerAdmmSolverTest {
    private static final Vpp VPP = SyntheticScenario.of(3, 4).build();
    // Loose tolerances keep the round short (a few dozen iterations); the comparisons are exact.
    private static final AdmmOptions OPTIONS = AdmmOptions.DEFAULT.withTolerances(1e-3, 1e-2);

    private static Solution admm;
    private static PoaLedgerAdmmSolver head;
    private static Solution onHead;
    private static PoaLedgerAdmmSolver fin;
    private static Solution onFinal;
    private static PoaLedgerAdmmSolver sharing;
    private static Solution onShared;

    @BeforeAll
    static void solve() {
        admm = new AdmmSolver(OPTIONS, 1, AdmmListener.NONE).solve(VPP);
        head = new PoaLedgerAdmmSolver(OPTIONS, 3, AdmmListener.NONE, 1, PoaLedgerAdmmSolver.Follow.HEAD);
        onHead = head.solve(VPP);
        fin = new PoaLedgerAdmmSolver(OPTIONS, 3, AdmmListener.NONE, 1, PoaLedgerAdmmSolver.Follow.FINALIZED);
        onFinal = fin.solve(VPP);
        sharing = new PoaLedgerAdmmSolver(OPTIONS, 3, AdmmListener.NONE, 1).withMeterNodes(2);
        onShared = sharing.solve(VPP);
    }

    /**
     * Meters following their node's head: bit for bit the in-process ADMM result (status,
     * iterations, cost, residuals, every schedule and trade), the round settles to zero, and every
     * transaction has a confirmation delay.
     */
    @Test
    void metersFollowingTheHeadGiveTheInProcessResultBitForBit() {
        check(head, onHead);
    }

    /** The same with the meters following only final state. */
    @Test
    void metersFollowingFinalStateGiveTheInProcessResultBitForBit() {
        check(fin, onFinal);
    }

    /**
     * The three meters sharing two normal nodes (one node carries two meters' keys, nonces and
     * reactions): the same in-process result bit for bit, on a network of six nodes rather than
     * seven; a negative number of shared nodes is refused.
     */
    @Test
    void metersSharingNodesGiveTheInProcessResultBitForBit() {
        check(sharing, onShared);
        assertTrue(onShared.message().contains("3 validators and 6 nodes"), onShared.message());
        assertTrue(onHead.message().contains("3 validators and 7 nodes"), onHead.message());
        assertThrows(IllegalArgumentException.class, () -> head.withMeterNodes(-1));
    }

    /**
     * Following the head takes fewer than half the blocks and less virtual time than following final
     * state (on three validators a final iteration needs about two finality epochs of three blocks).
     */
    @Test
    void followingTheHeadTakesFewerBlocksPerIteration() {
        assertEquals(onFinal.iterations(), onHead.iterations());
        assertTrue(2 * head.blocks() < fin.blocks(), head.blocks() + " blocks following the head, " + fin.blocks()
                + " following final state");
        assertTrue(head.virtualMillis() < fin.virtualMillis());
    }

    private static void check(PoaLedgerAdmmSolver ledger, Solution onChain) {
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
        assertEquals(VPP.size(), ledger.settlements().size());
        assertTrue(ledger.transactions() >= (long) VPP.size() * onChain.iterations(),
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
