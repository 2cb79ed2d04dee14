package org.tem.solver.contract;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;
import org.tem.api.Market;
import org.tem.api.Prosumer;
import org.tem.api.ProsumerSchedule;
import org.tem.solver.admm.LocalAgent;
import org.tem.solver.admm.SettledSchedule;
import org.tem.solver.admm.TradingAgent;

/**
 * The meter side of a coordination round, as a library a meter vendor embeds. A meter holds only
 * its own {@link Prosumer} and its own tariff ({@link Market}: ancillary prices); it reads the
 * round's {@link RoundConfig} from the ledger and compiles its local problem from those
 * ({@link RoundConfig#agentFor}): its peers, their link limits, the P2P price and the horizon come
 * from the round, nothing from a neighbour. Only trade vectors and one bit per candidate
 * settlement leave the meter.
 *
 * <p><b>Driving it.</b> Call {@link #step()} whenever the ledger moved (a new head or final block,
 * from a listener) or periodically. It never blocks and never throws for anything the ledger
 * says: when an iteration is open that the meter has not answered, it reads its
 * {@link Broadcast}, checks whether it can absorb a candidate settlement, solves its local
 * problem once and submits; it reports what it did as an {@link Action}.
 *
 * <p><b>Delivery.</b> An iteration counts as answered only when its submission's future completed
 * successfully (the submission is final and accepted), or the contract shows the submission
 * received. While a submission is in flight the meter sends nothing else for that iteration. It
 * sends the <em>same</em> proposal again (no re-solve, so the round's result stays bit-identical)
 * when the future failed, or when the future has not completed {@code resendMillis} after sending
 * (by the caller's clock) and the contract does not show the submission — while the iteration is
 * still open. A refusal that repeats (the contract's reason is in {@link #lastError()}) is sent
 * again at most once per step; the round's deadline rule ends it. Once the broadcast says the
 * meter is excluded it stops. After the round closes, {@link #settle()} re-solves the meter's own
 * problem with its settled trades and {@link #settlement()} reads its payment.
 *
 * <p>Which state the meter acts on is the {@link Coordination}'s: over a channel that reads final
 * state, it acts on final state only. Not thread-safe: one instance per meter and round, called on
 * one thread (the futures it holds may complete on any thread).
 */
public final class Meter {

    /** What one {@link #step()} did. */
    public enum Action {
        /** Nothing to do yet: the round is not visible, an answer was unreadable ({@link #lastError()}). */
        WAITING,
        /** Solved and submitted a proposal for a newly open iteration. */
        SUBMITTED,
        /** Sent the same proposal again after a failed or lost submission. */
        RESUBMITTED,
        /** A submission for the open iteration is in flight; nothing sent. */
        IN_FLIGHT,
        /** The open iteration is answered; nothing to do until the next one. */
        ANSWERED,
        /** The meter is excluded from the round (it sends nothing more). */
        EXCLUDED,
        /** The round is closed; {@link #settle()} and {@link #settlement()} apply. */
        CLOSED,
        /** The local problem could not be built or solved ({@link #failure()}); the meter stops. */
        FAILED
    }

    /** A submission sent and not yet known to have landed. */
    private record Pending(int iteration, double[][] trades, boolean absorbed, CompletableFuture<Void> future,
            long sentAt) {
    }

    private final Prosumer prosumer;
    private final Market tariff;
    private final Coordination coordination;
    private final long round;
    private final LongSupplier clockMillis;
    private final long resendMillis;
    private LocalAgent agent;
    private int answered;
    private Pending pending;
    private boolean excluded;
    private String failure = "";
    private CoordinationException lastError;
    private long submissions;

    /**
     * @param own the meter's own prosumer; its id is the id it is registered under
     * @param tariff the meter's own market (its ancillary prices; the P2P price is the round's)
     * @param coordination the meter's connection to the coordination, signing with the meter's key
     * @param round the round to take part in
     * @param clockMillis the caller's clock, milliseconds (any monotone clock; only differences are used)
     * @param resendMillis how long a submission may stay unconfirmed before it is sent again, ms, {@code > 0}
     * @throws IllegalArgumentException when {@code resendMillis <= 0}
     * @throws NullPointerException when an argument is null
     */
    public Meter(Prosumer own, Market tariff, Coordination coordination, long round, LongSupplier clockMillis,
            long resendMillis) {
        if (resendMillis <= 0) {
            throw new IllegalArgumentException("resendMillis: must be > 0, was " + resendMillis);
        }
        this.prosumer = Objects.requireNonNull(own, "own");
        this.tariff = Objects.requireNonNull(tariff, "tariff");
        this.coordination = Objects.requireNonNull(coordination, "coordination");
        this.round = round;
        this.clockMillis = Objects.requireNonNull(clockMillis, "clockMillis");
        this.resendMillis = resendMillis;
    }

    /** @return the prosumer id the meter takes part under */
    public String id() {
        return prosumer.id();
    }

    /** @return the round the meter follows */
    public long round() {
        return round;
    }

    /**
     * Does what the meter should do now (see the class comment). Never blocks; never throws for
     * what the ledger answers (a failure to read is {@link Action#WAITING} with {@link #lastError()}).
     *
     * @return what it did
     */
    public Action step() {
        if (excluded) {
            return Action.EXCLUDED;
        }
        if (!failure.isEmpty()) {
            return Action.FAILED;
        }
        try {
            if (agent == null) {
                RoundConfig config = coordination.config(round);
                try {
                    agent = config.agentFor(prosumer, tariff);
                } catch (IllegalArgumentException e) {
                    failure = e.getMessage();
                    return Action.FAILED;
                }
            }
            RoundView view = coordination.round(round);
            if (!view.open()) {
                return Action.CLOSED;
            }
            int k = view.iteration();
            if (pending != null) {
                Optional<Action> delivery = followPending(k);
                if (delivery.isPresent()) {
                    return delivery.get();
                }
            }
            if (k <= answered) {
                return Action.ANSWERED;
            }
            return answer(k);
        } catch (CoordinationException e) {
            lastError = e;
            return Action.WAITING;
        }
    }

    /** Follows the submission in flight; empty when it is settled and the open iteration may be answered. */
    private Optional<Action> followPending(int open) {
        Pending p = pending;
        if (p.iteration < open) {
            // the iteration closed: with this submission or, past its deadline, without it
            answered = Math.max(answered, p.iteration);
            pending = null;
            return Optional.empty();
        }
        if (p.iteration > open) {
            // the state read lags the state the submission was made from: wait for it
            return Optional.of(Action.IN_FLIGHT);
        }
        CompletableFuture<Void> f = p.future;
        if (f.isDone() && !f.isCompletedExceptionally()) {
            answered = p.iteration;
            pending = null;
            return Optional.of(Action.ANSWERED);
        }
        if (f.isDone()) {
            try {
                f.join();
            } catch (RuntimeException e) {
                lastError = asCoordinationException(e);
            }
        } else if (clockMillis.getAsLong() - p.sentAt < resendMillis) {
            return Optional.of(Action.IN_FLIGHT);
        }
        // failed, or unconfirmed for too long: did it land all the same?
        if (coordination.submitted(round, id())) {
            if (f.isDone()) {
                answered = p.iteration;
                pending = null;
                return Optional.of(Action.ANSWERED);
            }
            return Optional.of(Action.IN_FLIGHT);
        }
        send(p.iteration, p.trades, p.absorbed);
        return Optional.of(Action.RESUBMITTED);
    }

    private static CoordinationException asCoordinationException(Throwable e) {
        Throwable cause = ContractCoordination.unwrap(e);
        return cause instanceof CoordinationException ce ? ce
                : new CoordinationException(CoordinationException.Kind.NOT_EXECUTED, String.valueOf(cause.getMessage()),
                        cause);
    }

    /** Reads the broadcast of a newly open iteration, solves once, submits. */
    private Action answer(int k) {
        Broadcast b = coordination.broadcast(round, id());
        if (b.excluded()) {
            excluded = true;
            return Action.EXCLUDED;
        }
        if (b.iteration() != k) {
            // the two reads saw different states; read again on the next step
            return Action.WAITING;
        }
        int slots = prosumer.horizon().slots();
        if (b.target().length != agent.links() || agent.links() > 0 && b.target()[0].length != slots) {
            lastError = new CoordinationException(CoordinationException.Kind.MALFORMED, "broadcast: "
                    + b.target().length + " links, the meter has " + agent.links() + " of " + slots + " slots");
            return Action.WAITING;
        }
        boolean absorbed;
        try {
            // a candidate settlement awaits confirmation: can this home absorb its part of it?
            absorbed = b.candidate() && agent.absorb(b.candidateTrades()).absorbed();
        } catch (IllegalArgumentException e) {
            lastError = new CoordinationException(CoordinationException.Kind.MALFORMED, "broadcast: candidate: "
                    + e.getMessage(), e);
            return Action.WAITING;
        }
        TradingAgent.Proposal proposal = agent.propose(b.rho(), b.target(), b.lambda(), b.frozen());
        if (!proposal.solved()) {
            answered = k;
            failure = proposal.reason();
            return Action.FAILED;
        }
        send(k, proposal.trades(), absorbed);
        return Action.SUBMITTED;
    }

    private void send(int iteration, double[][] trades, boolean absorbed) {
        submissions++;
        pending = new Pending(iteration, trades, absorbed, coordination.submit(round, iteration, trades, absorbed),
                clockMillis.getAsLong());
    }

    /** @return true once the broadcast said this meter is excluded from the round */
    public boolean excluded() {
        return excluded;
    }

    /** @return why the local problem could not be built or solved (the meter then stops), or empty */
    public String failure() {
        return failure;
    }

    /** @return the last failure to read the coordination or to deliver a submission, if any */
    public Optional<CoordinationException> lastError() {
        return Optional.ofNullable(lastError);
    }

    /** @return the highest iteration known answered (0 before any) */
    public int answered() {
        return answered;
    }

    /** @return how many submissions the meter has sent, resends included */
    public long submissions() {
        return submissions;
    }

    /**
     * @return the meter's own schedule from its last local solve (stays on the meter)
     * @throws IllegalStateException before the first successful local solve
     */
    public ProsumerSchedule schedule() {
        if (agent == null) {
            throw new IllegalStateException(id() + ": no local solution yet");
        }
        return agent.schedule();
    }

    /**
     * Once the round is closed, reads the settled trades of the meter's own links (zero unless the
     * round is final; zero on frozen links, so an excluded meter gets its schedule without
     * trading) and re-solves the meter's own problem with them fixed: the schedule the home
     * follows. Stays on the meter. Blocks only as long as the coordination's reads do.
     *
     * @return the schedule, or why the home cannot absorb its settled trades
     * @throws CoordinationException REFUSED while the round is open; MALFORMED when the settled
     *     trades do not fit the meter's links or limits
     */
    public SettledSchedule settle() {
        if (agent == null) {
            RoundConfig config = coordination.config(round);
            try {
                agent = config.agentFor(prosumer, tariff);
            } catch (IllegalArgumentException e) {
                throw new CoordinationException(CoordinationException.Kind.REFUSED, e.getMessage(), e);
            }
        }
        double[][] mine = coordination.settled(round, id());
        try {
            return agent.settle(mine);
        } catch (IllegalArgumentException e) {
            throw new CoordinationException(CoordinationException.Kind.MALFORMED, "settled: " + e.getMessage(), e);
        }
    }

    /**
     * @return this prosumer's settled payment in minor units (positive = pays)
     * @throws CoordinationException REFUSED before settlement, MALFORMED for a bad answer
     */
    public long settlement() {
        return coordination.settlement(round, id());
    }
}
