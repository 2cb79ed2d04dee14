package org.tem.examples.simulate;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.tem.api.Solution;
import org.tem.examples.ledger.TcpLedgerAdmmSolver;
import org.tem.solver.admm.AdmmOptions;
import org.tem.solver.contract.RoundStatus;

/**
 * The {@code ledger} method of {@code tem simulate --transport tcp}: each day's ADMM round on one
 * proof-of-authority network of real nodes over TCP loopback ({@link TcpLedgerAdmmSolver.Session}),
 * in real time: {@code N} validators, the operator's node and one node per prosumer's meter, each a
 * {@link org.tem.consensus.node.TemNode} with its own event loop on its own loopback port, chains in
 * memory. The network starts with the first day (its prosumers are the roster: every later day must
 * have the same prosumer ids), runs day {@code d} as round {@code d + 1} of the coordination contract,
 * and is closed by {@link #close()}, which releases every port.
 *
 * <p><b>Warm start</b>, as in memory ({@link LedgerCoordinator}): a day after one whose round ended
 * {@link RoundStatus#FINAL} opens its round warm from that round ({@code warmFrom}), so the contract
 * starts it from the previous day's final prices and settled trades; the first day, and a day after one
 * that did not end final, start cold. The ADMM iterates do not depend on the transport, so every day's
 * schedules are those of the in-memory ledger and of in-process ADMM, bit for bit.
 *
 * <p>The day's {@link LedgerFigures}: the transactions and blocks sealed during the day's round (the
 * first day's include the prosumers' registrations), the settlement the contract booked, and the
 * confirmation delay of every call of the operator and the meters in <em>wall-clock</em> time ({@link
 * LedgerFigures.Clock#WALL}): from its submission to its node to its receipt being final there.
 *
 * <p>Not thread-safe: {@link #coordinate} on one thread, {@link #close()} after it has returned. The
 * listener is called on that thread; an exception it throws abandons the round and propagates, and the
 * coordinator can still be closed.
 */
public final class TcpLedgerCoordinator implements DayCoordinator {
    private final TcpLedgerAdmmSolver solver;
    private final int validators;
    private TcpLedgerAdmmSolver.Session session;
    private boolean closed;

    /**
     * @param options the ADMM settings
     * @param validators the number of validators, in [1, 64]
     * @param stallMillis how long a round may go without a new final block at the operator's node before
     *     it is declared stalled (the day then fails), milliseconds, positive
     * @throws IllegalArgumentException if {@code validators} or {@code stallMillis} is out of range
     */
    public TcpLedgerCoordinator(AdmmOptions options, int validators, long stallMillis) {
        if (validators < 1 || validators > 64) {
            throw new IllegalArgumentException("validators: must be in [1, 64], was " + validators);
        }
        this.validators = validators;
        this.solver = new TcpLedgerAdmmSolver(Objects.requireNonNull(options, "options"), validators,
                iteration -> { }, stallMillis);
    }

    @Override
    public String method() {
        return LedgerCoordinator.METHOD;
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalStateException if the coordinator is closed, a node cannot start, or the network
     *     stalls
     * @throws IllegalArgumentException if the day has a prosumer the first day did not have
     */
    @Override
    public DayOutcome coordinate(DayInput input, RoundListener listener) {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(listener, "listener");
        if (closed) {
            throw new IllegalStateException("the coordinator is closed");
        }
        if (session == null) {
            session = solver.open(input.vpp());
        }
        long from = input.previous().isPresent() && session.lastStatus().orElse(null) == RoundStatus.FINAL
                ? session.lastRound() : 0;
        Solution solution = session.solve(input.vpp(), from, listener::onIteration);
        TcpLedgerAdmmSolver.RoundFigures f = session.figures().orElseThrow();
        listener.onBlocks(f.blocks());
        List<Long> micros = f.confirmationMicros();
        double[] seconds = new double[micros.size()];
        for (int i = 0; i < seconds.length; i++) {
            seconds[i] = micros.get(i) / 1e6;
        }
        return new DayOutcome(solution, Optional.of(new LedgerFigures(f.transactions(), f.blocks(), seconds,
                f.settlements(), LedgerFigures.Clock.WALL)));
    }

    /** Closes the network's nodes (releasing their ports). Idempotent. */
    @Override
    public void close() {
        closed = true;
        if (session != null) {
            session.close();
        }
    }

    @Override
    public String toString() {
        return "TcpLedgerCoordinator[" + validators + " validators, over TCP loopback]";
    }
}
