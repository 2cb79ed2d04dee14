package org.tem.examples.ledger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
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

    /**
     * One network for several rounds ({@link TcpLedgerAdmmSolver.Session}): round 1 abandoned by its
     * listener's exception (which propagates, on the calling thread), round 2 on the same nodes then
     * gives in-process ADMM's result bit for bit with a settlement summing to zero and its own figures
     * (no registrations: the prosumers stay registered), a prosumer outside the roster is refused, and
     * closing the session releases every node's port.
     */
    @Test
    void aSessionRunsRoundAfterRoundOnOneNetworkSurvivesAnAbandonedRoundAndReleasesItsPorts() throws IOException {
        Vpp vpp = SyntheticScenario.of(3, 4).topology(Topology.BILATERAL).build();
        Solution admm = new AdmmSolver(OPTIONS, 1, AdmmListener.NONE).solve(vpp);
        TcpLedgerAdmmSolver tcp = new TcpLedgerAdmmSolver(OPTIONS, 2, AdmmListener.NONE, 30_000);
        List<InetSocketAddress> ports;
        try (TcpLedgerAdmmSolver.Session session = tcp.open(vpp)) {
            ports = session.listenAddresses();
            assertEquals(2 + 1 + 3, ports.size(), "two validators, the operator's node, three meters' nodes");
            Thread caller = Thread.currentThread();
            List<Thread> calledOn = new ArrayList<>();
            IllegalStateException stop = assertThrows(IllegalStateException.class, () -> session.solve(vpp, it -> {
                calledOn.add(Thread.currentThread());
                if (it.iteration() == 2) {
                    throw new IllegalStateException("stop at 2");
                }
            }));
            assertEquals("stop at 2", stop.getMessage());
            assertEquals(List.of(caller, caller), calledOn, "the listener runs on the calling thread");
            assertTrue(session.figures().isEmpty(), "no figures for an abandoned round");
            assertEquals(2, session.nextRound());

            List<Integer> seen = new ArrayList<>();
            Solution second = session.solve(vpp, it -> seen.add(it.iteration()));
            assertSameAs(admm, second);
            assertEquals(admm.iterations(), seen.size(), "every iteration of round 2 reported once");
            assertTrue(second.message().startsWith("round 2 on 2 validators and 6 nodes over TCP"), second.message());
            TcpLedgerAdmmSolver.RoundFigures f = session.figures().orElseThrow();
            assertEquals(2, f.round());
            assertEquals(vpp.size(), f.settlements().size());
            assertEquals(0, f.settlements().values().stream().mapToLong(Long::longValue).sum());
            assertTrue(f.transactions() >= (long) vpp.size() * second.iterations() + 1,
                    "the opening and one submission per meter per iteration, got " + f.transactions());
            assertTrue(f.blocks() > 0);
            assertTrue(!f.confirmationMicros().isEmpty() && f.confirmationMicros().stream().allMatch(us -> us > 0),
                    "positive confirmation delays: " + f.confirmationMicros());

            Vpp stranger = SyntheticScenario.of(4, 4).topology(Topology.BILATERAL).build();
            assertThrows(IllegalArgumentException.class, () -> session.solve(stranger, AdmmListener.NONE));
        }
        for (InetSocketAddress a : ports) {
            try (ServerSocket s = new ServerSocket()) {
                s.bind(a);
            }
        }
    }

    private static void check(Vpp vpp, int validators) {
        Solution admm = new AdmmSolver(OPTIONS, 1, AdmmListener.NONE).solve(vpp);
        TcpLedgerAdmmSolver tcp = new TcpLedgerAdmmSolver(OPTIONS, validators, AdmmListener.NONE, 30_000);
        Solution onChain = tcp.solve(vpp);
        assertSameAs(admm, onChain);
        assertEquals(vpp.size(), tcp.settlements().size());
        assertEquals(0, tcp.settlements().values().stream().mapToLong(Long::longValue).sum());
        assertTrue(tcp.transactions() >= (long) vpp.size() * onChain.iterations(),
                "one submission per meter per iteration, got " + tcp.transactions());
        assertTrue(onChain.message().contains(validators + " validators and " + (validators + 1 + vpp.size())
                + " nodes over TCP"), onChain.message());
    }

    /** Status, iterations, cost, residuals, every schedule series and trade bit for bit. */
    private static void assertSameAs(Solution admm, Solution onChain) {
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
    }
}
