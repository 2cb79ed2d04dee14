package org.tem.examples.ledger;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.apache.tuweni.bytes.Bytes;
import org.tem.api.Solution;
import org.tem.api.Vpp;
import org.tem.api.contract.ContractException;
import org.tem.ledger.chain.Genesis;
import org.tem.ledger.chain.QueryResult;
import org.tem.ledger.crypto.Address;
import org.tem.ledger.crypto.Keccak;
import org.tem.ledger.crypto.KeyPair;
import org.tem.ledger.dev.DevChain;
import org.tem.ledger.permission.Permissions;
import org.tem.ledger.storage.InMemoryStorage;
import org.tem.ledger.storage.KeyValueStorage;
import org.tem.ledger.tx.Receipt;
import org.tem.ledger.tx.Transaction;
import org.tem.solver.admm.AdmmIteration;
import org.tem.solver.admm.AdmmLinks;
import org.tem.solver.admm.AdmmListener;
import org.tem.solver.admm.AdmmOptions;
import org.tem.solver.admm.AdmmOutcome;
import org.tem.solver.admm.AdmmSolver;
import org.tem.solver.admm.LocalAgent;
import org.tem.solver.contract.Codec;
import org.tem.solver.contract.CoordinationContract;
import org.tem.solver.contract.CoordinationLedger;
import org.tem.solver.contract.MeterClient;
import org.tem.solver.contract.RoundConfig;

/**
 * ADMM through a ledger: a single-validator dev chain runs the {@link CoordinationContract}; the
 * operator registers every prosumer's meter and opens a round; each meter ({@link MeterClient})
 * reads its broadcast, solves its own problem and submits signed trades; the contract runs the
 * coordination step when the last submission of an iteration arrives. Because the contract uses
 * the same kernel in the same order as the in-process coordinator, the result is bit-for-bit the
 * one of {@link AdmmSolver} with the same options.
 *
 * <p>Keys are <b>development keys</b> derived from the prosumer ids (Keccak-256 of a fixed text):
 * fine for a simulation, never for a real deployment. Blocks are timestamped by a counter, not the
 * wall clock, so a run is reproducible. Not thread-safe.
 */
public final class LedgerAdmmSolver {
    /** The address the coordination contract is registered under at genesis. */
    public static final Address CONTRACT = Address.fromHexString("0x00000000000000000000000000000000000000c0");
    /** The chain id of the dev chain. */
    public static final long CHAIN_ID = 1337;
    /** The round number the solver opens. */
    public static final long ROUND = 1;

    private final AdmmOptions options;
    private final KeyValueStorage storage;
    private final AdmmListener listener;
    private Map<String, Long> settlements = Map.of();
    private long blocks;

    /**
     * @param options ADMM settings (the round's)
     * @param storage the chain's storage (a fresh one); null for in-memory
     * @param listener receives a report after every iteration
     */
    public LedgerAdmmSolver(AdmmOptions options, KeyValueStorage storage, AdmmListener listener) {
        this.options = options;
        this.storage = storage;
        this.listener = listener;
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
     */
    public Solution solve(Vpp vpp) {
        long start = System.nanoTime();
        long[] clock = {0};
        try (DevChain chain = DevChain.builder().storage(storage != null ? storage : new InMemoryStorage())
                .genesis(genesis()).validator(devKey("validator")).clock(() -> clock[0] += 1000).autoSeal(false)
                .maxBlockTransactions(10_000).mempoolSize(20_000).maxPendingPerSender(20_000).build()) {
            Gateway operator = new Gateway(chain, devKey("operator"));
            for (var p : vpp.prosumers()) {
                operator.call(Permissions.ADDRESS, Permissions.ADD_ACCOUNT,
                        Permissions.addAccountArgs(devKey(p.id()).publicKey()).toArrayUnsafe());
            }
            for (var p : vpp.prosumers()) {
                operator.call("register", Codec.list(w -> {
                    w.writeByteArray(p.id().getBytes(StandardCharsets.UTF_8));
                    w.writeByteArray(devKey(p.id()).address().toArray());
                }));
            }
            byte[] config = RoundConfig.of(vpp, options, 100, 10).encode();
            operator.call("openRound", Codec.list(w -> {
                w.writeLong(ROUND);
                w.writeByteArray(config);
            }));
            seal(chain, List.of(operator));

            AdmmLinks links = AdmmLinks.of(vpp);
            List<LocalAgent> agents = new ArrayList<>();
            List<MeterClient> meters = new ArrayList<>();
            List<Gateway> gateways = new ArrayList<>();
            for (int u = 0; u < vpp.size(); u++) {
                String id = vpp.prosumers().get(u).id();
                Gateway g = new Gateway(chain, devKey(id));
                LocalAgent agent = LocalAgent.of(vpp, u);
                agents.add(agent);
                gateways.add(g);
                meters.add(new MeterClient(id, agent, g, ROUND));
            }
            List<AdmmIteration> history = new ArrayList<>();
            MeterClient.RoundView view = meters.get(0).round();
            while (view.open()) {
                double rho = view.rho();
                for (MeterClient m : meters) {
                    m.step();
                }
                for (int u = 0; u < meters.size(); u++) {
                    if (!meters.get(u).failure().isEmpty()) {
                        AdmmOutcome failed = new AdmmOutcome(AdmmOutcome.Status.AGENT_FAILED, history.size(), history,
                                new double[0][], new double[0][], vpp.prosumers().get(u).id(),
                                vpp.prosumers().get(u).id() + ": local problem not solved (" + meters.get(u).failure() + ")");
                        return AdmmSolver.solution("ledger", links, agents, failed, (System.nanoTime() - start) / 1e9);
                    }
                }
                seal(chain, gateways);
                view = meters.get(0).round();
                AdmmIteration it = new AdmmIteration(history.size() + 1, view.primalResidual(), view.dualResidual(),
                        view.paperResidual(), rho, view.status() == CoordinationContract.FINAL, System.nanoTime() - start);
                history.add(it);
                listener.onIteration(it);
            }
            Map<String, Long> pay = new LinkedHashMap<>();
            if (view.status() == CoordinationContract.FINAL) {
                for (int u = 0; u < meters.size(); u++) {
                    pay.put(vpp.prosumers().get(u).id(), meters.get(u).settlement());
                }
            }
            settlements = pay;
            blocks = chain.chain().head().number();
            AdmmOutcome outcome = new AdmmOutcome(view.status() == CoordinationContract.FINAL
                    ? AdmmOutcome.Status.CONVERGED : AdmmOutcome.Status.MAX_ITERATIONS, history.size(), history,
                    new double[0][], new double[0][], "", view.status() == CoordinationContract.FINAL ? ""
                    : "iteration cap " + options.maxIterations() + " reached");
            return AdmmSolver.solution("ledger", links, agents, outcome, (System.nanoTime() - start) / 1e9);
        }
    }

    /** @return the settled payments of the last run in minor units by prosumer (positive = pays) */
    public Map<String, Long> settlements() {
        return settlements;
    }

    /** @return the chain height at the end of the last run */
    public long blocks() {
        return blocks;
    }

    private static void seal(DevChain chain, List<Gateway> gateways) {
        chain.sealPending();
        for (Gateway g : gateways) {
            g.checkReceipts();
        }
    }

    /** A party's signed connection to the dev chain. */
    private static final class Gateway implements CoordinationLedger {
        private final DevChain chain;
        private final KeyPair key;
        private long nonce;
        private final List<CompletableFuture<Receipt>> pending = new ArrayList<>();

        Gateway(DevChain chain, KeyPair key) {
            this.chain = chain;
            this.key = key;
            this.nonce = chain.chain().nonce(key.address());
        }

        @Override
        public void call(String method, byte[] args) {
            call(CONTRACT, method, args);
        }

        void call(Address to, String method, byte[] args) {
            Transaction tx = Transaction.builder().chainId(CHAIN_ID).nonce(nonce++).to(to).method(method)
                    .args(args).sign(key);
            pending.add(chain.submit(tx));
        }

        @Override
        public byte[] query(String method, byte[] args) {
            QueryResult r = chain.query(CONTRACT, method, Bytes.wrap(args));
            if (!r.ok()) {
                throw new ContractException(r.reason());
            }
            return r.output().toArray();
        }

        void checkReceipts() {
            for (CompletableFuture<Receipt> f : pending) {
                try {
                    Receipt r = f.get();
                    if (!r.success()) {
                        throw new IllegalStateException("coordination call failed: " + r.reason());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                } catch (ExecutionException e) {
                    throw new IllegalStateException("coordination call rejected: " + e.getCause().getMessage(), e);
                }
            }
            pending.clear();
        }
    }
}
