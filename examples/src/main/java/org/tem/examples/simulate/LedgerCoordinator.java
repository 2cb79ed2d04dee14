package org.tem.examples.simulate;

import java.util.Objects;
import java.util.Optional;
import org.tem.api.Solution;
import org.tem.examples.ledger.PoaLedgerAdmmSolver;
import org.tem.solver.admm.AdmmOptions;

/**
 * The {@code ledger} method of {@code tem simulate}: each day's ADMM round on a proof-of-authority
 * network in memory ({@link PoaLedgerAdmmSolver}): {@code N} validators, the operator and every
 * prosumer's meter on a node of its own, one discrete-event simulator, the meters following their
 * node's head. A fresh network is built for each day (genesis, permissions, registration, the
 * round), seeded with the run's seed plus the day's index, so a run replays exactly.
 *
 * <p>Each round starts cold, as the in-process methods do: the coordination contract's round
 * configuration carries no starting prices, so the previous day's outcome in {@link
 * DayInput#previous()} is not used.
 *
 * <p>The day's {@link LedgerFigures} hold the transactions and blocks of that day's chain, the
 * settlement the contract booked, and every transaction's confirmation delay in <em>virtual</em>
 * seconds of the simulated network (from submission at the sender's node to its receipt being final
 * there; the network's latencies are drawn from 5-50 ms, and the CPU time of signing, checking and
 * executing takes no virtual time). Not thread-safe; holds nothing between days.
 */
public final class LedgerCoordinator implements DayCoordinator {
    /** The method's name. */
    public static final String METHOD = "ledger";

    private final AdmmOptions options;
    private final int validators;
    private final long seed;

    /**
     * @param options the ADMM settings
     * @param validators the number of validators, in [1, 64]
     * @param seed the seed of the first day's network (day {@code d} uses {@code seed + d})
     * @throws IllegalArgumentException if {@code validators} is out of range
     */
    public LedgerCoordinator(AdmmOptions options, int validators, long seed) {
        if (validators < 1 || validators > 64) {
            throw new IllegalArgumentException("validators: must be in [1, 64], was " + validators);
        }
        this.options = Objects.requireNonNull(options, "options");
        this.validators = validators;
        this.seed = seed;
    }

    @Override
    public String method() {
        return METHOD;
    }

    @Override
    public DayOutcome coordinate(DayInput input, RoundListener listener) {
        Objects.requireNonNull(listener, "listener");
        PoaLedgerAdmmSolver solver = new PoaLedgerAdmmSolver(options, validators, listener::onIteration,
                seed + input.day(), PoaLedgerAdmmSolver.Follow.HEAD);
        Solution solution = solver.solve(input.vpp());
        listener.onBlocks(solver.blocks());
        long[] millis = solver.confirmationMillis();
        double[] seconds = new double[millis.length];
        for (int i = 0; i < millis.length; i++) {
            seconds[i] = millis[i] / 1e3;
        }
        return new DayOutcome(solution, Optional.of(new LedgerFigures(solver.transactions(), solver.blocks(),
                seconds, solver.settlements())));
    }

    @Override
    public String toString() {
        return "LedgerCoordinator[" + validators + " validators, in memory]";
    }
}
