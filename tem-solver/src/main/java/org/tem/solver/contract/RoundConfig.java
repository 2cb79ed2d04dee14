package org.tem.solver.contract;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.apache.tuweni.rlp.RLPReader;
import org.tem.api.Market;
import org.tem.api.Prosumer;
import org.tem.api.Topology;
import org.tem.api.Vpp;
import org.tem.api.contract.ContractException;
import org.tem.api.contract.Limits;
import org.tem.solver.LocalProblem;
import org.tem.solver.admm.AdmmLinks;
import org.tem.solver.admm.LocalAgent;
import org.tem.solver.admm.AdmmOptions;

/**
 * What the operator fixes when it opens a coordination round: the participants and their trade
 * links with their limits, the ADMM settings (the deadline rule's K included), the P2P price, and
 * how settlement and deadlines work. Stored on the ledger with the round; every node derives the
 * same {@link AdmmLinks} from it. Immutable.
 *
 * <p><b>Bounds.</b> Every value is checked when the record is made (and so when it is decoded
 * from a transaction): a round that passes can neither overflow the contract's arithmetic nor
 * stall — its state fits the ledger's write limits, and each participant's submission fits one
 * transaction. See the {@code MAX_…} constants.
 *
 * <p><b>Choosing the deadline.</b> An iteration may be closed without a participant's submission
 * once the chain's median block time (the median timestamp of the last {@code floor(N/2)+1} blocks)
 * is {@code deadlineMillis} past the timestamp of the block that opened the iteration. An honest
 * meter must see that block, solve, and get its signed submission into a block before then, even
 * when a validator stamps blocks at the edge of the permitted drift; so choose at least
 * {@code deadlineMillis ≥ drift + period + 2 · network delay + solve time} (the drift a sealer may
 * run ahead, one period until the next block, one delay for the opening block to reach the meter
 * and one for its submission to reach a validator). The same minimum is stated for the ledger in
 * {@code org.tem.ledger.chain.Genesis}; with several validators the median lags the newest block
 * by about {@code ceil(N/2)} periods, which only adds margin. For example a 2 s drift, a 1 s
 * period, 5 s of one-way delay over NB-IoT and 1 s to solve: {@code ≥ 2 + 1 + 10 + 1 = 14 s}. The
 * contract accepts {@link #MIN_DEADLINE_MILLIS} to {@link #MAX_DEADLINE_MILLIS}.
 *
 * <p><b>Warm start.</b> {@code warmFrom} names an earlier round on the same chain that closed
 * {@link RoundStatus#FINAL} with the same number of slots (typically the previous day's round of
 * the same VPP); the contract then starts this round from that round's final prices {@code λ} and
 * settled trades, matched link by link by prosumer ids as {@link org.tem.solver.admm.WarmStart}
 * does (a link the earlier round did not have starts at zero), instead of {@code λ = 0},
 * {@code p' = 0}. {@code 0} starts cold. The contract refuses a round whose {@code warmFrom} is
 * not such a round ({@link CoordinationContract}).
 *
 * @param participants prosumer ids, in order (each must be registered), 1 to 128 characters
 * @param slots slots of the horizon
 * @param pool true for the pool topology
 * @param peers bilateral peer lists (indices into {@code participants}); empty lists for pool
 * @param maxTrade each participant's declared trade limit, kWh per slot, {@code +∞} for none
 * @param tradeCapKwh the round-wide cap for links no participant limits, kWh per slot
 * @param options the ADMM settings
 * @param p2pPrice {@code π}, currency per kWh
 * @param minorUnits minor units per currency unit for settlement (100 for cents)
 * @param deadlineMillis milliseconds of median block time after an iteration opens before a
 *     participant or the operator may close it without the missing submissions
 * @param warmFrom the earlier round whose final prices and settled trades this round starts from,
 *     {@code 0} for a cold start ({@code λ = 0}, {@code p' = 0}); never negative
 */
public record RoundConfig(List<String> participants, int slots, boolean pool, List<List<Integer>> peers,
        List<Double> maxTrade, double tradeCapKwh, AdmmOptions options, double p2pPrice, long minorUnits,
        long deadlineMillis, long warmFrom) {

    /** The most participants in one round (each one costs writes when an iteration closes). */
    public static final int MAX_PARTICIPANTS = 1_000;
    /** The most slots of a round's horizon (a day of one-minute slots). */
    public static final int MAX_SLOTS = 1_440;
    /**
     * The most trade entries (links × slots) of a round: its state (seven such arrays of doubles)
     * then takes at most about 14.7 MB in 32 KiB values, well inside one call's write limit. 100
     * bilateral homes over 24 slots have 237,600.
     */
    public static final int MAX_ENTRIES = 1 << 18;
    /** The most trade entries (links × slots) of one participant: a submission must fit one transaction. */
    public static final int MAX_SUBMISSION_ENTRIES = (Limits.MAX_ARGS_BYTES - 1024) / 8;
    /** The largest P2P price magnitude, currency per kWh. */
    public static final double MAX_PRICE = 1_000.0;
    /** The most minor units per currency unit (1,000: mills). */
    public static final long MAX_MINOR_UNITS = 1_000;
    /** The shortest iteration deadline: one second of median block time. */
    public static final long MIN_DEADLINE_MILLIS = 1_000;
    /** The longest iteration deadline: one day. */
    public static final long MAX_DEADLINE_MILLIS = 86_400_000L;
    /** The longest participant id, in characters. */
    public static final int MAX_ID_CHARS = 128;
    /** The largest stopping tolerance accepted (ε_abs, ε_rel, the paper's ε). */
    public static final double MAX_TOLERANCE = 1.0;

    /**
     * Copies the lists and checks every value.
     *
     * @param participants prosumer ids
     * @param slots slots
     * @param pool pool topology
     * @param peers peer lists
     * @param maxTrade declared limits, {@code +∞} for none
     * @param tradeCapKwh the round-wide cap
     * @param options ADMM settings
     * @param p2pPrice P2P price
     * @param minorUnits minor units per currency unit
     * @param deadlineMillis the per-iteration deadline in milliseconds
     * @param warmFrom the round to start from, {@code 0} for a cold start
     * @throws IllegalArgumentException naming the value that is out of range or inconsistent
     */
    public RoundConfig {
        participants = List.copyOf(participants);
        List<List<Integer>> copy = new ArrayList<>();
        for (List<Integer> l : peers) {
            copy.add(List.copyOf(l));
        }
        peers = List.copyOf(copy);
        maxTrade = List.copyOf(maxTrade);
        java.util.Objects.requireNonNull(options, "options");
        validate(participants, slots, pool, peers, maxTrade, tradeCapKwh, options, p2pPrice, minorUnits,
                deadlineMillis);
        if (warmFrom < 0) {
            throw new IllegalArgumentException("warmFrom: must be 0 (cold) or a round number, was " + warmFrom);
        }
    }

    /**
     * A round that starts cold ({@code warmFrom = 0}).
     *
     * @param participants prosumer ids
     * @param slots slots
     * @param pool pool topology
     * @param peers peer lists
     * @param maxTrade declared limits, {@code +∞} for none
     * @param tradeCapKwh the round-wide cap
     * @param options ADMM settings
     * @param p2pPrice P2P price
     * @param minorUnits minor units per currency unit
     * @param deadlineMillis the per-iteration deadline in milliseconds
     * @throws IllegalArgumentException naming the value that is out of range or inconsistent
     */
    public RoundConfig(List<String> participants, int slots, boolean pool, List<List<Integer>> peers,
            List<Double> maxTrade, double tradeCapKwh, AdmmOptions options, double p2pPrice, long minorUnits,
            long deadlineMillis) {
        this(participants, slots, pool, peers, maxTrade, tradeCapKwh, options, p2pPrice, minorUnits, deadlineMillis,
                0);
    }

    /**
     * This round starting warm from an earlier round, or cold.
     *
     * @param round the earlier round whose final prices and settled trades to start from, {@code 0}
     *     for a cold start; the contract checks that it is a closed {@link RoundStatus#FINAL} round
     *     with the same slots when this round is opened
     * @return a copy with that {@code warmFrom}
     * @throws IllegalArgumentException if {@code round < 0}
     */
    public RoundConfig withWarmFrom(long round) {
        return new RoundConfig(participants, slots, pool, peers, maxTrade, tradeCapKwh, options, p2pPrice, minorUnits,
                deadlineMillis, round);
    }

    private static void validate(List<String> participants, int slots, boolean pool, List<List<Integer>> peers,
            List<Double> maxTrade, double cap, AdmmOptions options, double price, long minorUnits, long deadline) {
        int n = participants.size();
        if (n < 1 || n > MAX_PARTICIPANTS) {
            throw new IllegalArgumentException("participants: must be 1 to " + MAX_PARTICIPANTS + ", were " + n);
        }
        for (String id : participants) {
            if (id.isEmpty() || id.length() > MAX_ID_CHARS) {
                throw new IllegalArgumentException("participants: ids must have 1 to " + MAX_ID_CHARS + " characters");
            }
        }
        if (new HashSet<>(participants).size() != n) {
            throw new IllegalArgumentException("participants: ids must be unique");
        }
        if (slots < 1 || slots > MAX_SLOTS) {
            throw new IllegalArgumentException("slots: must be 1 to " + MAX_SLOTS + ", was " + slots);
        }
        if (peers.size() != (pool ? 0 : n)) {
            throw new IllegalArgumentException("peers: need " + (pool ? 0 : n) + " lists, had " + peers.size());
        }
        long links = 0;
        for (int u = 0; u < n; u++) {
            int own = pool ? 1 : peers.get(u).size();
            if ((long) own * slots > MAX_SUBMISSION_ENTRIES) {
                throw new IllegalArgumentException("peers[" + u + "]: " + own + " links x " + slots
                        + " slots do not fit one submission (at most " + MAX_SUBMISSION_ENTRIES + " entries)");
            }
            links += own;
        }
        if (links * slots > MAX_ENTRIES) {
            throw new IllegalArgumentException("round: " + links + " links x " + slots + " slots exceed "
                    + MAX_ENTRIES + " entries");
        }
        if (maxTrade.size() != n) {
            throw new IllegalArgumentException("maxTrade: need one limit per participant, had " + maxTrade.size());
        }
        for (int u = 0; u < n; u++) {
            double m = maxTrade.get(u);
            if (!(m >= 0 && m <= Market.MAX_TRADE_KWH) && m != Double.POSITIVE_INFINITY) {
                throw new IllegalArgumentException("maxTrade[" + u + "]: must be in [0, " + Market.MAX_TRADE_KWH
                        + "] or +Infinity, was " + m);
            }
        }
        if (!(cap >= 0 && cap <= Market.MAX_TRADE_KWH)) {
            throw new IllegalArgumentException("tradeCap: must be in [0, " + Market.MAX_TRADE_KWH + "], was " + cap);
        }
        tolerance("epsAbs", options.epsAbs());
        tolerance("epsRel", options.epsRel());
        tolerance("paperEpsilon", options.paperEpsilon());
        if (!(Math.abs(price) <= MAX_PRICE)) {
            throw new IllegalArgumentException("p2pPrice: must be finite with |price| <= " + MAX_PRICE + ", was "
                    + price);
        }
        if (minorUnits < 1 || minorUnits > MAX_MINOR_UNITS) {
            throw new IllegalArgumentException("minorUnits: must be 1 to " + MAX_MINOR_UNITS + ", was " + minorUnits);
        }
        if (deadline < MIN_DEADLINE_MILLIS || deadline > MAX_DEADLINE_MILLIS) {
            throw new IllegalArgumentException("deadlineMillis: must be " + MIN_DEADLINE_MILLIS + " to "
                    + MAX_DEADLINE_MILLIS + ", was " + deadline);
        }
    }

    private static void tolerance(String name, double value) {
        if (!(value > 0 && value <= MAX_TOLERANCE)) {
            throw new IllegalArgumentException(name + ": must be in (0, " + MAX_TOLERANCE + "], was " + value);
        }
    }

    /**
     * The round of a VPP's day: its participants, peers, declared limits and round-wide cap
     * ({@link Vpp#tradeCapKwh()}), so the contract bounds every link exactly as the local and
     * central problems do.
     *
     * @param vpp the VPP
     * @param options ADMM settings
     * @param minorUnits minor units per currency unit
     * @param deadlineMillis per-iteration deadline in milliseconds of median block time
     * @return the configuration
     * @throws IllegalArgumentException when the VPP or a value does not fit a round's bounds
     */
    public static RoundConfig of(Vpp vpp, AdmmOptions options, long minorUnits, long deadlineMillis) {
        List<String> ids = new ArrayList<>();
        List<List<Integer>> peers = new ArrayList<>();
        List<Double> maxTrade = new ArrayList<>();
        boolean pool = vpp.market().topology() == Topology.POOL;
        for (int u = 0; u < vpp.size(); u++) {
            ids.add(vpp.prosumers().get(u).id());
            if (!pool) {
                peers.add(vpp.peersOf(u));
            }
            maxTrade.add(vpp.prosumers().get(u).maxTradeKwh());
        }
        return new RoundConfig(ids, vpp.horizon().slots(), pool, peers, maxTrade, vpp.tradeCapKwh(), options,
                vpp.market().p2pPrice(), minorUnits, deadlineMillis);
    }

    /**
     * @return the trade links of the round with their limits
     * @throws IllegalArgumentException when the peer lists are inconsistent (not increasing, not
     *     symmetric, out of range)
     */
    public AdmmLinks links() {
        double[] limits = new double[maxTrade.size()];
        for (int u = 0; u < limits.length; u++) {
            limits[u] = maxTrade.get(u);
        }
        return AdmmLinks.of(participants, slots, pool, pool ? List.of() : peers, limits, tradeCapKwh);
    }

    /**
     * A meter's own tariff with this round's P2P price, topology and trade cap: the market its
     * local problem is compiled with (the round decides the price; the meter's tariff supplies its
     * ancillary prices).
     *
     * @param tariff the meter's own market
     * @return the market for this round
     */
    public Market market(Market tariff) {
        return tariff.toBuilder().p2pPrice(p2pPrice).topology(pool ? Topology.POOL : Topology.BILATERAL)
                .tradeCapKwh(tradeCapKwh).build();
    }

    /**
     * Compiles a meter's local problem from what the meter holds — its own prosumer and tariff —
     * and this round's configuration, never a neighbour's data: its links are its peers in this
     * round (or the pool), each bounded by the rule the contract applies
     * ({@link org.tem.api.Vpp#tradeLimit}: the smaller declared limit of the two ends, else the
     * round's cap). Equal, bit for bit, to {@link LocalProblem#of(Vpp, int)} for the VPP this
     * round was made from.
     *
     * @param own the meter's own prosumer (its id must be a participant)
     * @param tariff the meter's own market (for its ancillary prices; the P2P price is the round's)
     * @return the local problem
     * @throws IllegalArgumentException when the prosumer does not take part, its horizon is not the
     *     round's, the round declares a trade limit for it other than its own
     *     {@link org.tem.api.Prosumer#maxTradeKwh()}, or the tariff's ancillary prices do not
     *     cover the horizon
     */
    public LocalProblem problemFor(Prosumer own, Market tariff) {
        int u = participants.indexOf(own.id());
        if (u < 0) {
            throw new IllegalArgumentException("prosumer '" + own.id() + "' does not take part in the round");
        }
        if (own.horizon().slots() != slots) {
            throw new IllegalArgumentException("prosumer '" + own.id() + "' has " + own.horizon().slots()
                    + " slots, the round " + slots);
        }
        if (Double.compare(maxTrade.get(u), own.maxTradeKwh()) != 0) {
            throw new IllegalArgumentException("the round declares a trade limit of " + maxTrade.get(u) + " kWh for '"
                    + own.id() + "', which declares " + own.maxTradeKwh());
        }
        AdmmLinks links = links();
        List<String> names = new ArrayList<>();
        double[] limits = new double[links.end(u) - links.start(u)];
        for (int k = links.start(u); k < links.end(u); k++) {
            names.add(pool ? "pool" : participants.get(links.to(k)));
            limits[k - links.start(u)] = links.limit(k);
        }
        return LocalProblem.of(own, market(tariff), names, limits, pool);
    }

    /**
     * A meter's agent over {@link #problemFor}, with the solvers of {@link LocalAgent#of(Vpp, int)}.
     *
     * @param own the meter's own prosumer
     * @param tariff the meter's own market
     * @return the agent
     * @throws IllegalArgumentException as {@link #problemFor}
     */
    public LocalAgent agentFor(Prosumer own, Market tariff) {
        return LocalAgent.of(problemFor(own, tariff));
    }

    /**
     * @return the RLP encoding; enumerations and flags as explicit codes, {@code warmFrom} last
     *     (a cold round writes {@code 0}: every field is always present)
     */
    public byte[] encode() {
        return Codec.list(w -> {
            w.writeList(l -> participants.forEach(id -> Codec.writeString(l, id)));
            w.writeInt(slots);
            w.writeInt(pool ? 1 : 0);
            w.writeList(l -> {
                for (List<Integer> p : peers) {
                    l.writeList(pl -> p.forEach(pl::writeInt));
                }
            });
            w.writeList(l -> maxTrade.forEach(m -> Codec.writeDouble(l, m)));
            Codec.writeDouble(w, tradeCapKwh);
            Codec.writeDouble(w, options.rho());
            w.writeInt(options.adaptiveRho() ? 1 : 0);
            Codec.writeDouble(w, options.epsAbs());
            Codec.writeDouble(w, options.epsRel());
            Codec.writeDouble(w, options.paperEpsilon());
            w.writeInt(options.rule().code());
            Codec.writeDouble(w, options.relaxation());
            w.writeInt(options.maxIterations());
            w.writeInt(options.acceleration() ? 1 : 0);
            w.writeInt(options.missLimit());
            Codec.writeDouble(w, p2pPrice);
            w.writeLong(minorUnits);
            w.writeLong(deadlineMillis);
            w.writeLong(warmFrom);
        });
    }

    /**
     * Decodes and validates a configuration. Work and allocation are bounded by the bytes given.
     *
     * @param bytes an encoding made by {@link #encode()}
     * @return the configuration
     * @throws ContractException when the bytes are malformed or describe an invalid round
     */
    public static RoundConfig decode(byte[] bytes) {
        RoundConfig c = Codec.read(bytes, r -> {
            List<String> ids = Codec.readStrings(r);
            int slots = r.readInt();
            boolean pool = flag(r, "pool");
            List<List<Integer>> peers = r.readList(l -> {
                List<List<Integer>> out = new ArrayList<>();
                while (!l.isComplete()) {
                    out.add(l.readList(pl -> {
                        List<Integer> one = new ArrayList<>();
                        while (!pl.isComplete()) {
                            one.add(pl.readInt());
                        }
                        return one;
                    }));
                }
                return out;
            });
            List<Double> maxTrade = r.readList(l -> {
                List<Double> out = new ArrayList<>();
                while (!l.isComplete()) {
                    out.add(Codec.readDouble(l));
                }
                return out;
            });
            double cap = Codec.readDouble(r);
            double rho = Codec.readDouble(r);
            boolean adaptive = flag(r, "adaptiveRho");
            double epsAbs = Codec.readDouble(r);
            double epsRel = Codec.readDouble(r);
            double paperEps = Codec.readDouble(r);
            int rule = r.readInt();
            double relaxation = Codec.readDouble(r);
            int maxIterations = r.readInt();
            boolean acceleration = flag(r, "acceleration");
            int missLimit = r.readInt();
            double price = Codec.readDouble(r);
            long minor = r.readLong();
            long deadline = r.readLong();
            long warmFrom = r.readLong();
            try {
                AdmmOptions options = new AdmmOptions(rho, adaptive, epsAbs, epsRel, paperEps,
                        AdmmOptions.StoppingRule.fromCode(rule), relaxation, maxIterations, acceleration, missLimit);
                return new RoundConfig(ids, slots, pool, peers, maxTrade, cap, options, price, minor, deadline, warmFrom);
            } catch (IllegalArgumentException e) {
                throw new ContractException("round: " + e.getMessage());
            }
        });
        try {
            c.links();
        } catch (IllegalArgumentException e) {
            throw new ContractException("round: " + e.getMessage());
        }
        return c;
    }

    private static boolean flag(RLPReader r, String name) {
        int v = r.readInt();
        if (v != 0 && v != 1) {
            throw new ContractException("round: " + name + " must be 0 or 1, was " + v);
        }
        return v == 1;
    }
}
