package org.tem.examples.ledger;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.apache.tuweni.bytes.Bytes;
import org.tem.api.Prosumer;
import org.tem.api.Solution;
import org.tem.api.Vpp;
import org.tem.consensus.node.Account;
import org.tem.consensus.node.ChainSpec;
import org.tem.consensus.node.TemNode;
import org.tem.consensus.poa.PoaParams;
import org.tem.examples.meter.NodeChannel;
import org.tem.ledger.block.BlockHeader;
import org.tem.ledger.chain.ChainListener;
import org.tem.ledger.chain.QueryResult;
import org.tem.ledger.crypto.Address;
import org.tem.ledger.crypto.KeyPair;
import org.tem.solver.admm.AdmmIteration;
import org.tem.solver.admm.AdmmLinks;
import org.tem.solver.admm.AdmmListener;
import org.tem.solver.admm.AdmmOptions;
import org.tem.solver.admm.AdmmOutcome;
import org.tem.solver.admm.AdmmSolver;
import org.tem.solver.admm.SettledSchedule;
import org.tem.solver.contract.Codec;
import org.tem.solver.contract.ContractCoordination;
import org.tem.solver.contract.CoordinationChannel;
import org.tem.solver.contract.CoordinationContract;
import org.tem.solver.contract.Meter;
import org.tem.solver.contract.Operator;
import org.tem.solver.contract.RoundConfig;
import org.tem.solver.contract.RoundStatus;
import org.tem.solver.contract.RoundView;

/**
 * ADMM through a proof-of-authority network of real {@link TemNode}s over TCP, in real time. Three
 * ways to run it:
 * <ul>
 *   <li>{@link #open}: everything in this process, for as many rounds as the caller runs (a
 *       {@link Session}: open, one {@link Session#solve} per day, {@link Session#close}). {@code N}
 *       validators, the operator's node and one normal node per meter, each a {@link TemNode} with
 *       its own event loop, listening on its own free loopback port and keeping its chain in memory,
 *       on a development chain ({@link #chainSpec}) generated for the session. Validator {@code i}
 *       dials validators {@code 0..i-1}; every other node dials every validator. Round {@code k} of
 *       the session is round {@code k} of the coordination contract; the prosumers are registered in
 *       the first round they take part in.</li>
 *   <li>{@link #solve}: one round on a session of its own, closed at the end.</li>
 *   <li>{@link #join}: one normal node of this process joins validators that run elsewhere (for
 *       example {@code tem node --config} processes on the same {@link #chainSpec}); the operator
 *       and every meter act through that node.</li>
 * </ul>
 * The operator ({@link Operator}) registers the meters and opens the round, then watches it block
 * by block at its node's final blocks. Each meter is a {@link Meter} holding only its own
 * prosumer and tariff, over a {@link NodeChannel} that reads its node's head: it steps on every
 * new head of its node and every {@link #TICK_MILLIS} (on the node's loop), answering each open
 * iteration once. The settled schedules are computed by each meter's {@link Meter#settle()} and
 * the settlements read from final state only, after the round is closed at the meter's node's
 * final block. Nobody advances a stalled iteration here, so no deadline fires: every meter
 * answers every iteration and the result is that of {@link AdmmSolver} bit for bit, whatever the
 * timing of the network.
 *
 * <p>Validators seal with period 0 (only while transactions wait), at the earliest
 * {@link #BATCH_MILLIS} after the parent so that one iteration's submissions share a block, and
 * seal empty blocks every {@link #FINALITY_PERIOD_MILLIS} while the last transaction is not final
 * (so an idle network between rounds seals nothing); the finality epoch is {@code N} blocks. Keys
 * are development keys ({@link LedgerAdmmSolver#devKey}): never use them for real money. The
 * listener is called on the thread that runs the round (the operator's node's loop only queues
 * the iterations it observes). Not thread-safe: one {@code solve}, {@code join} or session round
 * at a time per instance.
 */
public final class TcpLedgerAdmmSolver {

    /**
     * Milliseconds after its parent at the earliest that a validator seals pending transactions
     * (as {@link PoaLedgerAdmmSolver#BATCH_MILLIS}, measured there).
     */
    public static final long BATCH_MILLIS = PoaLedgerAdmmSolver.BATCH_MILLIS;

    /** Milliseconds between empty blocks while the last transaction is not final. */
    public static final long FINALITY_PERIOD_MILLIS = 300;

    /** Milliseconds between the periodic steps of a meter (besides one step per new head). */
    public static final long TICK_MILLIS = 250;

    /** How long a meter's submission may stay unconfirmed before the meter sends it again, ms. */
    public static final long RESEND_MILLIS = 10_000;

    /** The number of the first round a network runs (the next ones count up from it). */
    private static final long FIRST_ROUND = LedgerAdmmSolver.ROUND;

    /** How far ahead of a node's clock a block may be stamped on the generated chain, ms. */
    private static final long MAX_DRIFT_MILLIS = 15_000;

    private final AdmmOptions options;
    private final int validators;
    private final AdmmListener listener;
    private final long stallMillis;
    private Map<String, Long> settlements = Map.of();
    private long blocks;
    private long transactions;

    /**
     * @param options ADMM settings (the round's)
     * @param validators the number of validators {@link #solve} starts, in [1, 64]
     * @param listener receives a report after every iteration of {@link #solve} and {@link #join}, on
     *     the calling thread, once the block that closed it is final at the operator's node; an
     *     unchecked exception it throws abandons the run and propagates (a {@link Session} takes its
     *     listener per round)
     * @param stallMillis how long the run may go without a new final block at the operator's node
     *     before it is declared stalled, milliseconds, positive
     * @throws IllegalArgumentException if {@code validators} or {@code stallMillis} is out of range
     */
    public TcpLedgerAdmmSolver(AdmmOptions options, int validators, AdmmListener listener, long stallMillis) {
        if (validators < 1 || validators > 64) {
            throw new IllegalArgumentException("validators must be in [1, 64], was " + validators);
        }
        if (stallMillis <= 0) {
            throw new IllegalArgumentException("stallMillis must be positive, was " + stallMillis);
        }
        this.options = Objects.requireNonNull(options, "options");
        this.validators = validators;
        this.listener = Objects.requireNonNull(listener, "listener");
        this.stallMillis = stallMillis;
    }

    /**
     * @param name a node's name ({@code "v0"}, {@code "operator"}, {@code "meter-3"}, ...)
     * @return its development node key
     */
    public static KeyPair nodeKey(String name) {
        return LedgerAdmmSolver.devKey("node " + name);
    }

    /**
     * The development chain of a round: the validators' development keys ({@link
     * PoaLedgerAdmmSolver#validatorKey}) as signers, epoch 30,000, a finality epoch of {@code
     * validators} blocks, period 0, {@link #FINALITY_PERIOD_MILLIS}; the development operator; every
     * prosumer's development key as a permitted account; the node keys {@link #nodeKey} of
     * {@code "v0".."v<N-1>"}, {@code "operator"}, {@code "meter-0".."meter-<M-1>"} and {@code
     * extraNodes}; the coordination contract at {@link LedgerAdmmSolver#CONTRACT} run by the
     * operator.
     *
     * @param vpp the VPP whose prosumers take part
     * @param validators the number of validators, in [1, 64]
     * @param genesisMillis the genesis timestamp, milliseconds since the epoch (at most now)
     * @param extraNodes names of further nodes whose {@link #nodeKey} is permitted
     * @return the chain specification
     * @throws IllegalArgumentException if {@code validators} is out of range or a limit of {@link
     *     ChainSpec} is exceeded
     */
    public static ChainSpec chainSpec(Vpp vpp, int validators, long genesisMillis, List<String> extraNodes) {
        if (validators < 1 || validators > 64) {
            throw new IllegalArgumentException("validators must be in [1, 64], was " + validators);
        }
        PoaParams poa = PoaLedgerAdmmSolver.params(validators);
        List<Bytes> accounts = new ArrayList<>();
        for (Prosumer p : vpp.prosumers()) {
            accounts.add(LedgerAdmmSolver.devKey(p.id()).publicKey());
        }
        List<Bytes> nodeKeys = new ArrayList<>();
        for (String name : nodeNames(validators, vpp.size())) {
            nodeKeys.add(nodeKey(name).publicKey());
        }
        for (String name : extraNodes) {
            nodeKeys.add(nodeKey(name).publicKey());
        }
        KeyPair operator = LedgerAdmmSolver.devKey("operator");
        return new ChainSpec(LedgerAdmmSolver.CHAIN_ID, genesisMillis, MAX_DRIFT_MILLIS, poa, FINALITY_PERIOD_MILLIS,
                operator.publicKey(), accounts, nodeKeys, List.of(new ChainSpec.ContractSpec(LedgerAdmmSolver.CONTRACT,
                        new CoordinationContract().name(), Optional.of(operator.address()), new TreeMap<>())));
    }

    private static List<String> nodeNames(int validators, int meters) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < validators; i++) {
            names.add("v" + i);
        }
        names.add("operator");
        for (int u = 0; u < meters; u++) {
            names.add("meter-" + u);
        }
        return names;
    }

    /**
     * Runs one day's round with every node in this process ({@link #validators} validators, the
     * operator's node, one node per meter), over TCP on loopback, chains in memory: {@link #open}s a
     * network, {@link Session#solve}s one round on it and closes it.
     *
     * @param vpp the VPP
     * @return the solution, method {@code "ledger"}; its message names the network and what the
     *     run took (blocks, transactions, wall time)
     * @throws IllegalArgumentException when the VPP does not fit a round's bounds ({@link RoundConfig})
     * @throws IllegalStateException if a node cannot start, the network stalls, or a call of the
     *     operator fails
     */
    public Solution solve(Vpp vpp) {
        try (Session session = open(vpp)) {
            Solution s = session.solve(vpp, listener);
            RoundFigures f = session.figures().orElseThrow();
            settlements = f.settlements();
            blocks = f.blocks();
            transactions = f.transactions();
            return s;
        }
    }

    /**
     * Starts a network for several rounds: {@link #validators} validators, the operator's node and
     * one node per prosumer of {@code roster}, each a {@link TemNode} on its own free loopback port
     * with its chain in memory, on a development chain ({@link #chainSpec}) whose genesis is now. The
     * network lives until {@link Session#close()}; each {@link Session#solve} runs one round on it
     * (round 1, 2, ... of the coordination contract), registering the prosumers it has not yet
     * registered. If a node cannot start, the nodes started so far are closed.
     *
     * @param roster the prosumers that may take part in the session's rounds (their ids and keys
     *     are fixed in the chain specification); at most the {@link ChainSpec} limits
     * @return the open session; the caller must close it
     * @throws IllegalArgumentException when a limit of {@link ChainSpec} is exceeded
     * @throws IllegalStateException if a node cannot start
     */
    public Session open(Vpp roster) {
        return new Session(roster);
    }

    /**
     * Runs one day's round through one normal node of this process that joins validators running
     * elsewhere: the operator and every meter act through it. The chain must be {@link #chainSpec}
     * of this VPP with {@code nodeName} among its node keys; round 1 must not have been opened.
     *
     * @param vpp the VPP
     * @param spec the chain specification the validators run
     * @param nodeName the name of this node's key ({@link #nodeKey})
     * @param peers the validators' listen addresses
     * @return the solution, as {@link #solve}'s
     * @throws IllegalArgumentException when the VPP does not fit a round's bounds
     * @throws IllegalStateException if the node cannot start, the network stalls, or a call of the
     *     operator fails
     */
    public Solution join(Vpp vpp, ChainSpec spec, String nodeName, List<InetSocketAddress> peers) {
        long start = System.nanoTime();
        RoundConfig config = RoundConfig.of(vpp, options, 100, LedgerAdmmSolver.DEADLINE_MILLIS);
        List<TemNode> nodes = new ArrayList<>();
        List<Account> accounts = new ArrayList<>();
        try {
            TemNode.Builder b = builder(spec, nodeName);
            peers.forEach(b::staticPeer);
            TemNode node = started(b, nodes);
            Account opAccount = Account.open(node, LedgerAdmmSolver.devKey("operator"));
            accounts.add(opAccount);
            List<TemNode> meterNodes = new ArrayList<>();
            List<Account> meterAccounts = new ArrayList<>();
            for (Prosumer p : vpp.prosumers()) {
                meterNodes.add(node);
                Account a = Account.open(node, LedgerAdmmSolver.devKey(p.id()));
                accounts.add(a);
                meterAccounts.add(a);
            }
            Round r = new Round(vpp, FIRST_ROUND, node, opAccount, meterNodes, meterAccounts, listener, start);
            Solution s = r.run(config, vpp.prosumers().stream().map(Prosumer::id).toList(),
                    String.format(Locale.ROOT, "through one node joining %d peers over TCP", peers.size()));
            settlements = r.figures.settlements();
            blocks = r.figures.blocks();
            transactions = r.figures.transactions();
            return s;
        } finally {
            for (Account a : accounts) {
                a.close();
            }
            for (TemNode n : nodes) {
                n.close();
            }
        }
    }

    /**
     * @return the settled payments of the last {@link #solve} or {@link #join} in minor units by prosumer
     *     (positive = pays)
     */
    public Map<String, Long> settlements() {
        return settlements;
    }

    /** @return the blocks sealed during the last {@link #solve} or {@link #join}, as the operator's node saw them */
    public long blocks() {
        return blocks;
    }

    /** @return the transactions in the blocks of the last {@link #solve} or {@link #join} */
    public long transactions() {
        return transactions;
    }

    private static TemNode.Builder builder(ChainSpec spec, String name) {
        return TemNode.builder().chainSpec(spec).nodeKey(nodeKey(name))
                .listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).batchMillis(BATCH_MILLIS)
                .seed(name.hashCode());
    }

    private static TemNode started(TemNode.Builder b, List<TemNode> nodes) {
        TemNode n = b.build();
        nodes.add(n);
        n.start();
        return n;
    }

    /**
     * What one round on the ledger took, beside its {@link Solution}.
     *
     * @param round the round's number in the coordination contract, positive
     * @param blocks the blocks sealed from the start of the round's run to its end, at the operator's node
     *     (the first round's include the prosumers' registrations)
     * @param transactions the transactions in those blocks
     * @param confirmationMicros every call of the operator and the meters whose receipt became final
     *     during the round: wall-clock microseconds from its submission to its node to its receipt being
     *     final there, in the order the receipts became final; unmodifiable
     * @param settlements the settled payment of every prosumer in integer minor units, positive = pays,
     *     read from final state; empty unless the round is final; unmodifiable
     */
    public record RoundFigures(long round, long blocks, long transactions, List<Long> confirmationMicros,
            Map<String, Long> settlements) {
        /**
         * Copies the values.
         *
         * @param round the round's number
         * @param blocks the blocks of the round
         * @param transactions the transactions in them
         * @param confirmationMicros the confirmation delays, microseconds
         * @param settlements the payments by prosumer, minor units
         */
        public RoundFigures {
            confirmationMicros = List.copyOf(confirmationMicros);
            settlements = Collections.unmodifiableMap(new LinkedHashMap<>(settlements));
        }
    }

    /**
     * A network of {@link TemNode}s in this process that runs one round after another (see {@link
     * #open}). Rounds are numbered 1, 2, ... in the coordination contract; registrations and the
     * accounts' nonces carry over from round to round. A round abandoned by an exception (of the
     * listener, a stall) leaves the session able to run the next round (under the next number) and to
     * close.
     *
     * <p>Not thread-safe: one {@link #solve} at a time, and {@link #close()} from the thread that
     * solves (or once it has returned).
     */
    public final class Session implements AutoCloseable {
        private final List<String> roster = new ArrayList<>();
        private final List<TemNode> nodes = new ArrayList<>();
        private final List<Account> accounts = new ArrayList<>();
        private final TemNode operatorNode;
        private final Account operatorAccount;
        private final Map<String, TemNode> meterNodes = new LinkedHashMap<>();
        private final Map<String, Account> meterAccounts = new LinkedHashMap<>();
        private final Set<String> registered = new HashSet<>();
        private long nextRound = FIRST_ROUND;
        private Optional<RoundFigures> figures = Optional.empty();
        private long lastRound;
        private RoundStatus lastStatus;
        private boolean closed;

        private Session(Vpp rosterVpp) {
            ChainSpec spec = chainSpec(rosterVpp, validators, System.currentTimeMillis(), List.of());
            try {
                List<InetSocketAddress> validatorAddresses = new ArrayList<>();
                for (int i = 0; i < validators; i++) {
                    TemNode.Builder b = builder(spec, "v" + i).validatorKey(PoaLedgerAdmmSolver.validatorKey(i));
                    validatorAddresses.forEach(b::staticPeer);
                    TemNode v = started(b, nodes);
                    validatorAddresses.add(v.listenAddress().orElseThrow());
                }
                TemNode.Builder ob = builder(spec, "operator");
                validatorAddresses.forEach(ob::staticPeer);
                operatorNode = started(ob, nodes);
                operatorAccount = Account.open(operatorNode, LedgerAdmmSolver.devKey("operator"));
                accounts.add(operatorAccount);
                for (int u = 0; u < rosterVpp.size(); u++) {
                    String id = rosterVpp.prosumers().get(u).id();
                    TemNode.Builder mb = builder(spec, "meter-" + u);
                    validatorAddresses.forEach(mb::staticPeer);
                    TemNode n = started(mb, nodes);
                    Account a = Account.open(n, LedgerAdmmSolver.devKey(id));
                    accounts.add(a);
                    roster.add(id);
                    meterNodes.put(id, n);
                    meterAccounts.put(id, a);
                }
                awaitConnected();
            } catch (RuntimeException e) {
                close();
                throw e;
            }
        }

        /**
         * Waits until every validator is connected to every other validator and every other node to every
         * validator, so that the first transactions are not held back at a node with no peers yet.
         *
         * @throws IllegalStateException when that takes longer than the stall time, or on an interrupt
         */
        private void awaitConnected() {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(stallMillis);
            while (true) {
                boolean all = true;
                for (int i = 0; i < nodes.size(); i++) {
                    int needed = i < validators ? validators - 1 : validators;
                    all &= nodes.get(i).peers().size() >= needed;
                }
                if (all) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the nodes did not connect within " + stallMillis + " ms");
                }
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while the nodes connect", e);
                }
            }
        }

        /**
         * Runs the next round on this network: the operator registers the VPP's prosumers not yet
         * registered in this session and opens the round; each prosumer's meter, on its own node,
         * answers every iteration; the settlement is read from final state.
         *
         * @param vpp the round's VPP; every prosumer must be in the session's roster
         * @param roundListener receives a report after every iteration, on this thread, once the block
         *     that closed it is final at the operator's node; an unchecked exception it throws abandons
         *     the round and propagates
         * @return the solution, method {@code "ledger"}; its message names the network and what the
         *     round took (blocks, transactions, wall time)
         * @throws IllegalArgumentException when a prosumer is not in the roster or the VPP does not fit
         *     a round's bounds ({@link RoundConfig})
         * @throws IllegalStateException if the session is closed, the network stalls, or a call of the
         *     operator fails
         */
        public Solution solve(Vpp vpp, AdmmListener roundListener) {
            return solve(vpp, 0, roundListener);
        }

        /**
         * Runs the next round on this network, as {@link #solve(Vpp, AdmmListener)}, starting warm from an
         * earlier round: the contract starts the new round from that round's final prices and settled
         * trades ({@link RoundConfig#withWarmFrom}).
         *
         * @param vpp the round's VPP; every prosumer must be in the session's roster
         * @param warmFrom an earlier round of this session that ended {@link RoundStatus#FINAL} ({@link
         *     #lastRound()} when {@link #lastStatus()} is final), {@code 0} for a cold start
         * @param roundListener as {@link #solve(Vpp, AdmmListener)}
         * @return the solution, as {@link #solve(Vpp, AdmmListener)}
         * @throws IllegalArgumentException when a prosumer is not in the roster, the VPP does not fit a
         *     round's bounds ({@link RoundConfig}), or {@code warmFrom} is negative
         * @throws IllegalStateException if the session is closed, the network stalls, or a call of the
         *     operator fails (among them an opening the contract refuses: a {@code warmFrom} that is not
         *     an earlier final round)
         */
        public Solution solve(Vpp vpp, long warmFrom, AdmmListener roundListener) {
            Objects.requireNonNull(roundListener, "roundListener");
            if (warmFrom < 0) {
                throw new IllegalArgumentException("warmFrom: must be >= 0, was " + warmFrom);
            }
            if (closed) {
                throw new IllegalStateException("the session is closed");
            }
            long start = System.nanoTime();
            List<TemNode> roundNodes = new ArrayList<>();
            List<Account> roundAccounts = new ArrayList<>();
            List<String> unregistered = new ArrayList<>();
            for (Prosumer p : vpp.prosumers()) {
                TemNode n = meterNodes.get(p.id());
                if (n == null) {
                    throw new IllegalArgumentException("prosumer '" + p.id() + "' is not in the session's roster "
                            + roster);
                }
                roundNodes.add(n);
                roundAccounts.add(meterAccounts.get(p.id()));
                if (!registered.contains(p.id())) {
                    unregistered.add(p.id());
                }
            }
            RoundConfig config = RoundConfig.of(vpp, options, 100, LedgerAdmmSolver.DEADLINE_MILLIS)
                    .withWarmFrom(warmFrom);
            long round = nextRound++;
            figures = Optional.empty();
            lastRound = round;
            lastStatus = null;
            Round r = new Round(vpp, round, operatorNode, operatorAccount, roundNodes, roundAccounts, roundListener,
                    start);
            // once sent, a registration lands even if this round is abandoned (the account resends it)
            registered.addAll(unregistered);
            Solution s = r.run(config, unregistered, String.format(Locale.ROOT,
                    "round %d on %d validators and %d nodes over TCP loopback (chains in memory)", round, validators,
                    nodes.size()));
            figures = Optional.of(r.figures);
            lastStatus = r.status;
            return s;
        }

        /** @return the number of the last round {@link #solve} opened (or tried to), {@code 0} before the first */
        public long lastRound() {
            return lastRound;
        }

        /**
         * @return how the last round ended on the chain; empty before the first round or after a round that
         *     threw
         */
        public Optional<RoundStatus> lastStatus() {
            return Optional.ofNullable(lastStatus);
        }

        /** @return what the last round of {@link #solve} took; empty before the first or after a round that threw */
        public Optional<RoundFigures> figures() {
            return figures;
        }

        /** @return the number the next {@link #solve} opens its round under (1 for the first) */
        public long nextRound() {
            return nextRound;
        }

        /** @return the listen addresses of the session's nodes: validators, the operator's node, the meters' nodes */
        public List<InetSocketAddress> listenAddresses() {
            List<InetSocketAddress> out = new ArrayList<>();
            for (TemNode n : nodes) {
                n.listenAddress().ifPresent(out::add);
            }
            return out;
        }

        /** Closes the accounts and every node (their ports are released). Idempotent. */
        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            for (Account a : accounts) {
                a.close();
            }
            for (TemNode n : nodes) {
                n.close();
            }
        }
    }

    /** One round: the operator, the meters, and what the loops report to the calling thread. */
    private final class Round {
        final Vpp vpp;
        final long round;
        final TemNode operatorNode;
        final List<TemNode> meterNodes;
        final List<Account> meterAccounts;
        final AdmmListener roundListener;
        final long startNanos;
        final long startHead;
        final AdmmLinks links;
        final Operator op;
        final List<Meter> meters = new ArrayList<>();
        final List<ChainListener> meterListeners = new ArrayList<>();
        final ChainListener watcher;
        /** Iterations the operator observed on its loop, handed to {@link #roundListener} on the calling thread. */
        final BlockingQueue<AdmmIteration> observed = new LinkedBlockingQueue<>();
        /** Confirmation delays of the round's calls, microseconds, added on the nodes' loops. */
        final Queue<Long> confirmations = new ConcurrentLinkedQueue<>();
        /** Completes on the operator's loop when the round is closed at its final block, or failed. */
        final CompletableFuture<Void> closed = new CompletableFuture<>();
        volatile boolean over;
        /** The first meter whose local problem failed, or -1; set on its node's loop before {@link #closed}. */
        volatile int failedMeter = -1;
        volatile String meterFailure = "";
        volatile long lastFinalNanos;
        /** Operator's loop only. */
        long lastFinalNumber;
        List<SettledSchedule> settled = new ArrayList<>();
        Map<String, Long> settlements = Map.of();
        RoundStatus status;
        RoundFigures figures;

        Round(Vpp vpp, long round, TemNode operatorNode, Account opAccount, List<TemNode> meterNodes,
                List<Account> meterAccounts, AdmmListener roundListener, long startNanos) {
            this.vpp = vpp;
            this.round = round;
            this.operatorNode = operatorNode;
            this.meterNodes = meterNodes;
            this.meterAccounts = meterAccounts;
            this.roundListener = roundListener;
            this.startNanos = startNanos;
            this.startHead = operatorNode.head().number();
            this.links = AdmmLinks.of(vpp);
            this.lastFinalNumber = operatorNode.finalized().number();
            this.lastFinalNanos = System.nanoTime();
            this.op = new Operator(channel(operatorNode, opAccount, false), round, observed::add,
                    () -> System.nanoTime() - startNanos);
            LongSupplier clock = () -> System.nanoTime() / 1_000_000;
            for (int u = 0; u < vpp.size(); u++) {
                Prosumer p = vpp.prosumers().get(u);
                // the meter holds its own prosumer and tariff; its links come from the round on the chain
                meters.add(new Meter(p, vpp.market(), channel(meterNodes.get(u), meterAccounts.get(u), true), round,
                        clock, RESEND_MILLIS));
            }
            this.watcher = new ChainListener() {
                @Override
                public void onFinalized(BlockHeader finalized) {
                    observe(finalized);
                }
            };
        }

        /** A party's coordination through its node, timing every call from submission to final receipt. */
        ContractCoordination channel(TemNode node, Account account, boolean head) {
            NodeChannel inner = new NodeChannel(node, account, LedgerAdmmSolver.CONTRACT, head);
            return new ContractCoordination(new CoordinationChannel() {
                @Override
                public CompletableFuture<CoordinationChannel.Outcome> call(String method, byte[] args) {
                    long t0 = System.nanoTime();
                    return inner.call(method, args).whenComplete((o, e) -> {
                        if (e == null) {
                            confirmations.add((System.nanoTime() - t0) / 1_000);
                        }
                    });
                }

                @Override
                public byte[] query(String method, byte[] args) {
                    return inner.query(method, args);
                }
            });
        }

        /** Runs the round and computes its solution and {@link #figures}. */
        Solution run(RoundConfig config, List<String> unregistered, String where) {
            AdmmOutcome outcome;
            try {
                outcome = go(config, unregistered);
            } finally {
                stop();
            }
            long head = operatorNode.head().number();
            long txs = 0;
            for (long n = startHead + 1; n <= head; n++) {
                txs += operatorNode.reader().block(n).orElseThrow().transactions().size();
            }
            figures = new RoundFigures(round, head - startHead, txs, new ArrayList<>(confirmations), settlements);
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            Solution s = AdmmSolver.solution("ledger", links, settled, outcome, seconds);
            String note = String.format(Locale.ROOT, "%s: %d blocks, %d transactions, %.1f s wall", where,
                    figures.blocks(), figures.transactions(), seconds);
            return new Solution(s.method(), s.status(), s.message().isEmpty() ? note : s.message() + "; " + note,
                    s.schedules(), s.totalCost(), s.iterations(), s.primalResidual(), s.dualResidual(), s.seconds());
        }

        AdmmOutcome go(RoundConfig config, List<String> unregistered) {
            for (int u = 0; u < meters.size(); u++) {
                int index = u;
                TemNode n = meterNodes.get(u);
                ChainListener l = new ChainListener() {
                    @Override
                    public void onNewHead(BlockHeader head) {
                        step(index);
                    }
                };
                meterListeners.add(l);
                n.addListener(l);
                n.scheduler().execute(() -> tick(index));
            }
            operatorNode.addListener(watcher);
            for (String id : unregistered) {
                op.register(id, LedgerAdmmSolver.devKey(id).address().toArray());
            }
            // the account sends in nonce order, so the round opens after every registration
            CompletableFuture<Void> open = op.open(config);
            await(open, "open the round");
            await(closed, "run the round");
            deliver();
            if (failedMeter >= 0) {
                String id = vpp.prosumers().get(failedMeter).id();
                List<AdmmIteration> history = op.history();
                return new AdmmOutcome(AdmmOutcome.Status.AGENT_FAILED, history.size(), history, new double[0][],
                        new double[0][], id, id + ": local problem not solved (" + meterFailure + ")", List.of());
            }
            long closedAt = operatorNode.finalized().number();
            for (TemNode n : meterNodes) {
                await(() -> n.finalized().number() >= closedAt, "finalise the closed round at every meter's node");
            }
            RoundView view = op.poll();
            deliver();
            List<String> out = op.excluded();
            AdmmOutcome observed = view.status().outcome(op.history(), options.maxIterations(), out);
            // The operator records one iteration per final block that closed any; after a reorganisation one
            // block can close two (the next iteration's submissions re-included behind the closing ones), so
            // the count is the contract's: a closed round's view holds its last iteration's number.
            AdmmOutcome outcome = view.open() ? observed : new AdmmOutcome(observed.status(), view.iteration(),
                    observed.history(), new double[0][], new double[0][], "", observed.reason(), observed.excluded());
            Map<String, Long> pay = new LinkedHashMap<>();
            for (int u = 0; u < meters.size(); u++) {
                // settle from final state only, on a meter of the same prosumer reading its node's final
                // block (the settled trades are zero unless the round is final)
                Prosumer p = vpp.prosumers().get(u);
                Meter fin = new Meter(p, vpp.market(), NodeChannel.coordination(meterNodes.get(u),
                        meterAccounts.get(u), LedgerAdmmSolver.CONTRACT, false), round, () -> 0L, RESEND_MILLIS);
                settled.add(fin.settle());
                if (view.status() == RoundStatus.FINAL) {
                    pay.put(p.id(), fin.settlement());
                }
            }
            settlements = view.status() == RoundStatus.FINAL ? pay : Map.of();
            status = view.status();
            return outcome;
        }

        /** Hands the iterations observed so far to the round's listener, on the calling thread. */
        void deliver() {
            AdmmIteration it;
            while ((it = observed.poll()) != null) {
                roundListener.onIteration(it);
            }
        }

        /** Steps meter {@code u} on its node's loop and again every {@link #TICK_MILLIS}. */
        void tick(int u) {
            if (over) {
                return;
            }
            step(u);
            meterNodes.get(u).scheduler().schedule(TICK_MILLIS, () -> tick(u));
        }

        /** A meter's reaction on its node's loop: answer the open iteration if it has not. */
        void step(int u) {
            if (over) {
                return;
            }
            Meter m = meters.get(u);
            m.step();
            if (!m.failure().isEmpty() && failedMeter < 0) {
                meterFailure = m.failure();
                failedMeter = u;
                over = true;
                closed.complete(null);
            }
        }

        /** The operator's view of every newly final block, read at that block; on the operator's loop. */
        void observe(BlockHeader finalized) {
            lastFinalNanos = System.nanoTime();
            if (closed.isDone()) {
                return;
            }
            for (long n = lastFinalNumber + 1; n <= finalized.number(); n++) {
                BlockHeader h = operatorNode.reader().block(n).orElseThrow().header();
                QueryResult q = operatorNode.reader().query(h.hash(), LedgerAdmmSolver.CONTRACT, "round",
                        Bytes.wrap(Codec.list(w -> w.writeLong(round))));
                lastFinalNumber = n;
                if (!q.ok()) {
                    continue; // the round is not open yet at this block
                }
                RoundView view = new ContractCoordination(new CoordinationChannel() {
                    @Override
                    public CompletableFuture<CoordinationChannel.Outcome> call(String method, byte[] args) {
                        throw new IllegalStateException("read only");
                    }

                    @Override
                    public byte[] query(String method, byte[] args) {
                        return q.output().toArray();
                    }
                }).round(round);
                op.observe(view);
                if (!view.open()) {
                    over = true;
                    closed.complete(null);
                    return;
                }
            }
        }

        /** Waits for {@code f}, failing if the operator's node sees no new final block for the stall time. */
        private void await(CompletableFuture<?> f, String what) {
            while (true) {
                try {
                    f.get(100, TimeUnit.MILLISECONDS);
                    deliver();
                    return;
                } catch (TimeoutException e) {
                    deliver();
                    checkStall(what);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting to " + what, e);
                } catch (ExecutionException e) {
                    throw new IllegalStateException("cannot " + what + ": " + e.getCause().getMessage(), e.getCause());
                }
            }
        }

        private void await(BooleanSupplier done, String what) {
            while (!done.getAsBoolean()) {
                checkStall(what);
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting to " + what, e);
                }
            }
        }

        private void checkStall(String what) {
            if (System.nanoTime() - lastFinalNanos > TimeUnit.MILLISECONDS.toNanos(stallMillis)) {
                throw new IllegalStateException("cannot " + what + ": no new final block for " + stallMillis
                        + " ms at the operator's node (head #" + operatorNode.head().number() + ", finalised #"
                        + operatorNode.finalized().number() + ", " + operatorNode.peers().size() + " peers)");
            }
        }

        /** Stops the meters and the watcher (the accounts stay open for the next round). */
        void stop() {
            over = true;
            closed.complete(null);
            operatorNode.removeListener(watcher);
            for (int u = 0; u < meterListeners.size(); u++) {
                meterNodes.get(u).removeListener(meterListeners.get(u));
            }
        }
    }
}
