package org.tem.examples.simulate;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.tem.api.Solution;
import org.tem.examples.ledger.PoaLedgerAdmmSolver;
import org.tem.solver.admm.AdmmListener;
import org.tem.solver.admm.AdmmOptions;
import org.tem.solver.contract.RoundStatus;

/**
 * The {@code ledger} method of {@code tem simulate}: the run's ADMM rounds on ONE proof-of-authority
 * network in memory ({@link PoaLedgerAdmmSolver.Session}): {@code N} validators, the operator and every
 * prosumer's meter on a node of its own, one discrete-event simulator, the meters following their
 * node's head. The network is built on the first day (genesis, permissions, registration) and day
 * {@code d} (from 1) runs round {@code d} on the same chain, seeded once with the run's seed, so a run
 * replays exactly.
 *
 * <p><b>Warm start.</b> Day {@code d} opens round {@code d} with {@code warmFrom = d - 1}: the
 * coordination contract itself starts it from round {@code d - 1}'s final prices and settled trades
 * (see {@code CoordinationContract}), exactly as the in-process {@code admm} method starts from the
 * previous day's run ({@link InProcessCoordinator}), so both give the same days bit for bit. The first
 * day, and a day after one whose round did not end final, start cold.
 *
 * <p>The day's {@link LedgerFigures} hold the transactions and blocks sealed during that day's round
 * (the first day's include the setup), the settlement the contract booked, and every transaction's
 * confirmation delay in <em>virtual</em> seconds of the simulated network (from submission at the
 * sender's node to its receipt being final there; the network's latencies are drawn from 5-50 ms, and
 * the CPU time of signing, checking and executing takes no virtual time). Every day's VPP must have
 * the first day's prosumers (the network has a node for each of them). Not thread-safe; {@link #close()}
 * stops the network.
 */
public final class LedgerCoordinator implements DayCoordinator {
    /** The method's name. */
    public static final String METHOD = "ledger";

    private final AdmmOptions options;
    private final int validators;
    private final long seed;
    private PoaLedgerAdmmSolver.Session session;
    private final List<Long> warmFrom = new ArrayList<>();

    /**
     * @param options the ADMM settings
     * @param validators the number of validators, in [1, 64]
     * @param seed the seed of the network
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
        if (session == null) {
            session = new PoaLedgerAdmmSolver(options, validators, AdmmListener.NONE, seed,
                    PoaLedgerAdmmSolver.Follow.HEAD).open(input.vpp().prosumers().stream().map(p -> p.id()).toList());
        }
        long from = input.previous().isPresent() && session.lastStatus().orElse(null) == RoundStatus.FINAL
                ? session.lastRound() : 0;
        Solution solution = session.solve(input.vpp(), from, listener::onIteration);
        warmFrom.add(from);
        listener.onBlocks(session.blocks());
        long[] millis = session.confirmationMillis();
        double[] seconds = new double[millis.length];
        for (int i = 0; i < millis.length; i++) {
            seconds[i] = millis[i] / 1e3;
        }
        return new DayOutcome(solution, Optional.of(new LedgerFigures(session.transactions(), session.blocks(),
                seconds, session.settlements())));
    }

    /**
     * @return the round each day so far started warm from, in day order ({@code 0} = cold); day
     *     {@code d}'s round is round {@code d}
     */
    public List<Long> warmFrom() {
        return List.copyOf(warmFrom);
    }

    /** Stops the network's nodes. Idempotent. */
    @Override
    public void close() {
        if (session != null) {
            session.close();
        }
    }

    @Override
    public String toString() {
        return "LedgerCoordinator[" + validators + " validators, in memory, one chain for the run]";
    }
}
