package org.tem.solver.admm;

/**
 * Which prosumer stays silent at which iteration: a meter that does not submit before the
 * deadline. The in-process coordinator takes one so that a simulation (or a test) can reproduce
 * exactly what the ledger's deadline rule does with silent meters; the ledger driver takes the same
 * schedule, so both runs stay bit-identical. Implementations must be pure functions of their
 * arguments.
 */
@FunctionalInterface
public interface SilenceSchedule {
    /** Nobody is ever silent. */
    SilenceSchedule NONE = (prosumer, iteration) -> false;

    /**
     * @param prosumer a prosumer index, in the links' order
     * @param iteration an iteration, from 1
     * @return true when that prosumer does not answer in that iteration
     */
    boolean silent(int prosumer, int iteration);

    /**
     * A prosumer that never answers (it is excluded when iteration 1 closes).
     *
     * @param prosumer its index
     * @return the schedule
     */
    static SilenceSchedule never(int prosumer) {
        return fromIteration(prosumer, 1);
    }

    /**
     * A prosumer that answers until {@code first − 1} and is silent from iteration {@code first} on.
     *
     * @param prosumer its index
     * @param first the first silent iteration, {@code >= 1}
     * @return the schedule
     * @throws IllegalArgumentException if {@code first < 1}
     */
    static SilenceSchedule fromIteration(int prosumer, int first) {
        if (first < 1) {
            throw new IllegalArgumentException("first: must be >= 1, was " + first);
        }
        return (u, k) -> u == prosumer && k >= first;
    }
}
