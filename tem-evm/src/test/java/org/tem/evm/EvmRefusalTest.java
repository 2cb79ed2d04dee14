package org.tem.evm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.tem.solver.admm.AdmmOptions;
import org.tem.solver.contract.RoundStatus;
import org.tem.solver.fixedpoint.FixedRoundConfig;

/**
 * Hostile calls against the Solidity contract on a real EVM node (Anvil): each refused call is
 * first asked of the node ({@code eth_call}, which must answer with the contract's reason) and then
 * mined anyway with a fixed gas limit, as a client that does not estimate would send it; the
 * transaction must revert and leave every storage slot of the contract as it was (the node's full
 * state dump before and after). A valid call after the refused ones shows the round still works.
 *
 * <p>The round: three homes h0, h1, h2, all pairs, 3 slots (one word per link, its fourth lane past
 * the horizon), h0 declares a 1 kWh limit, the others none under a 2 kWh round cap.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EvmRefusalTest {
    private static final int SLOTS = 3;
    private static final long KWH = 1_000_000_000L;
    private static final BigInteger GAS = BigInteger.valueOf(3_000_000);

    private Anvil node;
    private EvmAccount operator;
    private EvmContract contract;
    private final List<EvmAccount> meters = new ArrayList<>();
    private EvmAccount outsider;
    private long nextRound = 1;

    @BeforeAll
    void startNodeAndDeploy() {
        node = Anvil.start();
        operator = EvmAccount.connect(node.url(), Anvil.OPERATOR_KEY, EvmOptions.DEFAULT);
        contract = EvmContract.deploy(operator);
        for (int u = 0; u < 3; u++) {
            EvmAccount m = operator.withKey(EvmAdmmSolver.devKey("h" + u, operator.address()));
            operator.send(m.address(), "0x", EvmAdmmSolver.FUNDING_WEI);
            contract.register("h" + u, m.address());
            meters.add(m);
        }
        outsider = operator.withKey(EvmAdmmSolver.devKey("outsider", operator.address()));
        operator.send(outsider.address(), "0x", EvmAdmmSolver.FUNDING_WEI);
    }

    @AfterAll
    void stopNode() {
        if (operator != null) {
            operator.close();
        }
        if (node != null) {
            node.close();
        }
    }

    private long openRound() {
        long round = nextRound++;
        FixedRoundConfig config = new FixedRoundConfig(List.of("h0", "h1", "h2"), SLOTS, false,
                List.of(List.of(1, 2), List.of(0, 2), List.of(0, 1)),
                List.of(KWH, FixedRoundConfig.NO_LIMIT, FixedRoundConfig.NO_LIMIT), 2 * KWH, 500_000_000L, false,
                1_000, 10_000, 1_000, AdmmOptions.StoppingRule.STANDARD, 100, 3, 150_000_000L, 100, 60_000);
        contract.openRound(round, config, new byte[] {(byte) 0xc0});
        return round;
    }

    private EvmContract as(int u) {
        return contract.as(meters.get(u));
    }

    /** Two links of three slots: {@code a} on every slot of the first link, {@code b} of the second. */
    private static long[][] trades(long a, long b) {
        return new long[][] {{a, a, a}, {b, b, b}};
    }

    /**
     * The node refuses the call with {@code reason}, and the call mined anyway reverts and leaves the
     * contract's storage untouched.
     */
    private void refusedWithoutStateChange(EvmAccount sender, String data, String reason) {
        RefusedException e = assertThrows(RefusedException.class, () -> sender.call(contract.address(), data));
        assertTrue(e.reason().contains(reason), () -> "expected '" + reason + "', was '" + e.reason() + "'");
        TreeMap<String, String> before = Anvil.storage(operator, contract.address());
        EvmAccount.Receipt r = sender.sendWithGas(contract.address(), data, BigInteger.ZERO, GAS);
        assertFalse(r.success(), "the mined call reverted");
        assertEquals(before, Anvil.storage(operator, contract.address()), "no storage slot changed");
    }

    @Test
    void callsFromOutsideTheRoundAreRefusedAndChangeNothing() {
        long round = openRound();
        refusedWithoutStateChange(outsider, EvmContract.submitCalldata(round, 1, trades(0, 0)),
                "sender does not take part in this round");
        refusedWithoutStateChange(outsider, EvmContract.advanceCalldata(round),
                "only a participant of the round or the operator");
        RefusedException e = assertThrows(RefusedException.class, () -> contract.as(outsider).register("x",
                outsider.address()));
        assertTrue(e.reason().contains("only the operator"), e.reason());
        // the participants still submit
        as(0).submit(round, 1, trades(KWH / 2, 0));
        assertTrue(contract.submitted(round, 0));
    }

    @Test
    void tradesBeyondALinksLimitOrPastTheHorizonAreRefusedAndChangeNothing() {
        long round = openRound();
        // h0's own limit binds on both its links; h1-h2 has the round cap
        refusedWithoutStateChange(meters.get(0), EvmContract.submitCalldata(round, 1, trades(KWH + 1, 0)),
                "beyond its link's limit");
        refusedWithoutStateChange(meters.get(0), EvmContract.submitCalldata(round, 1, trades(0, -KWH - 1)),
                "beyond its link's limit");
        refusedWithoutStateChange(meters.get(1), EvmContract.submitCalldata(round, 1, trades(0, 2 * KWH + 1)),
                "beyond its link's limit");
        refusedWithoutStateChange(meters.get(1), EvmContract.submitCalldata(round, 1,
                trades(0, Long.MIN_VALUE)), "beyond its link's limit");
        // a fourth value in the last word, past the 3-slot horizon
        refusedWithoutStateChange(meters.get(2), EvmContract.submitCalldata(round, 1,
                new long[][] {{0, 0, 0, 1}, {0, 0, 0}}), "past the horizon must be zero");
        refusedWithoutStateChange(meters.get(2), EvmContract.submitCalldata(round, 1,
                new long[][] {{0, 0, 0}}), "wrong number of words");
        // exactly at the limits is accepted
        as(0).submit(round, 1, trades(KWH, -KWH));
        as(1).submit(round, 1, trades(-KWH, 2 * KWH));
        assertArrayEquals(trades(KWH, -KWH), contract.standing(round, 0, SLOTS));
        assertArrayEquals(trades(-KWH, 2 * KWH), contract.standing(round, 1, SLOTS));
    }

    @Test
    void aSecondSubmissionInTheSameIterationIsRefusedAndChangesNothing() {
        long round = openRound();
        as(0).submit(round, 1, trades(KWH / 2, -KWH / 4));
        refusedWithoutStateChange(meters.get(0), EvmContract.submitCalldata(round, 1, trades(KWH, KWH)),
                "already submitted this iteration");
        assertArrayEquals(trades(KWH / 2, -KWH / 4), contract.standing(round, 0, SLOTS), "the first one stands");
        assertEquals(1, contract.round(round).submitted());
    }

    @Test
    void aSilentParticipantIsExcludedAtTheDeadlineAndItsLateAndLaterSubmissionsAreRefused() {
        long round = openRound();
        as(0).submit(round, 1, trades(KWH / 2, KWH / 2));
        as(1).submit(round, 1, trades(-KWH / 2, KWH / 2));
        // h2 stays silent; nobody may close the iteration before its deadline
        refusedWithoutStateChange(meters.get(0), EvmContract.advanceCalldata(round),
                "open until its deadline");
        EvmContract.RoundView open = contract.round(round);
        assertEquals(1, open.iteration());
        operator.advanceClockTo(open.deadlineMillis());
        as(0).advance(round);
        EvmContract.RoundView next = contract.round(round);
        assertEquals(RoundStatus.OPEN, next.status());
        assertEquals(2, next.iteration());
        assertEquals(2, next.active());
        assertArrayEquals(new boolean[] {false, false, true}, contract.excluded(round));
        // the late submission for iteration 1, then one for the open iteration by the excluded h2
        refusedWithoutStateChange(meters.get(2), EvmContract.submitCalldata(round, 1, trades(0, 0)),
                "not the open iteration");
        refusedWithoutStateChange(meters.get(2), EvmContract.submitCalldata(round, 2, trades(0, 0)),
                "participant is excluded");
        // h0's link to the excluded h2 is frozen at zero
        refusedWithoutStateChange(meters.get(0), EvmContract.submitCalldata(round, 2, trades(0, 1)),
                "beyond its link's limit");
        EvmContract.Broadcast b = contract.broadcast(round, 0, SLOTS);
        assertArrayEquals(new boolean[] {false, true}, b.frozen());
        assertNotEquals(0L, b.twiceAux()[0][0], "the live pair h0-h1 was updated");
        as(0).submit(round, 2, trades(KWH / 2, 0));
        assertTrue(contract.submitted(round, 0));
    }

    @Test
    void settlementIsRefusedBeforeTheRoundIsFinal() {
        long round = openRound();
        RefusedException e = assertThrows(RefusedException.class, () -> contract.settlement(round, 0));
        assertTrue(e.reason().contains("not final"), e.reason());
    }
}
