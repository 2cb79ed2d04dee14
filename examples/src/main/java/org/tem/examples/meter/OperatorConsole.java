package org.tem.examples.meter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.apache.tuweni.bytes.Bytes;
import org.tem.consensus.node.Account;
import org.tem.consensus.node.TemNode;
import org.tem.ledger.block.BlockHeader;
import org.tem.ledger.chain.ChainListener;
import org.tem.ledger.chain.QueryResult;
import org.tem.ledger.crypto.Address;
import org.tem.ledger.crypto.KeyPair;
import org.tem.ledger.permission.Permissions;
import org.tem.ledger.tx.Receipt;
import org.tem.solver.admm.AdmmListener;
import org.tem.solver.admm.AdmmOutcome;
import org.tem.solver.contract.Codec;
import org.tem.solver.contract.ContractCoordination;
import org.tem.solver.contract.CoordinationChannel;
import org.tem.solver.contract.CoordinationException;
import org.tem.solver.contract.Operator;
import org.tem.solver.contract.RoundConfig;
import org.tem.solver.contract.RoundView;

/**
 * A VPP operator's console as a program: on its own {@link TemNode} and with the operator's key it
 * permits the prosumers' meter accounts on the chain, registers them with the coordination
 * contract, opens one round, watches it converge block by block, advances an iteration that
 * stalls past its deadline, and reports the settlement. It needs only public data: each
 * participant's id and meter public key, and the round's {@link RoundConfig} (participants, their
 * declared trade limits and peers, slots, price, ADMM settings) — never a prosumer's loads or
 * devices.
 *
 * <p><b>Steps.</b> {@link #start()} sends {@code addAccount} for every participant (a refusal —
 * for example an account already permitted — is logged and the console goes on), then {@code
 * register} for each (likewise), then {@code openRound} (its refusal fails {@link #result()}).
 * From then on every finalised block's view of the round is {@link Operator#observe observed}
 * (one {@code progress} call per iteration closed) and, when the chain's median block time is
 * past the open iteration's deadline, the iteration is advanced without the missing submissions.
 * When the round is closed at a finalised block, {@link #result()} completes with the outcome
 * and the settlement read from final state.
 *
 * <p><b>Threads.</b> Everything after {@link #start()} runs on the node's loop; {@link
 * #result()} may be read from any thread.
 */
public final class OperatorConsole implements AutoCloseable {

    /**
     * A prosumer taking part, as the operator knows it.
     *
     * @param id the participant id (as in the round configuration)
     * @param publicKey the 64-byte public key of its meter's account
     */
    public record Participant(String id, Bytes publicKey) {
        /**
         * @param id the participant id
         * @param publicKey the meter account's public key
         */
        public Participant {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(publicKey, "publicKey");
        }

        /** @return the meter account's address (from its public key) */
        public Address address() {
            return Address.fromPublicKey(publicKey);
        }
    }

    /**
     * What the round came to.
     *
     * @param outcome the round as an ADMM outcome (status, iterations observed, excluded)
     * @param settlements every participant's payment, minor units, positive = pays, in
     *     participant order; empty unless the round is final
     */
    public record Result(AdmmOutcome outcome, Map<String, Long> settlements) {
        /**
         * @param outcome the outcome
         * @param settlements the payments (copied)
         */
        public Result {
            Objects.requireNonNull(outcome, "outcome");
            settlements = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(settlements));
        }
    }

    private final TemNode node;
    private final Account account;
    private final Address contract;
    private final long round;
    private final List<Participant> participants;
    private final RoundConfig config;
    private final Consumer<String> log;
    private final Operator operator;
    private final CompletableFuture<Result> result = new CompletableFuture<>();
    private final ChainListener listener;
    private boolean watching;
    private long lastObserved;

    /**
     * @param node the operator's own node (started)
     * @param key the operator's key (the chain's operator)
     * @param contract the coordination contract's address
     * @param round the round number to open
     * @param participants the prosumers to permit and register, in any order
     * @param config the round to open (its participants must be among {@code participants})
     * @param progress told of every iteration observed to close (on the node's loop)
     * @param log receives one plain line per step (on the node's loop)
     * @throws IllegalArgumentException when a participant of the round is not among {@code participants}
     */
    public OperatorConsole(TemNode node, KeyPair key, Address contract, long round, List<Participant> participants,
            RoundConfig config, AdmmListener progress, Consumer<String> log) {
        this.node = Objects.requireNonNull(node, "node");
        this.contract = Objects.requireNonNull(contract, "contract");
        this.participants = List.copyOf(participants);
        this.config = Objects.requireNonNull(config, "config");
        this.log = Objects.requireNonNull(log, "log");
        this.round = round;
        List<String> ids = this.participants.stream().map(Participant::id).toList();
        for (String id : config.participants()) {
            if (!ids.contains(id)) {
                throw new IllegalArgumentException("participant '" + id + "' of the round has no public key");
            }
        }
        this.account = Account.open(node, key);
        this.operator = new Operator(NodeChannel.coordination(node, account, contract, false), round,
                Objects.requireNonNull(progress, "progress"), () -> 0L);
        this.listener = new ChainListener() {
            @Override
            public void onFinalized(BlockHeader finalized) {
                if (watching) {
                    watch(finalized);
                }
            }
        };
        node.addListener(listener);
    }

    /** @return completes with the round's result once it is closed at a finalised block */
    public CompletableFuture<Result> result() {
        return result;
    }

    /**
     * Permits, registers, opens and starts watching (asynchronously, on the node's loop).
     *
     * @return {@link #result()}
     */
    public CompletableFuture<Result> start() {
        node.scheduler().execute(this::permit);
        return result;
    }

    private void permit() {
        List<CompletableFuture<Void>> steps = new ArrayList<>();
        for (Participant p : participants) {
            steps.add(account.send(Permissions.ADDRESS, Permissions.ADD_ACCOUNT, Permissions.addAccountArgs(
                    p.publicKey())).thenAccept(r -> logReceipt("permit " + p.id() + " " + p.address(), r)));
        }
        after(steps, this::register);
    }

    private void register() {
        List<CompletableFuture<Void>> steps = new ArrayList<>();
        for (Participant p : participants) {
            steps.add(operator.register(p.id(), p.address().toArray()).handle((v, e) -> {
                log(e == null ? "registered " + p.id() : "register " + p.id() + ": refused: " + reason(e));
                return null;
            }));
        }
        after(steps, this::open);
    }

    private void open() {
        operator.open(config).whenComplete((v, e) -> {
            if (e != null) {
                result.completeExceptionally(new IllegalStateException("openRound " + round + ": " + reason(e), e));
                return;
            }
            log(String.format(Locale.ROOT, "round %d open: %d participants, %d slots, price %s per kWh, "
                    + "deadline %d ms", round, config.participants().size(), config.slots(), config.p2pPrice(),
                    config.deadlineMillis()));
            lastObserved = node.finalized().number() - 1;
            watching = true;
            watch(node.finalized());
        });
    }

    /** Observes the round at every final block since the last one observed; advances a stalled iteration. */
    private void watch(BlockHeader finalized) {
        if (result.isDone()) {
            return;
        }
        try {
            for (long n = Math.max(lastObserved + 1, 0); n <= finalized.number(); n++) {
                BlockHeader h = node.reader().block(n).orElseThrow().header();
                RoundView view = viewAt(h);
                lastObserved = n;
                if (view == null) {
                    continue;
                }
                operator.observe(view);
                if (!view.open()) {
                    finish();
                    return;
                }
            }
            operator.advanceIfStalled(medianMillis(finalized)).ifPresent(f -> {
                log("round " + round + ": iteration " + operator.view().orElseThrow().iteration()
                        + " is past its deadline; advancing without the missing submissions");
                f.whenComplete((v, e) -> {
                    if (e != null) {
                        log("advance refused: " + reason(e));
                    }
                });
            });
        } catch (CoordinationException e) {
            result.completeExceptionally(e);
        }
    }

    /** The round's view at one block, or null before the round exists there. */
    private RoundView viewAt(BlockHeader h) {
        QueryResult q = node.reader().query(h.hash(), contract, "round",
                Bytes.wrap(Codec.list(w -> w.writeLong(round))));
        if (!q.ok()) {
            return null;
        }
        byte[] answer = q.output().toArray();
        return new ContractCoordination(new CoordinationChannel() {
            @Override
            public CompletableFuture<Outcome> call(String method, byte[] args) {
                return CompletableFuture.failedFuture(new IllegalStateException("read only"));
            }

            @Override
            public byte[] query(String method, byte[] args) {
                return answer;
            }
        }).round(round);
    }

    /**
     * The chain's median block time at a block: the median timestamp of its last {@code floor(N/2)+1}
     * blocks, {@code N} the number of signers there (the clock the contract's deadline rule uses).
     */
    private long medianMillis(BlockHeader at) {
        int n = node.signers(at.number()).size() / 2 + 1;
        long[] times = new long[(int) Math.min(n, at.number() + 1)];
        BlockHeader h = at;
        for (int i = 0; i < times.length; i++) {
            times[i] = h.timestamp();
            if (i + 1 < times.length) {
                h = node.reader().header(h.parentHash()).orElseThrow();
            }
        }
        Arrays.sort(times);
        return times[times.length / 2];
    }

    private void finish() {
        AdmmOutcome outcome = operator.outcome();
        Map<String, Long> pay = operator.settlements();
        log(String.format(Locale.ROOT, "round %d closed: %s after %d iterations%s", round, outcome.status(),
                operator.history().size(), outcome.excluded().isEmpty() ? "" : ", excluded " + outcome.excluded()));
        if (!pay.isEmpty()) {
            log(String.format(Locale.ROOT, "%-24s %14s", "prosumer", "pays (minor)"));
            long sum = 0;
            for (Map.Entry<String, Long> e : pay.entrySet()) {
                log(String.format(Locale.ROOT, "%-24s %14d", e.getKey(), e.getValue()));
                sum += e.getValue();
            }
            log(String.format(Locale.ROOT, "%-24s %14d", "sum", sum));
        }
        result.complete(new Result(outcome, pay));
    }

    private void after(List<CompletableFuture<Void>> steps, Runnable next) {
        CompletableFuture.allOf(steps.toArray(CompletableFuture[]::new)).whenComplete((v, e) -> {
            if (e != null) {
                result.completeExceptionally(e);
            } else {
                next.run();
            }
        });
    }

    private void logReceipt(String what, Receipt r) {
        log(r.success() ? what : what + ": refused: " + r.reason());
    }

    private static String reason(Throwable e) {
        Throwable c = e;
        while ((c instanceof java.util.concurrent.CompletionException
                || c instanceof java.util.concurrent.ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        return String.valueOf(c.getMessage());
    }

    private void log(String line) {
        log.accept("operator: " + line);
    }

    /** Stops watching and closes the account (the node stays open: its owner closes it). */
    @Override
    public void close() {
        node.removeListener(listener);
        account.close();
        result.completeExceptionally(new IllegalStateException("the console was closed"));
    }
}
