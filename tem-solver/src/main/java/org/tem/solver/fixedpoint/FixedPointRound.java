package org.tem.solver.fixedpoint;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.tem.solver.admm.AdmmLinks;
import org.tem.solver.admm.AdmmOptions;
import org.tem.solver.contract.RoundStatus;

/**
 * The EVM coordination round in Java: the contract's rules and its fixed-point arithmetic, integer
 * for integer, so that anyone holding the submissions of a round (they are in the chain's
 * transactions) can check every {@code p'}, λ, residual, stopping decision and payment the
 * contract stored. Not thread-safe.
 *
 * <p><b>Calls</b> mirror the contract's: {@link #submit} is Func B (a participant's trades for the
 * open iteration, once, each entry within its link's limit and zero on a frozen link); the
 * submission of the last active participant closes the iteration (Func A); {@link #close()} is
 * what the contract's {@code advance} does once an iteration's deadline has passed. The deadline
 * rule is the one of tem's own ledger: a participant with no submission when iteration 1 closes
 * is excluded (its links and its peers' links to it are frozen at zero); later its last submission
 * stands, and after K ({@link FixedRoundConfig#missLimit()}) consecutive misses it is excluded the
 * same way; with nobody left the round is {@link RoundStatus#ABANDONED}.
 *
 * <p><b>Func A, bilateral</b> (per pair {@code u < v} with neither end excluded, per slot; the
 * integers {@code P = p_uv}, {@code Q = p_vu} are the trades that stand): the contract stores
 * {@code D = P − Q}, which is {@code 2p'_uv} exactly ({@code p'_vu = −p'_uv}), and one dual per
 * pair, {@code λ ← sat(λ − ⌊ρ·(P + Q) / (2·10⁹)⌋)} (truncated toward zero, saturated at
 * {@link FixedPoint#LAMBDA_MAX}) — MODEL.md's unbounded reciprocal projection with symmetric duals.
 * Because {@code |P|, |Q| ≤ limit}, {@code |p'| ≤ limit} without any clamping. <b>Pool</b> (per
 * slot, over the active set A of size m ≥ 2): {@code μ = (Σ_A q_u) / m} (truncated),
 * {@code q'_u = q_u − μ}, one shared dual {@code λ ← sat(λ − ⌊ρ·μ / 10⁹⌋)}: the exchange ADMM
 * projection, not clamped to the links' limits (the local problems keep their own bounds, and
 * {@code |q'| ≤ 2·limit}); {@code Σ_u q'_u} misses zero by less than m units, which settlement
 * absorbs exactly.
 *
 * <p><b>Residuals and stopping</b>, over all {@code n = links × slots} entries, every norm the
 * floor of the exact Euclidean norm: {@code r = ⌊‖p − p'‖⌋}, {@code s = ⌊ρ·⌊‖p'_k − p'_{k−1}‖⌋ / 10⁹⌋},
 * {@code tolP = ⌊√(n·ε_abs²)⌋ + ⌊ε_rel·max(⌊‖p‖⌋, ⌊‖p'‖⌋) / 10⁹⌋},
 * {@code tolD = ⌊√(n·ε_abs²)⌋ + ⌊ε_rel·⌊‖λ‖⌋ / 10⁹⌋}; the standard test is
 * {@code r ≤ tolP ∧ s ≤ tolD}, the paper's {@code Σ_links ⌊‖p'_k − p_k‖⌋ < ε}. Residual balancing
 * (when on, every 10th iteration up to the 500th, when not converged): ρ doubles when
 * {@code r > 10 s} and halves when {@code s > 10 r}, kept within
 * {@code [MIN_RHO, MAX_RHO]}. All sums are exact integers, so the order in which the contract
 * updates pairs (when a pair's second submission arrives) does not change any result.
 */
public final class FixedPointRound {
    private static final BigInteger TWO = BigInteger.TWO;
    private static final BigInteger TEN = BigInteger.TEN;
    private static final BigInteger PAIR_DIVISOR = BigInteger.valueOf(2 * FixedPoint.ENERGY_SCALE);
    private static final BigInteger SCALE = BigInteger.valueOf(FixedPoint.ENERGY_SCALE);
    private static final BigInteger REL = BigInteger.valueOf(FixedPoint.REL_SCALE);
    /** ρ is balanced only every this many iterations (as tem's own kernel). */
    private static final int RHO_INTERVAL = 10;
    /** ρ is frozen after this many iterations (as tem's own kernel). */
    private static final int RHO_WINDOW = 500;

    private final FixedRoundConfig config;
    private final AdmmLinks links;
    private final int slots;
    private final long[] limit;
    private final int[] reverse;
    private final long[][] standing;
    private final long[][] twiceAux;
    private final long[][] lambda;
    private final boolean[] excluded;
    private final int[] misses;
    private final int[] submittedAt;
    private RoundStatus status = RoundStatus.OPEN;
    private int iteration = 1;
    private int submitted;
    private int active;
    private long rho;
    private FixedIteration last;

    /**
     * Opens the round at iteration 1: {@code p' = 0}, {@code λ = 0}, everybody active.
     *
     * @param config the round
     */
    public FixedPointRound(FixedRoundConfig config) {
        this.config = config;
        this.links = config.links();
        this.slots = config.slots();
        this.limit = new long[links.size()];
        for (int k = 0; k < limit.length; k++) {
            limit[k] = config.limit(links, k);
        }
        this.reverse = links.reverse();
        this.standing = new long[links.size()][slots];
        this.twiceAux = new long[links.size()][slots];
        this.lambda = new long[links.size()][slots];
        this.excluded = new boolean[links.prosumers()];
        this.misses = new int[links.prosumers()];
        this.submittedAt = new int[links.prosumers()];
        this.active = links.prosumers();
        this.rho = config.rho();
    }

    /** @return the round's configuration */
    public FixedRoundConfig config() {
        return config;
    }

    /** @return the round's links (structure) */
    public AdmmLinks links() {
        return links;
    }

    /**
     * @param k a link
     * @return its limit in energy units
     */
    public long limit(int k) {
        return limit[k];
    }

    /**
     * Checks a submission without changing anything (the contract's checks, in its order).
     *
     * @param u the participant
     * @param trades its trades, links × slots, energy units, positive = bought
     * @throws IllegalStateException when the round is not open or {@code u} already submitted
     * @throws IllegalArgumentException when {@code u} is excluded or unknown, the shape is wrong, or an
     *     entry is beyond its link's limit (or non-zero on a frozen link)
     */
    public void checkSubmission(int u, long[][] trades) {
        if (status != RoundStatus.OPEN) {
            throw new IllegalStateException("submit: the round is closed");
        }
        if (u < 0 || u >= links.prosumers()) {
            throw new IllegalArgumentException("submit: no participant " + u);
        }
        if (excluded[u]) {
            throw new IllegalArgumentException("submit: participant " + links.ids().get(u) + " is excluded");
        }
        if (submittedAt[u] == iteration) {
            throw new IllegalStateException("submit: participant " + links.ids().get(u) + " already submitted iteration "
                    + iteration);
        }
        int from = links.start(u);
        int count = links.end(u) - from;
        if (trades.length != count) {
            throw new IllegalArgumentException("submit: must be " + count + " links x " + slots + " slots");
        }
        for (int i = 0; i < count; i++) {
            if (trades[i].length != slots) {
                throw new IllegalArgumentException("submit: must be " + count + " links x " + slots + " slots");
            }
            long bound = frozen(from + i) ? 0 : limit[from + i];
            for (int t = 0; t < slots; t++) {
                if (Math.abs(trades[i][t]) > bound || trades[i][t] == Long.MIN_VALUE) {
                    throw new IllegalArgumentException("submit: trades[" + i + "][" + t + "] = " + trades[i][t]
                            + " units is beyond the link's limit " + bound);
                }
            }
        }
    }

    /**
     * Func B: stores a participant's trades for the open iteration; the last active participant's
     * submission closes the iteration (Func A).
     *
     * @param u the participant
     * @param trades its trades, links × slots, energy units, positive = bought
     * @return the closed iteration when this submission closed it
     * @throws IllegalStateException as {@link #checkSubmission}
     * @throws IllegalArgumentException as {@link #checkSubmission}; nothing changes then
     */
    public Optional<FixedIteration> submit(int u, long[][] trades) {
        checkSubmission(u, trades);
        for (int i = 0; i < trades.length; i++) {
            standing[links.start(u) + i] = trades[i].clone();
        }
        submittedAt[u] = iteration;
        submitted++;
        if (submitted < active) {
            return Optional.empty();
        }
        return Optional.of(closeIteration());
    }

    /**
     * What the contract's {@code advance} does once the open iteration's deadline has passed:
     * closes it without the missing submissions (applying the deadline rule).
     *
     * @return the closed iteration
     * @throws IllegalStateException when the round is not open
     */
    public FixedIteration close() {
        if (status != RoundStatus.OPEN) {
            throw new IllegalStateException("advance: the round is closed");
        }
        return closeIteration();
    }

    private FixedIteration closeIteration() {
        int k = iteration;
        for (int u = 0; u < excluded.length; u++) {
            if (excluded[u]) {
                continue;
            }
            if (submittedAt[u] == k) {
                misses[u] = 0;
            } else if (k == 1 || ++misses[u] >= config.missLimit()) {
                excluded[u] = true;
                active--;
            }
        }
        if (active == 0) {
            status = RoundStatus.ABANDONED;
            last = new FixedIteration(k, BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO, rho, false, status);
            return last;
        }
        Sums sums = links.pool() ? pool() : bilateral();
        return finish(k, sums);
    }

    /** The exact sums of an iteration (see the class comment for what each one adds). */
    private static final class Sums {
        BigInteger primal = BigInteger.ZERO;
        BigInteger change = BigInteger.ZERO;
        BigInteger trades = BigInteger.ZERO;
        BigInteger auxiliary = BigInteger.ZERO;
        BigInteger duals = BigInteger.ZERO;
        BigInteger paper = BigInteger.ZERO;
    }

    private Sums bilateral() {
        Sums s = new Sums();
        BigInteger r = BigInteger.valueOf(rho);
        for (int k = 0; k < links.size(); k++) {
            int u = links.from(k);
            int v = links.to(k);
            if (u > v || excluded[u] || excluded[v]) {
                continue;
            }
            int back = reverse[k];
            BigInteger pair = BigInteger.ZERO;
            for (int t = 0; t < slots; t++) {
                long p = standing[k][t];
                long q = standing[back][t];
                long sum = p + q;
                long d = p - q;
                BigInteger bs = BigInteger.valueOf(sum);
                BigInteger bd = BigInteger.valueOf(d);
                BigInteger sq = bs.multiply(bs);
                s.primal = s.primal.add(sq);
                pair = pair.add(sq);
                BigInteger delta = bd.subtract(BigInteger.valueOf(twiceAux[k][t]));
                s.change = s.change.add(delta.multiply(delta));
                s.trades = s.trades.add(BigInteger.valueOf(p).pow(2)).add(BigInteger.valueOf(q).pow(2));
                s.auxiliary = s.auxiliary.add(bd.multiply(bd));
                long l = FixedPoint.saturate(BigInteger.valueOf(lambda[k][t])
                        .subtract(r.multiply(bs).divide(PAIR_DIVISOR)));
                s.duals = s.duals.add(BigInteger.valueOf(l).pow(2));
                twiceAux[k][t] = d;
                twiceAux[back][t] = -d;
                lambda[k][t] = l;
                lambda[back][t] = l;
            }
            s.paper = s.paper.add(FixedPoint.isqrt(pair.shiftRight(2)).shiftLeft(1));
        }
        // the directed sums: each pair stands for two links
        s.primal = s.primal.shiftRight(1);
        s.change = s.change.shiftRight(1);
        s.auxiliary = s.auxiliary.shiftRight(1);
        s.duals = s.duals.shiftLeft(1);
        return s;
    }

    private Sums pool() {
        Sums s = new Sums();
        int m = active;
        if (m < 2) {
            return s;
        }
        BigInteger r = BigInteger.valueOf(rho);
        long[] mean = new long[slots];
        BigInteger meanSquares = BigInteger.ZERO;
        for (int t = 0; t < slots; t++) {
            long sum = 0;
            for (int u = 0; u < excluded.length; u++) {
                if (!excluded[u]) {
                    sum = Math.addExact(sum, standing[u][t]);
                }
            }
            mean[t] = sum / m;
            meanSquares = meanSquares.add(BigInteger.valueOf(mean[t]).pow(2));
        }
        int first = firstActive();
        long[] nextLambda = new long[slots];
        for (int t = 0; t < slots; t++) {
            nextLambda[t] = FixedPoint.saturate(BigInteger.valueOf(lambda[first][t])
                    .subtract(r.multiply(BigInteger.valueOf(mean[t])).divide(SCALE)));
            s.duals = s.duals.add(BigInteger.valueOf(nextLambda[t]).pow(2));
        }
        BigInteger mm = BigInteger.valueOf(m);
        s.duals = s.duals.multiply(mm);
        s.primal = meanSquares.multiply(mm);
        s.paper = FixedPoint.isqrt(meanSquares).multiply(mm);
        for (int u = 0; u < excluded.length; u++) {
            if (excluded[u]) {
                continue;
            }
            for (int t = 0; t < slots; t++) {
                long q = standing[u][t];
                long aux = q - mean[t];
                BigInteger delta = BigInteger.valueOf(aux).subtract(BigInteger.valueOf(twiceAux[u][t] / 2));
                s.change = s.change.add(delta.multiply(delta));
                s.trades = s.trades.add(BigInteger.valueOf(q).pow(2));
                s.auxiliary = s.auxiliary.add(BigInteger.valueOf(aux).pow(2));
                twiceAux[u][t] = 2 * aux;
                lambda[u][t] = nextLambda[t];
            }
        }
        return s;
    }

    private int firstActive() {
        for (int u = 0; u < excluded.length; u++) {
            if (!excluded[u]) {
                return u;
            }
        }
        throw new IllegalStateException("no active participant");
    }

    private FixedIteration finish(int k, Sums s) {
        long used = rho;
        BigInteger r = FixedPoint.isqrt(s.primal);
        BigInteger dual = BigInteger.valueOf(rho).multiply(FixedPoint.isqrt(s.change)).divide(SCALE);
        BigInteger normP = FixedPoint.isqrt(s.trades);
        BigInteger normAux = FixedPoint.isqrt(s.auxiliary);
        BigInteger normLambda = FixedPoint.isqrt(s.duals);
        BigInteger entries = BigInteger.valueOf((long) links.size() * slots);
        BigInteger epsAbs = BigInteger.valueOf(config.epsAbs());
        BigInteger absolute = FixedPoint.isqrt(entries.multiply(epsAbs).multiply(epsAbs));
        BigInteger epsRel = BigInteger.valueOf(config.epsRel());
        BigInteger tolPrimal = absolute.add(epsRel.multiply(normP.max(normAux)).divide(REL));
        BigInteger tolDual = absolute.add(epsRel.multiply(normLambda).divide(REL));
        boolean converged = config.rule() == AdmmOptions.StoppingRule.PAPER
                ? s.paper.compareTo(BigInteger.valueOf(config.paperEpsilon())) < 0
                : r.compareTo(tolPrimal) <= 0 && dual.compareTo(tolDual) <= 0;
        if (config.adaptiveRho() && !converged && k % RHO_INTERVAL == 0 && k <= RHO_WINDOW) {
            if (r.compareTo(TEN.multiply(dual)) > 0) {
                rho = Math.min(2 * rho, FixedRoundConfig.MAX_RHO);
            } else if (dual.compareTo(TEN.multiply(r)) > 0) {
                rho = Math.max(rho / 2, FixedRoundConfig.MIN_RHO);
            }
        }
        status = converged ? RoundStatus.FINAL
                : k >= config.maxIterations() ? RoundStatus.MAX_ITERATIONS : RoundStatus.OPEN;
        if (status == RoundStatus.OPEN) {
            iteration = k + 1;
            submitted = 0;
        }
        last = new FixedIteration(k, r, dual, s.paper, used, converged, status);
        return last;
    }

    /** @return where the round stands */
    public RoundStatus status() {
        return status;
    }

    /** @return the open iteration (the last one once the round is closed) */
    public int iteration() {
        return iteration;
    }

    /** @return the ρ of the open iteration, ρ units */
    public long rho() {
        return rho;
    }

    /** @return submissions received for the open iteration */
    public int submitted() {
        return submitted;
    }

    /** @return participants not excluded */
    public int active() {
        return active;
    }

    /** @return the last closed iteration, if any */
    public Optional<FixedIteration> last() {
        return Optional.ofNullable(last);
    }

    /**
     * @param u a participant
     * @return whether the deadline rule excluded it
     */
    public boolean excluded(int u) {
        return excluded[u];
    }

    /**
     * @param u a participant
     * @return whether it submitted in the open iteration
     */
    public boolean submitted(int u) {
        return submittedAt[u] == iteration && status == RoundStatus.OPEN;
    }

    /** @return the ids of the excluded participants, in round order */
    public List<String> excludedIds() {
        List<String> out = new ArrayList<>();
        for (int u = 0; u < excluded.length; u++) {
            if (excluded[u]) {
                out.add(links.ids().get(u));
            }
        }
        return out;
    }

    /**
     * @param k a link
     * @return whether it is frozen at zero: an end is excluded, or (pool) fewer than two
     *     participants are active
     */
    public boolean frozen(int k) {
        if (links.pool()) {
            return excluded[k] || active < 2;
        }
        return excluded[links.from(k)] || excluded[links.to(k)];
    }

    /**
     * The broadcast {@code 2p'} of a participant's links (twice, so that bilateral values stay
     * integers): zero on frozen links.
     *
     * @param u a participant
     * @return links × slots, energy units
     */
    public long[][] twiceAuxiliary(int u) {
        return rows(twiceAux, u);
    }

    /**
     * @param u a participant
     * @return the broadcast λ of its links, links × slots, price units; zero on frozen links
     */
    public long[][] lambda(int u) {
        return rows(lambda, u);
    }

    /**
     * @param u a participant
     * @return its standing trades (its last submission), links × slots, energy units; zero on frozen links
     */
    public long[][] standing(int u) {
        return rows(standing, u);
    }

    private long[][] rows(long[][] values, int u) {
        int from = links.start(u);
        long[][] out = new long[links.end(u) - from][];
        for (int i = 0; i < out.length; i++) {
            out[i] = frozen(from + i) ? new long[slots] : values[from + i].clone();
        }
        return out;
    }

    /**
     * The payments of a final round ({@link FixedSettlement}).
     *
     * @return each participant's payment in minor units, positive = pays; they sum to exactly zero
     * @throws IllegalStateException unless the round is {@link RoundStatus#FINAL}
     */
    public long[] payments() {
        if (status != RoundStatus.FINAL) {
            throw new IllegalStateException("settlement: the round is not final");
        }
        long[][] aux = new long[links.size()][];
        for (int k = 0; k < aux.length; k++) {
            aux[k] = frozen(k) ? new long[slots] : twiceAux[k].clone();
        }
        return FixedSettlement.payments(links, aux, config.price(), config.minorUnits());
    }
}
