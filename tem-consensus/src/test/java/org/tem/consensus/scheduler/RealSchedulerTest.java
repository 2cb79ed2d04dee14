package org.tem.consensus.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The real scheduler: one loop thread, order, delays, cancellation, surviving a failing task. */
class RealSchedulerTest {

    @Test
    void tasksRunOneAtATimeOnTheLoopInSubmissionOrder() throws InterruptedException {
        try (RealScheduler s = new RealScheduler("test-loop")) {
            List<Integer> log = new CopyOnWriteArrayList<>();
            List<Boolean> onLoop = new CopyOnWriteArrayList<>();
            CountDownLatch done = new CountDownLatch(1);
            for (int i = 0; i < 100; i++) {
                int k = i;
                s.execute(() -> {
                    log.add(k);
                    onLoop.add(s.inLoop());
                });
            }
            s.execute(done::countDown);
            assertTrue(done.await(10, TimeUnit.SECONDS));
            assertEquals(java.util.stream.IntStream.range(0, 100).boxed().toList(), log);
            assertFalse(onLoop.contains(false));
            assertFalse(s.inLoop());
        }
    }

    @Test
    void aDelayedTaskRunsAndACancelledOneDoesNot() throws InterruptedException {
        try (RealScheduler s = new RealScheduler("test-loop")) {
            List<String> log = new CopyOnWriteArrayList<>();
            CountDownLatch done = new CountDownLatch(1);
            Cancellable c = s.schedule(20, () -> log.add("cancelled"));
            assertTrue(c.cancel());
            s.schedule(30, () -> {
                log.add("ran");
                done.countDown();
            });
            assertTrue(done.await(10, TimeUnit.SECONDS));
            assertEquals(List.of("ran"), log);
        }
    }

    @Test
    void aFailingTaskIsReportedAndTheLoopGoesOn() throws InterruptedException {
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        try (RealScheduler s = new RealScheduler("test-loop", errors::add)) {
            CountDownLatch done = new CountDownLatch(1);
            s.execute(() -> {
                throw new IllegalStateException("bad input");
            });
            s.execute(done::countDown);
            assertTrue(done.await(10, TimeUnit.SECONDS));
            assertEquals(1, errors.size());
            assertEquals("bad input", errors.get(0).getMessage());
        }
    }

    @Test
    void afterCloseNewTasksAreDropped() throws InterruptedException {
        RealScheduler s = new RealScheduler("test-loop");
        s.close();
        CountDownLatch ran = new CountDownLatch(1);
        s.execute(ran::countDown);
        assertFalse(s.schedule(0, ran::countDown).cancel());
        assertFalse(ran.await(50, TimeUnit.MILLISECONDS));
    }
}
