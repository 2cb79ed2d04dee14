package org.tem.examples.ledger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.tem.api.ProsumerSchedule;
import org.tem.api.Solution;
import org.tem.api.SolveStatus;
import org.tem.api.Topology;
import org.tem.api.Vpp;
import org.tem.examples.synthetic.SyntheticScenario;
import org.tem.solver.admm.AdmmListener;
import org.tem.solver.admm.AdmmOptions;
import org.tem.solver.admm.AdmmSolver;

/**
 * One round of three synthetic homes through real {@link org.tem.consensus.node.TemNode}s over
 * TCP on loopback, in real time (validators, the operator's node and a node per meter, each on its
 * own port and loop), against the in-process ADMM result: bilateral trades on two validators,
 * the pool on one.
 */
class TcpLedgerAdmmSolverTest {
    // Loose tolerances keep the round short (a few dozen iterations); the comparisons are exact.
    private static final AdmmOptions OPTIONS = AdmmOptions.DEFAULT.withTolerances(1e-3, 1e-2);

    /**
     * Bilateral links, two validators: status, iterations, cost, residuals, every schedule series
     * and trade bit for bit as in-process ADMM; the settlements sum to zero, one per home; at
     * least one submission per meter per iteration is on the chain.
     */
    @Test
    void bilateralRoundOnTwoValidatorsOverTcpGivesTheInProcessResultBitForBit() {
        check(SyntheticScenario.of(3, 4).topology(Topology.BILATERAL).build(), 2);
    }

    /** The same with the pool topology on one validator. */
    @Test
    void poolRoundOnOneValidatorOverTcpGivesTheInProcessResultBitForBit() {
        check(SyntheticScenario.of(3, 5).topology(Topology.POOL).build(), 1);
    }

    private static void check(Vpp vpp, int validators) {
        Solution admm = new AdmmSolver(OPTIONS, 1, AdmmListener.NONE).solve(vpp);
        TcpLedgerAdmmSolver tcp = new TcpLedgerAdmmSolver(OPTIONS, validators, AdmmListener.NONE, 30_000);
        Solution onChain = tcp.solve(vpp);
        assertEquals("ledger", onChain.method());
        assertEquals(SolveStatus.OPTIMAL, onChain.status(), onChain.message());
        assertEquals(admm.iterations(), onChain.iterations());
        assertEquals(Double.doubleToRawLongBits(admm.totalCost()), Double.doubleToRawLongBits(onChain.totalCost()));
        assertEquals(Double.doubleToRawLongBits(admm.primalResidual()),
                Double.doubleToRawLongBits(onChain.primalResidual()));
        assertEquals(Double.doubleToRawLongBits(admm.dualResidual()), Double.doubleToRawLongBits(onChain.dualResidual()));
        assertEquals(admm.schedules().size(), onChain.schedules().size());
        for (ProsumerSchedule a : admm.schedules()) {
            ProsumerSchedule l = onChain.schedule(a.id());
            assertArrayEquals(a.netTrade(), l.netTrade(), 0.0);
            a.series().forEach((name, values) -> assertArrayEquals(values, l.series(name), 0.0, name));
            assertEquals(a.trades().keySet(), l.trades().keySet());
            a.trades().forEach((peer, values) -> assertArrayEquals(values, l.trades().get(peer), 0.0, peer));
        }
        assertEquals(vpp.size(), tcp.settlements().size());
        assertEquals(0, tcp.settlements().values().stream().mapToLong(Long::longValue).sum());
        assertTrue(tcp.transactions() >= (long) vpp.size() * onChain.iterations(),
                "one submission per meter per iteration, got " + tcp.transactions());
        assertTrue(onChain.message().contains(validators + " validators and " + (validators + 1 + vpp.size())
                + " nodes over TCP"), onChain.message());
    }
}
