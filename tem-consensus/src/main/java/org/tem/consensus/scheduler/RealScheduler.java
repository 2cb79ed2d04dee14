package org.tem.consensus.scheduler;

import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A scheduler on one dedicated daemon thread and the system clock: a node's event loop in a
 * real deployment. A task that throws is reported to the error handler and the loop goes on, so
 * one bad input never stops the node. After {@link #close()} new tasks are dropped silently (a
 * stopped node ignores late events). Thread-safe.
 */
public final class RealScheduler implements Scheduler, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(RealScheduler.class.getName());

    private final ScheduledThreadPoolExecutor executor;
    private final Consumer<Throwable> onError;
    private volatile Thread loop;

    /**
     * @param name the loop thread's name
     */
    public RealScheduler(String name) {
        this(name, e -> LOG.log(System.Logger.Level.WARNING, "task failed on the event loop", e));
    }

    /**
     * @param name the loop thread's name
     * @param onError receives every exception a task throws, on the loop thread
     */
    public RealScheduler(String name, Consumer<Throwable> onError) {
        Objects.requireNonNull(name, "name");
        this.onError = Objects.requireNonNull(onError, "onError");
        this.executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            loop = t;
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    @Override
    public long now() {
        return System.currentTimeMillis();
    }

    @Override
    public void execute(Runnable task) {
        Objects.requireNonNull(task, "task");
        try {
            executor.execute(guarded(task));
        } catch (RejectedExecutionException e) {
            // closed: a stopped loop ignores new tasks
        }
    }

    @Override
    public Cancellable schedule(long delayMillis, Runnable task) {
        Objects.requireNonNull(task, "task");
        if (delayMillis < 0) {
            throw new IllegalArgumentException("delayMillis must be at least 0, was " + delayMillis);
        }
        ScheduledFuture<?> f;
        try {
            f = executor.schedule(guarded(task), delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            return () -> false;
        }
        return () -> f.cancel(false);
    }

    /**
     * @return whether the calling thread is this scheduler's loop
     */
    public boolean inLoop() {
        return Thread.currentThread() == loop;
    }

    private Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                onError.accept(e);
            }
        };
    }

    /**
     * Stops the loop: pending tasks are discarded and a running one finishes; waits up to 5 s
     * for it unless called from the loop itself. Idempotent.
     */
    @Override
    public void close() {
        executor.shutdownNow();
        if (!inLoop()) {
            try {
                executor.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
