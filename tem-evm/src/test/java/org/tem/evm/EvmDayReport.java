package org.tem.evm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Assumptions;
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
 * A 10-home day (24 hourly slots) on Anvil in both topologies, with the checks of
 * {@link EvmRoundTest} (mirror bit for bit, settlement, true cost within 1e-4 of the central
 * optimum) and a line for benchmarks/README.md: iterations, transactions, gas, wall time. It takes
 * minutes, so it runs only with {@code -Dtem.evm.day=true}.
 */
class EvmDayReport {
    @ParameterizedTest
    @EnumSource(Topology.class)
    void aTenHomeDayOnAnvil(Topology topology) {
        Assumptions.assumeTrue(Boolean.getBoolean("tem.evm.day"), "minutes long: run with -Dtem.evm.day=true");
        Vpp vpp = Days.day(10, 24, 3, topology);
        double optimum = new CentralSolver().solve(vpp).totalCost();
        AdmmOptions options = AdmmOptions.DEFAULT.withRule(AdmmOptions.StoppingRule.STANDARD).withTolerances(1e-5, 1e-5)
                .withMaxIterations(1_000);
        try (Anvil node = Anvil.start(); EvmAccount operator = EvmAccount.connect(node.url(), Anvil.OPERATOR_KEY,
                EvmOptions.DEFAULT)) {
            EvmAdmmSolver solver = new EvmAdmmSolver(operator, null, options, AdmmListener.NONE, SilenceSchedule.NONE);
            long t0 = System.nanoTime();
            Solution s = solver.solve(vpp);
            double wall = (System.nanoTime() - t0) / 1e9;
            ReciprocalCost.Result trueCost = ReciprocalCost.of(vpp, solver.settledKwh(), EvmRoundTest.SLACK_KWH);
            System.out.printf("| %s | 10 | 24 | %s | %d | %,d | %,d | %,d | %.1f s | %s | %.6f |%n", topology,
                    s.status(), s.iterations(), solver.transactions(), solver.gasUsed(),
                    solver.gasUsed() / Math.max(1, s.iterations()), wall, trueCost.failed().isEmpty()
                            ? String.format("%.6f", trueCost.cost()) : "re-solve failed: " + trueCost.failed(),
                    optimum);
            assertEquals(SolveStatus.OPTIMAL, s.status(), s.message());
            assertEquals(0L, solver.settlements().stream().mapToLong(Long::longValue).sum());
            assertTrue(trueCost.failed().isEmpty(), () -> "homes that cannot absorb p': " + trueCost.failed());
            assertEquals(optimum, trueCost.cost(), 1e-4 * Math.max(1, Math.abs(optimum)));
        }
    }
}
