package org.tem.examples.ledger;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.tuweni.bytes.Bytes;
import org.tem.api.Solution;
import org.tem.api.Vpp;
import org.tem.ledger.chain.Genesis;
import org.tem.ledger.crypto.Address;
import org.tem.ledger.crypto.Keccak;
import org.tem.ledger.crypto.KeyPair;
import org.tem.ledger.dev.DevChain;
import org.tem.ledger.permission.Permissions;
import org.tem.ledger.storage.InMemoryStorage;
import org.tem.ledger.storage.KeyValueStorage;
import org.tem.ledger.tx.Receipt;
import org.tem.solver.admm.AdmmIteration;
import org.tem.solver.admm.AdmmLinks;
import org.tem.solver.admm.AdmmListener;
import org.tem.solver.admm.AdmmOptions;
import org.tem.solver.admm.AdmmOutcome;
import org.tem.solver.admm.AdmmSolver;
import org.tem.solver.admm.SettledSchedule;
import org.tem.solver.admm.SilenceSchedule;
import org.tem.solver.contract.Codec;
import org.tem.solver.contract.CoordinationContract;
import org.tem.solver.contract.ContractCoordination;
import org.tem.solver.contract.Meter;
import org.tem.solver.contract.Operator;
import org.tem.solver.contract.RoundConfig;
import org.tem.solver.contract.RoundStatus;
import org.tem.solver.contract.RoundView;

/**
 * ADMM through a ledger: a single-validator dev chain runs the {@link CoordinationContract}; the
 * operator registers every prosumer's meter and opens a round; each meter ({@link Meter}, holding only
 * its own prosumer and the market, the round's configuration read from the chain) reads its broadcast, solves its own problem and submits signed trades; the contract runs the
 * coordination step when the last submission of an iteration arrives. Because the contract uses
 * the same kernel in the same order as the in-process coordinator, the result is bit-for-bit the
 * one of {@link AdmmSolver} with the same options — and the same {@link SilenceSchedule}: a meter
 * silent in an iteration does not submit, the driver lets block time reach the iteration's deadline
 * ({@link #DEADLINE_MILLIS}) and the operator advances it, so the contract's deadline rule applies
 * exactly as the in-process one.
 *
 * <p>Keys are <b>development keys</b> derived from the prosumer ids (Keccak-256 of a fixed text):
 * fine for a simulation, never for a real deployment. Blocks are timestamped by a counter (one
 * second a block, jumping to a deadline when a meter is silent), not the wall clock, so a run is
 * reproducible. Not thread-safe.
 */
public final class LedgerAdmmSolver {
    /** The address the coordination contract is registered under at genesis. */
    public static final Address CONTRACT = Address.fromHexString("0x00000000000000000000000000000000000000c0");
    /** The chain id of the dev chain. */
    public static final long CHAIN_ID = 1337;
    /** The round number the solver opens. */
    public static final long ROUND = 1;
    /**
     * The per-iteration deadline of the simulated round, milliseconds of block time: a minute, what
     * a meter on a slow radio link needs to receive its broadcast, solve and send its trades back.
     */
    public static final long DEADLINE_MILLIS = 60_000;
    /** Milliseconds of block time between consecutive dev-chain blocks. */
    private static final long BLOCK_MILLIS = 1_000;

    private final AdmmOptions options;
    private final KeyValueStorage storage;
    private final AdmmListener listener;
    private final SilenceSchedule silence;
    private Map<String, Long> settlements = Map.of();
    private List<String> excluded = List.of();
    private long blocks;

    /**
     * @param options ADMM settings (the round's)
     * @param storage the chain's storage (a fresh one); null for in-memory
     * @param listener receives a report after every iteration
     */
    public LedgerAdmmSolver(AdmmOptions options, KeyValueStorage storage, AdmmListener listener) {
        this(options, storage, listener, SilenceSchedule.NONE);
    }

    /**
     * @param options ADMM settings (the round's)
     * @param storage the chain's storage (a fresh one); null for in-memory
     * @param listener receives a report after every iteration
     * @param silence which meter (by index in the VPP) stays silent in which iteration
     */
    public LedgerAdmmSolver(AdmmOptions options, KeyValueStorage storage, AdmmListener listener,
            SilenceSchedule silence) {
        this.options = options;
        this.storage = storage;
        this.listener = listener;
        this.silence = java.util.Objects.requireNonNull(silence, "silence");
    }

    /**
     * @param id a prosumer id (or {@code "operator"}, {@code "validator"})
     * @return the development key of that party
     */
    public static KeyPair devKey(String id) {
        byte[] seed = Keccak.hash256(Bytes.wrap(("tem dev key: " + id).getBytes(StandardCharsets.UTF_8))).toArray();
        return KeyPair.fromPrivateKey(new BigInteger(1, seed));
    }

    /**
     * @return the genesis of the dev chain: the coordination contract and its operator, who is
     *     also the chain's operator (the meters are permitted by the operator's transactions)
     */
    public static Genesis genesis() {
        return Genesis.builder().chainId(CHAIN_ID).timestamp(0).operator(devKey("operator").publicKey())
                .contract(CONTRACT, new CoordinationContract())
                .state(CONTRACT, CoordinationContract.OPERATOR_KEY, devKey("operator").address().toArray())
                .build();
    }

    /**
     * Runs one day's round on a fresh dev chain.
     *
     * @param vpp the VPP
     * @return the solution, method {@code "ledger"}
     * @throws IllegalArgumentException when the VPP does not fit a round's bounds ({@link RoundConfig})
     */
    public Solution solve(Vpp vpp) {
        long start = System.nanoTime();
        long[] clock = {0};
        RoundConfig config = RoundConfig.of(vpp, options, 100, DEADLINE_MILLIS);
        try (DevChain chain = DevChain.builder().storage(storage != null ? storage : new InMemoryStorage())
                .genesis(genesis()).validator(devKey("validator")).clock(() -> clock[0] += BLOCK_MILLIS)
                .autoSeal(false).maxBlockTransactions(10_000).mempoolSize(20_000).maxPendingPerSender(20_000)
                .build()) {
            DevGateway operator = new DevGateway(chain, devKey("operator"));
            Operator op = new Operator(new ContractCoordination(operator), ROUND, listener,
                    () -> System.nanoTime() - start);
            for (var p : vpp.prosumers()) {
                operator.call(Permissions.ADDRESS, Permissions.ADD_ACCOUNT,
                        Permissions.addAccountArgs(devKey(p.id()).publicKey()).toArrayUnsafe());
            }
            for (var p : vpp.prosumers()) {
                op.register(p.id(), devKey(p.id()).address().toArray());
            }
            op.open(config);
            seal(chain, List.of(operator));

            AdmmLinks links = AdmmLinks.of(vpp);
            List<Meter> meters = new ArrayList<>();
            List<DevGateway> gateways = new ArrayList<>();
            for (int u = 0; u < vpp.size(); u++) {
                DevGateway g = new DevGateway(chain, devKey(vpp.prosumers().get(u).id()));
                gateways.add(g);
                // the meter holds its own prosumer and the market; its links come from the round on the chain
                meters.add(new Meter(vpp.prosumers().get(u), vpp.market(), new ContractCoordination(g), ROUND,
                        () -> clock[0], DEADLINE_MILLIS));
            }
            RoundView view = op.poll();
            while (view.open()) {
                int k = view.iteration();
                int submitted = 0;
                for (int u = 0; u < meters.size(); u++) {
                    if (!silence.silent(u, k) && meters.get(u).step() == Meter.Action.SUBMITTED) {
                        submitted++;
                    }
                }
                for (int u = 0; u < meters.size(); u++) {
                    if (!meters.get(u).failure().isEmpty()) {
                        List<AdmmIteration> history = op.history();
                        AdmmOutcome failed = new AdmmOutcome(AdmmOutcome.Status.AGENT_FAILED, history.size(), history,
                                new double[0][], new double[0][], vpp.prosumers().get(u).id(),
                                vpp.prosumers().get(u).id() + ": local problem not solved (" + meters.get(u).failure()
                                + ")", List.of());
                        return AdmmSolver.solution("ledger", links, List.of(), failed, (System.nanoTime() - start) / 1e9);
                    }
                }
                if (submitted < view.active()) {
                    // time passes while the round waits for the silent meters: this block lands at the deadline
                    clock[0] = Math.max(clock[0], view.deadlineMillis() - BLOCK_MILLIS);
                }
                seal(chain, gateways);
                view = op.poll();
                if (view.open() && view.iteration() == k) {
                    advance(chain, operator);
                    view = op.poll();
                }
            }
            settlements = op.settlements();
            excluded = op.excluded();
            blocks = chain.chain().head().number();
            AdmmOutcome outcome = op.outcome();
            // each meter re-solves its own problem with its settled trades fixed
            List<SettledSchedule> settled = new ArrayList<>();
            for (Meter meter : meters) {
                settled.add(meter.settle());
            }
            return AdmmSolver.solution("ledger", links, settled, outcome, (System.nanoTime() - start) / 1e9);
        }
    }

    /**
     * The operator closes an iteration past its deadline. Its first block sees the median time of
     * the block before; if that one was not yet at the deadline (nobody submitted), the advance is
     * refused and sent again one block later.
     */
    private static void advance(DevChain chain, DevGateway operator) {
        for (int attempt = 0; attempt < 2; attempt++) {
            operator.call("advance", Codec.list(w -> w.writeLong(ROUND)));
            chain.sealPending();
            Receipt r = operator.takeReceipt();
            if (r.success()) {
                return;
            }
            if (!r.reason().contains("open until")) {
                throw new IllegalStateException("coordination call failed: " + r.reason());
            }
        }
        throw new IllegalStateException("advance refused twice after the deadline");
    }

    /** @return the settled payments of the last run in minor units by prosumer (positive = pays) */
    public Map<String, Long> settlements() {
        return settlements;
    }

    /** @return the prosumers the last run's deadline rule excluded */
    public List<String> excluded() {
        return excluded;
    }

    /** @return the chain height at the end of the last run */
    public long blocks() {
        return blocks;
    }

    private static void seal(DevChain chain, List<DevGateway> gateways) {
        chain.sealPending();
        for (DevGateway g : gateways) {
            g.checkReceipts();
        }
    }
}
