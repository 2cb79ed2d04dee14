package org.tem.solver.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tem.api.ProsumerSchedule;
import org.tem.api.Solution;
import org.tem.api.Topology;
import org.tem.api.Vpp;
import org.tem.api.contract.ContractException;
import org.tem.ledger.crypto.Hash;
import org.tem.ledger.crypto.KeyPair;
import org.tem.ledger.tx.Receipt;
import org.tem.solver.VppsForAdmm;
import org.tem.solver.admm.AdmmIteration;
import org.tem.solver.admm.AdmmLinks;
import org.tem.solver.admm.AdmmListener;
import org.tem.solver.admm.AdmmOptions;
import org.tem.solver.admm.AdmmSolver;
import org.tem.solver.admm.SilenceSchedule;

/**
 * The coordination contract on the real ledger. The tests named for issue 7's breaks each failed on
 * the contract as it was before the fix (break 1: an OutOfMemoryError while decoding; 2: FINAL at
 * iteration 1; 3: the silent prosumer billed; 4: see {@link SettlementTest}; 5: a stranger's
 * {@code advance} finalising an untraded round).
 */
class CoordinationContractTest {
    private static final KeyPair STRANGER = ContractChain.key("stranger");
    private static final long DEADLINE = 5_000;

    private Vpp vpp;
    private ContractChain chain;

    @BeforeEach
    void setUp() {
        vpp = VppsForAdmm.vpp(3, 3, 5, Topology.BILATERAL);
        chain = new ContractChain(accounts());
    }

    /** Every prosumer of the VPP and the stranger: permitted senders, so the contract's own rules are what is tested. */
    private List<KeyPair> accounts() {
        List<KeyPair> keys = new ArrayList<>();
        keys.add(STRANGER);
        for (int u = 0; u < vpp.size(); u++) {
            keys.add(key(u));
        }
        return keys;
    }

    private KeyPair key(int u) {
        return ContractChain.key(vpp.prosumers().get(u).id());
    }

    private void registerAll() {
        for (int u = 0; u < vpp.size(); u++) {
            chain.ok(ContractChain.OPERATOR, "register", Rounds.register(vpp.prosumers().get(u).id(), key(u)));
        }
    }

    private RoundConfig config(AdmmOptions options) {
        return RoundConfig.of(vpp, options, 100, DEADLINE);
    }

    private void open(AdmmOptions options) {
        chain.ok(ContractChain.OPERATOR, "openRound", Rounds.open(1, config(options).encode()));
    }

    private void rejectedWithoutChange(KeyPair sender, String method, byte[] args, String reason) {
        Hash before = chain.contractRoot();
        Receipt r = chain.call(sender, method, args);
        assertFalse(r.success(), method + " should have been rejected");
        assertTrue(r.reason().contains(reason), "reason '" + r.reason() + "' does not mention '" + reason + "'");
        assertEquals(before, chain.contractRoot(), "a rejected call changed the contract's state");
    }

    private RoundView view() {
        return chain.coordination(ContractChain.OPERATOR).round(1);
    }

    private List<Meter> meters() {
        return meters(1);
    }

    /** Each meter holds its own prosumer and the market, and reads the round's configuration from the chain. */
    private List<Meter> meters(long round) {
        List<Meter> meters = new ArrayList<>();
        for (int u = 0; u < vpp.size(); u++) {
            meters.add(new Meter(vpp.prosumers().get(u), vpp.market(), chain.coordination(key(u)), round,
                    () -> chain.time, DEADLINE));
        }
        return meters;
    }

    private long settlement(String id) {
        return Codec.read(chain.query("settlement", Rounds.roundAndId(1, id)), Codec::readSignedLong);
    }

    /** The settled trades of every link, in link order (each prosumer's part from the "settled" query). */
    private double[][] finalTrades() {
        List<double[]> rows = new ArrayList<>();
        for (var p : vpp.prosumers()) {
            double[][] mine = Codec.read(chain.query("settled", Rounds.roundAndId(1, p.id())), Codec::readMatrix);
            rows.addAll(List.of(mine));
        }
        return rows.toArray(new double[0][]);
    }

    @Test
    void onlyTheOperatorRegistersAndOpensRounds() {
        rejectedWithoutChange(key(0), "register", Rounds.register("p0", key(0)), "operator");
        registerAll();
        rejectedWithoutChange(ContractChain.OPERATOR, "register", Rounds.register("p0", STRANGER), "already registered");
        rejectedWithoutChange(ContractChain.OPERATOR, "register", Rounds.register("x", key(0)), "already registered");
        rejectedWithoutChange(ContractChain.OPERATOR, "register", Rounds.register("x", new byte[19]), "20-byte");
        rejectedWithoutChange(key(1), "openRound", Rounds.open(1, config(AdmmOptions.DEFAULT).encode()), "operator");
        open(AdmmOptions.DEFAULT);
        rejectedWithoutChange(ContractChain.OPERATOR, "openRound", Rounds.open(1, config(AdmmOptions.DEFAULT).encode()),
                "exists");
        rejectedWithoutChange(ContractChain.OPERATOR, "openRound", Rounds.open(0, config(AdmmOptions.DEFAULT).encode()),
                "positive");
        rejectedWithoutChange(ContractChain.OPERATOR, "openRound", new byte[] {1, 2, 3}, "malformed");
    }

    @Test
    void aRoundNeedsRegisteredParticipants() {
        chain.ok(ContractChain.OPERATOR, "register", Rounds.register(vpp.prosumers().get(0).id(), key(0)));
        rejectedWithoutChange(ContractChain.OPERATOR, "openRound", Rounds.open(1, config(AdmmOptions.DEFAULT).encode()),
                "not registered");
    }

    @Test
    void badSubmissionsAreRejectedAndChangeNothing() {
        registerAll();
        open(AdmmOptions.DEFAULT);
        double[][] ok = new double[2][3];
        rejectedWithoutChange(STRANGER, "submit", Rounds.submit(1, 1, ok), "not a registered prosumer");
        rejectedWithoutChange(key(0), "submit", Rounds.submit(1, 2, ok), "not the open one");
        rejectedWithoutChange(key(0), "submit", Rounds.submit(2, 1, ok), "unknown round");
        rejectedWithoutChange(key(0), "submit", Rounds.submit(1, 1, new double[1][3]), "2 links x 3 slots");
        rejectedWithoutChange(key(0), "submit", Rounds.submit(1, 1, new double[2][4]), "2 links x 3 slots");
        double[][] beyond = new double[2][3];
        // one unit (1e-9 kWh) beyond: the smallest excess that survives the quantisation
        beyond[1][0] = vpp.tradeLimitKwh(0, 2) + 1e-9;
        rejectedWithoutChange(key(0), "submit", Rounds.submit(1, 1, beyond), "beyond the link's limit");
        rejectedWithoutChange(key(0), "submit", new byte[] {(byte) 0xc3, 1, 2}, "malformed");
        byte[] trailing = Codec.list(w -> {
            w.writeLong(1);
            w.writeInt(1);
            Codec.writeQuantities(w, ok);
            w.writeInt(0);
            w.writeInt(7);
        });
        rejectedWithoutChange(key(0), "submit", trailing, "trailing");
        rejectedWithoutChange(key(0), "submit", Rounds.submit(1, 1, ok, 2), "absorbed flag must be 0 or 1");
        chain.ok(key(0), "submit", Rounds.submit(1, 1, ok));
        rejectedWithoutChange(key(0), "submit", Rounds.submit(1, 1, ok), "already submitted");
        rejectedWithoutChange(key(0), "nonsense", new byte[0], "unknown method");
    }

    @Test
    void break1_aMatrixHeaderOfIntegerMaxValueRowsAndNoColumnsIsRefusedBeforeAllocatingAndTheChainGoesOn() {
        registerAll();
        open(AdmmOptions.DEFAULT);
        byte[] poison = Codec.list(w -> {
            w.writeLong(1);
            w.writeInt(1);
            w.writeInt(Integer.MAX_VALUE);
            w.writeInt(0);
            w.writeByteArray(new byte[0]);
        });
        rejectedWithoutChange(key(0), "submit", poison, "malformed arguments: a 2147483647x0 matrix");
        byte[] liar = Codec.list(w -> {
            w.writeLong(1);
            w.writeInt(1);
            w.writeInt(Integer.MAX_VALUE);
            w.writeInt(Integer.MAX_VALUE);
            w.writeByteArray(new byte[16]);
        });
        rejectedWithoutChange(key(0), "submit", liar, "malformed arguments");
        // the next block builds and imports, and the honest submission goes through
        chain.ok(key(0), "submit", Rounds.submit(1, 1, new double[2][3]));
        assertEquals(1, view().submitted());
    }

    /**
     * Trades travel as varints of 10⁻⁹ kWh (a row's first entry, then steps): every encoding the
     * honest encoder never makes — a varint in a longer form than needed, a varint longer than 8
     * bytes, an entry beyond 10¹⁵ units whether given directly or reached by a step, a payload
     * ending inside a varint or with bytes after the last one, and the former 8-byte doubles — is
     * refused as malformed, changes nothing, and the honest submission then goes through.
     */
    @Test
    void hostileTradeQuantitiesAreRefusedAsMalformedAndChangeNothing() {
        registerAll();
        open(AdmmOptions.DEFAULT);
        byte[] zeros = new byte[5];
        byte[][] payloads = {
            concat(new byte[] {(byte) 0x80, 0x00}, zeros),                   // zero in two bytes
            concat(new byte[] {(byte) 0x81, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80,
                (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x01}, zeros),       // 9 bytes
            concat(varint(2 * (org.tem.solver.admm.TradeQuantum.MAX_UNITS + 1)), zeros), // 10^15 + 1 units
            concat(concat(varint(2 * org.tem.solver.admm.TradeQuantum.MAX_UNITS), varint(2)),
                new byte[4]),                                               // 10^15, then a step of +1
            concat(zeros, new byte[] {(byte) 0x80}),                        // ends inside the 6th value
            concat(zeros, new byte[] {0x00, 0x00}),                         // a byte after the last value
            new byte[48],                                                   // six 8-byte doubles
        };
        String[] reasons = {"shortest form", "longer than 8 bytes", "beyond", "beyond", "end inside",
            "after the last", "after the last"};
        for (int i = 0; i < payloads.length; i++) {
            byte[] payload = payloads[i];
            byte[] args = Codec.list(w -> {
                w.writeLong(1);
                w.writeInt(1);
                w.writeInt(2);
                w.writeInt(3);
                w.writeByteArray(payload);
                w.writeInt(0);
            });
            rejectedWithoutChange(key(0), "submit", args, reasons[i]);
        }
        chain.ok(key(0), "submit", Rounds.submit(1, 1, new double[2][3]));
        assertEquals(1, view().submitted());
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** The LEB128 bytes of a non-negative long (already zig-zagged). */
    private static byte[] varint(long z) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        while ((z & ~0x7FL) != 0) {
            out.write((int) ((z & 0x7F) | 0x80));
            z >>>= 7;
        }
        out.write((int) z);
        return out.toByteArray();
    }

    @Test
    void break2_aHugeFiniteTradeIsRejectedSoItCannotForceConvergence() {
        registerAll();
        open(AdmmOptions.DEFAULT);
        // the largest trades the encoding carries (10^6 kWh; 1.7e308 does not encode any more)
        double[][] huge = {{1e6, 1e6, 1e6}, {0, 0, 0}};
        rejectedWithoutChange(key(0), "submit", Rounds.submit(1, 1, huge), "beyond the link's limit");
        assertEquals(RoundStatus.OPEN, view().status());
        assertEquals(1, view().iteration());
    }

    @Test
    void break2_aRoundConfigWithOutOfRangeSettingsIsRejectedOnDecode() {
        RoundConfig.decode(new RawConfig().encode());
        List<Consumer<RawConfig>> bad = List.of(
                c -> c.rho = 0, c -> c.rho = Double.NaN, c -> c.rho = 1e300, c -> c.rho = -1,
                c -> c.relaxation = 2.5, c -> c.relaxation = Double.NaN, c -> c.relaxation = 0,
                c -> c.epsAbs = Double.POSITIVE_INFINITY, c -> c.epsRel = 0, c -> c.epsRel = Double.NaN,
                c -> c.paperEps = Double.NaN, c -> c.epsAbs = 2,
                c -> c.maxIterations = 0, c -> c.maxIterations = 1_000_000_000, c -> c.missLimit = 0,
                c -> c.price = Double.NaN, c -> c.price = 1e308, c -> c.minorUnits = 0, c -> c.minorUnits = 1_000_000,
                c -> c.deadline = 0, c -> c.deadline = Long.MAX_VALUE, c -> c.slots = 0, c -> c.slots = 1_000_000,
                c -> c.rule = 0, c -> c.rule = 4, c -> c.pool = 2, c -> c.adaptive = 5,
                c -> c.maxTrade.set(0, -1.0), c -> c.maxTrade.set(1, Double.NaN), c -> c.maxTrade.set(1, 2e6),
                c -> c.cap = Double.POSITIVE_INFINITY, c -> c.maxTrade.remove(1),
                c -> c.peers.set(1, List.of()), c -> c.ids.set(1, "a"), c -> c.ids.set(0, ""));
        for (int i = 0; i < bad.size(); i++) {
            RawConfig c = new RawConfig();
            bad.get(i).accept(c);
            byte[] encoded = c.encode();
            int index = i;
            assertThrows(ContractException.class, () -> RoundConfig.decode(encoded), () -> "case " + index);
        }
        // and on the chain the operator's openRound with one of them fails without a trace
        registerAll();
        RawConfig zeroRho = new RawConfig();
        zeroRho.ids = new ArrayList<>(List.of(vpp.prosumers().get(0).id(), vpp.prosumers().get(1).id()));
        zeroRho.rho = 0;
        rejectedWithoutChange(ContractChain.OPERATOR, "openRound", Rounds.open(1, zeroRho.encode()), "rho");
    }

    @Test
    void break3_aProsumerThatNeverSubmitsIsExcludedAndIsNeitherBilledNorAStall() {
        registerAll();
        open(AdmmOptions.DEFAULT);
        // p0 claims to sell its peer p1 as much as the link allows; p1 never says anything
        double limit = vpp.tradeLimitKwh(0, 1);
        chain.ok(key(0), "submit", Rounds.submit(1, 1, new double[][] {{-limit, -limit, -limit}, {0, 0, 0}}));
        List<Meter> meters = meters();
        meters.get(2).step();
        chain.seal();
        assertEquals(1, view().iteration(), "the iteration waits for p1 until its deadline");
        rejectedWithoutChange(key(2), "advance", Rounds.round(1), "open until");
        chain.time = view().deadlineMillis();
        chain.seal();
        chain.ok(key(2), "advance", Rounds.round(1));
        assertEquals(2, view().iteration());
        assertEquals(2, view().active());
        List<String> excluded = Codec.read(chain.query("excluded", Rounds.round(1)), Codec::readStrings);
        assertEquals(List.of(vpp.prosumers().get(1).id()), excluded);
        byte[] flags = Codec.read(chain.query("broadcast", Rounds.roundAndId(1, vpp.prosumers().get(0).id())),
                r -> {
                    r.readInt();
                    Codec.readDouble(r);
                    Codec.readMatrix(r);
                    Codec.readMatrix(r);
                    byte[] f = r.readByteArray();
                    assertEquals(0, r.readInt(), "p0 is not excluded");
                    assertEquals(0, r.readInt(), "no candidate settlement yet");
                    Codec.readMatrix(r);
                    return f;
                });
        assertArrayEquals(new byte[] {1, 0}, flags, "p0 sees its link to p1 frozen");
        rejectedWithoutChange(key(1), "submit", Rounds.submit(1, 2, new double[2][3]), "excluded");
        Rounds.drive(chain, meters, 1, SilenceSchedule.never(1));
        assertEquals(RoundStatus.FINAL, view().status());
        assertEquals(0, settlement(vpp.prosumers().get(1).id()), "the silent prosumer pays nothing");
        assertEquals(0, settlement(vpp.prosumers().get(0).id()) + settlement(vpp.prosumers().get(2).id()));
        double[][] trades = finalTrades();
        AdmmLinks links = config(AdmmOptions.DEFAULT).links();
        for (int k = 0; k < links.size(); k++) {
            if (links.from(k) == 1 || links.to(k) == 1) {
                assertArrayEquals(new double[3], trades[k], 0.0, "link " + k);
            }
        }
    }

    @Test
    void break3_aProsumerThatFallsSilentIsExcludedAfterKMissesAndTheRoundSettlesAsInProcess() {
        registerAll();
        AdmmOptions options = AdmmOptions.DEFAULT.withMissLimit(3);
        open(options);
        SilenceSchedule silence = SilenceSchedule.fromIteration(1, 4);
        List<Meter> meters = meters();
        int iterations = Rounds.drive(chain, meters, 1, silence);
        assertEquals(RoundStatus.FINAL, view().status());
        List<AdmmIteration> history = new ArrayList<>();
        Solution inProcess = new AdmmSolver(options, 1, history::add, silence).solve(vpp);
        assertEquals(iterations, inProcess.iterations());
        assertTrue(inProcess.message().contains(vpp.prosumers().get(1).id()), inProcess.message());
        AdmmIteration last = history.get(history.size() - 1);
        assertEquals(Double.doubleToRawLongBits(last.primalResidual()), Double.doubleToRawLongBits(view().primalResidual()));
        assertEquals(0, settlement(vpp.prosumers().get(1).id()));
        long sum = 0;
        for (int u = 0; u < vpp.size(); u++) {
            sum += settlement(vpp.prosumers().get(u).id());
        }
        assertEquals(0, sum);
        for (int u : new int[] {0, 1, 2}) {
            ProsumerSchedule onMeter = meters.get(u).settle().schedule().orElseThrow();
            assertArrayEquals(inProcess.schedules().get(u).netTrade(), onMeter.netTrade(), 0.0);
            assertEquals(Double.doubleToRawLongBits(inProcess.schedules().get(u).cost()),
                    Double.doubleToRawLongBits(onMeter.cost()));
        }
    }

    /**
     * With tolerances so loose that the residual test passes at once, only the exclusion rule keeps
     * the round open in the iteration that excluded the silent p1: it closes one iteration later
     * (standard rule) or two (settled rule: a candidate, then the confirmation), exactly as in
     * process, with nothing traded with p1.
     */
    @Test
    void aRoundNeverClosesInTheIterationThatExcludedASilentProsumer() {
        registerAll();
        int round = 0;
        for (AdmmOptions.StoppingRule rule : new AdmmOptions.StoppingRule[] {AdmmOptions.StoppingRule.STANDARD,
            AdmmOptions.StoppingRule.SETTLED}) {
            round++;
            AdmmOptions options = AdmmOptions.DEFAULT.withTolerances(1.0, 1.0).withRule(rule);
            chain.ok(ContractChain.OPERATOR, "openRound", Rounds.open(round, config(options).encode()));
            List<Meter> meters = meters(round);
            int iterations = Rounds.drive(chain, meters, round, SilenceSchedule.never(1));
            RoundView closed = chain.coordination(ContractChain.OPERATOR).round(round);
            assertEquals(RoundStatus.FINAL, closed.status(), rule.toString());
            assertEquals(rule == AdmmOptions.StoppingRule.STANDARD ? 2 : 3, iterations, rule.toString());
            Solution inProcess = new AdmmSolver(options, 1, AdmmListener.NONE, SilenceSchedule.never(1)).solve(vpp);
            assertEquals(iterations, inProcess.iterations(), rule.toString());
            String silent = vpp.prosumers().get(1).id();
            assertEquals(0, Codec.read(chain.query("settlement", Rounds.roundAndId(round, silent)),
                    Codec::readSignedLong));
            for (ProsumerSchedule s : inProcess.schedules()) {
                if (!s.id().equals(silent) && s.trades().containsKey(silent)) {
                    assertArrayEquals(new double[3], s.trades().get(silent), 0.0, s.id() + " trades with " + silent);
                }
            }
        }
    }

    @Test
    void break5_aStrangerCannotAdvanceAndProducingBlocksDoesNotBringTheDeadlineCloser() {
        registerAll();
        open(AdmmOptions.DEFAULT);
        chain.blockMillis = 0;
        for (int i = 0; i < 10; i++) {
            rejectedWithoutChange(STRANGER, "advance", Rounds.round(1), "only a participant");
        }
        rejectedWithoutChange(key(0), "advance", Rounds.round(1), "open until");
        assertEquals(RoundStatus.OPEN, view().status());
        chain.blockMillis = 1000;
        chain.time = view().deadlineMillis();
        chain.seal();
        rejectedWithoutChange(STRANGER, "advance", Rounds.round(1), "only a participant");
        chain.ok(key(0), "advance", Rounds.round(1));
        assertEquals(RoundStatus.ABANDONED, view().status(), "nobody submitted: nothing to finalise");
        assertThrows(ContractException.class, () -> settlement(vpp.prosumers().get(0).id()));
        rejectedWithoutChange(key(1), "advance", Rounds.round(1), "closed");
    }

    /**
     * A round opened after the chain sat idle for an hour: its first iteration still waits its whole
     * deadline, counted from the opening block's own timestamp (counted from the stale median of the
     * blocks before it, it could be advanced one block later, excluding every meter).
     */
    @Test
    void break5_aRoundOpenedAfterAnIdleSpellWaitsItsWholeDeadline() {
        registerAll();
        chain.time += 3_600_000;
        open(AdmmOptions.DEFAULT);
        chain.seal();
        rejectedWithoutChange(key(0), "advance", Rounds.round(1), "open until");
        assertEquals(RoundStatus.OPEN, view().status());
        chain.time = view().deadlineMillis();
        chain.seal();
        chain.ok(key(0), "advance", Rounds.round(1));
        assertEquals(RoundStatus.ABANDONED, view().status(), "nobody submitted");
    }

    @Test
    void break5_aDeadlineAtTheEndOfTimeSaturatesInsteadOfOverflowing() {
        chain = new ContractChain(Long.MAX_VALUE - 10_000, accounts());
        registerAll();
        chain.ok(ContractChain.OPERATOR, "openRound",
                Rounds.open(1, RoundConfig.of(vpp, AdmmOptions.DEFAULT, 100, RoundConfig.MAX_DEADLINE_MILLIS).encode()));
        assertEquals(Long.MAX_VALUE, view().deadlineMillis());
        rejectedWithoutChange(key(0), "advance", Rounds.round(1), "open until");
    }

    @Test
    void roundStatusAndStoppingRuleAreStoredByExplicitCodes() {
        assertArrayEquals(new int[] {1, 2, 3, 4}, java.util.Arrays.stream(RoundStatus.values())
                .mapToInt(RoundStatus::code).toArray());
        for (RoundStatus s : RoundStatus.values()) {
            assertEquals(s, RoundStatus.fromCode(s.code()));
        }
        assertThrows(ContractException.class, () -> RoundStatus.fromCode(0));
        RawConfig paper = new RawConfig();
        paper.rule = AdmmOptions.StoppingRule.PAPER.code();
        assertEquals(AdmmOptions.StoppingRule.PAPER, RoundConfig.decode(paper.encode()).options().rule());
        RoundConfig c = config(AdmmOptions.DEFAULT.withPaperRule(1e-6));
        assertEquals(c, RoundConfig.decode(c.encode()));
        registerAll();
        open(AdmmOptions.DEFAULT);
        int stored = Codec.read(chain.query("round", Rounds.round(1)), r -> {
            int code = r.readInt();
            while (!r.isComplete()) {
                r.skipNext();
            }
            return code;
        });
        assertEquals(RoundStatus.OPEN.code(), stored);
    }

    @Test
    void aRoundOnTheContractIsBitIdenticalToInProcessAdmmAndSettlesToZero() {
        registerAll();
        AdmmOptions options = AdmmOptions.DEFAULT;
        open(options);
        List<Meter> meters = meters();
        int iterations = Rounds.drive(chain, meters, 1, SilenceSchedule.NONE);
        List<AdmmIteration> history = new ArrayList<>();
        Solution inProcess = new AdmmSolver(options, 1, history::add).solve(vpp);
        assertEquals(RoundStatus.FINAL, view().status());
        assertEquals(inProcess.iterations(), iterations);
        AdmmIteration last = history.get(history.size() - 1);
        assertEquals(Double.doubleToRawLongBits(last.primalResidual()), Double.doubleToRawLongBits(view().primalResidual()));
        assertEquals(Double.doubleToRawLongBits(last.dualResidual()), Double.doubleToRawLongBits(view().dualResidual()));
        for (int u = 0; u < vpp.size(); u++) {
            ProsumerSchedule mine = meters.get(u).settle().schedule().orElseThrow();
            assertArrayEquals(inProcess.schedules().get(u).netTrade(), mine.netTrade(), 0.0);
            assertEquals(Double.doubleToRawLongBits(inProcess.schedules().get(u).cost()),
                    Double.doubleToRawLongBits(mine.cost()));
        }
        long sum = 0;
        for (int u = 0; u < vpp.size(); u++) {
            sum += settlement(vpp.prosumers().get(u).id());
        }
        assertEquals(0, sum);
        long[] expected = Settlement.payments(config(options).links(), finalTrades(), vpp.market().p2pPrice(), 100);
        assertEquals(expected[0], settlement(vpp.prosumers().get(0).id()));
        rejectedWithoutChange(key(0), "submit", Rounds.submit(1, iterations + 1, new double[2][3]), "closed");
    }

    @Test
    void poolSettlementSumsToExactlyZero() {
        vpp = VppsForAdmm.vpp(5, 4, 8, Topology.POOL);
        chain = new ContractChain(accounts());
        registerAll();
        open(AdmmOptions.DEFAULT);
        List<Meter> meters = meters();
        Rounds.drive(chain, meters, 1, SilenceSchedule.NONE);
        assertEquals(RoundStatus.FINAL, view().status());
        long sum = 0;
        long nonZero = 0;
        for (int u = 0; u < vpp.size(); u++) {
            long pay = settlement(vpp.prosumers().get(u).id());
            sum += pay;
            nonZero += pay != 0 ? 1 : 0;
        }
        assertEquals(0, sum);
        assertTrue(nonZero >= 2, "a pool day with trading settles someone");
    }
}
