package org.tem.consensus.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The discrete-event simulator: ordering, cancellation, stopping a node, running to a condition. */
class SimulatorTest {

    @Test
    void eventsRunInTimeOrderAndInSubmissionOrderAtOneTime() {
        Simulator sim = new Simulator(1_000, 1);
        List<String> log = new ArrayList<>();
        sim.schedule(5, () -> log.add("b@" + sim.now()));
        sim.schedule(1, () -> log.add("a@" + sim.now()));
        sim.schedule(5, () -> log.add("c@" + sim.now()));
        sim.execute(() -> {
            log.add("now@" + sim.now());
            sim.execute(() -> log.add("later@" + sim.now()));
        });
        sim.runUntil(10_000);
        assertEquals(List.of("now@1000", "later@1000", "a@1001", "b@1005", "c@1005"), log);
        assertEquals(10_000, sim.now(), "the clock ends at the requested time");
        assertEquals(5, sim.executedEvents());
    }

    @Test
    void aCancelledTaskNeverRunsAndCancellingAfterwardsReportsFalse() {
        Simulator sim = new Simulator(0, 1);
        List<Integer> log = new ArrayList<>();
        Cancellable a = sim.schedule(1, () -> log.add(1));
        Cancellable b = sim.schedule(2, () -> log.add(2));
        assertTrue(a.cancel());
        assertFalse(a.cancel());
        sim.runFor(5);
        assertEquals(List.of(2), log);
        assertFalse(b.cancel(), "already ran");
    }

    @Test
    void stoppingANodeDropsExactlyItsPendingAndLaterTasks() {
        Simulator sim = new Simulator(0, 1);
        Simulator.NodeScheduler a = sim.newScheduler();
        Simulator.NodeScheduler b = sim.newScheduler();
        List<String> log = new ArrayList<>();
        a.schedule(10, () -> log.add("a"));
        b.schedule(10, () -> log.add("b"));
        sim.schedule(5, a::stop);
        sim.runFor(20);
        a.execute(() -> log.add("a-after-stop"));
        sim.runFor(20);
        assertEquals(List.of("b"), log);
        assertTrue(a.stopped());
        assertEquals(sim.now(), b.now(), "one clock");
    }

    @Test
    void runUntilStopsAtTheConditionOrAtTheDeadline() {
        Simulator sim = new Simulator(0, 1);
        int[] count = {0};
        Runnable[] tick = new Runnable[1];
        tick[0] = () -> {
            count[0]++;
            sim.schedule(10, tick[0]);
        };
        sim.execute(tick[0]);
        assertTrue(sim.runUntil(() -> count[0] == 5, 1_000));
        assertEquals(40, sim.now());
        assertFalse(sim.runUntil(() -> count[0] == 1_000, 200));
        assertEquals(200, sim.now());
        assertFalse(sim.runUntil(() -> false, 100), "a deadline in the past runs nothing");
        assertEquals(200, sim.now());
    }

    @Test
    void aThrowingTaskStopsTheRunWithItsException() {
        Simulator sim = new Simulator(0, 1);
        IllegalStateException boom = new IllegalStateException("boom");
        sim.execute(() -> {
            throw boom;
        });
        List<Integer> log = new ArrayList<>();
        sim.execute(() -> log.add(1));
        assertSame(boom, assertThrows(IllegalStateException.class, () -> sim.runFor(1)));
        sim.runFor(1);
        assertEquals(List.of(1), log, "the next run goes on with the next event");
    }

    @Test
    void theSameSeedGivesTheSameRandomnessAndNegativeDelaysAreRefused() {
        assertEquals(new Simulator(0, 9).random().nextLong(), new Simulator(0, 9).random().nextLong());
        Simulator sim = new Simulator(0, 1);
        assertThrows(IllegalArgumentException.class, () -> sim.schedule(-1, () -> { }));
        assertThrows(IllegalArgumentException.class, () -> sim.newScheduler().schedule(-1, () -> { }));
        assertThrows(IllegalArgumentException.class, () -> new Simulator(-1, 0));
    }
}
