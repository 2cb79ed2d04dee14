package org.tem.evm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tem.api.Solution;
import org.tem.api.SolveStatus;
import org.tem.api.Topology;
import org.tem.api.Vpp;
import org.tem.solver.CentralSolver;
import org.tem.solver.admm.AdmmListener;
import org.tem.solver.admm.AdmmOptions;
import org.tem.solver.admm.SilenceSchedule;
import org.tem.solver.fixedpoint.ReciprocalCost;

/**
 * A complete small round (3 homes, 6 hourly slots) on a real EVM node (Anvil), in both topologies:
 * every closed iteration is replayed in the Java mirror of the contract and compared integer for
 * integer (round status, iteration, ρ, the three residuals, active count, every participant's
 * {@code 2p'}, λ, frozen links and exclusion — {@link EvmRoundVerifier} throws on the first
 * difference), the chain's settlement equals the mirror's payment for payment and sums to exactly
 * zero, and the true cost of the settled schedule (each home re-solved with its trades fixed to
 * {@code p'}) is within 1e-4 of the central optimum. The 10-home rounds are in {@link EvmDayReport}.
 */
class EvmRoundTest {
    /**
     * How far the true-cost re-solve may move a fixed trade, kWh: a home with no flexibility left
     * in a slot cannot absorb even a rounding-sized extra trade (see {@link ReciprocalCost}).
     */
    static final double SLACK_KWH = 1e-6;

    @ParameterizedTest
    @EnumSource(Topology.class)
    void aThreeHomeRoundOnAnvilMatchesTheJavaMirrorBitForBitAndReachesTheCentralOptimum(Topology topology) {
        Vpp vpp = Days.day(3, 6, 3, topology);
        double optimum = new CentralSolver().solve(vpp).totalCost();
        AdmmOptions options = AdmmOptions.DEFAULT.withRule(AdmmOptions.StoppingRule.STANDARD).withTolerances(1e-5, 1e-5)
                .withMaxIterations(1_000);
        try (Anvil node = Anvil.start(); EvmAccount operator = EvmAccount.connect(node.url(), Anvil.OPERATOR_KEY,
                EvmOptions.DEFAULT)) {
            EvmAdmmSolver solver = new EvmAdmmSolver(operator, null, options, AdmmListener.NONE, SilenceSchedule.NONE);
            Solution s = solver.solve(vpp);
            assertEquals(SolveStatus.OPTIMAL, s.status(), s.message());
            assertEquals(s.iterations(), solver.iterations().size(), "every iteration was replayed in the mirror");
            List<Long> pay = solver.settlements();
            assertEquals(3, pay.size());
            assertEquals(0L, pay.stream().mapToLong(Long::longValue).sum(), "payments sum to exactly zero");
            assertTrue(pay.stream().anyMatch(p -> p != 0), "somebody trades");
            ReciprocalCost.Result trueCost = ReciprocalCost.of(vpp, solver.settledKwh(), SLACK_KWH);
            assertTrue(trueCost.failed().isEmpty(), () -> "homes that cannot absorb p': " + trueCost.failed());
            assertEquals(optimum, trueCost.cost(), 1e-4 * Math.max(1, Math.abs(optimum)),
                    "true cost of the settled schedule vs the central optimum");
        }
    }
}
