package org.tem.solver.fixedpoint;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import org.tem.solver.admm.AdmmLinks;
import org.tem.solver.admm.AdmmOptions;
import org.tem.solver.contract.RoundConfig;

/**
 * A coordination round as the EVM contract stores it: the same participants, links, limits and
 * rules as a {@link RoundConfig}, with every number in the fixed-point units of {@link FixedPoint}.
 * Immutable; validated on construction.
 *
 * <p><b>Plain ADMM.</b> The EVM round runs the paper's ADMM (no momentum, no over-relaxation) with
 * optional residual balancing of ρ: fast ADMM's momentum needs the previous and the extrapolated
 * {@code p'} and λ kept beside the current ones, which triples the storage written per bilateral
 * iteration (over the gas budget of an iteration), and over-relaxation breaks the symmetry
 * {@code λ_uv = λ_vu} that lets the contract store one λ per pair. {@link #of(RoundConfig)} refuses
 * both.
 *
 * <p><b>Bounds</b> (the {@code MAX_…} constants) keep every call within a block's gas and a
 * transaction within go-ethereum's 128 KB: a submission carries at most
 * {@link #MAX_SUBMISSION_WORDS} 32-byte words (its links × ⌈slots/4⌉, four 64-bit values a word),
 * and a pool round has at most {@link #MAX_POOL_WORDS} words of trades in all (its closing call
 * reads and writes every one).
 *
 * @param ids prosumer ids in round order, unique, 1 to 128 characters each
 * @param slots slots of the horizon, 1 to {@link RoundConfig#MAX_SLOTS}
 * @param pool true for the pool topology
 * @param peers bilateral peer lists (indices into {@code ids}, increasing, symmetric); empty for pool
 * @param maxTrade each participant's declared trade limit, energy units, or {@link #NO_LIMIT}
 * @param tradeCap the limit of links no end declares, energy units
 * @param rho the initial ρ, ρ units, in {@code [MIN_RHO, MAX_RHO]}
 * @param adaptiveRho residual balancing of ρ (every 10 iterations during the first 500)
 * @param epsAbs ε_abs of the standard test, energy units, {@code >= 1}
 * @param epsRel ε_rel of the standard test, {@link FixedPoint#REL_SCALE} units, {@code >= 1}
 * @param paperEpsilon ε of the paper's test, energy units, {@code >= 1}
 * @param rule which stopping test ends the round: STANDARD or PAPER (the EVM contract has no SETTLED
 *     rule)
 * @param maxIterations iteration cap, 1 to {@link AdmmOptions#MAX_ITERATIONS}
 * @param missLimit the deadline rule's K, 1 to {@link AdmmOptions#MAX_MISS_LIMIT}
 * @param price the P2P price π, price units, {@code |π| ≤ 1,000} currency/kWh
 * @param minorUnits minor units per currency unit, 1 to 1,000
 * @param deadlineMillis milliseconds of block time after an iteration opens before a participant
 *     or the operator may close it without the missing submissions
 */
public record FixedRoundConfig(List<String> ids, int slots, boolean pool, List<List<Integer>> peers,
        List<Long> maxTrade, long tradeCap, long rho, boolean adaptiveRho, long epsAbs, long epsRel,
        long paperEpsilon, AdmmOptions.StoppingRule rule, int maxIterations, int missLimit, long price,
        long minorUnits, long deadlineMillis) {

    /** A participant that declares no trade limit of its own. */
    public static final long NO_LIMIT = -1;
    /** The most participants of an EVM round. */
    public static final int MAX_PARTICIPANTS = 256;
    /** The most 32-byte words of trades in one submission (about 32 KB of calldata). */
    public static final int MAX_SUBMISSION_WORDS = 1_024;
    /** The most 32-byte words of trades of all participants of a pool round. */
    public static final int MAX_POOL_WORDS = 2_048;
    /** The smallest ρ, ρ units (1e-6 currency/kWh²); residual balancing never halves below it. */
    public static final long MIN_RHO = 1_000L;
    /** The largest ρ, ρ units (1e6 currency/kWh²); residual balancing never doubles above it. */
    public static final long MAX_RHO = 1_000_000_000_000_000L;
    /** The largest tolerance (ε_abs, ε_rel, the paper's ε), in its units (1 kWh, or 1). */
    public static final long MAX_TOLERANCE = 1_000_000_000L;
    /** The largest |π|, price units (1,000 currency/kWh). */
    public static final long MAX_PRICE = 1_000L * FixedPoint.PRICE_SCALE;

    /**
     * Copies the lists and checks every value.
     *
     * @param ids ids
     * @param slots slots
     * @param pool pool topology
     * @param peers peer lists
     * @param maxTrade declared limits
     * @param tradeCap cap
     * @param rho ρ
     * @param adaptiveRho residual balancing
     * @param epsAbs ε_abs
     * @param epsRel ε_rel
     * @param paperEpsilon paper ε
     * @param rule stopping rule
     * @param maxIterations iteration cap
     * @param missLimit K
     * @param price π
     * @param minorUnits minor units
     * @param deadlineMillis deadline
     * @throws IllegalArgumentException naming the value that is out of range or inconsistent
     */
    public FixedRoundConfig {
        ids = List.copyOf(ids);
        List<List<Integer>> copy = new ArrayList<>();
        for (List<Integer> l : peers) {
            copy.add(List.copyOf(l));
        }
        peers = List.copyOf(copy);
        maxTrade = List.copyOf(maxTrade);
        Objects.requireNonNull(rule, "rule");
        if (rule == AdmmOptions.StoppingRule.SETTLED) {
            throw new IllegalArgumentException("rule: the EVM contract implements the STANDARD and PAPER stopping"
                    + " rules; SETTLED (meters confirming the settled trades) runs on tem's own ledger only");
        }
        int n = ids.size();
        if (n < 1 || n > MAX_PARTICIPANTS) {
            throw new IllegalArgumentException("participants: must be 1 to " + MAX_PARTICIPANTS + ", were " + n);
        }
        for (String id : ids) {
            if (id.isEmpty() || id.length() > RoundConfig.MAX_ID_CHARS) {
                throw new IllegalArgumentException("participants: ids must have 1 to " + RoundConfig.MAX_ID_CHARS
                        + " characters");
            }
        }
        if (new HashSet<>(ids).size() != n) {
            throw new IllegalArgumentException("participants: ids must be unique");
        }
        if (slots < 1 || slots > RoundConfig.MAX_SLOTS) {
            throw new IllegalArgumentException("slots: must be 1 to " + RoundConfig.MAX_SLOTS + ", was " + slots);
        }
        if (peers.size() != (pool ? 0 : n)) {
            throw new IllegalArgumentException("peers: need " + (pool ? 0 : n) + " lists, had " + peers.size());
        }
        int words = wordsPerLink(slots);
        for (int u = 0; u < n; u++) {
            long own = (long) (pool ? 1 : peers.get(u).size()) * words;
            if (own > MAX_SUBMISSION_WORDS) {
                throw new IllegalArgumentException("peers[" + u + "]: a submission of " + own
                        + " words exceeds " + MAX_SUBMISSION_WORDS);
            }
        }
        if (pool && (long) n * words > MAX_POOL_WORDS) {
            throw new IllegalArgumentException("round: " + n + " pool participants x " + words + " words exceed "
                    + MAX_POOL_WORDS);
        }
        if (maxTrade.size() != n) {
            throw new IllegalArgumentException("maxTrade: need one limit per participant, had " + maxTrade.size());
        }
        for (int u = 0; u < n; u++) {
            long m = maxTrade.get(u);
            if (m != NO_LIMIT && (m < 0 || m > FixedPoint.MAX_LIMIT)) {
                throw new IllegalArgumentException("maxTrade[" + u + "]: must be 0 to " + FixedPoint.MAX_LIMIT
                        + " units or NO_LIMIT, was " + m);
            }
        }
        if (tradeCap < 0 || tradeCap > FixedPoint.MAX_LIMIT) {
            throw new IllegalArgumentException("tradeCap: must be 0 to " + FixedPoint.MAX_LIMIT + " units, was "
                    + tradeCap);
        }
        if (rho < MIN_RHO || rho > MAX_RHO) {
            throw new IllegalArgumentException("rho: must be " + MIN_RHO + " to " + MAX_RHO + " units, was " + rho);
        }
        tolerance("epsAbs", epsAbs);
        tolerance("epsRel", epsRel);
        tolerance("paperEpsilon", paperEpsilon);
        if (maxIterations < 1 || maxIterations > AdmmOptions.MAX_ITERATIONS) {
            throw new IllegalArgumentException("maxIterations: must be 1 to " + AdmmOptions.MAX_ITERATIONS + ", was "
                    + maxIterations);
        }
        if (missLimit < 1 || missLimit > AdmmOptions.MAX_MISS_LIMIT) {
            throw new IllegalArgumentException("missLimit: must be 1 to " + AdmmOptions.MAX_MISS_LIMIT + ", was "
                    + missLimit);
        }
        if (Math.abs(price) > MAX_PRICE) {
            throw new IllegalArgumentException("price: |price| must be at most " + MAX_PRICE + " units, was " + price);
        }
        if (minorUnits < 1 || minorUnits > RoundConfig.MAX_MINOR_UNITS) {
            throw new IllegalArgumentException("minorUnits: must be 1 to " + RoundConfig.MAX_MINOR_UNITS + ", was "
                    + minorUnits);
        }
        if (deadlineMillis < RoundConfig.MIN_DEADLINE_MILLIS || deadlineMillis > RoundConfig.MAX_DEADLINE_MILLIS) {
            throw new IllegalArgumentException("deadlineMillis: must be " + RoundConfig.MIN_DEADLINE_MILLIS + " to "
                    + RoundConfig.MAX_DEADLINE_MILLIS + ", was " + deadlineMillis);
        }
        // the peer lists must describe links (increasing, symmetric, in range)
        double[] declared = new double[n];
        java.util.Arrays.fill(declared, Double.POSITIVE_INFINITY);
        AdmmLinks.of(ids, slots, pool, pool ? List.of() : peers, declared, 0.0);
    }

    private static void tolerance(String name, long value) {
        if (value < 1 || value > MAX_TOLERANCE) {
            throw new IllegalArgumentException(name + ": must be 1 to " + MAX_TOLERANCE + " units, was " + value);
        }
    }

    /**
     * The EVM round of a {@link RoundConfig}: the same participants, peers and rules, every number
     * rounded to its fixed-point unit.
     *
     * @param config a round configuration with plain ADMM options (no acceleration, relaxation 1)
     * @return the fixed-point configuration
     * @throws IllegalArgumentException when the options ask for momentum or over-relaxation, or a
     *     value does not fit an EVM round's bounds
     */
    public static FixedRoundConfig of(RoundConfig config) {
        AdmmOptions o = config.options();
        if (o.acceleration()) {
            throw new IllegalArgumentException("acceleration: the EVM round runs plain ADMM; fast ADMM's momentum"
                    + " is not available there (turn acceleration off)");
        }
        if (o.relaxation() != 1.0) {
            throw new IllegalArgumentException("relaxation: the EVM round runs plain ADMM; over-relaxation must be 1,"
                    + " was " + o.relaxation());
        }
        List<Long> limits = new ArrayList<>();
        for (double m : config.maxTrade()) {
            limits.add(m == Double.POSITIVE_INFINITY ? NO_LIMIT : FixedPoint.energy(m));
        }
        return new FixedRoundConfig(config.participants(), config.slots(), config.pool(), config.peers(), limits,
                FixedPoint.energy(config.tradeCapKwh()), FixedPoint.scaled(o.rho(), FixedPoint.RHO_SCALE, "rho"),
                o.adaptiveRho(), FixedPoint.energy(o.epsAbs()), FixedPoint.scaled(o.epsRel(), FixedPoint.REL_SCALE,
                        "epsRel"), FixedPoint.energy(o.paperEpsilon()), o.rule(), o.maxIterations(), o.missLimit(),
                FixedPoint.scaled(config.p2pPrice(), FixedPoint.PRICE_SCALE, "p2pPrice"), config.minorUnits(),
                config.deadlineMillis());
    }

    /**
     * @param slots slots of a horizon
     * @return the 32-byte words one link's trades take, four 64-bit values a word
     */
    public static int wordsPerLink(int slots) {
        return (slots + 3) / 4;
    }

    /** @return the number of participants */
    public int size() {
        return ids.size();
    }

    /**
     * @return the round's links (structure only: which prosumer owns which link, reverse links);
     *     their integer limits are {@link #limit(AdmmLinks, int)}
     */
    public AdmmLinks links() {
        double[] declared = new double[ids.size()];
        java.util.Arrays.fill(declared, Double.POSITIVE_INFINITY);
        return AdmmLinks.of(ids, slots, pool, pool ? List.of() : peers, declared, 0.0);
    }

    /**
     * The limit of a link, the same rule as {@code Vpp.tradeLimit}: the smaller declared limit of
     * its ends, else the cap.
     *
     * @param links the round's {@link #links()}
     * @param k a link
     * @return its limit in energy units: every admissible trade has {@code |p_k[t]| ≤ limit}
     */
    public long limit(AdmmLinks links, int k) {
        long a = maxTrade.get(links.from(k));
        long b = pool ? NO_LIMIT : maxTrade.get(links.to(k));
        if (a == NO_LIMIT && b == NO_LIMIT) {
            return tradeCap;
        }
        if (a == NO_LIMIT) {
            return b;
        }
        return b == NO_LIMIT ? a : Math.min(a, b);
    }

    /**
     * @return true when every participant trades with every other (bilateral): the contract then
     *     stores no peer lists
     */
    public boolean allPairs() {
        if (pool) {
            return false;
        }
        for (int u = 0; u < peers.size(); u++) {
            if (peers.get(u).size() != ids.size() - 1) {
                return false;
            }
        }
        return true;
    }
}
