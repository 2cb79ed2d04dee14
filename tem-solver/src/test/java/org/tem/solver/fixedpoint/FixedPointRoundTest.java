package org.tem.solver.fixedpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tem.api.Topology;
import org.tem.api.Vpp;
import org.tem.solver.VppsForAdmm;
import org.tem.solver.admm.AdmmOptions;
import org.tem.solver.admm.LocalAgent;
import org.tem.solver.contract.RoundStatus;

/**
 * The fixed-point round in process (the Java mirror of the EVM contract, with its meters' agents):
 * a prosumer silent in iteration 1 is excluded, trades nothing and pays nothing while the others
 * settle to exactly zero, and the order of the submissions changes no value. (The rounds on a real
 * EVM node, compared with this mirror and with the central optimum, are tem-evm's tests.)
 */
class FixedPointRoundTest {
    private static final AdmmOptions OPTIONS = AdmmOptions.DEFAULT.withRule(AdmmOptions.StoppingRule.STANDARD)
            .withTolerances(1e-5, 1e-5).withMaxIterations(2_000);

    @ParameterizedTest
    @EnumSource(Topology.class)
    void aProsumerSilentInTheFirstIterationIsExcludedFrozenAndPaysNothing(Topology topology) {
        Vpp vpp = VppsForAdmm.vpp(5, 6, 11, topology);
        int[] silentFrom = {0, 0, 1, 0, 0};
        FixedRounds.Outcome out = FixedRounds.run(vpp, FixedRounds.config(vpp, OPTIONS), silentFrom);
        FixedPointRound round = out.round();
        assertEquals(RoundStatus.FINAL, round.status());
        assertTrue(round.excluded(2));
        assertEquals(List.of(vpp.prosumers().get(2).id()), round.excludedIds());
        for (long[] link : round.twiceAuxiliary(2)) {
            assertTrue(Arrays.stream(link).allMatch(x -> x == 0), "the excluded prosumer trades nothing");
        }
        long[] pay = round.payments();
        assertEquals(0L, pay[2]);
        assertEquals(0L, Arrays.stream(pay).sum());
    }

    /** The EVM contract has no SETTLED rule: a configuration asking for it is refused, not run as another rule. */
    @Test
    void theSettledRuleIsRefusedForTheEvmRound() {
        Vpp vpp = VppsForAdmm.vpp(3, 6, 1, Topology.POOL);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FixedRounds.config(vpp, AdmmOptions.DEFAULT.withRule(AdmmOptions.StoppingRule.SETTLED)));
        assertTrue(e.getMessage().startsWith("rule:"), e.getMessage());
    }

    /**
     * The contract updates a bilateral pair when its second submission arrives, so the order of the
     * submissions decides the order of the updates; every sum is an exact integer, so nothing may
     * depend on it.
     */
    @Test
    void reversingTheOrderOfTheSubmissionsChangesNoValue() {
        Vpp vpp = VppsForAdmm.vpp(5, 6, 3, Topology.BILATERAL);
        FixedRoundConfig config = FixedRounds.config(vpp, OPTIONS);
        FixedRounds.Outcome forward = FixedRounds.run(vpp, config, new int[vpp.size()]);
        FixedPointRound reverse = new FixedPointRound(config);
        List<FixedPointAgent> agents = new ArrayList<>();
        for (int u = 0; u < vpp.size(); u++) {
            agents.add(new FixedPointAgent(LocalAgent.of(vpp, u)));
        }
        int k = 0;
        while (reverse.status() == RoundStatus.OPEN) {
            Optional<FixedIteration> closed = Optional.empty();
            for (int u = vpp.size() - 1; u >= 0 && closed.isEmpty(); u--) {
                FixedPointAgent.Proposal p = agents.get(u).propose(reverse.rho(), reverse.twiceAuxiliary(u),
                        reverse.lambda(u), FixedRounds.frozen(reverse, u), FixedRounds.limits(reverse, u));
                closed = reverse.submit(u, p.trades());
            }
            assertEquals(forward.history().get(k), closed.orElseThrow(), "iteration " + (k + 1));
            k++;
        }
        assertEquals(forward.history().size(), k);
        for (int u = 0; u < vpp.size(); u++) {
            assertArrayEquals(forward.round().twiceAuxiliary(u), reverse.twiceAuxiliary(u));
            assertArrayEquals(forward.round().lambda(u), reverse.lambda(u));
        }
        assertArrayEquals(forward.round().payments(), reverse.payments());
    }
}
