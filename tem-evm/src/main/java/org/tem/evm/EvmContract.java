package org.tem.evm;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.tem.solver.admm.AdmmOptions;
import org.tem.solver.contract.RoundConfig;
import org.tem.solver.contract.RoundStatus;
import org.tem.solver.fixedpoint.FixedPoint;
import org.tem.solver.fixedpoint.FixedRoundConfig;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.StaticStruct;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Int256;
import org.web3j.abi.datatypes.generated.Int64;
import org.web3j.abi.datatypes.generated.Uint16;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint32;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.abi.datatypes.generated.Uint8;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/**
 * The coordination contract ({@code TemCoordination.sol}) on an EVM node, through one
 * {@link EvmAccount}: the calls (register, open round, submit, advance) as transactions and the
 * queries (Func C) as {@code eth_call}s, in the fixed-point units of {@link FixedPoint}, with the
 * trades also accepted and returned in kWh. Participants are addressed by their index in the
 * round ({@link FixedRoundConfig#ids()} order; {@link #indexOf} finds a meter's).
 *
 * <p>Not thread-safe (as its account); {@link #as(EvmAccount)} gives the same contract through
 * another account.
 */
public final class EvmContract {
    private static final BigInteger MASK64 = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    /** The ABI tuple of the contract's {@code Params}. */
    /** The most bytes of a round's terms ({@code MAX_TERMS_BYTES} in the contract). */
    public static final int MAX_TERMS_BYTES = 65_536;
    private static final String PARAMS = "(uint16,bool,bool,bool,uint8,uint32,uint16,uint16,uint64,uint64,uint64,uint64,"
            + "int64,uint64,uint64)";

    private final EvmAccount account;
    private final String address;
    private final EvmAccount.Receipt deployment;
    /** The block the queries read, or -1 for the latest. */
    private final long block;

    private EvmContract(EvmAccount account, String address, EvmAccount.Receipt deployment) {
        this(account, address, deployment, -1);
    }

    private EvmContract(EvmAccount account, String address, EvmAccount.Receipt deployment, long block) {
        this.account = Objects.requireNonNull(account, "account");
        this.address = address;
        this.deployment = deployment;
        this.block = block;
    }

    /**
     * Deploys the committed contract ({@link ContractArtifact}); the deploying account is its operator.
     *
     * @param operator the operator's account
     * @return the deployed contract
     * @throws EvmException when the deployment fails
     */
    public static EvmContract deploy(EvmAccount operator) {
        EvmAccount.Receipt r = operator.send(null, ContractArtifact.load().bytecode(), BigInteger.ZERO);
        if (!r.success() || r.contractAddress().isEmpty()) {
            throw new EvmException("deployment failed in transaction " + r.hash());
        }
        return new EvmContract(operator, r.contractAddress(), r);
    }

    /**
     * @param account the account to call through
     * @param contractAddress a deployed contract's address
     * @return the contract
     * @throws IllegalArgumentException on a malformed address
     */
    public static EvmContract attach(EvmAccount account, String contractAddress) {
        if (!contractAddress.matches("0x[0-9a-fA-F]{40}")) {
            throw new IllegalArgumentException("contract: must be 0x and 40 hex digits, was " + contractAddress);
        }
        return new EvmContract(account, contractAddress.toLowerCase(java.util.Locale.ROOT), null);
    }

    /**
     * @param other another account
     * @return this contract through that account
     */
    public EvmContract as(EvmAccount other) {
        return new EvmContract(other, address, deployment, block);
    }

    /**
     * This contract with every query answered from the state the given block left (see
     * {@link EvmAccount#call(String, String, long)}, and its caution about the latest block):
     * several queries then read that block's state, not that of blocks mined meanwhile.
     * Transactions sent through it are unaffected.
     *
     * @param blockNumber a block number, {@code >= 0} and at most the latest
     * @return the pinned view
     * @throws IllegalArgumentException when {@code blockNumber < 0}
     */
    public EvmContract atBlock(long blockNumber) {
        if (blockNumber < 0) {
            throw new IllegalArgumentException("blockNumber: must be >= 0, was " + blockNumber);
        }
        return new EvmContract(account, address, deployment, blockNumber);
    }

    /** @return the contract's address */
    public String address() {
        return address;
    }

    /** @return the receipt of the deployment, when this client deployed the contract */
    public java.util.Optional<EvmAccount.Receipt> deployment() {
        return java.util.Optional.ofNullable(deployment);
    }

    /** @return the account this client sends with */
    public EvmAccount account() {
        return account;
    }

    // ------------------------------------------------------------------ calls

    /**
     * The operator binds a prosumer id to the address that signs its submissions.
     *
     * @param id the prosumer id, 1-128 bytes of UTF-8
     * @param meter the meter's address
     * @return the receipt
     * @throws RefusedException when the contract refuses (not the operator, id or address taken)
     */
    public EvmAccount.Receipt register(String id, String meter) {
        return transact("register(string,address)", List.of(new Utf8String(id), new Address(meter)));
    }

    /**
     * The operator opens a round from its configuration: the contract enforces its fixed-point
     * form ({@link FixedRoundConfig#of}) and stores its exact encoding ({@link RoundConfig#encode})
     * as the round's terms, from which meters compile their local problems ({@link #config}).
     *
     * @param round the round number, new and positive
     * @param config the round (plain ADMM options)
     * @return the receipt
     * @throws IllegalArgumentException when the configuration does not fit an EVM round, or asks
     *     for a warm start ({@link RoundConfig#warmFrom()} not 0: the EVM contract starts every round cold)
     * @throws RefusedException when the contract refuses
     */
    public EvmAccount.Receipt openRound(long round, RoundConfig config) {
        if (config.warmFrom() != 0) {
            throw new IllegalArgumentException("openRound: the EVM contract starts every round cold; warmFrom must be 0,"
                    + " was " + config.warmFrom());
        }
        return openRound(round, FixedRoundConfig.of(config), config.encode());
    }

    /**
     * The operator opens a round; every participant must be registered.
     *
     * @param round the round number, new and positive
     * @param config the round
     * @param terms the terms stored with the round (normally {@link RoundConfig#encode()} of the
     *     configuration {@code config} was made from), 1 to {@link #MAX_TERMS_BYTES} bytes
     * @return the receipt
     * @throws RefusedException when the contract refuses
     */
    public EvmAccount.Receipt openRound(long round, FixedRoundConfig config, byte[] terms) {
        boolean allPairs = config.allPairs();
        List<Type> params = List.of(new Uint16(config.slots()), new Bool(config.pool()), new Bool(allPairs),
                new Bool(config.adaptiveRho()), new Uint8(config.rule().code()), new Uint32(config.maxIterations()),
                new Uint16(config.missLimit()), new Uint16(config.minorUnits()), new Uint64(config.rho()),
                new Uint64(config.epsAbs()), new Uint64(config.epsRel()), new Uint64(config.paperEpsilon()),
                new Int64(config.price()), new Uint64(config.tradeCap()), new Uint64(config.deadlineMillis()));
        List<Utf8String> ids = new ArrayList<>();
        List<Uint64> limits = new ArrayList<>();
        for (int u = 0; u < config.size(); u++) {
            ids.add(new Utf8String(config.ids().get(u)));
            long m = config.maxTrade().get(u);
            limits.add(new Uint64(m == FixedRoundConfig.NO_LIMIT ? MASK64 : BigInteger.valueOf(m)));
        }
        List<DynamicArray<Uint16>> peers = new ArrayList<>();
        if (!config.pool() && !allPairs) {
            for (List<Integer> list : config.peers()) {
                List<Uint16> one = new ArrayList<>();
                list.forEach(v -> one.add(new Uint16(v)));
                peers.add(new DynamicArray<>(Uint16.class, one));
            }
        }
        @SuppressWarnings({"unchecked", "rawtypes"})
        DynamicArray<DynamicArray<Uint16>> peerArray = new DynamicArray(DynamicArray.class, peers);
        return transact("openRound(uint64,string[]," + PARAMS + ",uint64[],uint16[][],bytes)", List.of(
                new Uint64(round), new DynamicArray<>(Utf8String.class, ids), new StaticStruct(params),
                new DynamicArray<>(Uint64.class, limits), peerArray, new DynamicBytes(terms)));
    }

    /**
     * Func B: the sender's trades for the open iteration.
     *
     * @param round the round
     * @param iteration the open iteration
     * @param trades links × slots, energy units, positive = bought
     * @return the receipt
     * @throws RefusedException when the contract refuses (closed, wrong iteration, not a
     *     participant, excluded, already submitted, a trade beyond its limit)
     */
    public EvmAccount.Receipt submit(long round, int iteration, long[][] trades) {
        return submit(round, iteration, trades, 0);
    }

    /**
     * Func B with a gas reserve: the transaction's gas limit is the node's estimate with its margin
     * plus {@code reserveGas} ({@link EvmAccount#send(String, String, BigInteger, long)}). With
     * {@link #closingReserve} it succeeds whatever the other submissions of the iteration do between
     * its estimate and its block.
     *
     * @param round the round
     * @param iteration the open iteration
     * @param trades links × slots, energy units, positive = bought
     * @param reserveGas gas added to the limit, {@code >= 0}
     * @return the receipt
     * @throws IllegalArgumentException when {@code reserveGas < 0}
     * @throws RefusedException as {@link #submit(long, int, long[][])}
     */
    public EvmAccount.Receipt submit(long round, int iteration, long[][] trades, long reserveGas) {
        return transactData("submit", submitCalldata(round, iteration, trades), reserveGas);
    }

    /** Gas of one word (four slots) of a bilateral pair update, at most; see {@link #closingReserve}. */
    static final long PAIR_WORD_GAS = 80_000;
    /** Gas of one participant's word (four slots) of the pool's projection, at most; see {@link #closingReserve}. */
    static final long POOL_WORD_GAS = 60_000;
    /** Gas of the residuals, the stopping test and the next iteration's opening, at most; see {@link #closingReserve}. */
    static final long CLOSE_GAS = 300_000;

    /**
     * The gas a submission may need beyond the node's estimate of it, whatever its position in the
     * iteration: a submission is estimated on the state the node has when it is sent, but it runs on
     * the state of its block, where the submissions of its peers mined meanwhile make it complete
     * more pairs or make it the iteration's last, which runs the closing step (Func A). The reserve
     * covers the most that can add, from the round's terms alone:
     * <ul>
     * <li>bilateral: every one of the participant's pairs completed by this submission,
     *     {@code links × words × 80,000} ({@code words = ⌈slots/4⌉}); a pair word reads four storage
     *     words (2,100 gas each, cold) and writes two, at most 22,100 gas each (zero to non-zero), and
     *     its four lanes of arithmetic cost a few thousand more (about 58,500 a word all told on
     *     fresh storage, measured on Anvil 1.7.1);</li>
     * <li>pool: the exchange projection over every participant and the shared price,
     *     {@code (participants + 1) × words × 60,000} (a participant's word: two reads and a write,
     *     about 35,000 gas on fresh storage, measured);</li>
     * <li>both: the residuals, the stopping test and opening the next iteration, 300,000 (six sums
     *     written from zero are 132,600).</li>
     * </ul>
     * The bound rests on the storage gas costs in force since Berlin (EIP-2929), which later
     * hardforks have kept; it does not depend on the node's client (Besu, go-ethereum, Nethermind
     * price the same opcodes alike). It is generous (a steady
     * 10-home bilateral iteration's last submission needs ≈0.5M beyond a first's ≈0.9M, the
     * reserve is 4.6M): unused gas is refunded, so the reserve costs nothing but room in a block
     * while the transaction waits (a block holds fewer such transactions by their limits).
     *
     * @param config the round
     * @param u the submitter's index in the round
     * @return the reserve, gas, {@code > 0}
     * @throws IndexOutOfBoundsException when {@code u} is not a participant's index
     */
    public static long closingReserve(FixedRoundConfig config, int u) {
        java.util.Objects.checkIndex(u, config.size());
        long words = FixedRoundConfig.wordsPerLink(config.slots());
        long work = config.pool() ? (config.size() + 1L) * words * POOL_WORD_GAS
                : config.peers().get(u).size() * words * PAIR_WORD_GAS;
        return work + CLOSE_GAS;
    }

    /**
     * @param round the round
     * @param iteration the iteration
     * @param trades links × slots, energy units
     * @return the calldata of {@link #submit(long, int, long[][])}, hex
     */
    static String submitCalldata(long round, int iteration, long[][] trades) {
        return encode("submit(uint64,uint32,uint256[])", List.of(new Uint64(round), new Uint32(iteration),
                new DynamicArray<>(Uint256.class, pack(trades))));
    }

    /**
     * @param round the round
     * @return the calldata of {@link #advance(long)}, hex
     */
    static String advanceCalldata(long round) {
        return encode("advance(uint64)", List.of(new Uint64(round)));
    }

    /**
     * Func B with trades in kWh, rounded to energy units ({@link FixedPoint#energy}).
     *
     * @param round the round
     * @param iteration the open iteration
     * @param tradesKwh links × slots, kWh, positive = bought
     * @return the receipt
     * @throws RefusedException as {@link #submit(long, int, long[][])}
     */
    public EvmAccount.Receipt submit(long round, int iteration, double[][] tradesKwh) {
        long[][] units = new long[tradesKwh.length][];
        for (int k = 0; k < units.length; k++) {
            units[k] = new long[tradesKwh[k].length];
            for (int t = 0; t < units[k].length; t++) {
                units[k][t] = FixedPoint.energy(tradesKwh[k][t]);
            }
        }
        return submit(round, iteration, units);
    }

    /**
     * Closes the open iteration after its deadline (a participant or the operator); call again
     * while {@link RoundView#closing()} says the work continues.
     *
     * @param round the round
     * @return the receipt
     * @throws RefusedException when the contract refuses (deadline not reached, not allowed)
     */
    public EvmAccount.Receipt advance(long round) {
        return transactData("advance", advanceCalldata(round));
    }

    /** The four 64-bit lanes of each word, link by link (the contract's layout). */
    static List<Uint256> pack(long[][] trades) {
        List<Uint256> out = new ArrayList<>();
        for (long[] link : trades) {
            int words = (link.length + 3) / 4;
            for (int j = 0; j < words; j++) {
                BigInteger word = BigInteger.ZERO;
                for (int lane = 0; lane < 4 && 4 * j + lane < link.length; lane++) {
                    word = word.or(BigInteger.valueOf(link[4 * j + lane]).and(MASK64).shiftLeft(64 * lane));
                }
                out.add(new Uint256(word));
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ queries

    /**
     * A round's public state.
     *
     * @param status where the round stands
     * @param iteration the open iteration (the last one once closed)
     * @param rho ρ of the open iteration, ρ units
     * @param primal the last closed iteration's primal residual, energy units
     * @param dual its dual residual, price units
     * @param paper its paper residual, energy units
     * @param submitted submissions received for the open iteration
     * @param deadlineMillis the block time (ms) from which the open iteration may be advanced
     * @param active participants not excluded
     * @param closing whether an advance has started closing the iteration (no more submissions)
     */
    public record RoundView(RoundStatus status, int iteration, long rho, BigInteger primal, BigInteger dual,
            BigInteger paper, int submitted, long deadlineMillis, int active, boolean closing) {

        /** @return true while the round collects submissions */
        public boolean open() {
            return status == RoundStatus.OPEN;
        }
    }

    /**
     * @param round a round
     * @return its state at the latest block
     * @throws RefusedException for an unknown round
     */
    public RoundView round(long round) {
        List<Type> v = query("roundInfo(uint64)", List.of(new Uint64(round)), List.of(new TypeReference<Uint8>() { },
                new TypeReference<Uint32>() { }, new TypeReference<Uint64>() { }, new TypeReference<Uint256>() { },
                new TypeReference<Uint256>() { }, new TypeReference<Uint256>() { }, new TypeReference<Uint32>() { },
                new TypeReference<Uint256>() { }, new TypeReference<Uint32>() { }, new TypeReference<Bool>() { }));
        return new RoundView(RoundStatus.fromCode(num(v, 0).intValueExact()), num(v, 1).intValueExact(),
                num(v, 2).longValueExact(), num(v, 3), num(v, 4), num(v, 5), num(v, 6).intValueExact(),
                num(v, 7).longValueExact(), num(v, 8).intValueExact(), (Boolean) v.get(9).getValue());
    }

    /**
     * A participant's broadcast.
     *
     * @param iteration the open iteration
     * @param rho ρ, ρ units
     * @param twiceAux {@code 2p'} of its links, links × slots, energy units
     * @param lambda λ of its links, price units
     * @param frozen which links are frozen
     * @param excluded whether the participant is excluded
     */
    public record Broadcast(int iteration, long rho, long[][] twiceAux, long[][] lambda, boolean[] frozen,
            boolean excluded) {

        /** @return {@code p'} of its links in kWh */
        public double[][] auxiliaryKwh() {
            double[][] out = new double[twiceAux.length][];
            for (int k = 0; k < out.length; k++) {
                out[k] = new double[twiceAux[k].length];
                for (int t = 0; t < out[k].length; t++) {
                    out[k][t] = twiceAux[k][t] / (2.0 * FixedPoint.ENERGY_SCALE);
                }
            }
            return out;
        }
    }

    /**
     * @param round a round
     * @param u a participant's index
     * @param slots the round's slots
     * @return its broadcast at the latest block
     * @throws RefusedException for an unknown round or participant
     */
    public Broadcast broadcast(long round, int u, int slots) {
        List<Type> v = query("broadcast(uint64,uint16)", List.of(new Uint64(round), new Uint16(u)), List.of(
                new TypeReference<Uint32>() { }, new TypeReference<Uint64>() { },
                new TypeReference<DynamicArray<Int64>>() { }, new TypeReference<DynamicArray<Int64>>() { },
                new TypeReference<DynamicArray<Bool>>() { }, new TypeReference<Bool>() { }));
        boolean[] frozen = bools(v.get(4));
        return new Broadcast(num(v, 0).intValueExact(), num(v, 1).longValueExact(), matrix(v.get(2), frozen.length,
                slots), matrix(v.get(3), frozen.length, slots), frozen, (Boolean) v.get(5).getValue());
    }

    /**
     * @param round a round
     * @param u a participant's index
     * @param slots the round's slots
     * @return its standing trades (last submission), links × slots, energy units; zero on frozen links
     */
    public long[][] standing(long round, int u, int slots) {
        List<Type> v = query("standing(uint64,uint16)", List.of(new Uint64(round), new Uint16(u)),
                List.of(new TypeReference<DynamicArray<Int64>>() { }));
        @SuppressWarnings("unchecked")
        int size = ((List<Type>) v.get(0).getValue()).size();
        return matrix(v.get(0), size / slots, slots);
    }

    /**
     * The settled trades of a participant: {@code p'} of its links in kWh (the last iterate; final
     * once the round is).
     *
     * @param round a round
     * @param u a participant's index
     * @param slots the round's slots
     * @return links × slots, kWh, positive = bought; zero on frozen links
     */
    public double[][] trades(long round, int u, int slots) {
        return broadcast(round, u, slots).auxiliaryKwh();
    }

    /**
     * @param round a round
     * @param u a participant's index
     * @return whether it submitted in the open iteration
     */
    public boolean submitted(long round, int u) {
        return (Boolean) query("submitted(uint64,uint16)", List.of(new Uint64(round), new Uint16(u)),
                List.of(new TypeReference<Bool>() { })).get(0).getValue();
    }

    /**
     * @param round a round
     * @return one flag per participant: excluded by the deadline rule
     */
    public boolean[] excluded(long round) {
        return bools(query("excludedParticipants(uint64)", List.of(new Uint64(round)),
                List.of(new TypeReference<DynamicArray<Bool>>() { })).get(0));
    }

    /**
     * @param round a FINAL round
     * @param u a participant's index
     * @return its payment in minor units, positive = pays
     * @throws RefusedException before the round is final
     */
    public long settlement(long round, int u) {
        return num(query("settlement(uint64,uint16)", List.of(new Uint64(round), new Uint16(u)),
                List.of(new TypeReference<Int256>() { })), 0).longValueExact();
    }

    /**
     * The round's configuration as the meters compile their local problems from it: the terms the
     * operator stored with the round ({@link RoundConfig#decode}), checked against what the contract
     * enforces — their fixed-point form ({@link FixedRoundConfig#of}) must equal the round's
     * settings, declared limits and peer lists on chain, and each id must hash to the id the
     * participant's meter is registered under. A meter therefore never compiles its problem from
     * numbers other than the ones its submissions are checked against.
     *
     * @param round a round
     * @return its configuration
     * @throws RefusedException for an unknown round
     * @throws MalformedAnswerException when the answer does not decode or the terms disagree with the round on chain
     */
    public RoundConfig config(long round) {
        List<TypeReference<?>> out = new ArrayList<>(List.of(new TypeReference<Uint16>() { },
                new TypeReference<Bool>() { }, new TypeReference<Bool>() { }, new TypeReference<Bool>() { },
                new TypeReference<Uint8>() { }, new TypeReference<Uint32>() { }, new TypeReference<Uint16>() { },
                new TypeReference<Uint16>() { }, new TypeReference<Uint64>() { }, new TypeReference<Uint64>() { },
                new TypeReference<Uint64>() { }, new TypeReference<Uint64>() { }, new TypeReference<Int64>() { },
                new TypeReference<Uint64>() { }, new TypeReference<Uint64>() { }));
        out.add(new TypeReference<DynamicArray<Bytes32>>() { });
        out.add(new TypeReference<DynamicArray<Uint64>>() { });
        out.add(new TypeReference<DynamicArray<Uint16>>() { });
        out.add(new TypeReference<DynamicArray<Uint16>>() { });
        out.add(new TypeReference<DynamicBytes>() { });
        List<Type> v = query("config(uint64)", List.of(new Uint64(round)), out);
        if (v.size() != out.size()) {
            throw new MalformedAnswerException("config: the answer does not decode");
        }
        byte[] terms = (byte[]) v.get(19).getValue();
        RoundConfig decoded;
        FixedRoundConfig expected;
        try {
            decoded = RoundConfig.decode(terms);
            if (decoded.warmFrom() != 0) {
                throw new IllegalArgumentException("the terms ask for a warm start, which the EVM contract does not do");
            }
            expected = FixedRoundConfig.of(decoded);
        } catch (RuntimeException e) {
            throw new MalformedAnswerException("config: the round's terms do not decode: " + e.getMessage(), e);
        }
        @SuppressWarnings("unchecked")
        List<Bytes32> hashes = (List<Bytes32>) v.get(15).getValue();
        @SuppressWarnings("unchecked")
        List<Uint64> limits = (List<Uint64>) v.get(16).getValue();
        @SuppressWarnings("unchecked")
        List<Uint16> degrees = (List<Uint16>) v.get(17).getValue();
        @SuppressWarnings("unchecked")
        List<Uint16> flat = (List<Uint16>) v.get(18).getValue();
        int n = decoded.participants().size();
        if (hashes.size() != n || limits.size() != n) {
            throw new MalformedAnswerException("config: the terms name " + n + " participants, the round has " + hashes.size());
        }
        for (int u = 0; u < n; u++) {
            byte[] h = Hash.sha3(decoded.participants().get(u).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            if (!java.util.Arrays.equals(h, hashes.get(u).getValue())) {
                throw new MalformedAnswerException("config: participant " + u + " of the terms is not the one registered on chain");
            }
        }
        boolean pool = (Boolean) v.get(1).getValue();
        boolean allPairs = (Boolean) v.get(2).getValue();
        List<List<Integer>> peers = new ArrayList<>();
        if (allPairs) {
            for (int u = 0; u < n; u++) {
                List<Integer> all = new ArrayList<>();
                for (int w = 0; w < n; w++) {
                    if (w != u) {
                        all.add(w);
                    }
                }
                peers.add(all);
            }
        } else if (!pool) {
            if (degrees.size() != n) {
                throw new MalformedAnswerException("config: " + degrees.size() + " peer lists for " + n + " participants");
            }
            int at = 0;
            for (int u = 0; u < n; u++) {
                int d = degrees.get(u).getValue().intValueExact();
                if (d > flat.size() - at) {
                    throw new MalformedAnswerException("config: the peer lists are shorter than their lengths say");
                }
                List<Integer> one = new ArrayList<>();
                for (int i = 0; i < d; i++) {
                    one.add(flat.get(at++).getValue().intValueExact());
                }
                peers.add(one);
            }
        }
        List<Long> maxTrade = new ArrayList<>();
        for (Uint64 m : limits) {
            maxTrade.add(m.getValue().equals(MASK64) ? FixedRoundConfig.NO_LIMIT : m.getValue().longValueExact());
        }
        int ruleCode = num(v, 4).intValueExact();
        AdmmOptions.StoppingRule rule = null;
        for (AdmmOptions.StoppingRule r : AdmmOptions.StoppingRule.values()) {
            if (r.code() == ruleCode) {
                rule = r;
            }
        }
        FixedRoundConfig chain;
        try {
            chain = new FixedRoundConfig(decoded.participants(), num(v, 0).intValueExact(), pool, peers, maxTrade,
                    num(v, 13).longValueExact(), num(v, 8).longValueExact(), (Boolean) v.get(3).getValue(),
                    num(v, 9).longValueExact(), num(v, 10).longValueExact(), num(v, 11).longValueExact(),
                    java.util.Objects.requireNonNull(rule, "rule"), num(v, 5).intValueExact(), num(v, 6).intValueExact(),
                    num(v, 12).longValueExact(), num(v, 7).longValueExact(), num(v, 14).longValueExact());
        } catch (RuntimeException e) {
            throw new MalformedAnswerException("config: the round on chain does not decode: " + e.getMessage(), e);
        }
        if (!chain.equals(expected)) {
            throw new MalformedAnswerException("config: the round's terms do not match the settings the contract enforces");
        }
        return decoded;
    }

    /**
     * @param round a round
     * @param meter a meter's address
     * @return its index in the round
     * @throws RefusedException when it does not take part
     */
    public int indexOf(long round, String meter) {
        return num(query("indexOf(uint64,address)", List.of(new Uint64(round), new Address(meter)),
                List.of(new TypeReference<Uint16>() { })), 0).intValueExact();
    }

    // ------------------------------------------------------------------ encoding

    private EvmAccount.Receipt transact(String signature, List<Type> params) {
        return transactData(signature, encode(signature, params));
    }

    private EvmAccount.Receipt transactData(String what, String data) {
        return transactData(what, data, 0);
    }

    private EvmAccount.Receipt transactData(String what, String data, long reserveGas) {
        EvmAccount.Receipt r = account.send(address, data, BigInteger.ZERO, reserveGas);
        if (!r.success()) {
            throw new EvmException(what + " reverted in transaction " + r.hash());
        }
        return r;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private List<Type> query(String signature, List<Type> params, List<TypeReference<?>> outputs) {
        String data = encode(signature, params);
        String result = block < 0 ? account.call(address, data) : account.call(address, data, block);
        return FunctionReturnDecoder.decode(result, (List) outputs);
    }

    static String encode(String signature, List<Type> params) {
        String selector = Numeric.toHexString(Hash.sha3(signature.getBytes(java.nio.charset.StandardCharsets.US_ASCII)))
                .substring(0, 10);
        return selector + FunctionEncoder.encodeConstructor(params);
    }

    private static BigInteger num(List<Type> values, int i) {
        return (BigInteger) values.get(i).getValue();
    }

    @SuppressWarnings("unchecked")
    private static boolean[] bools(Type array) {
        List<Bool> list = (List<Bool>) array.getValue();
        boolean[] out = new boolean[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = list.get(i).getValue();
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static long[][] matrix(Type array, int rows, int slots) {
        List<Int64> list = (List<Int64>) array.getValue();
        if (list.size() != rows * slots) {
            throw new MalformedAnswerException("answer: expected " + rows + " x " + slots + " values, got " + list.size());
        }
        long[][] out = new long[rows][slots];
        for (int k = 0; k < rows; k++) {
            for (int t = 0; t < slots; t++) {
                out[k][t] = list.get(k * slots + t).getValue().longValueExact();
            }
        }
        return out;
    }
}
