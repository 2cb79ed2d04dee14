package org.tem.solver.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tem.api.ProsumerSchedule;
import org.tem.api.Topology;
import org.tem.api.Vpp;
import org.tem.api.contract.ContractException;
import org.tem.ledger.crypto.Hash;
import org.tem.ledger.crypto.KeyPair;
import org.tem.ledger.tx.Receipt;
import org.tem.solver.VppsForAdmm;
import org.tem.solver.admm.AdmmIteration;
import org.tem.solver.admm.AdmmLinks;
import org.tem.solver.admm.AdmmOptions;
import org.tem.solver.admm.AdmmRun;
import org.tem.solver.admm.AdmmSolver;
import org.tem.solver.admm.AdmmState;
import org.tem.solver.admm.LocalAgent;
import org.tem.solver.admm.TradingAgent;
import org.tem.solver.admm.WarmStart;

/**
 * Issue 13: a round that starts warm from an earlier final round on the same chain
 * ({@link RoundConfig#warmFrom()}) runs exactly as the in-process {@code AdmmSolver.run(vpp,
 * previousRun.next())}: the same starting {@code λ} and {@code p'} in its first broadcast, the same
 * iterates (every iteration's residuals, bit for bit), the same settled trades, prices and payments,
 * with meters that compile their problems from their own data and the round's configuration. A
 * {@code warmFrom} that is not an earlier final round of the same slots is refused without a change.
 */
class WarmRoundTest {
    private static final long DEADLINE = 5_000;
    private static final AdmmOptions OPTIONS = AdmmOptions.DEFAULT;

    private final ContractChain chain = new ContractChain(keys(5));

    private static List<KeyPair> keys(int n) {
        List<KeyPair> keys = new ArrayList<>();
        for (int u = 0; u < n; u++) {
            keys.add(ContractChain.key("p" + u));
        }
        return keys;
    }

    private void register(Vpp vpp, int from) {
        for (int u = from; u < vpp.size(); u++) {
            String id = vpp.prosumers().get(u).id();
            chain.ok(ContractChain.OPERATOR, "register", Rounds.register(id, ContractChain.key(id)));
        }
    }

    private List<Meter> meters(Vpp vpp, long round) {
        List<Meter> meters = new ArrayList<>();
        for (var p : vpp.prosumers()) {
            meters.add(new Meter(p, vpp.market(), chain.coordination(ContractChain.key(p.id())), round,
                    () -> chain.time, DEADLINE));
        }
        return meters;
    }

    /** The iterations the operator observed, one per block, until the round closed. */
    private List<AdmmIteration> drive(List<Meter> meters, long round) {
        List<AdmmIteration> seen = new ArrayList<>();
        Operator op = new Operator(chain.coordination(ContractChain.OPERATOR), round, seen::add, () -> 0L);
        RoundView view = op.poll();
        while (view.open()) {
            int k = view.iteration();
            meters.forEach(Meter::step);
            chain.seal();
            view = op.poll();
            assertTrue(!view.open() || view.iteration() == k + 1, "every meter answers: one iteration per block");
        }
        return seen;
    }

    private void open(long round, RoundConfig config) {
        chain.ok(ContractChain.OPERATOR, "openRound", Rounds.open(round, config.encode()));
    }

    private double[][] rows(String query, long round) {
        return Codec.read(chain.query(query, Rounds.round(round)), Codec::readMatrix);
    }

    private static void assertBits(double[][] expected, double[][] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int k = 0; k < expected.length; k++) {
            assertEquals(expected[k].length, actual[k].length, what + " link " + k);
            for (int t = 0; t < expected[k].length; t++) {
                assertEquals(Double.doubleToRawLongBits(expected[k][t]), Double.doubleToRawLongBits(actual[k][t]),
                        what + " link " + k + " slot " + t);
            }
        }
    }

    private static void assertSameIterations(List<AdmmIteration> inProcess, List<AdmmIteration> onChain, String what) {
        assertEquals(inProcess.size(), onChain.size(), what + ": iterations");
        for (int i = 0; i < inProcess.size(); i++) {
            AdmmIteration a = inProcess.get(i);
            AdmmIteration b = onChain.get(i);
            assertEquals(a.iteration(), b.iteration(), what);
            assertEquals(Double.doubleToRawLongBits(a.primalResidual()), Double.doubleToRawLongBits(b.primalResidual()),
                    what + " primal residual of iteration " + a.iteration());
            assertEquals(Double.doubleToRawLongBits(a.dualResidual()), Double.doubleToRawLongBits(b.dualResidual()),
                    what + " dual residual of iteration " + a.iteration());
        }
    }

    /**
     * Runs {@code vpp} as round {@code round} warm from {@code warmFrom} on the chain and checks it
     * against the in-process run from {@code start}: first broadcast, iterations, trades, prices,
     * payments, the meters' settled schedules.
     */
    private AdmmRun sameAsInProcess(Vpp vpp, long round, long warmFrom, WarmStart start) {
        List<AdmmIteration> expected = new ArrayList<>();
        AdmmRun run = new AdmmSolver(OPTIONS, 1, expected::add).run(vpp, start);
        assertEquals(org.tem.solver.admm.AdmmOutcome.Status.CONVERGED, run.outcome().status());
        RoundConfig config = RoundConfig.of(vpp, OPTIONS, 100, DEADLINE).withWarmFrom(warmFrom);
        open(round, config);
        AdmmLinks links = config.links();
        AdmmState startState = new AdmmState(links, OPTIONS, start);
        for (int u = 0; u < vpp.size(); u++) {
            Broadcast b = chain.coordination(ContractChain.OPERATOR).broadcast(round, vpp.prosumers().get(u).id());
            assertEquals(1, b.iteration());
            assertBits(startState.lambda(links.start(u), links.end(u)), b.lambda(), "round " + round + " first λ of " + u);
            assertBits(startState.auxiliary(links.start(u), links.end(u)), b.target(),
                    "round " + round + " first p' of " + u);
            // the meter's agent (its own data and the round's configuration) answers that broadcast as
            // the in-process agent answers the in-process warm start
            TradingAgent.Proposal onMeter = config.agentFor(vpp.prosumers().get(u), vpp.market())
                    .propose(b.rho(), b.target(), b.lambda(), b.frozen());
            TradingAgent.Proposal inProcess = LocalAgent.of(vpp, u).propose(startState.rho(),
                    startState.auxiliary(links.start(u), links.end(u)), startState.lambda(links.start(u), links.end(u)),
                    startState.frozen(links.start(u), links.end(u)));
            assertTrue(inProcess.solved());
            assertBits(inProcess.trades(), onMeter.trades(), "round " + round + " first proposal of " + u);
        }
        List<Meter> meters = meters(vpp, round);
        List<AdmmIteration> seen = drive(meters, round);
        String what = "round " + round;
        assertEquals(RoundStatus.FINAL, chain.coordination(ContractChain.OPERATOR).round(round).status(), what);
        assertSameIterations(expected, seen, what);
        assertBits(run.outcome().auxiliary(), rows("trades", round), what + " settled trades");
        assertBits(run.outcome().prices(), rows("prices", round), what + " final prices");
        long[] pay = Settlement.payments(links, run.outcome().auxiliary(), vpp.market().p2pPrice(), 100);
        for (int u = 0; u < vpp.size(); u++) {
            assertEquals(pay[u], chain.coordination(ContractChain.OPERATOR).settlement(round, vpp.prosumers().get(u).id()),
                    what + " payment of " + u);
            ProsumerSchedule onMeter = meters.get(u).settle().schedule().orElseThrow();
            assertEquals(Double.doubleToRawLongBits(run.solution().schedules().get(u).cost()),
                    Double.doubleToRawLongBits(onMeter.cost()), what + " settled cost of " + u);
        }
        return run;
    }

    private static boolean anyNonZero(double[][] rows) {
        for (double[] row : rows) {
            for (double v : row) {
                if (v != 0) {
                    return true;
                }
            }
        }
        return false;
    }

    @ParameterizedTest
    @EnumSource(Topology.class)
    void aRoundWarmFromTheLastFinalRoundIsTheInProcessWarmRunBitForBit(Topology topology) {
        Vpp day1 = VppsForAdmm.vpp(3, 3, 5, topology);
        Vpp day2 = VppsForAdmm.vpp(3, 3, 6, topology);
        register(day1, 0);
        AdmmRun first = sameAsInProcess(day1, 1, 0, WarmStart.COLD);
        assertTrue(anyNonZero(first.outcome().prices()), "day 1 ends with prices to start from");
        AdmmRun second = sameAsInProcess(day2, 2, 1, first.next());
        // the warm round did start somewhere else than the cold one would have
        AdmmRun cold = new AdmmSolver(OPTIONS, 1, it -> { }).run(day2, WarmStart.COLD);
        assertNotEquals(cold.outcome().history().get(0).primalResidual(),
                second.outcome().history().get(0).primalResidual(), "a warm first iteration differs from a cold one");
    }

    /**
     * A round with a prosumer the earlier round did not have: its links start at zero, the others
     * from the earlier round's end, matched by ids, as in process ({@link #sameAsInProcess} checks
     * every first broadcast on the chain against that start).
     */
    @Test
    void linksTheEarlierRoundDidNotHaveStartAtZero() {
        Vpp day1 = VppsForAdmm.vpp(3, 3, 5, Topology.BILATERAL);
        Vpp day2 = VppsForAdmm.vpp(4, 3, 6, Topology.BILATERAL);
        register(day2, 0);
        AdmmRun first = sameAsInProcess(day1, 1, 0, WarmStart.COLD);
        sameAsInProcess(day2, 2, 1, first.next());
        Coordination operator = chain.coordination(ContractChain.OPERATOR);
        AdmmLinks links = RoundConfig.of(day2, OPTIONS, 100, DEADLINE).links();
        AdmmState start = new AdmmState(links, OPTIONS, first.next());
        assertTrue(anyNonZero(start.lambda(links.start(0), links.end(0))), "p0's links start from round 1's prices");
        assertFalse(anyNonZero(start.lambda(links.start(3), links.end(3))), "p3's links start at λ = 0");
        assertFalse(anyNonZero(start.auxiliary(links.start(3), links.end(3))), "p3's links start at p' = 0");
        assertEquals(1, operator.config(2).warmFrom());
    }

    private void refusedWithoutChange(long round, RoundConfig config, String reason) {
        Hash before = chain.contractRoot();
        Receipt r = chain.call(ContractChain.OPERATOR, "openRound", Rounds.open(round, config.encode()));
        assertFalse(r.success(), "openRound should have been refused");
        assertTrue(r.reason().contains(reason), "reason '" + r.reason() + "' does not mention '" + reason + "'");
        assertEquals(before, chain.contractRoot(), "a refused openRound changed the contract's state");
    }

    @Test
    void aWarmFromThatIsNotAnEarlierFinalRoundOfTheSameSlotsIsRefusedWithoutAChange() {
        Vpp vpp = VppsForAdmm.vpp(3, 3, 5, Topology.BILATERAL);
        register(vpp, 0);
        RoundConfig config = RoundConfig.of(vpp, OPTIONS, 100, DEADLINE);
        refusedWithoutChange(1, config.withWarmFrom(7), "does not exist");
        // round 1 stops at its cap: closed, not final, and it keeps no prices
        open(1, RoundConfig.of(vpp, OPTIONS.withMaxIterations(2), 100, DEADLINE));
        drive(meters(vpp, 1), 1);
        assertEquals(RoundStatus.MAX_ITERATIONS, chain.coordination(ContractChain.OPERATOR).round(1).status());
        assertThrows(ContractException.class, () -> rows("prices", 1), "a round that is not final keeps no prices");
        refusedWithoutChange(2, config.withWarmFrom(1), "not closed FINAL");
        // round 2 is open
        open(2, config);
        refusedWithoutChange(3, config.withWarmFrom(2), "not closed FINAL");
        drive(meters(vpp, 2), 2);
        assertEquals(RoundStatus.FINAL, chain.coordination(ContractChain.OPERATOR).round(2).status());
        // round 2 is final, over 3 slots: a 4-slot round may not start from it
        Vpp longer = VppsForAdmm.vpp(3, 4, 5, Topology.BILATERAL);
        refusedWithoutChange(3, RoundConfig.of(longer, OPTIONS, 100, DEADLINE).withWarmFrom(2), "slots");
        // a round may not start from itself (it does not exist yet) ...
        refusedWithoutChange(3, config.withWarmFrom(3), "does not exist");
        // ... and from round 2 it opens
        open(3, config.withWarmFrom(2));
        assertEquals(2, chain.coordination(ContractChain.OPERATOR).config(3).warmFrom());
    }

    @Test
    void theWarmFromFieldIsStrict() {
        assertThrows(IllegalArgumentException.class, () -> RoundConfig.of(VppsForAdmm.vpp(2, 2, 1, Topology.POOL),
                OPTIONS, 100, DEADLINE).withWarmFrom(-1));
        RawConfig negative = new RawConfig();
        negative.warmFrom = -1;
        assertThrows(ContractException.class, () -> RoundConfig.decode(negative.encode()), "a negative warmFrom");
        RawConfig old = new RawConfig();
        old.withWarmFrom = false;
        assertThrows(ContractException.class, () -> RoundConfig.decode(old.encode()),
                "the layout without warmFrom is not read as a cold round");
        RawConfig warm = new RawConfig();
        warm.warmFrom = 12;
        RoundConfig decoded = RoundConfig.decode(warm.encode());
        assertEquals(12, decoded.warmFrom());
        assertEquals(decoded, RoundConfig.decode(decoded.encode()));
        assertEquals(0, decoded.withWarmFrom(0).warmFrom());
    }
}
