package org.tem.evm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tem.api.Topology;
import org.tem.api.Vpp;
import org.tem.solver.admm.SettledSchedule;
import org.tem.solver.contract.Meter;

/**
 * The unchanged meter library on a real EVM node (Anvil): {@link org.tem.solver.contract.Meter}s,
 * each built from its own prosumer and tariff only, and an {@link org.tem.solver.contract.Operator},
 * all over {@link EvmCoordination}, run complete rounds that equal the Java mirror integer for
 * integer ({@link MeterRounds#assertSame}); submissions of different meters are in flight at the
 * same time (Anvil mines each on arrival).
 */
class EvmMeterRoundTest {

    @ParameterizedTest
    @EnumSource(Topology.class)
    void metersAndOperatorOnAnvilMatchTheJavaMirrorBitForBit(Topology topology) {
        Vpp vpp = Days.day(3, 6, 3, topology);
        try (Anvil node = Anvil.start(); EvmAccount operator = EvmAccount.connect(node.url(), Anvil.OPERATOR_KEY,
                EvmOptions.DEFAULT)) {
            MeterRounds.Chain chain = MeterRounds.run(operator, vpp, k -> { });
            MeterRounds.assertSame(chain, MeterRounds.mirror(vpp, chain.config()));
            for (Meter m : chain.meters()) {
                SettledSchedule s = m.settle();
                assertTrue(s.absorbed(), m.id() + " absorbs its settled trades");
                assertEquals(chain.pay().get(m.id()).longValue(), m.settlement(), m.id() + "'s payment");
            }
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
     * The node stops mid-round (Anvil writes its state on the way down) and comes back on the same
     * port from that state: the meters and the operator, untouched, carry on (reads and writes in
     * flight retry until the node answers again) and the round completes bit-identical to the mirror.
     */
    @Test
    void metersAndOperatorSurviveANodeRestartMidRound(@TempDir Path dir) {
        Vpp vpp = Days.day(3, 6, 3, Topology.BILATERAL);
        Path state = dir.resolve("anvil-state.json");
        AtomicInteger restarts = new AtomicInteger();
        Anvil[] node = {Anvil.start("--dump-state", state.toString())};
        int port = node[0].port();
        try (EvmAccount operator = EvmAccount.connect(node[0].url(), Anvil.OPERATOR_KEY, EvmOptions.DEFAULT)) {
            MeterRounds.Chain chain = MeterRounds.run(operator, vpp, k -> {
                if (k == 4 && restarts.get() == 0) {
                    long height = operator.blockNumber();
                    node[0].close();
                    node[0] = Anvil.start(port, "--load-state", state.toString(), "--dump-state", state.toString());
                    // the submission in flight may land before the node stops: at least the chain read before
                    long after = operator.blockNumber();
                    assertTrue(after >= height && after <= height + 1, "the restarted node holds the chain it had: "
                            + height + " before, " + after + " after");
                    restarts.incrementAndGet();
                }
            });
            assertEquals(1, restarts.get(), "the node was restarted mid-round");
            assertTrue(chain.operator().contract().round(MeterRounds.ROUND).iteration() > 4, "the round went on");
            MeterRounds.assertSame(chain, MeterRounds.mirror(vpp, chain.config()));
        } finally {
            node[0].close();
        }
    }
}
