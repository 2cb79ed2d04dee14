package org.tem.examples.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tem.api.Solution;
import org.tem.api.SolveStatus;
import org.tem.api.Vpp;
import org.tem.examples.synthetic.SyntheticScenario;
import org.tem.solver.admm.AdmmIteration;
import org.tem.solver.admm.AdmmOptions;
import org.tem.solver.admm.AdmmRun;
import org.tem.solver.admm.AdmmSolver;
import org.tem.solver.admm.WarmStart;
import org.tem.solver.contract.RoundStatus;

/**
 * Two days of three synthetic homes on ONE proof-of-authority network ({@link PoaLedgerAdmmSolver.Session}):
 * day 2's round on the same chain, opened warm from day 1's, is the in-process
 * {@code AdmmSolver.run(day2, day1.next())} bit for bit — and not the cold run, so a warm start that
 * silently fell back to cold fails here.
 */
class PoaLedgerSessionTest {
    private static final AdmmOptions OPTIONS = AdmmOptions.DEFAULT.withTolerances(1e-3, 1e-2);
    private static final SyntheticScenario HOMES = SyntheticScenario.of(3, 4);
    private static final Vpp DAY1 = HOMES.day(0).build();
    private static final Vpp DAY2 = HOMES.day(1).build();

    private static void assertSame(Solution expected, Solution actual, String what) {
        assertEquals(SolveStatus.OPTIMAL, actual.status(), actual.message());
        assertEquals(expected.iterations(), actual.iterations(), what + " iterations");
        assertEquals(Double.doubleToRawLongBits(expected.totalCost()), Double.doubleToRawLongBits(actual.totalCost()),
                what + " cost");
        assertEquals(Double.doubleToRawLongBits(expected.primalResidual()),
                Double.doubleToRawLongBits(actual.primalResidual()), what + " primal residual");
        for (int u = 0; u < expected.schedules().size(); u++) {
            double[] a = expected.schedules().get(u).netTrade();
            double[] b = actual.schedules().get(u).netTrade();
            for (int t = 0; t < a.length; t++) {
                assertEquals(Double.doubleToRawLongBits(a[t]), Double.doubleToRawLongBits(b[t]),
                        what + " net trade of " + u + " at " + t);
            }
        }
    }

    @Test
    void theNextDaysRoundOnTheSameChainStartsWarmAndIsTheInProcessWarmRunBitForBit() {
        List<AdmmIteration> warmIterations = new ArrayList<>();
        List<AdmmIteration> coldIterations = new ArrayList<>();
        AdmmRun first = new AdmmSolver(OPTIONS, 1, it -> { }).run(DAY1, WarmStart.COLD);
        AdmmRun warm = new AdmmSolver(OPTIONS, 1, warmIterations::add).run(DAY2, first.next());
        AdmmRun cold = new AdmmSolver(OPTIONS, 1, coldIterations::add).run(DAY2, WarmStart.COLD);
        assertNotEquals(Double.doubleToRawLongBits(coldIterations.get(0).primalResidual()),
                Double.doubleToRawLongBits(warmIterations.get(0).primalResidual()),
                "day 2's first iteration tells a warm start from a cold one");

        PoaLedgerAdmmSolver driver = new PoaLedgerAdmmSolver(OPTIONS, 3, it -> { }, 7);
        try (PoaLedgerAdmmSolver.Session session = driver.open(DAY1.prosumers().stream().map(p -> p.id()).toList())) {
            Solution day1 = session.solve(DAY1, 0);
            assertSame(first.solution(), day1, "day 1");
            assertEquals(1, session.lastRound());
            assertEquals(RoundStatus.FINAL, session.lastStatus().orElseThrow());
            long height = session.height();

            List<AdmmIteration> onChain = new ArrayList<>();
            Solution day2 = session.solve(DAY2, 1, onChain::add);
            assertSame(warm.solution(), day2, "day 2");
            assertEquals(Double.doubleToRawLongBits(warmIterations.get(0).primalResidual()),
                    Double.doubleToRawLongBits(onChain.get(0).primalResidual()), "day 2 on the chain started warm");
            assertEquals(1, session.config(2).warmFrom(), "the chain records where round 2 started");
            assertEquals(0, session.config(1).warmFrom());
            assertEquals(2, session.lastRound());
            assertEquals(height + session.blocks(), session.height(), "day 2's blocks follow day 1's on one chain");
            assertTrue(session.transactions() >= 3L * day2.iterations() + 1, "day 2: its submissions and its opening");
            assertTrue(day2.message().contains("warm from round 1"), day2.message());
            assertEquals(0, session.settlements().values().stream().mapToLong(Long::longValue).sum());

            // a warm start the contract refuses (no round 9) fails the day, it does not run cold
            IllegalStateException refused = assertThrows(IllegalStateException.class, () -> session.solve(DAY2, 9));
            assertTrue(refused.getMessage().contains("does not exist"), refused.getMessage());
        }
    }
}
