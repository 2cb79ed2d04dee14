package org.tem.solver.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tem.api.ProsumerSchedule;
import org.tem.api.Solution;
import org.tem.api.Topology;
import org.tem.api.Vpp;
import org.tem.solver.VppsForAdmm;
import org.tem.solver.admm.AdmmIteration;
import org.tem.solver.admm.AdmmLinks;
import org.tem.solver.admm.AdmmOptions;
import org.tem.solver.admm.AdmmSolver;
import org.tem.solver.admm.LocalAgent;

class CoordinationContractTest {
    private static final byte[] OPERATOR = FakeLedger.address(200);

    private Vpp vpp;
    private FakeLedger ledger;

    @BeforeEach
    void setUp() {
        vpp = VppsForAdmm.vpp(3, 3, 5, Topology.BILATERAL);
        ledger = new FakeLedger(new CoordinationContract(), OPERATOR);
    }

    private static byte[] registerArgs(String id, byte[] address) {
        return Codec.list(w -> {
            w.writeByteArray(id.getBytes(StandardCharsets.UTF_8));
            w.writeByteArray(address);
        });
    }

    private static byte[] openArgs(long round, RoundConfig config) {
        return Codec.list(w -> {
            w.writeLong(round);
            w.writeByteArray(config.encode());
        });
    }

    private static byte[] submitArgs(long round, int iteration, double[][] trades) {
        return Codec.list(w -> {
            w.writeLong(round);
            w.writeInt(iteration);
            Codec.writeMatrix(w, trades);
        });
    }

    private void registerAll() {
        for (int u = 0; u < vpp.size(); u++) {
            ledger.call(OPERATOR, "register", registerArgs(vpp.prosumers().get(u).id(), FakeLedger.address(u)));
        }
    }

    private RoundConfig config(AdmmOptions options) {
        return RoundConfig.of(vpp, options, 100, 3);
    }

    private void rejectedWithoutChange(byte[] sender, String method, byte[] args, String reason) {
        TreeMap<byte[], byte[]> before = ledger.snapshot();
        FakeLedger.expectRejection(() -> ledger.call(sender, method, args), reason);
        assertTrue(FakeLedger.same(before, ledger.state), "a rejected call changed the state");
    }

    @Test
    void onlyTheOperatorRegistersAndOpensRounds() {
        rejectedWithoutChange(FakeLedger.address(0), "register", registerArgs("p0", FakeLedger.address(0)), "operator");
        registerAll();
        rejectedWithoutChange(OPERATOR, "register", registerArgs("p0", FakeLedger.address(9)), "already registered");
        rejectedWithoutChange(OPERATOR, "register", registerArgs("x", FakeLedger.address(0)), "already registered");
        rejectedWithoutChange(OPERATOR, "register", registerArgs("x", new byte[19]), "20-byte");
        rejectedWithoutChange(FakeLedger.address(1), "openRound", openArgs(1, config(AdmmOptions.DEFAULT)), "operator");
        ledger.call(OPERATOR, "openRound", openArgs(1, config(AdmmOptions.DEFAULT)));
        rejectedWithoutChange(OPERATOR, "openRound", openArgs(1, config(AdmmOptions.DEFAULT)), "exists");
        rejectedWithoutChange(OPERATOR, "openRound", openArgs(0, config(AdmmOptions.DEFAULT)), "positive");
        rejectedWithoutChange(OPERATOR, "openRound", new byte[] {1, 2, 3}, "malformed");
    }

    @Test
    void aRoundNeedsRegisteredParticipants() {
        ledger.call(OPERATOR, "register", registerArgs("p0", FakeLedger.address(0)));
        rejectedWithoutChange(OPERATOR, "openRound", openArgs(1, config(AdmmOptions.DEFAULT)), "not registered");
    }

    @Test
    void badSubmissionsAreRejectedAndChangeNothing() {
        registerAll();
        ledger.call(OPERATOR, "openRound", openArgs(1, config(AdmmOptions.DEFAULT)));
        double[][] ok = new double[2][3];
        rejectedWithoutChange(FakeLedger.address(77), "submit", submitArgs(1, 1, ok), "not a registered prosumer");
        rejectedWithoutChange(FakeLedger.address(0), "submit", submitArgs(1, 2, ok), "not the open one");
        rejectedWithoutChange(FakeLedger.address(0), "submit", submitArgs(2, 1, ok), "unknown round");
        rejectedWithoutChange(FakeLedger.address(0), "submit", submitArgs(1, 1, new double[1][3]), "2 links x 3 slots");
        rejectedWithoutChange(FakeLedger.address(0), "submit", submitArgs(1, 1, new double[2][4]), "2 links x 3 slots");
        double[][] nan = new double[2][3];
        nan[1][2] = Double.NaN;
        rejectedWithoutChange(FakeLedger.address(0), "submit", submitArgs(1, 1, nan), "finite");
        double[][] inf = new double[2][3];
        inf[0][0] = Double.NEGATIVE_INFINITY;
        rejectedWithoutChange(FakeLedger.address(0), "submit", submitArgs(1, 1, inf), "finite");
        rejectedWithoutChange(FakeLedger.address(0), "submit", new byte[] {(byte) 0xc3, 1, 2}, "malformed");
        byte[] trailing = Codec.list(w -> {
            w.writeLong(1);
            w.writeInt(1);
            Codec.writeMatrix(w, ok);
            w.writeInt(7);
        });
        rejectedWithoutChange(FakeLedger.address(0), "submit", trailing, "trailing");
        ledger.call(FakeLedger.address(0), "submit", submitArgs(1, 1, ok));
        rejectedWithoutChange(FakeLedger.address(0), "submit", submitArgs(1, 1, ok), "already submitted");
        rejectedWithoutChange(FakeLedger.address(0), "nonsense", new byte[0], "unknown method");
    }

    @Test
    void aMissedDeadlineClosesTheIterationWithThePreviousSubmissionsAndNeverStalls() {
        registerAll();
        ledger.call(OPERATOR, "openRound", openArgs(1, config(AdmmOptions.DEFAULT)));
        ledger.call(FakeLedger.address(0), "submit", submitArgs(1, 1, new double[][] {{1, 1, 1}, {0, 0, 0}}));
        rejectedWithoutChange(FakeLedger.address(5), "advance", Codec.list(w -> w.writeLong(1)), "open until block 4");
        ledger.block = 4;
        ledger.call(FakeLedger.address(5), "advance", Codec.list(w -> w.writeLong(1)));
        MeterClient.RoundView view = new MeterClient("p0", null, ledger.as(FakeLedger.address(0)), 1).round();
        assertTrue(view.open());
        assertEquals(2, view.iteration());
        assertTrue(view.primalResidual() > 0);
        // the closed iteration used p0's trades and "no change" for the silent p1, p2
        rejectedWithoutChange(FakeLedger.address(0), "submit", submitArgs(1, 1, new double[2][3]), "not the open one");
    }

    @Test
    void aRoundOnTheContractIsBitIdenticalToInProcessAdmmAndSettlesToZero() {
        registerAll();
        AdmmOptions options = AdmmOptions.DEFAULT;
        ledger.call(OPERATOR, "openRound", openArgs(1, config(options)));
        List<MeterClient> meters = new ArrayList<>();
        for (int u = 0; u < vpp.size(); u++) {
            meters.add(new MeterClient(vpp.prosumers().get(u).id(), LocalAgent.of(vpp, u),
                    ledger.as(FakeLedger.address(u)), 1));
        }
        MeterClient.RoundView view = meters.get(0).round();
        int iterations = 0;
        while (view.open()) {
            for (MeterClient m : meters) {
                m.step();
            }
            ledger.block++;
            view = meters.get(0).round();
            iterations++;
        }
        List<AdmmIteration> history = new ArrayList<>();
        Solution inProcess = new AdmmSolver(options, 1, history::add).solve(vpp);
        assertEquals(CoordinationContract.FINAL, view.status());
        assertEquals(inProcess.iterations(), iterations);
        AdmmIteration last = history.get(history.size() - 1);
        assertEquals(Double.doubleToRawLongBits(last.primalResidual()), Double.doubleToRawLongBits(view.primalResidual()));
        assertEquals(Double.doubleToRawLongBits(last.dualResidual()), Double.doubleToRawLongBits(view.dualResidual()));
        for (int u = 0; u < vpp.size(); u++) {
            ProsumerSchedule mine = meters.get(u).schedule();
            assertArrayEquals(inProcess.schedules().get(u).netTrade(), mine.netTrade(), 0.0);
        }
        // settlement: integer, zero-sum, and the pair (p0, p1) pays round(π·Σ p'·100)
        long sum = 0;
        for (MeterClient m : meters) {
            sum += m.settlement();
        }
        assertEquals(0, sum);
        double[][] finalTrades = Codec.read(ledger.query("trades", Codec.list(w -> w.writeLong(1))), Codec::readMatrix);
        AdmmLinks links = AdmmLinks.of(vpp);
        long expected = 0;
        for (int k = links.start(0); k < links.end(0); k++) {
            double energy = 0;
            for (double x : finalTrades[k]) {
                energy += x;
            }
            expected += Math.round(vpp.market().p2pPrice() * 100 * energy);
        }
        assertEquals(expected, meters.get(0).settlement());
        rejectedWithoutChange(FakeLedger.address(0), "submit", submitArgs(1, iterations + 1, new double[2][3]), "closed");
    }

    @Test
    void poolSettlementSumsToExactlyZero() {
        vpp = VppsForAdmm.vpp(5, 4, 8, Topology.POOL);
        ledger = new FakeLedger(new CoordinationContract(), OPERATOR);
        registerAll();
        ledger.call(OPERATOR, "openRound", openArgs(1, config(AdmmOptions.DEFAULT)));
        List<MeterClient> meters = new ArrayList<>();
        for (int u = 0; u < vpp.size(); u++) {
            meters.add(new MeterClient(vpp.prosumers().get(u).id(), LocalAgent.of(vpp, u),
                    ledger.as(FakeLedger.address(u)), 1));
        }
        while (meters.get(0).round().open()) {
            meters.forEach(MeterClient::step);
        }
        assertEquals(CoordinationContract.FINAL, meters.get(0).round().status());
        long sum = 0;
        long nonZero = 0;
        for (MeterClient m : meters) {
            sum += m.settlement();
            nonZero += m.settlement() != 0 ? 1 : 0;
        }
        assertEquals(0, sum);
        assertTrue(nonZero >= 2, "a pool day with trading settles someone");
    }
}
