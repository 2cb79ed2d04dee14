package org.tem.evm;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.tem.solver.admm.AdmmLinks;
import org.tem.solver.contract.Broadcast;
import org.tem.solver.contract.Coordination;
import org.tem.solver.contract.CoordinationException;
import org.tem.solver.contract.RoundConfig;
import org.tem.solver.contract.RoundStatus;
import org.tem.solver.contract.RoundView;
import org.tem.solver.fixedpoint.FixedPoint;
import org.tem.solver.fixedpoint.FixedRoundConfig;
import org.web3j.utils.Numeric;

/**
 * The typed {@link Coordination} over the Solidity coordination contract on an EVM node, so that
 * the meter library ({@link org.tem.solver.contract.Meter}) and the operator
 * ({@link org.tem.solver.contract.Operator}) run unchanged against an Ethereum network. One
 * instance belongs to one party and signs with its {@link EvmAccount}; {@link #as(EvmAccount)}
 * gives another party's view of the same contract.
 *
 * <p><b>Numbers.</b> The contract works in the fixed-point integers of {@link FixedPoint}; this class
 * converts exactly as {@link org.tem.solver.fixedpoint.FixedPointAgent} does, so a round driven
 * through it is bit-identical to {@link org.tem.solver.fixedpoint.FixedPointRound} fed with the
 * same agents: a broadcast's {@code p'} is {@code 2p'/(2·10⁹)} kWh, λ is {@code λ/10⁹}, ρ is
 * {@code ρ/10⁹}; a submission is rounded with {@link FixedPoint#energy}, clamped to its link's limit
 * in energy units and exactly zero on a link the broadcast showed frozen. Residuals are
 * {@code value/10⁹} (NaN before the first iteration closed).
 *
 * <p><b>Writes</b> run one at a time, in order, on this instance's own thread (so its nonces stay in
 * order) and never block the caller: each future completes when the transaction is in a block
 * with the {@link EvmOptions#confirmations()} the account waits for and succeeded there; it fails
 * with a {@link CoordinationException}: REFUSED with the contract's reason when the node's gas
 * estimate or the receipt says the contract refused (nothing changed), NOT_EXECUTED when the node
 * stayed unreachable or no receipt came within the account's timeout. {@link #advance} sends
 * {@code advance} again while the contract reports the closing still under way, so its future
 * completes when the iteration is closed. The EVM round has no candidate settlement: a broadcast
 * never carries one, and a submission's {@code absorbed} flag is not sent.
 *
 * <p><b>Gas.</b> A submission's gas limit is the node's estimate with its margin plus
 * {@link EvmContract#closingReserve}: the meters' submissions are in flight at once, so one
 * estimated while others were missing may, by the time it is mined, complete all its pairs and be
 * the iteration's last, which runs the closing step; the reserve covers that whatever the order, so
 * no submission runs out of gas (the unused gas is not charged).
 *
 * <p><b>Reads</b> are {@code eth_call}s at the node's latest block (with confirmations above 0 the
 * state read may be newer than what the writes wait for). They throw {@link CoordinationException}:
 * REFUSED when the contract refuses the query, MALFORMED when the answer does not decode or the
 * round's terms disagree with what the contract enforces ({@link EvmContract#config}),
 * NOT_EXECUTED when the node cannot be reached within the account's timeout.
 *
 * <p><b>Who pays.</b> Every write is paid by the account that signs it: a meter pays for its
 * submissions, which also carry the coordination step for the pairs they complete and, for the
 * last one of an iteration, the residuals and the stopping test; whoever advances pays for
 * closing a stalled iteration; the operator pays for registering and opening.
 *
 * <p>Thread-safe: reads may run on any thread; writes are queued on the instance's thread. An
 * account must send through one instance only (two would race on its nonces). {@link #close()}
 * stops the writer thread (the account stays open).
 */
public final class EvmCoordination implements Coordination, AutoCloseable {
    /** The frozen flags of a participant's broadcast for one iteration. */
    private record Frozen(long round, int iteration, boolean[] flags) {
    }

    private final EvmContract contract;
    private final ExecutorService writer;
    private final Map<Long, RoundConfig> configs = new ConcurrentHashMap<>();
    private final Map<Long, FixedRoundConfig> fixed = new ConcurrentHashMap<>();
    private final Map<Long, Integer> ownIndex = new ConcurrentHashMap<>();
    private volatile Frozen frozen;

    private EvmCoordination(EvmContract contract) {
        this.contract = Objects.requireNonNull(contract, "contract");
        this.writer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "evm-coordination-" + contract.account().address());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Deploys the contract; the account is its operator. Blocks until the deployment is final.
     *
     * @param operator the operator's account
     * @return the operator's coordination over the new contract
     * @throws EvmException when the deployment fails
     */
    public static EvmCoordination deploy(EvmAccount operator) {
        return new EvmCoordination(EvmContract.deploy(operator));
    }

    /**
     * @param account the party's account
     * @param contractAddress a deployed contract's address, {@code 0x} and 40 hex digits
     * @return the party's coordination over that contract
     * @throws IllegalArgumentException on a malformed address
     */
    public static EvmCoordination attach(EvmAccount account, String contractAddress) {
        return new EvmCoordination(EvmContract.attach(account, contractAddress));
    }

    /**
     * @param other another party's account
     * @return the same contract, signing with that account (a new instance with its own writer thread)
     */
    public EvmCoordination as(EvmAccount other) {
        return new EvmCoordination(contract.as(other));
    }

    /** @return the raw fixed-point contract client this instance uses */
    public EvmContract contract() {
        return contract;
    }

    /** @return the contract's address */
    public String address() {
        return contract.address();
    }

    // ------------------------------------------------------------------ writes

    @Override
    public CompletableFuture<Void> register(String id, byte[] address) {
        if (address == null || address.length != 20) {
            return refused("register: the address must have 20 bytes");
        }
        String hex = Numeric.toHexString(address);
        return write(() -> contract.register(id, hex));
    }

    @Override
    public CompletableFuture<Void> openRound(long round, RoundConfig config) {
        Objects.requireNonNull(config, "config");
        return write(() -> {
            if (config.warmFrom() != 0) {
                throw new CoordinationException(CoordinationException.Kind.REFUSED, "openRound: the EVM contract starts"
                        + " every round cold; warmFrom must be 0, was " + config.warmFrom());
            }
            try {
                FixedRoundConfig.of(config);
            } catch (IllegalArgumentException e) {
                throw new CoordinationException(CoordinationException.Kind.REFUSED, "openRound: " + e.getMessage(), e);
            }
            return contract.openRound(round, config);
        });
    }

    @Override
    public CompletableFuture<Void> submit(long round, int iteration, double[][] trades, boolean absorbed) {
        Objects.requireNonNull(trades, "trades");
        double[][] copy = new double[trades.length][];
        for (int k = 0; k < copy.length; k++) {
            copy[k] = trades[k].clone();
        }
        return write(() -> contract.submit(round, iteration, quantise(round, iteration, copy),
                EvmContract.closingReserve(fixedConfig(round), index(round))));
    }

    /** The trades in energy units, exactly as {@code FixedPointAgent} makes them. */
    private long[][] quantise(long round, int iteration, double[][] trades) {
        FixedRoundConfig f = fixedConfig(round);
        int u = index(round);
        AdmmLinks links = f.links();
        int first = links.start(u);
        int count = links.end(u) - first;
        if (trades.length != count) {
            throw new CoordinationException(CoordinationException.Kind.REFUSED, "submit: " + trades.length
                    + " links of trades, the participant has " + count);
        }
        boolean[] flags = frozenFlags(round, iteration, u, f.slots());
        long[][] out = new long[count][];
        for (int k = 0; k < count; k++) {
            if (trades[k].length != f.slots()) {
                throw new CoordinationException(CoordinationException.Kind.REFUSED, "submit: link " + k + " has "
                        + trades[k].length + " slots, the round " + f.slots());
            }
            long limit = f.limit(links, first + k);
            out[k] = new long[f.slots()];
            for (int t = 0; t < out[k].length; t++) {
                long v;
                try {
                    v = flags[k] ? 0 : FixedPoint.energy(trades[k][t]);
                } catch (IllegalArgumentException e) {
                    throw new CoordinationException(CoordinationException.Kind.REFUSED, "submit: " + e.getMessage(), e);
                }
                out[k][t] = Math.max(-limit, Math.min(limit, v));
            }
        }
        return out;
    }

    /** The frozen flags of this party's broadcast for the iteration (the last one read, else read now). */
    private boolean[] frozenFlags(long round, int iteration, int u, int slots) {
        Frozen f = frozen;
        if (f != null && f.round == round && f.iteration == iteration) {
            return f.flags;
        }
        EvmContract.Broadcast b = contract.broadcast(round, u, slots);
        return b.frozen();
    }

    @Override
    public CompletableFuture<Void> advance(long round) {
        return write(() -> {
            EvmContract.RoundView before = contract.round(round);
            EvmAccount.Receipt r = contract.advance(round);
            EvmContract.RoundView now = contract.round(round);
            while (now.open() && now.iteration() == before.iteration() && now.closing()) {
                r = contract.advance(round);
                now = contract.round(round);
            }
            return r;
        });
    }

    private CompletableFuture<Void> write(Supplier<EvmAccount.Receipt> call) {
        try {
            return CompletableFuture.supplyAsync(() -> {
                try {
                    call.get();
                    return (Void) null;
                } catch (RuntimeException e) {
                    throw new CompletionException(translate(e));
                }
            }, writer);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new CoordinationException(CoordinationException.Kind.NOT_EXECUTED,
                    "closed", e));
        }
    }

    private static CompletableFuture<Void> refused(String reason) {
        return CompletableFuture.failedFuture(new CoordinationException(CoordinationException.Kind.REFUSED, reason));
    }

    /** Maps the client's failures to the interface's kinds. */
    static CoordinationException translate(RuntimeException e) {
        if (e instanceof CoordinationException ce) {
            return ce;
        }
        if (e instanceof RefusedException r) {
            return new CoordinationException(CoordinationException.Kind.REFUSED, r.reason(), r);
        }
        if (e instanceof MalformedAnswerException m) {
            return new CoordinationException(CoordinationException.Kind.MALFORMED, m.getMessage(), m);
        }
        if (e instanceof EvmException x) {
            // a receipt that says the transaction reverted is a refusal that is final
            CoordinationException.Kind kind = x.getMessage() != null && x.getMessage().contains(" reverted in ")
                    ? CoordinationException.Kind.REFUSED : CoordinationException.Kind.NOT_EXECUTED;
            return new CoordinationException(kind, x.getMessage(), x);
        }
        // anything else came from decoding a hostile or faulty answer
        return new CoordinationException(CoordinationException.Kind.MALFORMED, String.valueOf(e.getMessage()), e);
    }

    private static <T> T read(Supplier<T> query) {
        try {
            return query.get();
        } catch (RuntimeException e) {
            throw translate(e);
        }
    }

    // ------------------------------------------------------------------ reads

    @Override
    public RoundView round(long round) {
        EvmContract.RoundView v = read(() -> contract.round(round));
        return read(() -> view(v));
    }

    /** The interface's view of the contract's round state, converted as {@link #round(long)} does. */
    static RoundView view(EvmContract.RoundView v) {
        boolean noneClosed = v.open() && v.iteration() == 1;
        double primal = noneClosed ? Double.NaN : v.primal().doubleValue() / FixedPoint.ENERGY_SCALE;
        double dual = noneClosed ? Double.NaN : v.dual().doubleValue() / FixedPoint.PRICE_SCALE;
        double paper = noneClosed ? Double.NaN : v.paper().doubleValue() / FixedPoint.ENERGY_SCALE;
        return new RoundView(v.status(), v.iteration(), v.rho() / (double) FixedPoint.RHO_SCALE, primal,
                dual, paper, v.submitted(), v.deadlineMillis(), v.active());
    }

    @Override
    public Broadcast broadcast(long round, String id) {
        int u = indexOf(round, id);
        int slots = config(round).slots();
        EvmContract.Broadcast b = read(() -> contract.broadcast(round, u, slots));
        if (u == ownIndexOrMinus(round)) {
            frozen = new Frozen(round, b.iteration(), b.frozen().clone());
        }
        int links = b.frozen().length;
        double[][] target = new double[links][slots];
        double[][] lambda = new double[links][slots];
        for (int k = 0; k < links; k++) {
            for (int t = 0; t < slots; t++) {
                target[k][t] = b.twiceAux()[k][t] / (2.0 * FixedPoint.ENERGY_SCALE);
                lambda[k][t] = b.lambda()[k][t] / (double) FixedPoint.PRICE_SCALE;
            }
        }
        return read(() -> new Broadcast(b.iteration(), b.rho() / (double) FixedPoint.RHO_SCALE, target, lambda,
                b.frozen(), b.excluded(), false, new double[0][]));
    }

    @Override
    public RoundConfig config(long round) {
        RoundConfig c = configs.get(round);
        if (c == null) {
            c = read(() -> contract.config(round));
            configs.putIfAbsent(round, c);
        }
        return c;
    }

    private FixedRoundConfig fixedConfig(long round) {
        return fixed.computeIfAbsent(round, r -> FixedRoundConfig.of(config(r)));
    }

    /** This party's index in the round (its account's address must take part). */
    private int index(long round) {
        Integer u = ownIndex.get(round);
        if (u == null) {
            u = read(() -> contract.indexOf(round, contract.account().address()));
            ownIndex.put(round, u);
        }
        return u;
    }

    private int ownIndexOrMinus(long round) {
        Integer u = ownIndex.get(round);
        return u == null ? -1 : u;
    }

    private int indexOf(long round, String id) {
        int u = config(round).participants().indexOf(id);
        if (u < 0) {
            throw new CoordinationException(CoordinationException.Kind.REFUSED, "'" + id
                    + "' does not take part in round " + round);
        }
        return u;
    }

    @Override
    public boolean submitted(long round, String id) {
        int u = indexOf(round, id);
        return read(() -> contract.submitted(round, u));
    }

    @Override
    public List<String> excluded(long round) {
        List<String> ids = config(round).participants();
        boolean[] out = read(() -> contract.excluded(round));
        if (out.length != ids.size()) {
            throw new CoordinationException(CoordinationException.Kind.MALFORMED, "excluded: " + out.length
                    + " flags for " + ids.size() + " participants");
        }
        List<String> list = new ArrayList<>();
        for (int u = 0; u < out.length; u++) {
            if (out[u]) {
                list.add(ids.get(u));
            }
        }
        return List.copyOf(list);
    }

    @Override
    public double[][] settled(long round, String id) {
        int u = indexOf(round, id);
        int slots = config(round).slots();
        RoundView view = round(round);
        if (view.open()) {
            throw new CoordinationException(CoordinationException.Kind.REFUSED, "settled: round " + round
                    + " is still open");
        }
        EvmContract.Broadcast b = read(() -> contract.broadcast(round, u, slots));
        double[][] out = new double[b.frozen().length][slots];
        if (view.status() == RoundStatus.FINAL) {
            for (int k = 0; k < out.length; k++) {
                for (int t = 0; t < slots; t++) {
                    out[k][t] = b.twiceAux()[k][t] / (2.0 * FixedPoint.ENERGY_SCALE);
                }
            }
        }
        return out;
    }

    @Override
    public long settlement(long round, String id) {
        int u = indexOf(round, id);
        return read(() -> contract.settlement(round, u));
    }

    /** Stops the writer thread after the writes already queued; the account stays open. */
    @Override
    public void close() {
        writer.shutdown();
    }
}
