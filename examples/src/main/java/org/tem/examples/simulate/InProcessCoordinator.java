package org.tem.examples.simulate;

import java.util.List;
import java.util.Objects;
import org.tem.api.Solution;
import org.tem.solver.CentralSolver;
import org.tem.solver.admm.AdmmOptions;
import org.tem.solver.admm.AdmmOutcome;
import org.tem.solver.admm.AdmmRun;
import org.tem.solver.admm.AdmmSolver;
import org.tem.solver.admm.WarmStart;

/**
 * The coordination methods that run inside this JVM, with no ledger: {@code central} (the whole VPP as
 * one QP, {@link CentralSolver}) and {@code admm} (every prosumer solves its own problem and an
 * in-process coordinator exchanges trades, {@link AdmmSolver}). Their outcomes carry no ledger figures.
 *
 * <p><b>Warm start.</b> The {@code admm} method starts each day from the previous day's end: its final
 * prices {@code λ} and settled trades ({@link AdmmRun#next()}, handed on in {@link DayOutcome#next()}
 * and read back from {@link DayInput#previous()}), matched by prosumer ids, as
 * {@code AdmmSolver.run(vpp, previousRun.next())}. Only a day whose round converged hands its end on
 * (one that stopped at the iteration cap or failed hands on {@link WarmStart#COLD}), as on the ledger,
 * where only a final round can be started from; so the {@code admm} and {@code ledger} methods give the
 * same days bit for bit. {@code central} has no starting point. Instances hold no state between days
 * (the warm start travels in the outcome) and may be used from one thread at a time.
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
        if (options == null) {
            return DayOutcome.inProcess(new CentralSolver().solve(input.vpp()));
        }
        WarmStart start = input.previous().map(DayOutcome::next).orElse(WarmStart.COLD);
        AdmmRun run = new AdmmSolver(options, threads, listener::onIteration).run(input.vpp(), start);
        WarmStart next = run.outcome().status() == AdmmOutcome.Status.CONVERGED ? run.next() : WarmStart.COLD;
        return DayOutcome.inProcess(run.solution(), next);
    }

    @Override
    public String toString() {
        return "InProcessCoordinator[" + method + (options == null ? "" : ", " + threads + " threads") + "]";
    }
}
