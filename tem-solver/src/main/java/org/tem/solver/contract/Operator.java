package org.tem.solver.contract;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;
import org.tem.solver.admm.AdmmIteration;
import org.tem.solver.admm.AdmmListener;
import org.tem.solver.admm.AdmmOutcome;

/**
 * The operator's side of the coordination, over the same {@link Coordination} as the meters:
 * register prosumers, open a round, watch it converge, advance an iteration that stalls past its
 * deadline, and read the outcome and every prosumer's settlement.
 *
 * <p><b>Watching.</b> {@link #observe(RoundView)} (or {@link #poll()}, which reads the round's view
 * first) compares a view with the previous one: when an iteration has closed, it records an
 * {@link AdmmIteration} (the closed iteration's residuals, the ρ it ran with) and tells the
 * listener. At most one iteration closes per block, so observing the view of every block (head or
 * final, as the caller follows the chain) sees every iteration; a view that skips iterations
 * records only the last of them, under its own number. Iterations closed before the first view
 * observed are not recorded.
 *
 * <p>One instance follows one round. Not thread-safe: call it on one thread.
 */
public final class Operator {
    private final Coordination coordination;
    private final long round;
    private final AdmmListener listener;
    private final LongSupplier elapsedNanos;
    private final List<AdmmIteration> history = new ArrayList<>();
    private RoundView last;
    private int advancedIteration;
    private CompletableFuture<Void> advancing;

    /**
     * @param coordination the operator's connection to the coordination, signing with its key
     * @param round the round this operator opens and follows
     * @param listener told of every iteration observed to close, on the caller's thread
     * @param elapsedNanos the time since the run started, ns, stamped on each iteration (a
     *     constant for reproducible records)
     * @throws NullPointerException when an argument is null
     */
    public Operator(Coordination coordination, long round, AdmmListener listener, LongSupplier elapsedNanos) {
        this.coordination = Objects.requireNonNull(coordination, "coordination");
        this.round = round;
        this.listener = Objects.requireNonNull(listener, "listener");
        this.elapsedNanos = Objects.requireNonNull(elapsedNanos, "elapsedNanos");
    }

    /** @return the round this operator follows */
    public long round() {
        return round;
    }

    /**
     * Registers a prosumer's meter.
     *
     * @param id the prosumer id
     * @param address the 20-byte address of the meter's key
     * @return completes when the registration is final (see {@link Coordination#register})
     */
    public CompletableFuture<Void> register(String id, byte[] address) {
        return coordination.register(id, address);
    }

    /**
     * Opens the round.
     *
     * @param config the round's configuration (every participant registered)
     * @return completes when the round is open in a final block
     */
    public CompletableFuture<Void> open(RoundConfig config) {
        return coordination.openRound(round, config);
    }

    /**
     * Reads the round's view and {@link #observe}s it.
     *
     * @return the view read
     * @throws CoordinationException when the view cannot be read
     */
    public RoundView poll() {
        RoundView view = coordination.round(round);
        observe(view);
        return view;
    }

    /**
     * Compares a view of the round with the previous one and records the iteration that closed
     * between them, if any.
     *
     * @param view the round's view at some block, not older than the previous one observed
     * @return the iteration recorded, if one closed
     */
    public Optional<AdmmIteration> observe(RoundView view) {
        Objects.requireNonNull(view, "view");
        RoundView before = last;
        last = view;
        if (before == null || !before.open()) {
            return Optional.empty();
        }
        boolean closed = view.iteration() > before.iteration() || !view.open();
        if (!closed) {
            return Optional.empty();
        }
        int number = view.open() ? view.iteration() - 1 : view.iteration();
        AdmmIteration it = new AdmmIteration(number, view.primalResidual(), view.dualResidual(),
                view.paperResidual(), before.rho(), view.status() == RoundStatus.FINAL, elapsedNanos.getAsLong());
        history.add(it);
        listener.onIteration(it);
        return Optional.of(it);
    }

    /** @return the last view observed, if any */
    public Optional<RoundView> view() {
        return Optional.ofNullable(last);
    }

    /** @return the iterations recorded so far, in order; unmodifiable */
    public List<AdmmIteration> history() {
        return List.copyOf(history);
    }

    /**
     * Closes the open iteration without the missing submissions.
     *
     * @return completes when the iteration is closed in a final block; fails with the contract's
     *     reason (REFUSED) when it is not yet past its deadline or the round is closed
     */
    public CompletableFuture<Void> advance() {
        return coordination.advance(round);
    }

    /**
     * Advances the open iteration of the last view observed if it is stalled: past its deadline by
     * the given median block time, and not already being advanced (an advance in flight for the
     * same iteration that has not failed).
     *
     * @param medianMillis the chain's median block time now, ms since the epoch
     * @return the advance sent, if one was
     */
    public Optional<CompletableFuture<Void>> advanceIfStalled(long medianMillis) {
        RoundView view = last;
        if (view == null || !view.open() || medianMillis < view.deadlineMillis()) {
            return Optional.empty();
        }
        if (advancing != null && advancedIteration == view.iteration() && !advancing.isCompletedExceptionally()) {
            return Optional.empty();
        }
        advancedIteration = view.iteration();
        advancing = coordination.advance(round);
        return Optional.of(advancing);
    }

    /**
     * The round read as an ADMM outcome ({@link RoundStatus#outcome}): its status, the iterations
     * recorded, the excluded prosumers (the trades stay on the ledger: {@link #settlements()}).
     *
     * @return the outcome
     * @throws CoordinationException when the round cannot be read
     */
    public AdmmOutcome outcome() {
        RoundView view = coordination.round(round);
        RoundConfig config = coordination.config(round);
        return view.status().outcome(history(), config.options().maxIterations(), coordination.excluded(round));
    }

    /**
     * @return every participant's payment, minor units, positive = pays, in participant order
     *     (summing to exactly zero); empty unless the round is {@link RoundStatus#FINAL}
     * @throws CoordinationException when the round cannot be read
     */
    public Map<String, Long> settlements() {
        Map<String, Long> pay = new LinkedHashMap<>();
        if (coordination.round(round).status() != RoundStatus.FINAL) {
            return pay;
        }
        for (String id : coordination.config(round).participants()) {
            pay.put(id, coordination.settlement(round, id));
        }
        return pay;
    }

    /**
     * @return the ids the deadline rule excluded
     * @throws CoordinationException when the round cannot be read
     */
    public List<String> excluded() {
        return coordination.excluded(round);
    }
}
