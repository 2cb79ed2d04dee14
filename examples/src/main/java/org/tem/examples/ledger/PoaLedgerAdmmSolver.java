package org.tem.examples.ledger;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.tuweni.bytes.Bytes;
import org.tem.api.Solution;
import org.tem.api.Vpp;
import org.tem.api.contract.ContractException;
import org.tem.consensus.network.InMemoryNetwork;
import org.tem.consensus.network.PeerId;
import org.tem.consensus.node.LedgerNode;
import org.tem.consensus.poa.PoaConsensus;
import org.tem.consensus.poa.PoaParams;
import org.tem.consensus.scheduler.Simulator;
import org.tem.ledger.block.BlockHeader;
import org.tem.ledger.chain.ChainListener;
import org.tem.ledger.chain.Genesis;
import org.tem.ledger.chain.QueryResult;
import org.tem.ledger.crypto.Address;
import org.tem.ledger.crypto.KeyPair;
import org.tem.ledger.permission.Permissions;
import org.tem.ledger.storage.InMemoryStorage;
import org.tem.ledger.tx.Receipt;
import org.tem.ledger.tx.Transaction;
import org.tem.solver.admm.AdmmIteration;
import org.tem.solver.admm.AdmmLinks;
import org.tem.solver.admm.AdmmListener;
import org.tem.solver.admm.AdmmOptions;
import org.tem.solver.admm.AdmmOutcome;
import org.tem.solver.admm.AdmmSolver;
import org.tem.solver.admm.SettledSchedule;
import org.tem.solver.contract.Codec;
import org.tem.solver.contract.CoordinationContract;
import org.tem.solver.contract.ContractCoordination;
import org.tem.solver.contract.CoordinationChannel;
import org.tem.solver.contract.Meter;
import org.tem.solver.contract.Operator;
import org.tem.solver.contract.RoundConfig;
import org.tem.solver.contract.RoundStatus;
import org.tem.solver.contract.RoundView;

/**
 * ADMM through a proof-of-authority network: {@code N} validators, the operator on a node of its
 * own and every prosumer's meter on a normal node of its own (or on one of a few shared ones,
 * {@link #withMeterNodes}), all {@link LedgerNode}s on an in-memory network driven by one
 * discrete-event {@link Simulator} (virtual time, one seed, so a run replays exactly). The
 * operator permits the meters, registers them and opens the round; each meter reacts to its own
 * node's blocks (a {@link ChainListener}, never blocking): when the state it follows shows an
 * iteration it has not answered, it reads its broadcast there, solves its own problem and submits
 * its trades through its node. The contract's coordination step runs when the last submission of
 * an iteration is executed.
 *
 * <p>Which state a meter follows is the {@link Follow} option:
 * <ul>
 *   <li>{@link Follow#FINALIZED}: only final state. An iteration then costs the blocks that make
 *       its submissions final (two finality epochs, ≈14 blocks on five validators).</li>
 *   <li>{@link Follow#HEAD} (the default): its node's head. Iteration {@code k}'s broadcast is a
 *       function of the submissions of iteration {@code k - 1} only, not of the block that carried
 *       them (no deadline fires here: every meter answers), so a meter that reads it at a head
 *       that is later reorganised away reads the same broadcast, computes the same trades and
 *       submits the same bytes; an iteration costs the one to three blocks that carry its
 *       submissions. A reorganisation can leave a submission executed where its iteration is not
 *       yet open; the contract refuses it, and once that refusal is final the meter submits the
 *       same bytes again (at most {@link #MAX_RESUBMISSIONS} times). The settlement and the
 *       settled trades are read only from final state, after the round closed there.</li>
 * </ul>
 * Either way the iterates are those of {@link AdmmSolver} bit for bit, whatever the network's
 * timing.
 *
 * <p><b>Several rounds on one chain.</b> {@link #solve(Vpp)} runs one round on a fresh network. A
 * {@link Session} ({@link #open}) keeps one network — the same validators, operator and meters' nodes
 * — for several rounds, one after the other, as an operator does day after day: each round may start
 * warm from an earlier final round on that chain ({@link RoundConfig#warmFrom()}), which the contract
 * checks and starts from, bit for bit as {@code AdmmSolver.run(vpp, previousRun.next())} does in process.
 *
 * <p>The chain seals with period 0 (blocks only while transactions are pending, at the earliest
 * {@link #BATCH_MILLIS} after the parent, and empty blocks every {@link #FINALITY_PERIOD_MILLIS}
 * until the last transaction is final), with a finality
 * epoch of {@code N} blocks. Keys are development keys ({@link LedgerAdmmSolver#devKey}). Silent
 * meters are not simulated here (every meter answers every iteration). Not thread-safe.
 */
public final class PoaLedgerAdmmSolver {

    /** Virtual milliseconds between empty blocks while the last transaction is not final. */
    public static final long FINALITY_PERIOD_MILLIS = 1_000;

    /**
     * Virtual milliseconds after its parent at the earliest that a validator seals pending
     * transactions ({@link PoaConsensus.Builder#batchMillis}): the meters' submissions of one
     * iteration reach the validators within one or two network hops (5-50 ms each) of the block
     * that opened it, so they share one block instead of three (measured on the 10-home day, 30
     * iterations on five validators: 108 blocks with 0 ms, 73 with 50 ms, 43 with 100 ms and with
     * 200 ms).
     */
    public static final long BATCH_MILLIS = 100;

    /** How many times a meter submits one iteration's trades again after they were refused as early. */
    public static final int MAX_RESUBMISSIONS = 16;

    /** Virtual time without a new final block after which the run is declared stalled. */
    private static final long STALL_MILLIS = 600_000;
    private static final long START_MILLIS = 1_700_000_000_000L;

    private final AdmmOptions options;
    private final int validators;
    private final AdmmListener listener;
    private final long seed;
    private final Follow follow;
    private final int meterNodeCount;
    private Map<String, Long> settlements = Map.of();
    private long[] confirmationMillis = new long[0];
    private List<String> excluded = List.of();
    private long blocks;
    private long transactions;
    private long virtualMillis;

    /** Which state the meters react to and read their broadcasts from. */
    public enum Follow {
        /** Their node's head: an iteration takes the blocks that carry its submissions. */
        HEAD,
        /** Their node's finalised block: an iteration also waits for its submissions to be final. */
        FINALIZED
    }

    /**
     * A driver whose meters follow their node's head ({@link Follow#HEAD}).
     *
     * @param options ADMM settings (the round's)
     * @param validators the number of validators, in [1, 64]
     * @param listener receives a report after every iteration (on the simulation's thread); an
     *     unchecked exception it throws abandons the run and propagates from {@link #solve}
     * @param seed the seed of the network's latencies and the validators' out-of-turn delays
     * @throws IllegalArgumentException if {@code validators} is out of range
     */
    public PoaLedgerAdmmSolver(AdmmOptions options, int validators, AdmmListener listener, long seed) {
        this(options, validators, listener, seed, Follow.HEAD);
    }

    /**
     * @param options ADMM settings (the round's)
     * @param validators the number of validators, in [1, 64]
     * @param listener receives a report after every iteration (on the simulation's thread), once
     *     the block that closed it is final at the operator's node; an unchecked exception it throws
     *     abandons the run and propagates from {@link #solve}
     * @param seed the seed of the network's latencies and the validators' out-of-turn delays
     * @param follow which state the meters react to
     * @throws IllegalArgumentException if {@code validators} is out of range
     */
    public PoaLedgerAdmmSolver(AdmmOptions options, int validators, AdmmListener listener, long seed,
            Follow follow) {
        this(options, validators, listener, seed, follow, 0);
    }

    private PoaLedgerAdmmSolver(AdmmOptions options, int validators, AdmmListener listener, long seed,
            Follow follow, int meterNodes) {
        if (validators < 1 || validators > 64) {
            throw new IllegalArgumentException("validators must be in [1, 64], was " + validators);
        }
        this.options = Objects.requireNonNull(options, "options");
        this.validators = validators;
        this.listener = Objects.requireNonNull(listener, "listener");
        this.seed = seed;
        this.follow = Objects.requireNonNull(follow, "follow");
        this.meterNodeCount = meterNodes;
    }

    /**
     * The same driver with the meters sharing {@code nodes} normal nodes instead of one node each:
     * meter {@code u} (in the order of the session's prosumer ids) submits through, reads from and
     * reacts to the blocks of node {@code u mod nodes}, with its own key and nonces as before. The
     * iterates are the same bit for bit (they never depend on the network); what changes is the
     * work of simulating the network — every node stores, checks and executes every block — so a
     * round of hundreds of prosumers fits in one process, as a deployment whose meters talk to a
     * few gateway nodes does.
     *
     * @param nodes the number of normal nodes the meters share, at least 1; {@code 0} for one node
     *     per meter (the default); more nodes than meters means one node per meter
     * @return the new driver
     * @throws IllegalArgumentException if {@code nodes} is negative
     */
    public PoaLedgerAdmmSolver withMeterNodes(int nodes) {
        if (nodes < 0) {
            throw new IllegalArgumentException("nodes must be >= 0, was " + nodes);
        }
        return new PoaLedgerAdmmSolver(options, validators, listener, seed, follow, nodes);
    }

    /**
     * @param i a validator index
     * @return its development key
     */
    public static KeyPair validatorKey(int i) {
        return LedgerAdmmSolver.devKey("validator " + i);
    }

    /**
     * @param validators the number of validators
     * @return the chain's consensus parameters: the validators' development keys as signers,
     *     Clique's default epoch, a finality epoch of {@code validators} blocks, period 0
     */
    public static PoaParams params(int validators) {
        List<Address> signers = new ArrayList<>();
        for (int i = 0; i < validators; i++) {
            signers.add(validatorKey(i).address());
        }
        return new PoaParams(signers, 30_000, validators, 0);
    }

    /**
     * @param params the consensus parameters
     * @return the chain's definition: {@link LedgerAdmmSolver#genesis()}'s contract and operator,
     *     committing to {@code params}
     */
    public static Genesis genesis(PoaParams params) {
        KeyPair operator = LedgerAdmmSolver.devKey("operator");
        return Genesis.builder().chainId(LedgerAdmmSolver.CHAIN_ID).timestamp(START_MILLIS)
                .consensusData(params.encode()).operator(operator.publicKey())
                .contract(LedgerAdmmSolver.CONTRACT, new CoordinationContract())
                .state(LedgerAdmmSolver.CONTRACT, CoordinationContract.OPERATOR_KEY, operator.address().toArray())
                .build();
    }

    /**
     * Runs one day's round, cold, on a fresh simulated network ({@link #open}, one
     * {@link Session#solve}, {@link Session#close}); the figures of that run are then this driver's
     * ({@link #blocks()}, {@link #settlements()}, …).
     *
     * @param vpp the VPP
     * @return the solution, method {@code "ledger"}; its message names the network and what the
     *     run took (blocks, transactions, virtual and wall time)
     * @throws IllegalArgumentException when the VPP does not fit a round's bounds ({@link RoundConfig})
     * @throws IllegalStateException if the network stalls or a call of the operator fails
     */
    public Solution solve(Vpp vpp) {
        try (Session session = open(vpp.prosumers().stream().map(p -> p.id()).toList())) {
            Solution solution = session.solve(vpp, 0, listener);
            settlements = session.settlements();
            confirmationMillis = session.confirmationMillis();
            excluded = session.excluded();
            blocks = session.blocks();
            transactions = session.transactions();
            virtualMillis = session.virtualMillis();
            return solution;
        }
    }

    /**
     * Builds a network that lives across several rounds: genesis, the validators, the operator's
     * node and one node per prosumer (or the shared ones of {@link #withMeterNodes}), started; the
     * operator's permission and registration of every prosumer's meter are submitted (they
     * become final with the first round's blocks).
     *
     * @param prosumerIds the ids of every prosumer that may take part in the session's rounds,
     *     distinct, each 1-128 characters
     * @return the session; {@link Session#close()} it
     * @throws IllegalArgumentException when the ids are empty, repeated or of the wrong length
     */
    public Session open(List<String> prosumerIds) {
        return new Session(prosumerIds);
    }

    /** @return the settled payments of the last run in minor units by prosumer (positive = pays) */
    public Map<String, Long> settlements() {
        return settlements;
    }

    /**
     * @return the confirmation delay of every transaction of the last run whose receipt became
     *     final at the node it was submitted to: virtual milliseconds from submission to that
     *     receipt being final there, in the order the receipts became final
     */
    public long[] confirmationMillis() {
        return confirmationMillis.clone();
    }

    /** @return the prosumers the last run's deadline rule excluded */
    public List<String> excluded() {
        return excluded;
    }

    /** @return the chain height at the end of the last run */
    public long blocks() {
        return blocks;
    }

    /** @return the transactions in the last run's chain */
    public long transactions() {
        return transactions;
    }

    /** @return the virtual time the last run took, milliseconds */
    public long virtualMillis() {
        return virtualMillis;
    }

    /**
     * One network — simulator, validators, the operator's node, one node per prosumer (or the
     * shared ones) — that runs several rounds one after the other on the same chain, as a VPP's
     * operator does day after day: round {@code k} is the {@code k}-th {@link #solve} and may
     * start warm from an earlier final round ({@link RoundConfig#warmFrom()}, checked by the
     * contract). The figures
     * ({@link #blocks()}, {@link #transactions()}, {@link #confirmationMillis()}, …) are those of
     * the last round: the blocks sealed since the previous round ended (for the first round, since
     * genesis, so they include the permissions and registrations). Not thread-safe; close it when
     * done (the nodes stop; nothing runs between calls, as time is virtual).
     */
    public final class Session implements AutoCloseable {
        final Simulator sim = new Simulator(START_MILLIS, seed);
        final InMemoryNetwork network;
        final PoaParams params = params(validators);
        final Genesis genesis = genesis(params);
        final List<LedgerNode> nodes = new ArrayList<>();
        final LedgerNode operatorNode;
        final NodeLedger operator;
        final Map<String, LedgerNode> meterNodes = new LinkedHashMap<>();
        final Map<String, NodeLedger> meterLedgers = new LinkedHashMap<>();
        /** The round running or last run; null before the first. */
        Run current;
        long lastRound;
        RoundStatus lastStatus;
        long lastFinalNumber;
        long lastProgress;
        long roundStartHead;
        Map<String, Long> settlements = Map.of();
        long[] confirmationMillis = new long[0];
        List<String> excluded = List.of();
        long blocks;
        long transactions;
        long virtualMillis;
        long observedMillis;
        boolean closed;

        Session(List<String> prosumerIds) {
            if (prosumerIds.isEmpty() || new java.util.HashSet<>(prosumerIds).size() != prosumerIds.size()) {
                throw new IllegalArgumentException("prosumerIds: need distinct ids, had " + prosumerIds);
            }
            for (String id : prosumerIds) {
                if (id.isEmpty() || id.length() > RoundConfig.MAX_ID_CHARS) {
                    throw new IllegalArgumentException("prosumerIds: ids must have 1 to " + RoundConfig.MAX_ID_CHARS
                            + " characters");
                }
            }
            this.network = InMemoryNetwork.builder(sim).seed(sim.random().nextLong()).latency(5, 50).build();
            for (int i = 0; i < validators; i++) {
                nodes.add(node("v" + i, PoaConsensus.builder(params).validator(validatorKey(i))));
            }
            this.operatorNode = node("operator", PoaConsensus.builder(params));
            nodes.add(operatorNode);
            int shared = meterNodeCount == 0 ? prosumerIds.size() : Math.min(meterNodeCount, prosumerIds.size());
            List<List<String>> onNode = new ArrayList<>();
            for (int j = 0; j < shared; j++) {
                LedgerNode n = node("meter-" + j, PoaConsensus.builder(params));
                nodes.add(n);
                List<String> ids = new ArrayList<>();
                onNode.add(ids);
                n.addListener(follow == Follow.HEAD ? new ChainListener() {
                    @Override
                    public void onNewHead(BlockHeader head) {
                        ids.forEach(Session.this::step);
                    }
                } : new ChainListener() {
                    @Override
                    public void onFinalized(BlockHeader finalized) {
                        ids.forEach(Session.this::step);
                    }
                });
            }
            for (int u = 0; u < prosumerIds.size(); u++) {
                String id = prosumerIds.get(u);
                meterNodes.put(id, nodes.get(nodes.size() - shared + u % shared));
                onNode.get(u % shared).add(id);
            }
            // the operator watches each round block by block, each view read at that final block
            operatorNode.addListener(new ChainListener() {
                @Override
                public void onFinalized(BlockHeader finalized) {
                    observe(finalized);
                }
            });
            for (LedgerNode n : nodes) {
                n.start();
            }
            this.operator = new NodeLedger(operatorNode, LedgerAdmmSolver.devKey("operator"), this);
            for (String id : prosumerIds) {
                meterLedgers.put(id, new NodeLedger(meterNodes.get(id), LedgerAdmmSolver.devKey(id), this));
            }
            for (String id : prosumerIds) {
                operator.call(Permissions.ADDRESS, Permissions.ADD_ACCOUNT,
                        Permissions.addAccountArgs(LedgerAdmmSolver.devKey(id).publicKey()).toArrayUnsafe());
            }
            // the operator's calls share the nonce sequence of the permission calls above
            Operator registering = new Operator(new ContractCoordination(operator), 1, AdmmListener.NONE, () -> 0L);
            for (String id : prosumerIds) {
                registering.register(id, LedgerAdmmSolver.devKey(id).address().toArray());
            }
        }

        private LedgerNode node(String name, PoaConsensus.Builder engine) {
            InMemoryStorage disk = new InMemoryStorage();
            Simulator.NodeScheduler loop = sim.newScheduler();
            PoaConsensus poa = engine.store(disk).finalityPeriodMillis(FINALITY_PERIOD_MILLIS).batchMillis(BATCH_MILLIS)
                    .seed(seed * 31 + name.hashCode()).build();
            return LedgerNode.builder().scheduler(loop).transport(network.join(new PeerId(name), loop)).storage(disk)
                    .genesis(genesis).consensus(poa).mempool(20_000, 20_000).maxBlockTransactions(10_000).build();
        }

        /**
         * Runs the next round — round {@code k} for the {@code k}-th call — with the driver's
         * listener.
         *
         * @param vpp the day's VPP (its prosumers among the session's)
         * @param warmFrom an earlier final round of this session to start from, {@code 0} for cold
         * @return as {@link #solve(Vpp, long, AdmmListener)}
         */
        public Solution solve(Vpp vpp, long warmFrom) {
            return solve(vpp, warmFrom, listener);
        }

        /**
         * Runs the next round — round {@code k} for the {@code k}-th call — on this session's
         * chain: the operator opens it ({@link RoundConfig#of} with the driver's options,
         * {@code warmFrom} as given), the meters of its prosumers answer each iteration from their
         * own nodes, and each re-solves its own problem with what was settled.
         *
         * @param vpp the day's VPP (its prosumers among the session's)
         * @param warmFrom an earlier final round of this session to start from ({@link #lastRound()}
         *     when {@link #lastStatus()} is {@link RoundStatus#FINAL}), {@code 0} for cold
         * @param roundListener receives a report after every iteration (on the simulation's thread),
         *     once the block that closed it is final at the operator's node; an unchecked exception
         *     it throws abandons the round and propagates from here (the session can then only be
         *     closed)
         * @return the solution, method {@code "ledger"}; its message names the network, the round
         *     and what the round took (blocks, transactions, virtual and wall time)
         * @throws IllegalArgumentException when the VPP does not fit a round's bounds or has a
         *     prosumer the session does not know
         * @throws IllegalStateException if the network stalls, a call of the operator fails (the
         *     contract refusing {@code warmFrom} included), a round was abandoned, or the session is closed
         */
        public Solution solve(Vpp vpp, long warmFrom, AdmmListener roundListener) {
            Objects.requireNonNull(roundListener, "roundListener");
            if (closed || current != null && current.abandoned != null) {
                throw new IllegalStateException("the session is closed or a round was abandoned");
            }
            for (var p : vpp.prosumers()) {
                if (!meterNodes.containsKey(p.id())) {
                    throw new IllegalArgumentException("prosumer '" + p.id() + "' has no node in this session");
                }
            }
            RoundConfig config = RoundConfig.of(vpp, options, 100, LedgerAdmmSolver.DEADLINE_MILLIS)
                    .withWarmFrom(warmFrom);
            long start = System.nanoTime();
            long round = lastRound + 1;
            long virtualStart = sim.now();
            roundStartHead = operatorNode.head().number();
            Run run = new Run(this, vpp, round, roundListener, start);
            current = run;
            lastRound = round;
            lastStatus = null;
            AdmmOutcome outcome = run.go(config);
            lastStatus = run.status;
            settlements = run.settlements;
            confirmationMillis = run.confirmations.stream().mapToLong(Long::longValue).toArray();
            excluded = outcome.excluded();
            long head = operatorNode.head().number();
            blocks = head - roundStartHead;
            transactions = 0;
            for (long n = roundStartHead + 1; n <= head; n++) {
                transactions += operatorNode.reader().block(n).orElseThrow().transactions().size();
            }
            virtualMillis = sim.now() - virtualStart;
            double seconds = (System.nanoTime() - start) / 1e9;
            // each meter re-solves its own problem with the trades its node says were settled
            List<SettledSchedule> settled = new ArrayList<>();
            if (outcome.status() != AdmmOutcome.Status.AGENT_FAILED) {
                for (Meter meter : run.meters) {
                    settled.add(meter.settle());
                }
            }
            Solution s = AdmmSolver.solution("ledger", run.links, settled, outcome, seconds);
            String note = String.format(Locale.ROOT, "round %d%s on %d validators and %d nodes in memory: %d blocks,"
                    + " %d transactions, %.1f s virtual, %.1f s wall", round,
                    warmFrom == 0 ? "" : " (warm from round " + warmFrom + ")", validators, nodes.size(), blocks,
                    transactions, virtualMillis / 1e3, seconds);
            return new Solution(s.method(), s.status(), s.message().isEmpty() ? note : s.message() + "; " + note,
                    s.schedules(), s.totalCost(), s.iterations(), s.primalResidual(), s.dualResidual(), s.seconds());
        }

        /** @return the number of the last round run (or running), 0 before the first */
        public long lastRound() {
            return lastRound;
        }

        /**
         * @return how the last round ended on the chain; empty before the first round, or when the
         *     last one did not end (abandoned by its listener, a stall, a failed call)
         */
        public Optional<RoundStatus> lastStatus() {
            return Optional.ofNullable(lastStatus);
        }

        /** @return the last round's settled payments in minor units by prosumer (positive = pays) */
        public Map<String, Long> settlements() {
            return settlements;
        }

        /**
         * @return the confirmation delay of every transaction whose receipt became final during the
         *     last round at the node it was submitted to, virtual milliseconds, in the order the
         *     receipts became final
         */
        public long[] confirmationMillis() {
            return confirmationMillis.clone();
        }

        /** @return the prosumers the last round's deadline rule excluded */
        public List<String> excluded() {
            return excluded;
        }

        /** @return the blocks sealed during the last round (since the previous round ended) */
        public long blocks() {
            return blocks;
        }

        /** @return the transactions in the blocks sealed during the last round */
        public long transactions() {
            return transactions;
        }

        /** @return the virtual time the last round took, milliseconds */
        public long virtualMillis() {
            return virtualMillis;
        }

        /**
         * Reads a round's configuration from the operator's node's final state, as anyone holding the
         * chain can (its {@link RoundConfig#warmFrom()} says where the contract started it).
         *
         * @param round a round of this session
         * @return its configuration
         * @throws org.tem.solver.contract.CoordinationException when the round is unknown there
         */
        public RoundConfig config(long round) {
            return new ContractCoordination(operator).config(round);
        }

        /**
         * @return the network's virtual clock, milliseconds since the epoch (it starts at a fixed
         *     instant and advances only while a round runs); a round listener may read it to time
         *     iterations in virtual time
         */
        public long now() {
            return sim.now();
        }

        /**
         * @return the timestamp (virtual milliseconds since the epoch) of the block the operator is
         *     reading; while a round listener is called, the block that closed the iteration it is
         *     told of. Iterations timed by it carry no finality delay, which {@link #now()} does.
         */
        public long observedMillis() {
            return observedMillis;
        }

        /** @return the chain's height at the operator's node */
        public long height() {
            return operatorNode.head().number();
        }

        /** Stops every node. Idempotent. */
        @Override
        public void close() {
            if (!closed) {
                closed = true;
                nodes.forEach(LedgerNode::close);
            }
        }

        void step(String id) {
            Run run = current;
            if (run != null) {
                run.step(id);
            }
        }

        void observe(BlockHeader finalized) {
            lastProgress = sim.now();
            Run run = current;
            if (run != null && !run.roundOver) {
                run.observe(finalized);
            }
            lastFinalNumber = finalized.number();
        }
    }

    /** One round of a session: its meters and what the operator observes. */
    private final class Run {
        final Session session;
        final Vpp vpp;
        final long round;
        final AdmmLinks links;
        final List<Meter> meters = new ArrayList<>();
        final Map<String, Meter> byId = new LinkedHashMap<>();
        final Operator op;
        final List<Long> confirmations = new ArrayList<>();
        Map<String, Long> settlements = Map.of();
        RoundStatus status;
        String failure = "";
        RuntimeException abandoned;
        int failedMeter = -1;
        boolean roundOver;

        Run(Session session, Vpp vpp, long round, AdmmListener roundListener, long startNanos) {
            this.session = session;
            this.vpp = vpp;
            this.round = round;
            this.links = AdmmLinks.of(vpp);
            for (var p : vpp.prosumers()) {
                // the meter holds its own prosumer and the market; its links come from the round on the chain
                Meter meter = new Meter(p, vpp.market(), new ContractCoordination(session.meterLedgers.get(p.id())),
                        round, session.sim::now, LedgerAdmmSolver.DEADLINE_MILLIS);
                meters.add(meter);
                byId.put(p.id(), meter);
            }
            this.op = new Operator(new ContractCoordination(session.operator), round, roundListener,
                    () -> System.nanoTime() - startNanos);
        }

        AdmmOutcome go(RoundConfig config) {
            Simulator sim = session.sim;
            new Operator(new ContractCoordination(session.operator), round, AdmmListener.NONE, () -> 0L).open(config);
            session.lastProgress = sim.now();
            sim.runUntil(() -> roundOver || !failure.isEmpty() || abandoned != null
                    || sim.now() - session.lastProgress > STALL_MILLIS, Long.MAX_VALUE);
            if (abandoned != null) {
                throw abandoned;
            }
            if (failedMeter >= 0) {
                roundOver = true;
                String id = vpp.prosumers().get(failedMeter).id();
                List<AdmmIteration> history = op.history();
                return new AdmmOutcome(AdmmOutcome.Status.AGENT_FAILED, history.size(), history, new double[0][],
                        new double[0][], id, id + ": local problem not solved (" + failure + ")", List.of());
            }
            if (!failure.isEmpty()) {
                roundOver = true;
                throw new IllegalStateException(failure);
            }
            if (!roundOver) {
                throw new IllegalStateException("the network made no block final for " + STALL_MILLIS / 1000
                        + " s of virtual time");
            }
            // Every meter sees the round closed at its own node's final block before reading its
            // settlement there.
            long closedAt = session.operatorNode.finalized().number();
            sim.runUntil(() -> session.nodes.stream().allMatch(n -> n.finalized().number() >= closedAt),
                    sim.now() + STALL_MILLIS);
            RoundView view = op.poll();
            List<String> out = op.excluded();
            status = view.status();
            if (view.status() == RoundStatus.FINAL) {
                Map<String, Long> pay = new LinkedHashMap<>();
                for (int u = 0; u < meters.size(); u++) {
                    pay.put(vpp.prosumers().get(u).id(), meters.get(u).settlement());
                }
                settlements = pay;
            }
            return view.status().outcome(op.history(), options.maxIterations(), out);
        }

        /** A meter's reaction to a new block at its node: answer the open iteration if it has not. */
        void step(String id) {
            Meter m = byId.get(id);
            if (m == null || roundOver || !failure.isEmpty()) {
                return;
            }
            // WAITING while the round is not open yet at the state this meter follows
            m.step();
            if (!m.failure().isEmpty()) {
                failedMeter = meters.indexOf(m);
                failure = m.failure();
            }
        }

        /**
         * The operator's view of each newly final block: an iteration closed there if the round's
         * iteration moved on or the round left the open state.
         */
        void observe(BlockHeader finalized) {
            LedgerNode operatorNode = session.operatorNode;
            for (long n = session.lastFinalNumber + 1; n <= finalized.number(); n++) {
                BlockHeader h = operatorNode.reader().block(n).orElseThrow().header();
                QueryResult q = operatorNode.reader().query(h.hash(), LedgerAdmmSolver.CONTRACT, "round",
                        Bytes.wrap(Codec.list(w -> w.writeLong(round))));
                if (!q.ok()) {
                    continue;
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
                session.observedMillis = h.timestamp();
                try {
                    op.observe(view);
                } catch (RuntimeException e) {
                    // the listener threw; the node's loop would log and swallow it: hand it to solve() instead
                    abandoned = e;
                    roundOver = true;
                    break;
                }
                if (!view.open()) {
                    roundOver = true;
                    break;
                }
            }
        }
    }

    /**
     * A party's signed connection to its node: calls are submitted with the party's next nonce,
     * and their receipts checked when final (a submission refused because its iteration was not
     * yet open where it executed, which only a reorganisation under {@link Follow#HEAD} causes, is
     * submitted again); queries read the node's head under {@link Follow#HEAD} while the round
     * runs, and its finalised state otherwise.
     */
    private final class NodeLedger implements CoordinationChannel {
        private final LedgerNode node;
        private final KeyPair key;
        private final Session session;
        private long nonce;

        NodeLedger(LedgerNode node, KeyPair key, Session session) {
            this.node = node;
            this.key = key;
            this.session = session;
            this.nonce = node.reader().nonce(key.address());
        }

        @Override
        public CompletableFuture<CoordinationChannel.Outcome> call(String method, byte[] args) {
            return call(LedgerAdmmSolver.CONTRACT, method, args).thenApply(r -> new CoordinationChannel.Outcome(
                    r.success(), r.success() || r.reason() == null ? "" : r.reason()));
        }

        CompletableFuture<Receipt> call(Address to, String method, byte[] args) {
            return call(to, method, args, 0);
        }

        /**
         * Submits one attempt; the future completes with the receipt of the last attempt (a
         * submission refused as early after a reorganisation under {@link Follow#HEAD} is sent again
         * with the next nonce, at most {@link #MAX_RESUBMISSIONS} times). Confirmations and failures
         * are booked to the round running when the receipt becomes final (the setup's to the first).
         */
        private CompletableFuture<Receipt> call(Address to, String method, byte[] args, int attempt) {
            Transaction tx = Transaction.builder().chainId(LedgerAdmmSolver.CHAIN_ID).nonce(nonce++).to(to)
                    .method(method).args(args).sign(key);
            long submitted = session.sim.now();
            return node.submit(tx).handle((r, e) -> {
                Run run = session.current;
                if (e != null) {
                    if (run != null) {
                        run.failure = "call " + method + " rejected: " + e.getMessage();
                    }
                    return CompletableFuture.<Receipt>failedFuture(e);
                }
                if (run != null) {
                    run.confirmations.add(session.sim.now() - submitted);
                }
                if (r.success()) {
                    return CompletableFuture.completedFuture(r);
                }
                if (follow == Follow.HEAD && "submit".equals(method) && r.reason().contains("is not the open one")
                        && attempt < MAX_RESUBMISSIONS && run != null && !run.roundOver) {
                    return call(to, method, args, attempt + 1);
                }
                if (run != null) {
                    run.failure = "call " + method + " failed: " + r.reason();
                }
                return CompletableFuture.completedFuture(r);
            }).thenCompose(f -> f);
        }

        @Override
        public byte[] query(String method, byte[] args) {
            Run run = session.current;
            QueryResult r = follow == Follow.HEAD && run != null && !run.roundOver
                    ? node.query(LedgerAdmmSolver.CONTRACT, method, Bytes.wrap(args))
                    : node.queryFinalized(LedgerAdmmSolver.CONTRACT, method, Bytes.wrap(args));
            if (!r.ok()) {
                throw new ContractException(r.reason());
            }
            return r.output().toArray();
        }
    }
}
