package org.tem.consensus.scheduler;

/**
 * A node's event loop and clock. All of a node's logic (messages, imports, sealing timers,
 * sync requests) runs as tasks on one scheduler, one task at a time, and never blocks; time is
 * read only through {@link #now()}. Two implementations: {@link RealScheduler} (one thread, the
 * system clock) and the schedulers of a {@link Simulator} (a shared virtual clock, so that a
 * whole network runs deterministically and as fast as the CPU allows).
 *
 * <p>Tasks submitted from one thread run in submission order when due at the same time. The
 * methods may be called from any thread.
 */
public interface Scheduler {

    /**
     * @return the current time, milliseconds since 1970-01-01T00:00Z (virtual in a simulation)
     */
    long now();

    /**
     * Runs {@code task} on the loop as soon as possible, after the tasks already due.
     *
     * @param task the task
     */
    void execute(Runnable task);

    /**
     * Runs {@code task} on the loop once {@code delayMillis} have passed.
     *
     * @param delayMillis the delay, at least 0
     * @param task the task
     * @return a handle that cancels the task if it has not started
     * @throws IllegalArgumentException if {@code delayMillis} is negative
     */
    Cancellable schedule(long delayMillis, Runnable task);
}
