package org.tem.examples.simulate;

/**
 * Runs one day's coordination round: given the day's VPP (and the previous day's outcome, for a warm
 * start), it returns the day's schedule and, for a method that runs on a ledger, the ledger's figures.
 *
 * <p>This is the seam between {@code tem simulate}'s day loop and a coordination method. The in-process
 * methods are {@link InProcessCoordinator}; a method on a proof-of-authority network implements the
 * same interface, holds its network across days, and releases it in {@link #close()}.
 *
 * <p>Contract for implementations:
 * <ul>
 *   <li>{@link #coordinate} is called once per day, in day order, on one thread.</li>
 *   <li>It reports every iteration to the listener on the calling thread, and lets an unchecked
 *       exception thrown by the listener propagate: the day loop throws one to abandon a round when
 *       the run is stopped. An abandoned round must leave the coordinator able to {@link #close()}.</li>
 *   <li>An infeasible or unsolved day is a status in the returned {@link org.tem.api.Solution}, not
 *       an exception.</li>
 * </ul>
 */
public interface DayCoordinator extends AutoCloseable {
    /**
     * @return the method's name as it appears in results and reports ({@code "central"}, {@code "admm"},
     *     …); the same as {@link org.tem.api.Solution#method()} of its solutions
     */
    String method();

    /**
     * Runs the day's round.
     *
     * @param input the day
     * @param listener receives every iteration (and, on a ledger, the block count), on this thread
     * @return the outcome
     */
    DayOutcome coordinate(DayInput input, RoundListener listener);

    /** Releases what the coordinator holds (threads, nodes, ports); the default holds nothing. */
    @Override
    default void close() {
    }
}
