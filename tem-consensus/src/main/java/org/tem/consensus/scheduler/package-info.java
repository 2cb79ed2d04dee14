/**
 * The event loop a node runs on and the clock it reads: {@link
 * org.tem.consensus.scheduler.Scheduler}, implemented by {@link
 * org.tem.consensus.scheduler.RealScheduler} (one thread, the system clock) and by the
 * discrete-event {@link org.tem.consensus.scheduler.Simulator} (one virtual clock for a whole
 * simulated network; deterministic, replays exactly).
 */
package org.tem.consensus.scheduler;
