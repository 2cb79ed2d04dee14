package org.tem.evm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tem.api.Topology;
import org.tem.api.Vpp;
import org.tem.solver.admm.SettledSchedule;
import org.tem.solver.contract.CoordinationException;
import org.tem.solver.contract.Meter;
import org.tem.solver.contract.RoundConfig;
import org.tem.solver.fixedpoint.FixedRoundConfig;

/**
 * The unchanged meter library on a real EVM node (Anvil): {@link org.tem.solver.contract.Meter}s,
 * each built from its own prosumer and tariff only, and an {@link org.tem.solver.contract.Operator},
 * all over {@link EvmCoordination}, run complete rounds that equal the Java mirror integer for
 * integer ({@link MeterRounds#assertSame}); submissions of different meters are in flight at the
 * same time (Anvil mines each on arrival).
 */
class EvmMeterRoundTest {

    /**
     * Three homes in a pool: the round equals the mirror bit for bit, every meter absorbs its settled
     * trades and reads its own payment as the chain booked it. (The bilateral 3-home round, with the
     * same checks, is {@link #metersAndOperatorSurviveANodeRestartMidRound}; both topologies run
     * undisturbed with 10 homes in {@link #tenHomesOnAnvilMatchTheJavaMirrorBitForBit}.)
     */
    @Test
    void metersAndOperatorOnAnvilMatchTheJavaMirrorBitForBit() {
        Vpp vpp = Days.day(3, 6, 3, Topology.POOL);
        try (Anvil node = Anvil.start(); EvmAccount operator = EvmAccount.connect(node.url(), Anvil.OPERATOR_KEY,
                EvmOptions.DEFAULT)) {
            MeterRounds.Chain chain = MeterRounds.run(operator, vpp, k -> { });
            MeterRounds.assertSame(chain, MeterRounds.mirror(vpp, chain.config()));
            assertMetersSettle(chain);
        }
    }

    /** Every meter absorbs its settled trades, and its payment is the one the chain booked for it. */
    private static void assertMetersSettle(MeterRounds.Chain chain) {
        for (Meter m : chain.meters()) {
            SettledSchedule s = m.settle();
            assertTrue(s.absorbed(), m.id() + " absorbs its settled trades");
            assertEquals(chain.pay().get(m.id()).longValue(), m.settlement(), m.id() + "'s payment");
        }
    }

    /**
     * Ten homes, both topologies, bit for bit against the mirror. A full day (24 hourly slots) of
     * plain ADMM takes hundreds of iterations; to keep the build fast this runs 6 slots.
     */
    @ParameterizedTest
    @EnumSource(Topology.class)
    void tenHomesOnAnvilMatchTheJavaMirrorBitForBit(Topology topology) {
        int slots = Integer.getInteger("tem.evm.slots", 6);
        Vpp vpp = Days.day(10, slots, 10, topology);
        try (Anvil node = Anvil.start(); EvmAccount operator = EvmAccount.connect(node.url(), Anvil.OPERATOR_KEY,
                EvmOptions.DEFAULT)) {
            long start = System.nanoTime();
            MeterRounds.Chain chain = MeterRounds.run(operator, vpp, k -> { });
            double seconds = (System.nanoTime() - start) / 1e9;
            MeterRounds.assertSame(chain, MeterRounds.mirror(vpp, chain.config()));
            System.out.printf("evm meters: %s, 10 homes, %d slots: %d iterations in %.1f s%n", topology, slots,
                    chain.operator().contract().round(MeterRounds.ROUND).iteration(), seconds);
        }
    }

    /**
     * The node stops mid-round (Anvil writes its state on the way down) and comes back from that
     * state on a new port, behind the same relay address the clients use (the old port is not
     * reused: another process may have taken it meanwhile): the meters and the operator, untouched,
     * carry on (reads and writes in flight retry until the node answers again) and the round
     * completes bit-identical to the mirror; every meter absorbs its settled trades and reads its
     * own payment as the chain booked it. This is also the bilateral 3-home round (one run checked
     * for both sets of properties).
     */
    @Test
    void metersAndOperatorSurviveANodeRestartMidRound(@TempDir Path dir) {
        Vpp vpp = Days.day(3, 6, 3, Topology.BILATERAL);
        Path state = dir.resolve("anvil-state.json");
        AtomicInteger restarts = new AtomicInteger();
        Anvil[] node = {Anvil.start("--dump-state", state.toString())};
        try (LoopbackRelay relay = new LoopbackRelay(node[0].port());
                EvmAccount operator = EvmAccount.connect(relay.url(), Anvil.OPERATOR_KEY, EvmOptions.DEFAULT)) {
            MeterRounds.Chain chain = MeterRounds.run(operator, vpp, k -> {
                if (k == 4 && restarts.get() == 0) {
                    long height = operator.blockNumber();
                    int before = node[0].port();
                    relay.down();
                    node[0].close();
                    node[0] = Anvil.start("--load-state", state.toString(), "--dump-state", state.toString());
                    relay.up(node[0].port());
                    // the submission in flight may land before the node stops: at least the chain read before
                    long after = operator.blockNumber();
                    assertTrue(after >= height && after <= height + 1, "the restarted node holds the chain it had: "
                            + height + " before, " + after + " after (ports " + before + ", " + node[0].port() + ")");
                    restarts.incrementAndGet();
                }
            });
            assertEquals(1, restarts.get(), "the node was restarted mid-round");
            assertTrue(chain.operator().contract().round(MeterRounds.ROUND).iteration() > 4, "the round went on");
            MeterRounds.assertSame(chain, MeterRounds.mirror(vpp, chain.config()));
            assertMetersSettle(chain);
        } finally {
            node[0].close();
        }
    }

    /**
     * A meter compiles its problem only from terms that match what the contract enforces: terms
     * whose P2P price, or whose participants, differ from the round opened beside them, or that ask
     * for a warm start, are MALFORMED; matching terms are returned exactly. A warm round is refused
     * (the EVM contract starts every round cold). A submission the contract refuses fails its future as
     * REFUSED with the contract's reason.
     */
    @Test
    void termsThatDisagreeWithTheRoundOnChainAreMalformedAndRefusalsAreTyped() {
        Vpp vpp = Days.day(3, 6, 3, Topology.BILATERAL);
        RoundConfig config = RoundConfig.of(vpp, MeterRounds.options(), 100, 60_000);
        RoundConfig otherPrice = RoundConfig.of(vpp.toBuilder().market(vpp.market().toBuilder().p2pPrice(0.2)
                .build()).build(), MeterRounds.options(), 100, 60_000);
        RoundConfig otherIds = new RoundConfig(java.util.List.of("h1", "h3", "h2"), config.slots(), false,
                config.peers(), config.maxTrade(), config.tradeCapKwh(), config.options(), config.p2pPrice(),
                config.minorUnits(), config.deadlineMillis());
        try (Anvil node = Anvil.start(); EvmAccount operator = EvmAccount.connect(node.url(), Anvil.OPERATOR_KEY,
                EvmOptions.DEFAULT); EvmCoordination op = EvmCoordination.deploy(operator)) {
            EvmAccount meter = operator.withKey(EvmAdmmSolver.devKey("h1", operator.address()));
            operator.send(meter.address(), "0x", EvmAdmmSolver.FUNDING_WEI);
            for (int u = 0; u < vpp.size(); u++) {
                String id = vpp.prosumers().get(u).id();
                op.register(id, org.web3j.utils.Numeric.hexStringToByteArray(u == 0 ? meter.address()
                        : operator.withKey(EvmAdmmSolver.devKey(id, operator.address())).address())).join();
            }
            FixedRoundConfig enforced = FixedRoundConfig.of(config);
            op.contract().openRound(1, enforced, otherPrice.encode());
            op.contract().openRound(2, enforced, otherIds.encode());
            op.openRound(3, config).join();
            // the EVM contract starts every round cold: warm terms are refused, and never read as cold
            op.contract().openRound(4, enforced, config.withWarmFrom(3).encode());
            CompletionException warm = assertThrows(CompletionException.class,
                    () -> op.openRound(5, config.withWarmFrom(3)).join());
            assertEquals(CoordinationException.Kind.REFUSED, ((CoordinationException) warm.getCause()).kind());
            assertTrue(warm.getCause().getMessage().contains("cold"), warm.getCause().getMessage());
            assertThrows(IllegalArgumentException.class, () -> op.contract().openRound(5, config.withWarmFrom(3)));
            for (long round : new long[] {1, 2, 4}) {
                CoordinationException e = assertThrows(CoordinationException.class, () -> op.config(round));
                assertEquals(CoordinationException.Kind.MALFORMED, e.kind(), e.getMessage());
            }
            assertEquals(config, op.config(3));
            try (EvmCoordination mine = op.as(meter)) {
                double[][] zeros = new double[2][config.slots()];
                CompletionException wrong = assertThrows(CompletionException.class,
                        () -> mine.submit(3, 2, zeros, false).join());
                CoordinationException cause = (CoordinationException) wrong.getCause();
                assertEquals(CoordinationException.Kind.REFUSED, cause.kind());
                assertTrue(cause.reason().contains("iteration"), cause.reason());
                assertFalse(mine.submitted(3, "h1"), "a refused submission changes nothing");
                mine.submit(3, 1, zeros, false).join();
                assertTrue(mine.submitted(3, "h1"));
            }
        }
    }

    /**
     * With confirmations configured, a write's future completes only once that many blocks are
     * built on the block holding it (here a node sealing a block every second).
     */
    @Test
    void aWriteCompletesOnlyAfterItsConfirmations() {
        try (Anvil node = Anvil.start("--block-time", "1"); EvmAccount operator = EvmAccount.connect(node.url(),
                Anvil.OPERATOR_KEY, EvmOptions.DEFAULT.withConfirmations(2));
                EvmCoordination op = EvmCoordination.deploy(operator)) {
            long before = operator.blockNumber();
            op.register("h1", org.web3j.utils.Numeric.hexStringToByteArray(
                    operator.withKey(EvmAdmmSolver.devKey("h1", operator.address())).address())).join();
            long after = operator.blockNumber();
            // mined in a block after `before`, then two more blocks on top of it
            assertTrue(after >= before + 3, "blocks: " + before + " before, " + after + " when the future completed");
        }
    }
}
