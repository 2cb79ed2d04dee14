package org.tem.examples.ledger;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
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
 * own and every prosumer's meter on a normal node of its own, all {@link LedgerNode}s on an
 * in-memory network driven by one discrete-event {@link Simulator} (virtual time, one seed, so a
 * run replays exactly). The operator permits the meters, registers them and opens the round; each
 * meter reacts to its own node's blocks (a {@link ChainListener}, never blocking): when the state
 * it follows shows an iteration it has not answered, it reads its broadcast there, solves its own
 * problem and submits its trades through its node. The contract's coordination step runs when the
 * last submission of an iteration is executed.
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
        if (validators < 1 || validators > 64) {
            throw new IllegalArgumentException("validators must be in [1, 64], was " + validators);
        }
        this.options = Objects.requireNonNull(options, "options");
        this.validators = validators;
        this.listener = Objects.requireNonNull(listener, "listener");
        this.seed = seed;
        this.follow = Objects.requireNonNull(follow, "follow");
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
     * Runs one day's round on a fresh simulated network.
     *
     * @param vpp the VPP
     * @return the solution, method {@code "ledger"}; its message names the network and what the
     *     run took (blocks, transactions, virtual and wall time)
     * @throws IllegalArgumentException when the VPP does not fit a round's bounds ({@link RoundConfig})
     * @throws IllegalStateException if the network stalls or a call of the operator fails
     */
    public Solution solve(Vpp vpp) {
        long start = System.nanoTime();
        Run run = new Run(vpp, start);
        AdmmOutcome outcome = run.go();
        settlements = run.settlements;
        confirmationMillis = run.confirmations.stream().mapToLong(Long::longValue).toArray();
        excluded = outcome.excluded();
        LedgerNode op = run.operatorNode;
        blocks = op.head().number();
        transactions = 0;
        for (long n = 1; n <= blocks; n++) {
            transactions += op.reader().block(n).orElseThrow().transactions().size();
        }
        virtualMillis = run.sim.now() - START_MILLIS;
        double seconds = (System.nanoTime() - start) / 1e9;
        // each meter re-solves its own problem with the trades its node says were settled
        List<SettledSchedule> settled = new ArrayList<>();
        if (outcome.status() != AdmmOutcome.Status.AGENT_FAILED) {
            for (Meter meter : run.meters) {
                settled.add(meter.settle());
            }
        }
        Solution s = AdmmSolver.solution("ledger", run.links, settled, outcome, seconds);
        String note = String.format(Locale.ROOT, "on %d validators and %d nodes in memory: %d blocks, %d transactions,"
                + " %.1f s virtual, %.1f s wall", validators, run.nodes.size(), blocks, transactions,
                virtualMillis / 1e3, seconds);
        return new Solution(s.method(), s.status(), s.message().isEmpty() ? note : s.message() + "; " + note,
                s.schedules(), s.totalCost(), s.iterations(), s.primalResidual(), s.dualResidual(), s.seconds());
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

    /** One run: the simulator, the nodes, the meters and what the operator observes. */
    private final class Run {
        final Vpp vpp;
        final long startNanos;
        final Simulator sim = new Simulator(START_MILLIS, seed);
        final InMemoryNetwork network;
        final PoaParams params = params(validators);
        final Genesis genesis = genesis(params);
        final List<LedgerNode> nodes = new ArrayList<>();
        final LedgerNode operatorNode;
        final AdmmLinks links;
        final List<Meter> meters = new ArrayList<>();
        final Operator op;
        final List<Long> confirmations = new ArrayList<>();
        Map<String, Long> settlements = Map.of();
        String failure = "";
        RuntimeException abandoned;
        int failedMeter = -1;
        boolean roundOver;
        long lastFinalNumber;
        long lastProgress;

        Run(Vpp vpp, long startNanos) {
            this.vpp = vpp;
            this.startNanos = startNanos;
            this.network = InMemoryNetwork.builder(sim).seed(sim.random().nextLong()).latency(5, 50).build();
            for (int i = 0; i < validators; i++) {
                nodes.add(node("v" + i, PoaConsensus.builder(params).validator(validatorKey(i))));
            }
            this.operatorNode = node("operator", PoaConsensus.builder(params));
            nodes.add(operatorNode);
            this.links = AdmmLinks.of(vpp);
            for (int u = 0; u < vpp.size(); u++) {
                String id = vpp.prosumers().get(u).id();
                LedgerNode n = node("meter-" + u, PoaConsensus.builder(params));
                nodes.add(n);
                // the meter holds its own prosumer and the market; its links come from the round on the chain
                Meter meter = new Meter(vpp.prosumers().get(u), vpp.market(),
                        new ContractCoordination(new NodeLedger(n, LedgerAdmmSolver.devKey(id), this)),
                        LedgerAdmmSolver.ROUND, sim::now, LedgerAdmmSolver.DEADLINE_MILLIS);
                meters.add(meter);
                int index = u;
                n.addListener(follow == Follow.HEAD ? new ChainListener() {
                    @Override
                    public void onNewHead(BlockHeader head) {
                        step(index);
                    }
                } : new ChainListener() {
                    @Override
                    public void onFinalized(BlockHeader finalized) {
                        step(index);
                    }
                });
            }
            // the operator watches the round block by block, each view read at that final block
            this.op = new Operator(new ContractCoordination(new NodeLedger(operatorNode,
                    LedgerAdmmSolver.devKey("operator"), this)), LedgerAdmmSolver.ROUND, listener,
                    () -> System.nanoTime() - startNanos);
            operatorNode.addListener(new ChainListener() {
                @Override
                public void onFinalized(BlockHeader finalized) {
                    observe(finalized);
                }
            });
        }

        private LedgerNode node(String name, PoaConsensus.Builder engine) {
            InMemoryStorage disk = new InMemoryStorage();
            Simulator.NodeScheduler loop = sim.newScheduler();
            PoaConsensus poa = engine.store(disk).finalityPeriodMillis(FINALITY_PERIOD_MILLIS).batchMillis(BATCH_MILLIS)
                    .seed(seed * 31 + name.hashCode()).build();
            return LedgerNode.builder().scheduler(loop).transport(network.join(new PeerId(name), loop)).storage(disk)
                    .genesis(genesis).consensus(poa).mempool(20_000, 20_000).maxBlockTransactions(10_000).build();
        }

        AdmmOutcome go() {
            for (LedgerNode n : nodes) {
                n.start();
            }
            NodeLedger operator = new NodeLedger(operatorNode, LedgerAdmmSolver.devKey("operator"), this);
            for (var p : vpp.prosumers()) {
                operator.call(Permissions.ADDRESS, Permissions.ADD_ACCOUNT,
                        Permissions.addAccountArgs(LedgerAdmmSolver.devKey(p.id()).publicKey()).toArrayUnsafe());
            }
            // the operator's calls share the nonce sequence of the permission calls above
            Operator opening = new Operator(new ContractCoordination(operator), LedgerAdmmSolver.ROUND,
                    AdmmListener.NONE, () -> 0L);
            for (var p : vpp.prosumers()) {
                opening.register(p.id(), LedgerAdmmSolver.devKey(p.id()).address().toArray());
            }
            opening.open(RoundConfig.of(vpp, options, 100, LedgerAdmmSolver.DEADLINE_MILLIS));
            lastProgress = sim.now();
            sim.runUntil(() -> roundOver || !failure.isEmpty() || abandoned != null
                    || sim.now() - lastProgress > STALL_MILLIS, Long.MAX_VALUE);
            if (abandoned != null) {
                throw abandoned;
            }
            if (failedMeter >= 0) {
                String id = vpp.prosumers().get(failedMeter).id();
                List<AdmmIteration> history = op.history();
                return new AdmmOutcome(AdmmOutcome.Status.AGENT_FAILED, history.size(), history, new double[0][],
                        new double[0][], id, id + ": local problem not solved (" + failure + ")", List.of());
            }
            if (!failure.isEmpty()) {
                throw new IllegalStateException(failure);
            }
            if (!roundOver) {
                throw new IllegalStateException("the network made no block final for " + STALL_MILLIS / 1000
                        + " s of virtual time");
            }
            // Every meter sees the round closed at its own node's final block before reading its
            // settlement there.
            long closedAt = operatorNode.finalized().number();
            sim.runUntil(() -> nodes.stream().allMatch(n -> n.finalized().number() >= closedAt),
                    sim.now() + STALL_MILLIS);
            RoundView view = op.poll();
            List<String> out = op.excluded();
            if (view.status() == RoundStatus.FINAL) {
                Map<String, Long> pay = new LinkedHashMap<>();
                for (int u = 0; u < meters.size(); u++) {
                    pay.put(vpp.prosumers().get(u).id(), meters.get(u).settlement());
                }
                settlements = pay;
            }
            return view.status().outcome(op.history(), options.maxIterations(), out);
        }

        /** A meter's reaction to a new final block at its node: answer the open iteration if it has not. */
        void step(int u) {
            if (roundOver || !failure.isEmpty()) {
                return;
            }
            Meter m = meters.get(u);
            // WAITING while the round is not open yet at this node's final block
            m.step();
            if (!m.failure().isEmpty()) {
                failedMeter = u;
                failure = m.failure();
            }
        }

        /**
         * The operator's view of each newly final block: an iteration closed there if the round's
         * iteration moved on or the round left the open state.
         */
        void observe(BlockHeader finalized) {
            lastProgress = sim.now();
            for (long n = lastFinalNumber + 1; n <= finalized.number(); n++) {
                BlockHeader h = operatorNode.reader().block(n).orElseThrow().header();
                QueryResult q = operatorNode.reader().query(h.hash(), LedgerAdmmSolver.CONTRACT, "round",
                        Bytes.wrap(Codec.list(w -> w.writeLong(LedgerAdmmSolver.ROUND))));
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
                }).round(LedgerAdmmSolver.ROUND);
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
            lastFinalNumber = finalized.number();
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
        private final Run run;
        private long nonce;

        NodeLedger(LedgerNode node, KeyPair key, Run run) {
            this.node = node;
            this.key = key;
            this.run = run;
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
         * with the next nonce, at most {@link #MAX_RESUBMISSIONS} times).
         */
        private CompletableFuture<Receipt> call(Address to, String method, byte[] args, int attempt) {
            Transaction tx = Transaction.builder().chainId(LedgerAdmmSolver.CHAIN_ID).nonce(nonce++).to(to)
                    .method(method).args(args).sign(key);
            long submitted = run.sim.now();
            return node.submit(tx).handle((r, e) -> {
                if (e != null) {
                    run.failure = "call " + method + " rejected: " + e.getMessage();
                    return CompletableFuture.<Receipt>failedFuture(e);
                }
                run.confirmations.add(run.sim.now() - submitted);
                if (r.success()) {
                    return CompletableFuture.completedFuture(r);
                }
                if (follow == Follow.HEAD && "submit".equals(method) && r.reason().contains("is not the open one")
                        && attempt < MAX_RESUBMISSIONS && !run.roundOver) {
                    return call(to, method, args, attempt + 1);
                }
                run.failure = "call " + method + " failed: " + r.reason();
                return CompletableFuture.completedFuture(r);
            }).thenCompose(f -> f);
        }

        @Override
        public byte[] query(String method, byte[] args) {
            QueryResult r = follow == Follow.HEAD && !run.roundOver
                    ? node.query(LedgerAdmmSolver.CONTRACT, method, Bytes.wrap(args))
                    : node.queryFinalized(LedgerAdmmSolver.CONTRACT, method, Bytes.wrap(args));
            if (!r.ok()) {
                throw new ContractException(r.reason());
            }
            return r.output().toArray();
        }
    }
}
