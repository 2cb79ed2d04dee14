package org.tem.examples.simulate;

import java.util.List;
import java.util.Objects;
import org.tem.api.Solution;
import org.tem.solver.CentralSolver;
import org.tem.solver.admm.AdmmOptions;
import org.tem.solver.admm.AdmmSolver;

/**
 * The coordination methods that run inside this JVM, with no ledger: {@code central} (the whole VPP as
 * one QP, {@link CentralSolver}) and {@code admm} (every prosumer solves its own problem and an
 * in-process coordinator exchanges trades, {@link AdmmSolver}). Their outcomes carry no ledger figures.
 *
 * <p>Each round starts cold: the solvers of tem-solver take no starting prices, so the previous day's
 * outcome in {@link DayInput#previous()} is not used. Instances hold no state between days and may be
 * used from one thread at a time.
 */
public final class InProcessCoordinator implements DayCoordinator {
    /** The method names this class implements. */
    public static final List<String> METHODS = List.of("central", "admm");

    private final String method;
    private final AdmmOptions options;
    private final int threads;

    private InProcessCoordinator(String method, AdmmOptions options, int threads) {
        this.method = method;
        this.options = options;
        this.threads = threads;
    }

    /** @return the central method: one QP per day, solved by {@link CentralSolver}'s defaults */
    public static InProcessCoordinator central() {
        return new InProcessCoordinator("central", null, 1);
    }

    /**
     * @param options the ADMM settings
     * @param threads threads for the prosumers' local solves, {@code >= 1} (1 = on the calling thread)
     * @return the ADMM method
     * @throws IllegalArgumentException if {@code threads < 1}
     */
    public static InProcessCoordinator admm(AdmmOptions options, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads: must be >= 1, was " + threads);
        }
        return new InProcessCoordinator("admm", Objects.requireNonNull(options, "options"), threads);
    }

    @Override
    public String method() {
        return method;
    }

    @Override
    public DayOutcome coordinate(DayInput input, RoundListener listener) {
        Objects.requireNonNull(listener, "listener");
        Solution solution = options == null
                ? new CentralSolver().solve(input.vpp())
                : new AdmmSolver(options, threads, listener::onIteration).solve(input.vpp());
        return DayOutcome.inProcess(solution);
    }

    @Override
    public String toString() {
        return "InProcessCoordinator[" + method + (options == null ? "" : ", " + threads + " threads") + "]";
    }
}
