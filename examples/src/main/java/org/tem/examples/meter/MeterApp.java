package org.tem.examples.meter;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.tem.api.Market;
import org.tem.api.Prosumer;
import org.tem.api.ProsumerSchedule;
import org.tem.consensus.node.Account;
import org.tem.consensus.node.TemNode;
import org.tem.ledger.block.BlockHeader;
import org.tem.ledger.chain.ChainListener;
import org.tem.ledger.crypto.Address;
import org.tem.ledger.crypto.KeyPair;
import org.tem.solver.admm.SettledSchedule;
import org.tem.solver.contract.Coordination;
import org.tem.solver.contract.CoordinationException;
import org.tem.solver.contract.Meter;
import org.tem.solver.contract.RoundConfig;
import org.tem.solver.contract.RoundStatus;
import org.tem.solver.contract.RoundView;

/**
 * A prosumer's meter as a program: it embeds a {@link TemNode} (its own store, node key and
 * peers) and the local solver, holds only its own prosumer and tariff and its own key, and takes
 * part in the coordination rounds it is a participant of, one after the other.
 *
 * <p><b>Following rounds.</b> Starting at a first round number, the app waits (on its node's new
 * heads) until that round's configuration is on the chain. When its prosumer is not a participant
 * it logs so and moves to the next number; otherwise it builds a {@link Meter} over a {@link
 * NodeChannel} that reads the head and steps it on every new head and finalised block (never
 * blocking the node's loop). Once the round is closed at the node's <em>finalised</em> block, it
 * re-solves its own problem with its settled trades ({@link Meter#settle()}), reads its payment,
 * logs a summary and records a {@link RoundResult}; then it follows the next round number. After
 * {@code maxRounds} settled rounds it stops ({@link #done()} completes).
 *
 * <p><b>What leaves the meter.</b> Only its trade vectors and one bit per candidate settlement,
 * signed with its key; its prosumer's loads, generation, battery and tariff stay here.
 *
 * <p><b>Threads.</b> Everything runs on the node's loop (listeners); {@link #results()} and
 * {@link #done()} may be read from any thread.
 */
public final class MeterApp implements AutoCloseable {

    /**
     * One settled round as this meter saw it.
     *
     * @param round the round number
     * @param schedule the home's schedule with its settled trades fixed, or why it cannot absorb them
     * @param payment the prosumer's payment, minor units, positive = pays
     * @param iterations the round's iterations (the number of its last one)
     * @param submissions the submissions it sent, resends included
     * @param excluded whether the deadline rule excluded it
     */
    public record RoundResult(long round, SettledSchedule schedule, long payment, int iterations, long submissions,
            boolean excluded) {
        /**
         * @param round the round number
         * @param schedule the settled schedule
         * @param payment the payment, minor units
         * @param iterations the round's iterations
         * @param submissions submissions sent
         * @param excluded excluded by the deadline rule
         */
        public RoundResult {
            Objects.requireNonNull(schedule, "schedule");
        }
    }

    private final TemNode node;
    private final Prosumer own;
    private final Market tariff;
    private final Account account;
    private final Coordination head;
    private final Coordination fin;
    private final long resendMillis;
    private final int maxRounds;
    private final Consumer<String> log;
    private final ChainListener listener;
    private final List<RoundResult> results = new ArrayList<>();
    private final CompletableFuture<List<RoundResult>> done = new CompletableFuture<>();
    private long round;
    private Meter meter;
    private boolean stopped;
    private String lastError = "";

    /**
     * Creates the app and subscribes it to the node's events; it acts once the node runs.
     *
     * @param node the meter's own node (started before or after)
     * @param key the meter's account key (registered for its prosumer by the operator)
     * @param own the meter's own prosumer; its id is the participant id it answers for
     * @param tariff its own market (ancillary prices; the round sets the P2P price and topology)
     * @param contract the coordination contract's address
     * @param firstRound the first round number to follow, {@code >= 1}
     * @param maxRounds how many settled rounds to take part in before stopping, {@code >= 1}
     *     ({@link Integer#MAX_VALUE} for no limit)
     * @param resendMillis how long a submission may stay unconfirmed before it is sent again, ms, {@code > 0}
     * @param log receives one plain line per event (on the node's loop)
     * @throws IllegalArgumentException for a round number, limit or resend time out of range
     */
    public MeterApp(TemNode node, KeyPair key, Prosumer own, Market tariff, Address contract, long firstRound,
            int maxRounds, long resendMillis, Consumer<String> log) {
        if (firstRound < 1) {
            throw new IllegalArgumentException("firstRound: must be >= 1, was " + firstRound);
        }
        if (maxRounds < 1) {
            throw new IllegalArgumentException("rounds: must be >= 1, was " + maxRounds);
        }
        if (resendMillis <= 0) {
            throw new IllegalArgumentException("resendMillis: must be > 0, was " + resendMillis);
        }
        this.node = Objects.requireNonNull(node, "node");
        this.own = Objects.requireNonNull(own, "own");
        this.tariff = Objects.requireNonNull(tariff, "tariff");
        this.log = Objects.requireNonNull(log, "log");
        this.account = Account.open(node, key);
        this.head = NodeChannel.coordination(node, account, contract, true);
        this.fin = NodeChannel.coordination(node, account, contract, false);
        this.round = firstRound;
        this.maxRounds = maxRounds;
        this.resendMillis = resendMillis;
        this.listener = new ChainListener() {
            @Override
            public void onNewHead(BlockHeader h) {
                step();
            }

            @Override
            public void onFinalized(BlockHeader f) {
                step();
            }
        };
        node.addListener(listener);
    }

    /** @return the prosumer id this meter answers for */
    public String id() {
        return own.id();
    }

    /** @return completes with every round's result once {@code maxRounds} rounds settled */
    public CompletableFuture<List<RoundResult>> done() {
        return done;
    }

    /** @return the rounds settled so far, in order */
    public synchronized List<RoundResult> results() {
        return List.copyOf(results);
    }

    /** Reacts to the chain having moved: find the round, answer its open iteration, or settle it. */
    private void step() {
        if (done.isDone()) {
            return;
        }
        try {
            if (meter == null && !join()) {
                return;
            }
            Meter.Action a = meter.step();
            if (a == Meter.Action.SUBMITTED) {
                log(String.format(Locale.ROOT, "round %d iteration %d: solved and submitted", round,
                        head.round(round).iteration()));
            }
            meter.lastError().map(Throwable::getMessage).filter(m -> !m.equals(lastError)).ifPresent(m -> {
                lastError = m;
                log("round " + round + ": " + m);
            });
            if (a == Meter.Action.FAILED && !stopped) {
                stopped = true;
                log("round " + round + ": stopped: " + meter.failure());
            }
            if ((a == Meter.Action.CLOSED || a == Meter.Action.EXCLUDED || a == Meter.Action.FAILED)
                    && !fin.round(round).open()) {
                settle();
            }
        } catch (CoordinationException e) {
            // the chain could not answer now (for example the round is only at the head): try on the next block
            if (!e.getMessage().equals(lastError)) {
                lastError = e.getMessage();
                log("round " + round + ": waiting: " + e.getMessage());
            }
        }
    }

    /** Looks for the current round number on the chain; true when a meter for it was built. */
    private boolean join() {
        RoundConfig config;
        try {
            config = head.config(round);
        } catch (CoordinationException e) {
            return false; // not opened yet
        }
        if (!config.participants().contains(own.id())) {
            log("round " + round + ": " + own.id() + " does not take part; following round " + (round + 1));
            round++;
            return false;
        }
        meter = new Meter(own, tariff, head, round, node.scheduler()::now, resendMillis);
        stopped = false;
        log(String.format(Locale.ROOT, "round %d: open with %d participants, %d slots, price %s per kWh", round,
                config.participants().size(), config.slots(), config.p2pPrice()));
        return true;
    }

    /** The round is closed in final state: settle, log, record, move on. */
    private void settle() {
        SettledSchedule s = meter.settle();
        RoundView view = fin.round(round);
        long payment = view.status() == RoundStatus.FINAL ? fin.settlement(round, own.id()) : 0;
        RoundResult r = new RoundResult(round, s, payment, view.iteration(), meter.submissions(), meter.excluded());
        log(summary(r, view.status().name()));
        synchronized (this) {
            results.add(r);
        }
        meter = null;
        round++;
        if (results().size() >= maxRounds) {
            done.complete(results());
        }
    }

    /**
     * @param r a settled round
     * @param status the round's final status
     * @return the one-line summary the app logs
     */
    static String summary(RoundResult r, String status) {
        String id = r.schedule().id();
        if (r.schedule().schedule().isEmpty()) {
            return String.format(Locale.ROOT, "round %d %s: %s cannot absorb its settled trades (%s); pays %d minor units",
                    r.round(), status, id, r.schedule().reason(), r.payment());
        }
        ProsumerSchedule p = r.schedule().schedule().get();
        double bought = 0;
        double sold = 0;
        for (double t : p.netTrade()) {
            if (t > 0) {
                bought += t;
            } else {
                sold -= t;
            }
        }
        return String.format(Locale.ROOT, "round %d %s after %d iterations: %s bought %.3f kWh, sold %.3f kWh, "
                + "peak %.3f kWh; pays %d minor units%s", r.round(), status, r.iterations(), id, bought, sold,
                p.peakKwh(), r.payment(), r.excluded() ? " (excluded by the deadline rule)" : "");
    }

    private void log(String line) {
        log.accept(own.id() + ": " + line);
    }

    /** Unsubscribes from the node and closes the account (the node stays open: its owner closes it). */
    @Override
    public void close() {
        node.removeListener(listener);
        account.close();
        done.complete(results());
    }
}
