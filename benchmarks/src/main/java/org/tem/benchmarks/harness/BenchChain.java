package org.tem.benchmarks.harness;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.tem.consensus.poa.PoaParams;
import org.tem.examples.ledger.LedgerAdmmSolver;
import org.tem.ledger.chain.Genesis;
import org.tem.ledger.crypto.Address;
import org.tem.ledger.crypto.Keccak;
import org.tem.ledger.crypto.KeyPair;
import org.tem.ledger.tx.Transaction;
import org.tem.solver.admm.AdmmOptions;
import org.tem.solver.contract.Codec;
import org.tem.solver.contract.ContractCoordination;
import org.tem.solver.contract.CoordinationContract;
import org.tem.solver.contract.RoundConfig;

/**
 * The benchmark chain and its load: {@code validators} proof-of-authority signers, an operator,
 * and {@code groups × meters} meter accounts permitted at genesis; the coordination contract with
 * the operator set. Each group of meters takes part in a round of its own (pool or bilateral with
 * all pairs, 24 slots); a meter's load is its {@code submit} calls, iteration after iteration, with
 * a trade vector shaped like a home's day (export around noon, import in the evening) that moves a
 * little from one iteration to the next. The vectors never balance, so no round converges and every
 * submission of an open iteration is accepted: the contract runs its real coordination step (Func
 * A) whenever the last submission of an iteration arrives.
 *
 * <p>Keys are derived from fixed names (development keys, never for a real chain). Immutable
 * apart from the nonce counters of {@link #submission}'s callers; not thread-safe.
 */
final class BenchChain {

    /** The chain id of the benchmark chain. */
    static final long CHAIN_ID = 4_242;
    /** Slots of a round's horizon. */
    static final int SLOTS = 24;
    /** The round-wide trade cap, kWh per slot. */
    static final double TRADE_CAP_KWH = 50.0;
    private static final long GENESIS_TIME = 1_700_000_000_000L;

    final int validators;
    final int groups;
    final int meters;
    final boolean pool;
    final List<KeyPair> validatorKeys = new ArrayList<>();
    final KeyPair operator = key("operator");
    /** Meter keys by group, then by index in the group. */
    final List<List<KeyPair>> meterKeys = new ArrayList<>();
    final PoaParams params;
    final Genesis genesis;

    /**
     * @param validators signers, at least 1
     * @param groups rounds run side by side, at least 1
     * @param meters meters per round, at least 2
     * @param pool pool topology (else bilateral with all pairs)
     * @param genesisTime the genesis timestamp, ms since the epoch (wall time for real-time runs)
     */
    BenchChain(int validators, int groups, int meters, boolean pool, long genesisTime) {
        if (validators < 1 || groups < 1 || meters < 2) {
            throw new IllegalArgumentException("need validators >= 1, groups >= 1, meters >= 2");
        }
        this.validators = validators;
        this.groups = groups;
        this.meters = meters;
        this.pool = pool;
        List<Address> signers = new ArrayList<>();
        for (int i = 0; i < validators; i++) {
            KeyPair k = key("validator " + i);
            validatorKeys.add(k);
            signers.add(k.address());
        }
        this.params = new PoaParams(signers, 30_000, validators, 0);
        Genesis.Builder g = Genesis.builder().chainId(CHAIN_ID).timestamp(genesisTime)
                .consensusData(params.encode()).operator(operator.publicKey())
                .contract(LedgerAdmmSolver.CONTRACT, new CoordinationContract())
                .state(LedgerAdmmSolver.CONTRACT, CoordinationContract.OPERATOR_KEY, operator.address().toArray());
        for (int grp = 0; grp < groups; grp++) {
            List<KeyPair> ks = new ArrayList<>();
            for (int u = 0; u < meters; u++) {
                KeyPair k = key(meterId(grp, u));
                ks.add(k);
                g.account(k.publicKey());
            }
            meterKeys.add(Collections.unmodifiableList(ks));
        }
        this.genesis = g.build();
    }

    /**
     * @param validators signers
     * @param groups rounds
     * @param meters meters per round
     * @param pool pool topology
     */
    BenchChain(int validators, int groups, int meters, boolean pool) {
        this(validators, groups, meters, pool, GENESIS_TIME);
    }

    /**
     * @param name a name
     * @return the development key derived from it
     */
    static KeyPair key(String name) {
        byte[] seed = Keccak.hash256(Bytes.wrap(("tem-bench: " + name).getBytes(StandardCharsets.UTF_8))).toArray();
        return KeyPair.fromPrivateKey(new BigInteger(1, seed));
    }

    static String meterId(int group, int u) {
        return "m" + group + "-" + u;
    }

    /** @return the round number of a group (positive) */
    static long round(int group) {
        return group + 1L;
    }

    /**
     * The operator's set-up calls, in nonce order from {@code firstNonce}: register every meter,
     * then open every group's round (iteration cap {@code maxIterations}).
     *
     * @param firstNonce the operator's next nonce
     * @param maxIterations each round's iteration cap
     * @return the signed calls
     */
    List<Transaction> setup(long firstNonce, int maxIterations) {
        List<Transaction> out = new ArrayList<>();
        long nonce = firstNonce;
        for (int grp = 0; grp < groups; grp++) {
            for (int u = 0; u < meters; u++) {
                String id = meterId(grp, u);
                byte[] address = meterKeys.get(grp).get(u).address().toArray();
                out.add(operatorCall(nonce++, "register", Codec.list(w -> {
                    w.writeByteArray(id.getBytes(StandardCharsets.UTF_8));
                    w.writeByteArray(address);
                })));
            }
        }
        for (int grp = 0; grp < groups; grp++) {
            out.add(openRound(nonce++, round(grp), grp, maxIterations));
        }
        return out;
    }

    /**
     * @param nonce the operator's nonce
     * @param round the round number
     * @param group whose meters take part
     * @param maxIterations the round's iteration cap
     * @return the signed {@code openRound}
     */
    Transaction openRound(long nonce, long round, int group, int maxIterations) {
        byte[] config = config(group, maxIterations).encode();
        return operatorCall(nonce, "openRound", Codec.list(w -> {
            w.writeLong(round);
            w.writeByteArray(config);
        }));
    }

    private Transaction operatorCall(long nonce, String method, byte[] args) {
        return Transaction.builder().chainId(CHAIN_ID).nonce(nonce).to(LedgerAdmmSolver.CONTRACT).method(method)
                .args(args).sign(operator);
    }

    /**
     * @param group a group
     * @param maxIterations the iteration cap
     * @return the group's round configuration: no declared limits, a one-day deadline (so no
     *     iteration is closed early), ρ and tolerances of the library default
     */
    RoundConfig config(int group, int maxIterations) {
        List<String> ids = new ArrayList<>();
        List<List<Integer>> peers = new ArrayList<>();
        List<Double> maxTrade = new ArrayList<>();
        for (int u = 0; u < meters; u++) {
            ids.add(meterId(group, u));
            maxTrade.add(Double.POSITIVE_INFINITY);
            if (!pool) {
                List<Integer> p = new ArrayList<>();
                for (int v = 0; v < meters; v++) {
                    if (v != u) {
                        p.add(v);
                    }
                }
                peers.add(p);
            }
        }
        AdmmOptions options = AdmmOptions.DEFAULT.withMaxIterations(maxIterations);
        return new RoundConfig(ids, SLOTS, pool, peers, maxTrade, TRADE_CAP_KWH, options, 0.1, 100,
                RoundConfig.MAX_DEADLINE_MILLIS);
    }

    /** @return the trade links of one meter: 1 in the pool, {@code meters − 1} bilateral */
    int links() {
        return pool ? 1 : meters - 1;
    }

    /**
     * Meter {@code u} of {@code group}'s submission for {@code iteration}.
     *
     * @param group the group
     * @param u the meter's index in the group
     * @param round the round number
     * @param iteration the iteration (from 1)
     * @param nonce the meter's nonce
     * @return the signed call
     */
    Transaction submission(int group, int u, long round, int iteration, long nonce) {
        return Transaction.builder().chainId(CHAIN_ID).nonce(nonce).to(LedgerAdmmSolver.CONTRACT).method("submit")
                .args(ContractCoordination.submitArguments(round, iteration, trades(group, u, iteration), false))
                .sign(meterKeys.get(group).get(u));
    }

    /**
     * A home's trades for one iteration: net export {@code a·sin} around noon (PV), import in the
     * evening, scaled per home and split over its links in unequal shares (weights 1 to 7 by link,
     * so that no two of a home's bilateral rows are alike, as in a real round), moving by at most
     * 2 % between iterations. Every value is within ±3 kWh, well inside the cap.
     */
    double[][] trades(int group, int u, int iteration) {
        int links = links();
        double scale = 0.5 + ((group * 31 + u * 17) % 23) / 10.0;
        double wobble = 1.0 + 0.02 * Math.sin(iteration * 0.7 + u);
        double[] share = new double[links];
        double total = 0;
        for (int k = 0; k < links; k++) {
            share[k] = 1 + (u * 5 + k * 3) % 7;
            total += share[k];
        }
        double[][] t = new double[links][SLOTS];
        for (int k = 0; k < links; k++) {
            for (int s = 0; s < SLOTS; s++) {
                double pv = s >= 7 && s <= 17 ? -Math.sin(Math.PI * (s - 7) / 10.0) : 0.0;
                double evening = s >= 18 && s <= 22 ? 0.4 : 0.1;
                t[k][s] = scale * wobble * (pv + evening) * share[k] / total;
            }
        }
        return t;
    }
}
