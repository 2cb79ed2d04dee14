package org.tem.solver.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.tem.api.ProsumerSchedule;
import org.tem.api.Solution;
import org.tem.api.Topology;
import org.tem.api.Vpp;
import org.tem.ledger.crypto.KeyPair;
import org.tem.solver.VppsForAdmm;
import org.tem.solver.admm.AdmmIteration;
import org.tem.solver.admm.AdmmOptions;
import org.tem.solver.admm.AdmmSolver;
import org.tem.solver.admm.SilenceSchedule;

/**
 * The meter and operator library on the real ledger: meters that hold only their own prosumer and
 * tariff and read the round's configuration from the chain, an operator through {@link Operator},
 * all over {@link ContractCoordination}; the round equals in-process ADMM bit for bit, also when
 * submissions are lost or refused on the way.
 */
class MeterTest {
    private static final long DEADLINE = 20_000;
    private static final long RESEND = 3_000;

    /** A round on a fresh chain: the meters' channels can be wrapped to lose or alter calls. */
    private static final class Setup {
        final Vpp vpp;
        final ContractChain chain;
        final Operator operator;
        final List<Meter> meters = new ArrayList<>();
        final List<AdmmIteration> observed = new ArrayList<>();

        Setup(Vpp vpp, AdmmOptions options, List<UnaryOperator<CoordinationChannel>> wrap) {
            this.vpp = vpp;
            List<KeyPair> keys = new ArrayList<>();
            vpp.prosumers().forEach(p -> keys.add(ContractChain.key(p.id())));
            chain = new ContractChain(keys);
            operator = new Operator(chain.coordination(ContractChain.OPERATOR), 1, observed::add, () -> 0L);
            List<CompletableFuture<Void>> calls = new ArrayList<>();
            for (var p : vpp.prosumers()) {
                calls.add(operator.register(p.id(), ContractChain.key(p.id()).address().toArray()));
            }
            calls.add(operator.open(RoundConfig.of(vpp, options, 100, DEADLINE)));
            chain.seal();
            calls.forEach(f -> assertTrue(f.isDone() && !f.isCompletedExceptionally()));
            operator.poll();
            for (int u = 0; u < vpp.size(); u++) {
                var p = vpp.prosumers().get(u);
                CoordinationChannel channel = chain.channel(ContractChain.key(p.id()));
                if (u < wrap.size()) {
                    channel = wrap.get(u).apply(channel);
                }
                // each meter: its own prosumer and the market's tariff, nothing of its neighbours
                meters.add(new Meter(p, vpp.market(), new ContractCoordination(channel), 1, () -> chain.time, RESEND));
            }
        }

        /** Steps every meter once a block and lets the operator watch, until the round closes. */
        int run() {
            int blocks = 0;
            while (operator.view().orElseThrow().open()) {
                for (Meter m : meters) {
                    m.step();
                }
                chain.seal();
                operator.poll();
                if (++blocks > 2_000) {
                    throw new AssertionError("the round did not close");
                }
            }
            return blocks;
        }

        /** The round's result equals in-process ADMM's bit for bit: every iteration, every schedule, the payments. */
        void assertBitIdenticalToInProcess(AdmmOptions options) {
            List<AdmmIteration> history = new ArrayList<>();
            Solution inProcess = new AdmmSolver(options, 1, history::add, SilenceSchedule.NONE).solve(vpp);
            assertEquals(RoundStatus.FINAL, operator.view().orElseThrow().status());
            assertEquals(history.size(), observed.size(), "iterations");
            for (int i = 0; i < history.size(); i++) {
                AdmmIteration a = history.get(i);
                AdmmIteration b = observed.get(i);
                assertEquals(a.iteration(), b.iteration());
                assertEquals(Double.doubleToRawLongBits(a.primalResidual()), Double.doubleToRawLongBits(b.primalResidual()));
                assertEquals(Double.doubleToRawLongBits(a.dualResidual()), Double.doubleToRawLongBits(b.dualResidual()));
                assertEquals(Double.doubleToRawLongBits(a.rho()), Double.doubleToRawLongBits(b.rho()));
                assertEquals(a.converged(), b.converged());
            }
            for (int u = 0; u < vpp.size(); u++) {
                ProsumerSchedule mine = meters.get(u).settle().schedule().orElseThrow();
                assertEquals(Double.doubleToRawLongBits(inProcess.schedules().get(u).cost()),
                        Double.doubleToRawLongBits(mine.cost()), "cost of " + u);
                double[] expected = inProcess.schedules().get(u).netTrade();
                for (int t = 0; t < expected.length; t++) {
                    assertEquals(Double.doubleToRawLongBits(expected[t]), Double.doubleToRawLongBits(mine.netTrade()[t]));
                }
            }
            Map<String, Long> pay = operator.settlements();
            assertEquals(vpp.size(), pay.size());
            assertEquals(0, pay.values().stream().mapToLong(Long::longValue).sum());
            for (int u = 0; u < vpp.size(); u++) {
                assertEquals(pay.get(vpp.prosumers().get(u).id()), meters.get(u).settlement());
            }
            assertEquals(inProcess.iterations(), operator.outcome().iterations());
        }
    }

    /** A channel that passes everything through but lets a test change or drop a call. */
    private abstract static class Tampering implements CoordinationChannel {
        final CoordinationChannel inner;
        int submits;

        Tampering(CoordinationChannel inner) {
            this.inner = inner;
        }

        @Override
        public CompletableFuture<Outcome> call(String method, byte[] args) {
            if (!method.equals("submit")) {
                return inner.call(method, args);
            }
            return submit(++submits, args);
        }

        abstract CompletableFuture<Outcome> submit(int n, byte[] args);

        @Override
        public byte[] query(String method, byte[] args) {
            return inner.query(method, args);
        }
    }

    @Test
    void aBilateralRoundOfMetersHoldingOnlyTheirOwnProsumerEqualsInProcessAdmmBitForBit() {
        Setup s = new Setup(VppsForAdmm.vpp(3, 3, 5, Topology.BILATERAL), AdmmOptions.DEFAULT, List.of());
        s.run();
        s.assertBitIdenticalToInProcess(AdmmOptions.DEFAULT);
        for (Meter m : s.meters) {
            assertEquals(s.observed.size(), m.submissions(), "one submission per iteration, no resend");
            assertEquals(Meter.Action.CLOSED, m.step());
        }
    }

    @Test
    void aPoolRoundOfMetersHoldingOnlyTheirOwnProsumerEqualsInProcessAdmmBitForBit() {
        Setup s = new Setup(VppsForAdmm.vpp(4, 3, 8, Topology.POOL), AdmmOptions.DEFAULT, List.of());
        s.run();
        s.assertBitIdenticalToInProcess(AdmmOptions.DEFAULT);
    }

    @Test
    void aMeterWhoseFirstSubmissionIsLostSendsTheSameProposalAgainAndTheRoundIsBitIdentical() {
        List<byte[]> sent = new ArrayList<>();
        UnaryOperator<CoordinationChannel> loseFirst = inner -> new Tampering(inner) {
            @Override
            CompletableFuture<Outcome> submit(int n, byte[] args) {
                sent.add(args);
                // the first submission vanishes: never executed, and nobody says so
                return n == 1 ? new CompletableFuture<>() : inner.call("submit", args);
            }
        };
        Setup s = new Setup(VppsForAdmm.vpp(3, 3, 5, Topology.BILATERAL), AdmmOptions.DEFAULT, List.of(loseFirst));
        Meter lossy = s.meters.get(0);
        assertEquals(Meter.Action.SUBMITTED, lossy.step());
        for (int u = 1; u < 3; u++) {
            s.meters.get(u).step();
        }
        s.chain.seal();
        assertEquals(1, s.operator.poll().iteration(), "iteration 1 waits for the lost submission");
        assertEquals(Meter.Action.IN_FLIGHT, lossy.step(), "within the resend timeout nothing is sent");
        s.chain.time += RESEND;
        assertEquals(Meter.Action.RESUBMITTED, lossy.step());
        assertEquals(2, sent.size());
        assertEquals(java.util.Arrays.toString(sent.get(0)), java.util.Arrays.toString(sent.get(1)),
                "the resend carries the same proposal, byte for byte");
        s.chain.seal();
        assertEquals(2, s.operator.poll().iteration(), "the resent submission closed iteration 1");
        s.run();
        s.assertBitIdenticalToInProcess(AdmmOptions.DEFAULT);
        assertEquals(s.observed.size() + 1, lossy.submissions());
    }

    @Test
    void aRefusedSubmissionSurfacesTheContractsReasonAndTheMeterSendsItsProposalAgain() {
        UnaryOperator<CoordinationChannel> spoilFirst = inner -> new Tampering(inner) {
            @Override
            CompletableFuture<Outcome> submit(int n, byte[] args) {
                if (n > 1) {
                    return inner.call("submit", args);
                }
                // the first submission reaches the contract claiming iteration 42
                Object[] a = Codec.read(args, r -> new Object[] {r.readLong(), r.readInt(), Codec.readQuantities(r),
                    r.readInt()});
                return inner.call("submit", Codec.list(w -> {
                    w.writeLong((Long) a[0]);
                    w.writeInt(42);
                    Codec.writeQuantities(w, (double[][]) a[2]);
                    w.writeInt((Integer) a[3]);
                }));
            }
        };
        Setup s = new Setup(VppsForAdmm.vpp(3, 3, 5, Topology.BILATERAL), AdmmOptions.DEFAULT, List.of(spoilFirst));
        Meter m = s.meters.get(0);
        assertEquals(Meter.Action.SUBMITTED, m.step());
        s.chain.seal();
        assertEquals(Meter.Action.RESUBMITTED, m.step(), "a refused submission is sent again at once");
        CoordinationException refused = m.lastError().orElseThrow();
        assertEquals(CoordinationException.Kind.REFUSED, refused.kind());
        assertTrue(refused.reason().contains("iteration 42 is not the open one"), refused.reason());
        s.run();
        s.assertBitIdenticalToInProcess(AdmmOptions.DEFAULT);
    }

    @Test
    void aCallTheContractRefusesFailsItsFutureWithTheContractsReason() throws InterruptedException {
        Setup s = new Setup(VppsForAdmm.vpp(3, 3, 5, Topology.BILATERAL), AdmmOptions.DEFAULT, List.of());
        Coordination stranger = s.chain.coordination(ContractChain.key(s.vpp.prosumers().get(0).id()));
        CompletableFuture<Void> f = stranger.submit(1, 7, new double[2][3], false);
        CompletableFuture<Void> open = stranger.openRound(2, RoundConfig.of(s.vpp, AdmmOptions.DEFAULT, 100, DEADLINE));
        assertFalse(f.isDone(), "not final before its block");
        s.chain.seal();
        for (var pair : List.of(Map.entry(f, "iteration 7 is not the open one"), Map.entry(open, "operator"))) {
            ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                    () -> pair.getKey().get());
            CoordinationException c = (CoordinationException) e.getCause();
            assertEquals(CoordinationException.Kind.REFUSED, c.kind());
            assertTrue(c.reason().contains(pair.getValue()), c.reason());
        }
    }

    @Test
    void aMeterNeverSubmitsTwiceForAnIterationWhileItsSubmissionIsInFlight() {
        int[] calls = new int[1];
        UnaryOperator<CoordinationChannel> count = inner -> new Tampering(inner) {
            @Override
            CompletableFuture<Outcome> submit(int n, byte[] args) {
                calls[0]++;
                return inner.call("submit", args);
            }
        };
        Setup s = new Setup(VppsForAdmm.vpp(3, 3, 5, Topology.BILATERAL), AdmmOptions.DEFAULT, List.of(count));
        Meter m = s.meters.get(0);
        assertEquals(Meter.Action.SUBMITTED, m.step());
        for (int i = 0; i < 5; i++) {
            assertEquals(Meter.Action.IN_FLIGHT, m.step());
        }
        assertEquals(1, calls[0]);
        // unconfirmed past the timeout: exactly one resend, then in flight again
        s.chain.time += RESEND;
        assertEquals(Meter.Action.RESUBMITTED, m.step());
        for (int i = 0; i < 5; i++) {
            assertEquals(Meter.Action.IN_FLIGHT, m.step());
        }
        assertEquals(2, calls[0]);
        // both land in one block: the first is accepted, the second refused as a duplicate, and the
        // meter sees its submission received and counts the iteration answered
        s.chain.seal();
        assertEquals(Meter.Action.ANSWERED, m.step());
        assertEquals(1, m.answered());
        assertEquals(2, calls[0]);
        s.run();
        s.assertBitIdenticalToInProcess(AdmmOptions.DEFAULT);
    }

    @Test
    void theOperatorAdvancesAStalledIterationAfterItsDeadlineAndTheSilentMeterIsExcluded() {
        Setup s = new Setup(VppsForAdmm.vpp(3, 3, 5, Topology.BILATERAL), AdmmOptions.DEFAULT, List.of());
        Meter silent = s.meters.get(1);
        s.meters.get(0).step();
        s.meters.get(2).step();
        s.chain.seal();
        RoundView view = s.operator.poll();
        assertTrue(s.operator.advanceIfStalled(view.deadlineMillis() - 1).isEmpty(), "not before the deadline");
        s.chain.time = view.deadlineMillis();
        s.chain.seal();
        CompletableFuture<Void> advance = s.operator.advanceIfStalled(view.deadlineMillis()).orElseThrow();
        assertTrue(s.operator.advanceIfStalled(view.deadlineMillis()).isEmpty(), "one advance in flight at a time");
        s.chain.seal();
        assertTrue(advance.isDone() && !advance.isCompletedExceptionally());
        assertEquals(2, s.operator.poll().iteration());
        assertEquals(Meter.Action.EXCLUDED, silent.step());
        s.meters.remove(1);
        s.run();
        Solution inProcess = new AdmmSolver(AdmmOptions.DEFAULT, 1, it -> { }, SilenceSchedule.never(1)).solve(s.vpp);
        assertEquals(inProcess.iterations(), s.observed.size());
        assertEquals(List.of(s.vpp.prosumers().get(1).id()), s.operator.excluded());
        assertEquals(0L, s.operator.settlements().get(s.vpp.prosumers().get(1).id()));
        assertEquals(Double.doubleToRawLongBits(inProcess.schedules().get(0).cost()),
                Double.doubleToRawLongBits(s.meters.get(0).settle().schedule().orElseThrow().cost()));
    }
}
