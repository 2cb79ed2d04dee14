package org.tem.evm;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.tem.api.Solution;
import org.tem.api.Vpp;
import org.tem.solver.admm.AdmmLinks;
import org.tem.solver.admm.AdmmListener;
import org.tem.solver.admm.AdmmOptions;
import org.tem.solver.admm.AdmmOutcome;
import org.tem.solver.admm.AdmmSolver;
import org.tem.solver.admm.SettledSchedule;
import org.tem.solver.admm.SilenceSchedule;
import org.tem.solver.contract.Broadcast;
import org.tem.solver.contract.Coordination;
import org.tem.solver.contract.CoordinationException;
import org.tem.solver.contract.Meter;
import org.tem.solver.contract.Operator;
import org.tem.solver.contract.RoundConfig;
import org.tem.solver.contract.RoundStatus;
import org.tem.solver.contract.RoundView;
import org.tem.solver.fixedpoint.FixedIteration;
import org.tem.solver.fixedpoint.FixedRoundConfig;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/**
 * One day's ADMM round on an EVM node with the meter library that also runs on tem's own ledger:
 * the operator deploys the coordination contract (or attaches to a deployed one), registers every
 * prosumer's meter and opens a round ({@link Operator} over {@link EvmCoordination}); each home is
 * a {@link Meter} holding only its own prosumer and tariff, compiling its problem from the round's
 * terms read from the chain and submitting signed trades through its own {@link EvmCoordination};
 * the contract does the coordination step. Submissions of different meters are in flight at the
 * same time. Every closed iteration is replayed in the Java mirror ({@link EvmRoundVerifier}), so a
 * run also checks the chain's arithmetic bit for bit.
 *
 * <p><b>Pacing.</b> To replay an iteration the verifier reads the chain as that iteration left it,
 * so a meter's submission for the next iteration is held on the driver's side (in the meter's
 * channel, not in the meter) until the closed iteration has been replayed; the meter sees a
 * submission in flight meanwhile. The result does not depend on this: the contract's sums are
 * exact integers, independent of the order in which submissions arrive.
 *
 * <p>Meter keys are <b>development keys</b> derived from the prosumer ids and the operator's address
 * (Keccak-256 of a fixed text), funded by the operator with {@link #FUNDING_WEI}: fine for a
 * simulation against a dev node, never for a real deployment, where every meter holds its own key.
 * A {@link SilenceSchedule} simulates silent meters (their submissions for those iterations are
 * lost on the way); once every other active meter has submitted, the driver moves the node's clock
 * to the iteration's deadline with {@code evm_setNextBlockTimestamp} (Anvil, Hardhat) and the
 * operator advances. Not thread-safe.
 */
public final class EvmAdmmSolver {
    /** The per-iteration deadline of the round, milliseconds of block time. */
    public static final long DEADLINE_MILLIS = 60_000;
    /** What the operator sends a meter whose balance is below half of it, wei (10 ether). */
    public static final BigInteger FUNDING_WEI = BigInteger.TEN.pow(19);
    /** How long the driver sleeps when no meter acted and no iteration closed, ms. */
    private static final long IDLE_MILLIS = 2;

    private final EvmAccount operator;
    private final String contractAddress;
    private final AdmmOptions options;
    private final AdmmListener listener;
    private final SilenceSchedule silence;
    private String deployed = "";
    private long round;
    private long gas;
    private long transactions;
    private List<Long> settlements = List.of();
    private List<double[][]> settled = List.of();
    private List<FixedIteration> iterations = List.of();

    /**
     * @param operator the operator's account (pays for deployment, registration, funding, advances);
     *     it must not send through anything else while {@link #solve} runs
     * @param contractAddress a deployed contract to attach to, or null to deploy one
     * @param options the round's ADMM settings; acceleration is turned off (the EVM round is plain ADMM)
     * @param listener receives a report after every iteration (on the calling thread)
     * @param silence which meter (by index) stays silent in which iteration
     */
    public EvmAdmmSolver(EvmAccount operator, String contractAddress, AdmmOptions options, AdmmListener listener,
            SilenceSchedule silence) {
        this.operator = Objects.requireNonNull(operator, "operator");
        this.contractAddress = contractAddress;
        this.options = options.withAcceleration(false);
        this.listener = Objects.requireNonNull(listener, "listener");
        this.silence = Objects.requireNonNull(silence, "silence");
    }

    /**
     * @param id a prosumer id
     * @param operatorAddress the operator's address
     * @return the development key of that prosumer's meter, hex
     */
    public static String devKey(String id, String operatorAddress) {
        byte[] seed = Hash.sha3(("tem evm dev key: " + operatorAddress + "/" + id).getBytes(StandardCharsets.UTF_8));
        return Numeric.toHexStringNoPrefixZeroPadded(new BigInteger(1, seed), 64);
    }

    /**
     * Runs the day's round.
     *
     * @param vpp the VPP
     * @return the solution, method {@code "evm"}
     * @throws IllegalArgumentException when the VPP does not fit an EVM round's bounds
     * @throws EvmException when the node fails during deployment or funding
     * @throws CoordinationException when the node stays unreachable during the round (NOT_EXECUTED),
     *     or the contract refuses the operator's registration or round (REFUSED)
     * @throws IllegalStateException when the chain and the Java mirror disagree
     */
    public Solution solve(Vpp vpp) {
        long start = System.nanoTime();
        RoundConfig terms = RoundConfig.of(vpp, options, 100, DEADLINE_MILLIS);
        FixedRoundConfig config = FixedRoundConfig.of(terms);
        long gasBefore = operator.gasUsed();
        long sentBefore = operator.transactionsMined();
        gas = 0;
        transactions = 0;
        List<Gate> gates = new ArrayList<>();
        List<EvmAccount> keys = new ArrayList<>();
        try (EvmCoordination coordination = contractAddress == null ? EvmCoordination.deploy(operator)
                : EvmCoordination.attach(operator, contractAddress)) {
            deployed = coordination.address();
            for (var p : vpp.prosumers()) {
                EvmAccount meter = operator.withKey(devKey(p.id(), operator.address()));
                keys.add(meter);
                if (operator.balance(meter.address()).compareTo(FUNDING_WEI.shiftRight(1)) < 0) {
                    operator.send(meter.address(), "0x", FUNDING_WEI);
                }
                joinUnless(coordination.register(p.id(), Numeric.hexStringToByteArray(meter.address())),
                        "already registered");
            }
            round = operator.blockNumber() + 1;
            while (!joinUnless(coordination.openRound(round, terms), "must be new")) {
                round++;
            }
            Operator op = new Operator(coordination, round, listener, () -> System.nanoTime() - start);
            List<Meter> meters = new ArrayList<>();
            for (int u = 0; u < vpp.size(); u++) {
                Gate gate = new Gate(coordination.as(keys.get(u)), u, silence);
                gates.add(gate);
                meters.add(new Meter(vpp.prosumers().get(u), vpp.market(), gate, round, System::currentTimeMillis,
                        DEADLINE_MILLIS));
            }
            Solution result = drive(vpp, coordination, op, meters, gates, config, start);
            for (Gate g : gates) {
                g.awaitSent();
            }
            gas = operator.gasUsed() - gasBefore;
            transactions = operator.transactionsMined() - sentBefore;
            for (EvmAccount k : keys) {
                gas += k.gasUsed();
                transactions += k.transactionsMined();
            }
            return result;
        } finally {
            for (Gate g : gates) {
                g.close();
            }
        }
    }

    /** Drives the open round to its end, replaying every iteration in the mirror; the solution. */
    private Solution drive(Vpp vpp, EvmCoordination coordination, Operator op, List<Meter> meters, List<Gate> gates,
            FixedRoundConfig config, long start) {
        AdmmLinks links = config.links();
        EvmContract contract = coordination.contract();
        EvmRoundVerifier verifier = new EvmRoundVerifier(contract, round, config);
        List<FixedIteration> fixed = new ArrayList<>();
        // every decision and every view the operator records is read at one block while no
        // transaction of the round is in flight: a node may answer calls at its latest block from
        // the state of a transaction still executing (Anvil does), which a revert (e.g. a submission
        // refused because the iteration closed after a deadline meanwhile) undoes
        long block = operator.blockNumber();
        EvmContract.RoundView sealed = contract.atBlock(block).round(round);
        op.observe(EvmCoordination.view(sealed));
        int k = sealed.iteration();
        for (Gate g : gates) {
            g.open(k);
        }
        while (sealed.open()) {
            boolean acted = false;
            for (int u = 0; u < meters.size(); u++) {
                Meter m = meters.get(u);
                if (silence.silent(u, k) || m.answered() >= k) {
                    continue;
                }
                Meter.Action a = m.step();
                if (a == Meter.Action.FAILED) {
                    List<org.tem.solver.admm.AdmmIteration> history = op.history();
                    String id = vpp.prosumers().get(u).id();
                    AdmmOutcome failed = new AdmmOutcome(AdmmOutcome.Status.AGENT_FAILED, history.size(), history,
                            new double[0][], new double[0][], id, id + ": local problem not solved (" + m.failure()
                            + ")", List.of());
                    iterations = List.copyOf(fixed);
                    return AdmmSolver.solution("evm", links, List.of(), failed, (System.nanoTime() - start) / 1e9);
                }
                acted |= a == Meter.Action.SUBMITTED || a == Meter.Action.RESUBMITTED;
            }
            if (!gates.stream().allMatch(Gate::quiet)) {
                if (!acted) {
                    sleep(IDLE_MILLIS);
                }
                continue;
            }
            block = operator.blockNumber();
            sealed = contract.atBlock(block).round(round);
            op.observe(EvmCoordination.view(sealed));
            if (!sealed.open() || sealed.iteration() > k) {
                // iteration k closed, and no later one: the submissions for k + 1 are held until now
                fixed.add(verifier.replayAt(block, submitters(verifier, meters.size(), k)));
                k = sealed.iteration();
                for (Gate g : gates) {
                    g.open(k);
                }
            } else if (sealed.submitted() == submitters(verifier, meters.size(), k).length
                    && sealed.submitted() < sealed.active()) {
                // everyone who will answer has: the silent meters' deadline passes, the operator closes it
                operator.advanceClockTo(sealed.deadlineMillis());
                op.advance().join();
            } else if (!acted) {
                sleep(IDLE_MILLIS);
            }
        }
        iterations = List.copyOf(fixed);
        Map<String, Long> pay = op.settlements();
        if (sealed.status() == RoundStatus.FINAL) {
            long[] mirrored = verifier.mirror().payments();
            int u = 0;
            for (var e : pay.entrySet()) {
                if (e.getValue() != mirrored[u]) {
                    throw new IllegalStateException("settlement of " + e.getKey() + ": " + e.getValue()
                            + " on chain, " + mirrored[u] + " in Java");
                }
                u++;
            }
        }
        settlements = List.copyOf(pay.values());
        List<double[][]> kwh = new ArrayList<>();
        for (int u = 0; u < vpp.size(); u++) {
            kwh.add(contract.trades(round, u, config.slots()));
        }
        settled = List.copyOf(kwh);
        AdmmOutcome outcome = op.outcome();
        // the honest result: each home re-solves once with its trades fixed to what the chain settled
        // (zero unless the round is final: a round stopped at its cap books no payment)
        List<SettledSchedule> schedules = new ArrayList<>();
        for (Meter m : meters) {
            schedules.add(m.settle());
        }
        return AdmmSolver.solution("evm", links, schedules, outcome, (System.nanoTime() - start) / 1e9);
    }

    /** The participants that answer iteration {@code k}: not excluded before it, and not silent in it. */
    private int[] submitters(EvmRoundVerifier verifier, int n, int k) {
        List<Integer> out = new ArrayList<>();
        for (int u = 0; u < n; u++) {
            if (!verifier.mirror().excluded(u) && !silence.silent(u, k)) {
                out.add(u);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Waits for an operator's write.
     *
     * @return true when it succeeded, false when the contract refused it with a reason containing {@code benign}
     * @throws CoordinationException for any other failure
     */
    private static boolean joinUnless(CompletableFuture<Void> write, String benign) {
        try {
            write.join();
            return true;
        } catch (CompletionException e) {
            Throwable cause = unwrap(e);
            if (cause instanceof CoordinationException ce && ce.kind() == CoordinationException.Kind.REFUSED
                    && ce.reason().contains(benign)) {
                return false;
            }
            throw cause instanceof RuntimeException r ? r : e;
        }
    }

    private static Throwable unwrap(Throwable error) {
        Throwable t = error;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * A meter's channel as the driver paces it: reads pass through; a submission for an iteration
     * after the one the driver opened is held until the driver opens that iteration (the meter
     * sees it in flight), and a submission for an iteration the meter is silent in is lost
     * (NOT_EXECUTED), as on a link that is down. Called on the driver's thread; the futures it
     * hands out complete on the writer's.
     */
    private static final class Gate implements Coordination, AutoCloseable {
        /** A submission waiting for its iteration to open. */
        private record Held(long round, int iteration, double[][] trades, boolean absorbed,
                CompletableFuture<Void> future) {
        }

        private final EvmCoordination inner;
        private final int index;
        private final SilenceSchedule silence;
        private final List<Held> held = new ArrayList<>();
        private final List<CompletableFuture<Void>> sent = new ArrayList<>();
        private int open;

        Gate(EvmCoordination inner, int index, SilenceSchedule silence) {
            this.inner = inner;
            this.index = index;
            this.silence = silence;
        }

        /** Opens iterations up to {@code iteration} and sends what was held for them. */
        void open(int iteration) {
            open = iteration;
            List<Held> due = held.stream().filter(h -> h.iteration() <= open).toList();
            held.removeAll(due);
            for (Held h : due) {
                send(h.round(), h.iteration(), h.trades(), h.absorbed()).whenComplete((v, e) -> {
                    if (e == null) {
                        h.future().complete(null);
                    } else {
                        h.future().completeExceptionally(unwrap(e));
                    }
                });
            }
        }

        /** @return true when every submission sent has its outcome (none is in flight) */
        boolean quiet() {
            sent.removeIf(CompletableFuture::isDone);
            return sent.isEmpty();
        }

        /** Waits until every submission sent has its outcome (so that its gas is counted). */
        void awaitSent() {
            for (CompletableFuture<Void> f : sent) {
                try {
                    f.join();
                } catch (CompletionException | java.util.concurrent.CancellationException e) {
                    // its outcome is known: refused, or lost
                }
            }
        }

        private CompletableFuture<Void> send(long round, int iteration, double[][] trades, boolean absorbed) {
            CompletableFuture<Void> f = inner.submit(round, iteration, trades, absorbed);
            sent.add(f);
            return f;
        }

        @Override
        public CompletableFuture<Void> submit(long round, int iteration, double[][] trades, boolean absorbed) {
            if (silence.silent(index, iteration)) {
                return CompletableFuture.failedFuture(new CoordinationException(
                        CoordinationException.Kind.NOT_EXECUTED, "simulated silence in iteration " + iteration));
            }
            if (iteration <= open) {
                return send(round, iteration, trades, absorbed);
            }
            CompletableFuture<Void> f = new CompletableFuture<>();
            held.add(new Held(round, iteration, trades, absorbed, f));
            return f;
        }

        @Override
        public CompletableFuture<Void> register(String id, byte[] address) {
            return inner.register(id, address);
        }

        @Override
        public CompletableFuture<Void> openRound(long round, RoundConfig config) {
            return inner.openRound(round, config);
        }

        @Override
        public CompletableFuture<Void> advance(long round) {
            return inner.advance(round);
        }

        @Override
        public RoundView round(long round) {
            return inner.round(round);
        }

        @Override
        public Broadcast broadcast(long round, String id) {
            return inner.broadcast(round, id);
        }

        @Override
        public RoundConfig config(long round) {
            return inner.config(round);
        }

        @Override
        public boolean submitted(long round, String id) {
            return inner.submitted(round, id);
        }

        @Override
        public List<String> excluded(long round) {
            return inner.excluded(round);
        }

        @Override
        public double[][] settled(long round, String id) {
            return inner.settled(round, id);
        }

        @Override
        public long settlement(long round, String id) {
            return inner.settlement(round, id);
        }

        /** Drops what is still held (the round is over) and stops the meter's writer. */
        @Override
        public void close() {
            for (Held h : held) {
                h.future().completeExceptionally(new CoordinationException(CoordinationException.Kind.NOT_EXECUTED,
                        "the round is over"));
            }
            held.clear();
            inner.close();
        }
    }

    /** @return the contract's address (deployed or attached) after {@link #solve} */
    public String contractAddress() {
        return deployed;
    }

    /** @return the round number the last run opened */
    public long round() {
        return round;
    }

    /** @return the gas of every transaction of the last run (deployment, setup, submissions, advances) */
    public long gasUsed() {
        return gas;
    }

    /** @return the transactions of the last run (deployment, setup, submissions, advances) */
    public long transactions() {
        return transactions;
    }

    /** @return the settled payments of the last run in minor units, by participant (empty unless final) */
    public List<Long> settlements() {
        return settlements;
    }

    /**
     * The reciprocal trades {@code p'} the last run ended with, as the chain holds them: the
     * schedule settlement pays for, and the input of {@link org.tem.solver.fixedpoint.ReciprocalCost}.
     *
     * @return per prosumer, links × slots in its links' order, kWh, positive = bought (fresh copies)
     */
    public List<double[][]> settledKwh() {
        List<double[][]> out = new ArrayList<>();
        for (double[][] m : settled) {
            double[][] c = new double[m.length][];
            for (int k = 0; k < m.length; k++) {
                c[k] = m[k].clone();
            }
            out.add(c);
        }
        return out;
    }

    /** @return each closed iteration of the last run, as the contract and the mirror computed it */
    public List<FixedIteration> iterations() {
        return iterations;
    }
}
