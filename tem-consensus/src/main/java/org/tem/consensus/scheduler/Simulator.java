package org.tem.consensus.scheduler;

import java.util.Objects;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;

/**
 * A discrete-event simulator: one virtual clock shared by every node of a simulated network,
 * and the events of all of them in one queue ordered by (time, sequence number), so that a run
 * is deterministic and replays exactly. Virtual time never sleeps: it jumps to the next event,
 * and a task takes no virtual time however long it computes.
 *
 * <p>The simulator is itself a {@link Scheduler} (for tasks that belong to no node: a test's
 * driver, a network's partition changes); each node gets its own {@link #newScheduler()} so that
 * stopping a node drops exactly its events. Components draw randomness from {@link #random()}
 * (or generators split from it), so one seed determines the whole run.
 *
 * <p>A task that throws stops the run: the exception propagates out of the run method that
 * executed it (the event is consumed). Not thread-safe: create, schedule and run on one thread.
 */
public final class Simulator implements Scheduler {

    private final PriorityQueue<Event> queue = new PriorityQueue<>();
    private final SplittableRandom random;
    private long now;
    private long sequence;
    private long executed;

    /**
     * @param startMillis the virtual time at the start, milliseconds since 1970-01-01T00:00Z,
     *     at least 0
     * @param seed the seed of {@link #random()}
     * @throws IllegalArgumentException if {@code startMillis} is negative
     */
    public Simulator(long startMillis, long seed) {
        if (startMillis < 0) {
            throw new IllegalArgumentException("startMillis must be at least 0, was " + startMillis);
        }
        this.now = startMillis;
        this.random = new SplittableRandom(seed);
    }

    @Override
    public long now() {
        return now;
    }

    /**
     * @return the simulation's seeded random generator (use it, or {@code split()} generators
     *     from it, on the simulation's thread only)
     */
    public SplittableRandom random() {
        return random;
    }

    @Override
    public void execute(Runnable task) {
        enqueue(null, 0, task);
    }

    @Override
    public Cancellable schedule(long delayMillis, Runnable task) {
        return enqueue(null, delayMillis, task);
    }

    /**
     * @return a scheduler for one node, on this simulator's clock and queue
     */
    public NodeScheduler newScheduler() {
        return new NodeScheduler();
    }

    private Cancellable enqueue(NodeScheduler owner, long delayMillis, Runnable task) {
        Objects.requireNonNull(task, "task");
        if (delayMillis < 0) {
            throw new IllegalArgumentException("delayMillis must be at least 0, was " + delayMillis);
        }
        Event e = new Event(Math.addExact(now, delayMillis), sequence++, task, owner);
        queue.add(e);
        return e::cancel;
    }

    /**
     * Runs the next live event, advancing the clock to its time.
     *
     * @return false if no event was left
     */
    public boolean runNext() {
        while (!queue.isEmpty()) {
            Event e = queue.poll();
            if (e.cancelled || e.owner != null && e.owner.stopped) {
                continue;
            }
            now = e.time;
            e.cancelled = true;
            executed++;
            e.task.run();
            return true;
        }
        return false;
    }

    /**
     * Runs events until {@code condition} holds (checked before the first and after every
     * event) or the next event is later than {@code deadlineMillis}; in the second case the clock
     * ends at the deadline.
     *
     * @param condition the stopping condition
     * @param deadlineMillis the latest virtual time to run to
     * @return whether the condition holds
     */
    public boolean runUntil(BooleanSupplier condition, long deadlineMillis) {
        while (!condition.getAsBoolean()) {
            Event next = peekLive();
            if (next == null || next.time > deadlineMillis) {
                now = Math.max(now, deadlineMillis);
                return condition.getAsBoolean();
            }
            runNext();
        }
        return true;
    }

    /**
     * Runs every event due up to {@code timeMillis}, then sets the clock to it (if later).
     *
     * @param timeMillis the virtual time to run to
     */
    public void runUntil(long timeMillis) {
        runUntil(() -> false, timeMillis);
    }

    /**
     * Runs for {@code millis} of virtual time.
     *
     * @param millis the duration, at least 0
     * @throws IllegalArgumentException if negative
     */
    public void runFor(long millis) {
        if (millis < 0) {
            throw new IllegalArgumentException("millis must be at least 0, was " + millis);
        }
        runUntil(Math.addExact(now, millis));
    }

    private Event peekLive() {
        while (!queue.isEmpty()) {
            Event e = queue.peek();
            if (!e.cancelled && (e.owner == null || !e.owner.stopped)) {
                return e;
            }
            queue.poll();
        }
        return null;
    }

    /**
     * @return the number of events executed so far
     */
    public long executedEvents() {
        return executed;
    }

    /**
     * @return the number of events queued, cancelled ones not yet discarded included
     */
    public int queuedEvents() {
        return queue.size();
    }

    /**
     * One node's scheduler on the simulator: its tasks share the simulator's clock and queue,
     * and {@link #stop()} drops all of them at once, as a crash would. Not thread-safe (as the
     * simulator).
     */
    public final class NodeScheduler implements Scheduler {
        private boolean stopped;

        private NodeScheduler() {
        }

        @Override
        public long now() {
            return now;
        }

        /**
         * Queues {@code task} at the current time; dropped if this scheduler is stopped.
         */
        @Override
        public void execute(Runnable task) {
            schedule(0, task);
        }

        /**
         * Queues {@code task}; a stopped scheduler drops it and returns a handle that cancels
         * nothing.
         */
        @Override
        public Cancellable schedule(long delayMillis, Runnable task) {
            if (stopped) {
                Objects.requireNonNull(task, "task");
                if (delayMillis < 0) {
                    throw new IllegalArgumentException("delayMillis must be at least 0, was " + delayMillis);
                }
                return () -> false;
            }
            return enqueue(this, delayMillis, task);
        }

        /**
         * Drops every pending task of this scheduler and every task submitted later. Idempotent.
         */
        public void stop() {
            stopped = true;
        }

        /**
         * @return whether {@link #stop()} was called
         */
        public boolean stopped() {
            return stopped;
        }
    }

    private static final class Event implements Comparable<Event> {
        final long time;
        final long seq;
        final Runnable task;
        final NodeScheduler owner;
        boolean cancelled;

        Event(long time, long seq, Runnable task, NodeScheduler owner) {
            this.time = time;
            this.seq = seq;
            this.task = task;
            this.owner = owner;
        }

        boolean cancel() {
            if (cancelled) {
                return false;
            }
            cancelled = true;
            return true;
        }

        @Override
        public int compareTo(Event o) {
            int c = Long.compare(time, o.time);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }
}
