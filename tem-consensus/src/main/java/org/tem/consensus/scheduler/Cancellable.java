package org.tem.consensus.scheduler;

/**
 * A handle on a scheduled task.
 */
@FunctionalInterface
public interface Cancellable {

    /**
     * Cancels the task if it has not started. Idempotent.
     *
     * @return whether this call cancelled it (false if it already ran, started, or was cancelled)
     */
    boolean cancel();
}
