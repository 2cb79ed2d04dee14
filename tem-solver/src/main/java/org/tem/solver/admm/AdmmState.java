package org.tem.solver.admm;

import java.util.ArrayList;
import java.util.List;

/**
 * The coordinator's state of one ADMM run — {@code p'}, {@code λ}, ρ, the iteration count, the
 * last trades each prosumer submitted and who is excluded — and its step (deadline rule,
 * auxiliary update, dual update, residuals, stopping test, ρ adaptation, momentum), built from
 * {@link AdmmKernel} alone. Deterministic: the same sequence of submissions gives bit-identical
 * states on any JVM, which is what lets the in-process coordinator and the ledger contract agree.
 * Not thread-safe.
 *
 * <p><b>Acceleration.</b> With {@link AdmmOptions#acceleration()} on, the point broadcast to the
 * agents is the extrapolated {@code (p̂', λ̂)} of fast ADMM with restart (Goldstein, O'Donoghue,
 * Setzer and Baraniuk, SIAM J. Imaging Sci. 2014, Algorithm 8): momentum builds up while the
 * combined residual falls by the factor η each iteration, and is dropped (restarted from the
 * previous iterate) as soon as it does not.
 *
 * <p><b>The deadline rule</b> ({@link #step(double[][], boolean[])}). A prosumer that has not
 * answered when iteration 1 closes is <em>excluded</em>: from then on its links are frozen at
 * zero (every stored value of them is zero, so it neither buys, sells nor pays), its bilateral
 * peers' links to it are frozen too (they see it in {@link #frozen(int, int)} and fix those trades
 * to zero in their local problems), and in the pool the zero-sum projection runs over the active
 * prosumers only. A prosumer that answered before and then misses an iteration has its last
 * submission stand; after {@link AdmmOptions#missLimit()} consecutive misses it is excluded the
 * same way. In the pool, when fewer than two prosumers remain active every link is frozen (nobody
 * is left to trade with). When everybody is excluded the run is {@link #abandoned()}.
 *
 * <p><b>Quantised trades.</b> Every trade a step takes in is rounded to a whole number of
 * 10⁻⁹ kWh ({@link TradeQuantum#quantise(double)}) before anything else uses it, and checked
 * quantised against the quantised limit ({@link TradeQuantum#quantiseBound(double)}). A ledger
 * receives submissions as integers of that unit; because the rounding is idempotent, a step fed
 * the ledger's decoded integers and a step fed the agents' raw doubles hold bit-identical states.
 *
 * <p><b>Why no number can become non-finite.</b> Let {@code L ≤ Market.MAX_TRADE_KWH} be
 * the largest link limit, quantised ({@link TradeQuantum#quantiseBound(double)} moves a limit by at
 * most 5e-10 kWh, and not beyond {@code MAX_TRADE_KWH}, a whole number of units), {@code ρ₀ ∈ [1e-6, 1e6]}, {@code α ∈ (0, 2)}, {@code K ≤ 1e5} iterations
 * (the ranges {@link AdmmOptions} enforces). Every trade entering a step is checked against its
 * link's quantised limit, so {@code |p| ≤ L}. Residual balancing doubles or halves ρ at most 50
 * times, so {@code ρ ∈ [ρ₀·2⁻⁵⁰, ρ₀·2⁵⁰] ⊂ [8e-22, 1.2e21]}. The auxiliary update is a projection onto the
 * limits, so {@code |p'| ≤ L}; the extrapolated {@code p̂'} has {@code |p̂'| ≤ 3L} (β &lt; 1); the
 * relaxed trades {@code |α·p + (1−α)·p̂'| ≤ 2L + 3L = 5L}; each dual step adds at most
 * {@code ρ·6L} and momentum at most the previous step, so, from a start {@code |λ₀| ≤}
 * {@link WarmStart#MAX_PRICE} {@code = 1e6},
 * {@code |λ_k| ≤ 1e6 + 3·ρ_max·L·k(k+1) < 4e37} and {@code |λ/ρ| < 5e58}. Squares summed over fewer than
 * 2³¹ entries stay below 1e127, the restart test's {@code ‖Δλ‖²/ρ} below 1e107, and the momentum
 * factor grows by at most 1/2 a step. All of it is far from overflow (1.8e308), and no operation
 * divides by zero ({@code ρ > 0}, counts at least 1, and the pool shift interpolates only across a
 * strict sign change). Independently, a residual that is not finite never passes a stopping test
 * ({@link AdmmKernel#withinTolerance}).
 */
public final class AdmmState {
    /** The restart threshold η of fast ADMM. */
    private static final double RESTART_ETA = 0.999;
    /** ρ is balanced only every this many iterations, so ADMM settles between changes. */
    static final int RHO_INTERVAL = 10;
    /** ρ is frozen after this many iterations: ADMM converges for any fixed ρ, not for one that keeps moving. */
    static final int RHO_WINDOW = 500;

    private static final int ENCODING_VERSION = 3;
    /**
     * Bytes of the fixed part of the encoding: 4 ints, ρ, iteration, converged, candidate, momentum,
     * combined, the last three residuals.
     */
    private static final int HEADER_BYTES = 4 * 4 + 8 + 4 + 1 + 1 + 8 + 8 + 3 * 8;
    /** The arrays of links × slots doubles in the encoding. */
    private static final int ARRAYS = 7;

    private final AdmmLinks links;
    private final AdmmOptions options;
    private final int entries;
    private final int[] reverse;
    private final double[] limit;
    private double rho;
    private int iteration;
    private boolean converged;
    private boolean candidate;
    private final boolean[] excluded;
    private final int[] misses;
    private final boolean[] frozen;
    private int active;

    // The last iterate (z_k, λ_k), the one before, the broadcast point (ẑ, λ̂), the trades that stand.
    private double[][] auxiliary;
    private double[][] lambda;
    private double[][] previousAuxiliary;
    private double[][] previousLambda;
    private double[][] broadcastAuxiliary;
    private double[][] broadcastLambda;
    private double[][] lastTrades;
    private double momentum = 1.0;
    private double combined = Double.POSITIVE_INFINITY;
    // the residuals of the last coordination step (reported again by a confirming step)
    private double lastPrimal = Double.NaN;
    private double lastDual = Double.NaN;
    private double lastPaper = Double.NaN;

    /**
     * Starts a run at {@code p' = 0}, {@code λ = 0}, ρ from the options, everybody active.
     *
     * @param links the trade links and their limits
     * @param options the settings
     */
    public AdmmState(AdmmLinks links, AdmmOptions options) {
        this(links, options, WarmStart.COLD);
    }

    /**
     * Starts a run from a warm start: {@code λ} = its prices, {@code p'} = its trades projected onto
     * bounded reciprocal trades (bilateral) or bounded zero-sum trades (pool) with these links'
     * limits, ρ from the options, everybody active, no trades standing yet. With
     * {@link WarmStart#COLD} this is {@link #AdmmState(AdmmLinks, AdmmOptions)}.
     *
     * @param links the trade links and their limits
     * @param options the settings
     * @param warm where to start
     * @throws IllegalArgumentException when the warm start has another number of slots
     */
    public AdmmState(AdmmLinks links, AdmmOptions options, WarmStart warm) {
        this.links = links;
        this.options = options;
        int slots = links.slots();
        this.auxiliary = new double[links.size()][slots];
        this.lambda = new double[links.size()][slots];
        this.previousAuxiliary = auxiliary;
        this.previousLambda = lambda;
        this.broadcastAuxiliary = auxiliary;
        this.broadcastLambda = lambda;
        this.lastTrades = new double[links.size()][slots];
        this.entries = links.size() * slots;
        this.reverse = links.reverse();
        this.limit = new double[links.size()];
        for (int k = 0; k < limit.length; k++) {
            limit[k] = links.limit(k);
        }
        this.rho = options.rho();
        this.excluded = new boolean[links.prosumers()];
        this.misses = new int[links.prosumers()];
        this.frozen = new boolean[links.size()];
        this.active = links.prosumers();
        if (!warm.cold()) {
            double[][] prices = warm.pricesFor(links);
            double[][] trades = warm.tradesFor(links);
            double[][] zero = new double[links.size()][slots];
            double[][] start;
            if (links.pool()) {
                boolean[] open = new boolean[links.size()];
                java.util.Arrays.fill(open, links.prosumers() >= 2);
                start = AdmmKernel.auxiliaryPool(trades, zero, 1.0, open, limit);
            } else {
                start = AdmmKernel.auxiliaryBilateral(trades, zero, 1.0, reverse, limit);
            }
            this.auxiliary = start;
            this.lambda = prices;
            this.previousAuxiliary = start;
            this.previousLambda = prices;
            this.broadcastAuxiliary = start;
            this.broadcastLambda = prices;
        }
        refreeze();
    }

    /**
     * Checks one prosumer's submission without changing anything: the prosumer must be active, the
     * trades must have its links × slots shape, be finite, and lie within each link's limit once
     * quantised ({@code |quantise(v)| ≤ quantiseBound(limit)}, see {@link TradeQuantum}; on a frozen
     * link the value must quantise to zero, {@code |v| < 5e-10} kWh).
     *
     * @param u the prosumer
     * @param trades its trades (its links × slots), positive = bought
     * @throws IllegalArgumentException naming what is wrong
     */
    public void checkSubmission(int u, double[][] trades) {
        checkProsumer(links, excluded, u);
        checkTrades(links, frozen, u, trades);
    }

    /**
     * The submission check of {@link #checkSubmission(int, double[][])} from the links and the
     * exclusions alone (what a ledger can check without loading the whole state).
     *
     * @param links the run's links
     * @param excluded which prosumers are excluded
     * @param u the prosumer
     * @param trades its trades (its links × slots), positive = bought
     * @throws IllegalArgumentException naming what is wrong
     */
    public static void checkSubmission(AdmmLinks links, boolean[] excluded, int u, double[][] trades) {
        checkProsumer(links, excluded, u);
        checkTrades(links, frozenLinks(links, excluded), u, trades);
    }

    private static void checkProsumer(AdmmLinks links, boolean[] excluded, int u) {
        if (u < 0 || u >= links.prosumers() || excluded.length != links.prosumers()) {
            throw new IllegalArgumentException("prosumer: no prosumer " + u);
        }
        if (excluded[u]) {
            throw new IllegalArgumentException("prosumer '" + links.ids().get(u) + "' is excluded from this run");
        }
    }

    private static void checkTrades(AdmmLinks links, boolean[] frozen, int u, double[][] trades) {
        int from = links.start(u);
        int count = links.end(u) - from;
        if (trades == null || trades.length != count) {
            throw new IllegalArgumentException("trades: must be " + count + " links x " + links.slots() + " slots");
        }
        for (int i = 0; i < count; i++) {
            if (trades[i] == null || trades[i].length != links.slots()) {
                throw new IllegalArgumentException("trades: must be " + count + " links x " + links.slots() + " slots");
            }
            double bound = frozen[from + i] ? 0.0 : TradeQuantum.quantiseBound(links.limit(from + i));
            for (int t = 0; t < trades[i].length; t++) {
                double v = trades[i][t];
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("trades[" + i + "][" + t + "]: must be finite, was " + v);
                }
                if (!(Math.abs(v) <= TradeQuantum.MAX_KWH)) {
                    throw new IllegalArgumentException("trades[" + i + "][" + t + "]: " + v + " kWh is beyond ±"
                            + TradeQuantum.MAX_KWH + " kWh");
                }
                // judged as the step takes it in: quantised, against the quantised limit
                if (Math.abs(TradeQuantum.quantise(v)) > bound) {
                    throw new IllegalArgumentException("trades[" + i + "][" + t + "]: " + v + " kWh is beyond the"
                            + (frozen[from + i] ? " frozen link's limit 0" : " link's limit " + bound));
                }
            }
        }
    }

    /**
     * Which links the deadline rule freezes at zero, given who is excluded: the links of excluded
     * prosumers, the bilateral links to them, and every pool link once fewer than two prosumers
     * are active.
     *
     * @param links the run's links
     * @param excluded which prosumers are excluded
     * @return one flag per link
     */
    public static boolean[] frozenLinks(AdmmLinks links, boolean[] excluded) {
        int active = 0;
        for (boolean e : excluded) {
            active += e ? 0 : 1;
        }
        boolean poolTooSmall = links.pool() && active < 2;
        boolean[] out = new boolean[links.size()];
        for (int l = 0; l < out.length; l++) {
            out[l] = excluded[links.from(l)] || poolTooSmall || !links.pool() && excluded[links.to(l)];
        }
        return out;
    }

    /**
     * One coordination step in which every active prosumer answered.
     *
     * @param p trades per link and slot (links × slots), positive = bought
     * @return the iteration's report
     * @throws IllegalArgumentException as {@link #step(double[][], boolean[])}
     */
    public AdmmIteration step(double[][] p) {
        boolean[] answered = new boolean[links.prosumers()];
        for (int u = 0; u < answered.length; u++) {
            answered[u] = !excluded[u];
        }
        return step(p, answered);
    }

    /**
     * One coordination step: applies the deadline rule to those who did not answer, then runs the
     * auxiliary and dual updates, the residuals and the stopping test on the trades that stand.
     * After an exclusion the momentum of fast ADMM restarts (the problem changed), and a step that
     * excluded somebody never passes the stopping test (under {@link AdmmOptions.StoppingRule#SETTLED}
     * it makes no candidate): the others first answer once with their links to the excluded frozen.
     * When the step leaves nobody active the run is {@link #abandoned()}: the iteration counts, nothing else
     * is computed, the residuals reported are NaN and the step is not converged.
     *
     * @param p trades per link and slot (links × slots), positive = bought; only the rows of
     *     prosumers that answered are read (others may be null)
     * @param answered {@code answered[u]}: whether prosumer {@code u} submitted in this iteration;
     *     must be false for an excluded prosumer
     * @return the iteration's report
     * @throws IllegalArgumentException on a wrong shape, a non-finite value, a trade beyond its
     *     link's limit, or an answer from an excluded prosumer; the state is then unchanged
     * @throws IllegalStateException after the run was abandoned
     */
    public AdmmIteration step(double[][] p, boolean[] answered) {
        return step(p, answered, new boolean[links.prosumers()]);
    }

    /**
     * One coordination step with the prosumers' answers to the candidate settlement.
     *
     * <p>Under {@link AdmmOptions.StoppingRule#SETTLED}, when the previous step passed the residual
     * test ({@link #candidate()}) and every active prosumer answered and reports that it absorbs the
     * trades it would settle ({@link #settledTrades()}), the run ends here: the iteration counts, it is
     * converged, and nothing else changes — the trades of this step are not used and the settled
     * trades stay those the prosumers confirmed. Otherwise the step runs as
     * {@link #step(double[][], boolean[])}. Under the other rules the reports are ignored.
     *
     * @param p trades per link and slot (links × slots), positive = bought; only the rows of
     *     prosumers that answered are read (others may be null)
     * @param answered {@code answered[u]}: whether prosumer {@code u} submitted in this iteration;
     *     must be false for an excluded prosumer
     * @param absorbed {@code absorbed[u]}: whether prosumer {@code u} reports, with its submission,
     *     that it can absorb its part of {@link #settledTrades()} as it stood before this step
     *     (ignored unless it answered and {@link #candidate()} holds)
     * @return the iteration's report
     * @throws IllegalArgumentException as {@link #step(double[][], boolean[])}, or when
     *     {@code absorbed} has the wrong length; the state is then unchanged
     * @throws IllegalStateException after the run was abandoned
     */
    public AdmmIteration step(double[][] p, boolean[] answered, boolean[] absorbed) {
        if (absorbed.length != links.prosumers()) {
            throw new IllegalArgumentException("absorbed: must have one flag per prosumer, had " + absorbed.length);
        }
        if (candidate && options.rule() == AdmmOptions.StoppingRule.SETTLED && !abandoned()) {
            boolean confirmed = answered.length == links.prosumers();
            for (int u = 0; u < links.prosumers() && confirmed; u++) {
                confirmed = excluded[u] || answered[u] && absorbed[u];
            }
            if (confirmed) {
                // the answers' shapes are still checked: a confirming step accepts nothing malformed
                checkAnswers(p, answered);
                iteration++;
                converged = true;
                candidate = false;
                return new AdmmIteration(iteration, lastPrimal, lastDual, lastPaper, rho, true, 0L);
            }
        }
        return stepWithoutConfirmation(p, answered);
    }

    private void checkAnswers(double[][] p, boolean[] answered) {
        if (p.length != links.size() || answered.length != links.prosumers()) {
            throw new IllegalArgumentException("trades: must have " + links.size() + " links and answers for "
                    + links.prosumers() + " prosumers");
        }
        for (int u = 0; u < answered.length; u++) {
            if (answered[u]) {
                checkSubmission(u, java.util.Arrays.copyOfRange(p, links.start(u), links.end(u)));
            }
        }
    }

    private AdmmIteration stepWithoutConfirmation(double[][] p, boolean[] answered) {
        if (abandoned()) {
            throw new IllegalStateException("run abandoned: every prosumer is excluded");
        }
        checkAnswers(p, answered);
        int k = iteration + 1;
        boolean anyExcluded = false;
        for (int u = 0; u < answered.length; u++) {
            if (excluded[u]) {
                continue;
            }
            if (answered[u]) {
                misses[u] = 0;
                for (int l = links.start(u); l < links.end(u); l++) {
                    // a frozen link stands at +0.0 whatever sign of zero was submitted
                    lastTrades[l] = frozen[l] ? new double[links.slots()] : TradeQuantum.quantise(p[l]);
                }
            } else if (k == 1 || ++misses[u] >= options.missLimit()) {
                excluded[u] = true;
                active--;
                anyExcluded = true;
            }
        }
        iteration = k;
        if (anyExcluded) {
            refreeze();
            momentum = 1.0;
            combined = Double.POSITIVE_INFINITY;
        }
        if (abandoned()) {
            converged = false;
            candidate = false;
            lastPrimal = Double.NaN;
            lastDual = Double.NaN;
            lastPaper = Double.NaN;
            return new AdmmIteration(iteration, Double.NaN, Double.NaN, Double.NaN, rho, false, 0L);
        }
        return coordinate(anyExcluded);
    }

    /**
     * Func A on the trades that stand: auxiliary and dual updates, residuals, stopping, ρ, momentum.
     * A step that excluded somebody never passes the stopping test: the trades that stand were
     * proposed while the excluded prosumer was still in the round (its peers' local problems had not
     * yet fixed their links to it to zero), so they are no answer to the problem without it.
     */
    private AdmmIteration coordinate(boolean excludedNow) {
        double[][] stand = lastTrades;
        double usedRho = rho;
        double[][] zHat = broadcastAuxiliary;
        double[][] relaxed = options.relaxation() == 1.0 ? stand : AdmmKernel.relax(options.relaxation(), stand, zHat);
        double[][] nextLambda = copy(broadcastLambda, 0, broadcastLambda.length);
        double[] bound = effectiveLimits();
        double[][] next;
        if (links.pool()) {
            boolean[] open = new boolean[frozen.length];
            for (int l = 0; l < open.length; l++) {
                open[l] = !frozen[l];
            }
            next = AdmmKernel.auxiliaryPool(relaxed, nextLambda, rho, open, bound);
        } else {
            next = AdmmKernel.auxiliaryBilateral(relaxed, nextLambda, rho, reverse, bound);
        }
        AdmmKernel.updateDuals(nextLambda, rho, next, relaxed);
        double primal = AdmmKernel.distance(stand, next);
        double change = AdmmKernel.distance(next, zHat);
        double dual = rho * change;
        double paper = AdmmKernel.paperResidual(next, stand);
        boolean passed;
        if (excludedNow) {
            passed = false;
        } else if (options.rule() == AdmmOptions.StoppingRule.PAPER) {
            passed = Double.isFinite(paper) && paper < options.paperEpsilon();
        } else {
            passed = AdmmKernel.withinTolerance(primal, AdmmKernel.primalTolerance(entries, options.epsAbs(),
                    options.epsRel(), AdmmKernel.norm(stand), AdmmKernel.norm(next)))
                    && AdmmKernel.withinTolerance(dual, AdmmKernel.dualTolerance(entries, options.epsAbs(),
                            options.epsRel(), AdmmKernel.norm(nextLambda)));
        }
        boolean settledRule = options.rule() == AdmmOptions.StoppingRule.SETTLED;
        converged = passed && !settledRule;
        candidate = passed && settledRule;
        lastPrimal = primal;
        lastDual = dual;
        lastPaper = paper;
        previousAuxiliary = auxiliary;
        previousLambda = lambda;
        auxiliary = next;
        lambda = nextLambda;
        boolean adapt = options.adaptiveRho() && !converged && iteration % RHO_INTERVAL == 0 && iteration <= RHO_WINDOW;
        double newRho = adapt ? AdmmKernel.balanceRho(rho, primal, dual, 10.0, 2.0) : rho;
        if (options.acceleration() && !converged) {
            accelerate(usedRho, newRho, change);
        } else {
            broadcastAuxiliary = auxiliary;
            broadcastLambda = lambda;
        }
        rho = newRho;
        return new AdmmIteration(iteration, primal, dual, paper, usedRho, converged, 0L);
    }

    /** Fast ADMM with restart: extrapolate (z, λ) or fall back to the previous iterate. */
    private void accelerate(double usedRho, double newRho, double change) {
        double dualChange = AdmmKernel.distance(lambda, broadcastLambda);
        double c = dualChange * dualChange / usedRho + usedRho * change * change;
        if (newRho == usedRho && c < RESTART_ETA * combined) {
            double nextMomentum = (1.0 + Math.sqrt(1.0 + 4.0 * momentum * momentum)) / 2.0;
            double beta = (momentum - 1.0) / nextMomentum;
            broadcastAuxiliary = AdmmKernel.extrapolate(auxiliary, previousAuxiliary, beta);
            broadcastLambda = AdmmKernel.extrapolate(lambda, previousLambda, beta);
            if (!links.pool()) {
                // keep the broadcast point reciprocal (the extrapolation of two reciprocal points is)
                broadcastAuxiliary = AdmmKernel.reciprocal(broadcastAuxiliary, reverse);
            }
            momentum = nextMomentum;
            combined = c;
        } else {
            // restart: no momentum, continue from the last iterate
            momentum = 1.0;
            broadcastAuxiliary = auxiliary;
            broadcastLambda = lambda;
            combined = newRho == usedRho ? combined / RESTART_ETA : Double.POSITIVE_INFINITY;
        }
    }

    /** The limits with frozen links at zero. */
    private double[] effectiveLimits() {
        double[] out = limit.clone();
        for (int l = 0; l < out.length; l++) {
            if (frozen[l]) {
                out[l] = 0.0;
            }
        }
        return out;
    }

    /** Recomputes which links are frozen and zeroes every stored value of a newly frozen one. */
    private void refreeze() {
        boolean[] now = frozenLinks(links, excluded);
        for (int l = 0; l < frozen.length; l++) {
            if (now[l] && !frozen[l]) {
                frozen[l] = true;
                for (double[][] a : arrays()) {
                    // arrays may share rows (a fresh state aliases them): replace, never write in place
                    a[l] = new double[links.slots()];
                }
            }
        }
    }

    private double[][][] arrays() {
        return new double[][][] {auxiliary, lambda, previousAuxiliary, previousLambda, broadcastAuxiliary,
            broadcastLambda, lastTrades};
    }

    /** @return the current ρ (the one the next local solves use) */
    public double rho() {
        return rho;
    }

    /** @return iterations done */
    public int iteration() {
        return iteration;
    }

    /** @return whether the last step passed the stopping test (the run is over) */
    public boolean converged() {
        return converged;
    }

    /**
     * Under {@link AdmmOptions.StoppingRule#SETTLED}: whether the last step passed the residual test,
     * so that the next step ends the run if every active prosumer confirms it absorbs
     * {@link #settledTrades()}. Always false under the other rules.
     *
     * @return true when the settled trades are a candidate to confirm
     */
    public boolean candidate() {
        return candidate;
    }

    /**
     * The trades this run settles if it ends now: the standing trades cleared
     * ({@link AdmmKernel#clearBilateral}, {@link AdmmKernel#clearPool}) — each pair (or the pool)
     * trades what both sides proposed, the lesser of bid and offer, so nobody is made to trade more
     * than it proposed. Reciprocal (bilateral: exactly; pool: summing to zero up to rounding), within
     * every link's limit, zero on frozen links.
     *
     * @return a new array (links × slots), positive = bought
     */
    public double[][] settledTrades() {
        return links.pool() ? AdmmKernel.clearPool(lastTrades) : AdmmKernel.clearBilateral(lastTrades, reverse);
    }

    /**
     * @param u a prosumer
     * @return whether it is excluded from the rest of the run
     */
    public boolean excluded(int u) {
        return excluded[u];
    }

    /** @return the indices of the excluded prosumers, increasing */
    public List<Integer> excluded() {
        List<Integer> out = new ArrayList<>();
        for (int u = 0; u < excluded.length; u++) {
            if (excluded[u]) {
                out.add(u);
            }
        }
        return out;
    }

    /**
     * @param u a prosumer
     * @return the iterations it has missed in a row (0 after an answer)
     */
    public int misses(int u) {
        return misses[u];
    }

    /** @return true when every prosumer is excluded: the run ends with nothing traded */
    public boolean abandoned() {
        return active == 0;
    }

    /**
     * Which links are frozen at zero: the links of excluded prosumers, the bilateral links to
     * them, and every pool link once fewer than two prosumers are active. A prosumer's local problem
     * must fix its frozen links' trades to zero.
     *
     * @param from first link, inclusive
     * @param to last link, exclusive
     * @return one flag per link
     */
    public boolean[] frozen(int from, int to) {
        return java.util.Arrays.copyOfRange(frozen, from, to);
    }

    /**
     * The {@code p'} to broadcast for the next local solves (the last iterate, or its extrapolation
     * when accelerating).
     *
     * @param from first link, inclusive
     * @param to last link, exclusive
     * @return a copy of {@code p'} for those links
     */
    public double[][] auxiliary(int from, int to) {
        return copy(broadcastAuxiliary, from, to);
    }

    /**
     * The {@code λ} to broadcast for the next local solves.
     *
     * @param from first link, inclusive
     * @param to last link, exclusive
     * @return a copy of {@code λ} for those links
     */
    public double[][] lambda(int from, int to) {
        return copy(broadcastLambda, from, to);
    }

    /**
     * The last reciprocal iterate {@code p'} (not extrapolated). Within every link's limit; zero on
     * frozen links. Not what is settled: that is {@link #settledTrades()}.
     *
     * @return a copy of every link's {@code p'}
     */
    public double[][] iterate() {
        return copy(auxiliary, 0, auxiliary.length);
    }

    /**
     * The last dual iterate {@code λ} (not extrapolated): the price corrections, currency per kWh,
     * per link and slot.
     *
     * @return a copy of every link's {@code λ}
     */
    public double[][] duals() {
        return copy(lambda, 0, lambda.length);
    }

    /**
     * The trades that stand: each link's last submitted trades (zero on frozen links).
     *
     * @return a copy of every link's standing trades
     */
    public double[][] standingTrades() {
        return copy(lastTrades, 0, lastTrades.length);
    }

    /**
     * The exact size of an encoding for these links, computed without overflow.
     *
     * @param links the links
     * @return the number of bytes {@link #encode()} writes
     * @throws ArithmeticException if the size does not fit in an int
     */
    public static int encodedSize(AdmmLinks links) {
        long perArray = Math.multiplyExact(Math.multiplyExact((long) links.size(), (long) links.slots()), 8L);
        long size = HEADER_BYTES + 5L * links.prosumers() + Math.multiplyExact(perArray, (long) ARRAYS);
        return Math.toIntExact(size);
    }

    /**
     * The whole state as bytes, exactly (doubles by their IEEE-754 bits): what a ledger stores
     * between iterations. {@link #decode} gives back a state that continues bit-identically.
     *
     * @return the encoding, {@link #encodedSize} bytes
     */
    public byte[] encode() {
        java.nio.ByteBuffer out = java.nio.ByteBuffer.allocate(encodedSize(links));
        out.putInt(ENCODING_VERSION);
        out.putInt(links.size());
        out.putInt(links.slots());
        out.putInt(links.prosumers());
        out.putDouble(rho);
        out.putInt(iteration);
        out.put((byte) (converged ? 1 : 0));
        out.put((byte) (candidate ? 1 : 0));
        out.putDouble(momentum);
        out.putDouble(combined);
        out.putDouble(lastPrimal);
        out.putDouble(lastDual);
        out.putDouble(lastPaper);
        for (int u = 0; u < excluded.length; u++) {
            out.put((byte) (excluded[u] ? 1 : 0));
            out.putInt(misses[u]);
        }
        for (double[][] a : arrays()) {
            for (double[] row : a) {
                for (double v : row) {
                    out.putDouble(v);
                }
            }
        }
        return out.array();
    }

    /**
     * Restores a state written by {@link #encode()}. The length is checked against the links
     * before anything is allocated, so a short or long input costs nothing.
     *
     * @param links the links of the run
     * @param options the options of the run
     * @param encoded the bytes
     * @return the state
     * @throws IllegalArgumentException when the bytes do not fit the links or hold values no run
     *     can reach (a non-finite or out-of-range number, a flag other than 0 or 1)
     */
    public static AdmmState decode(AdmmLinks links, AdmmOptions options, byte[] encoded) {
        int expected;
        try {
            expected = encodedSize(links);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("state: links too large to encode");
        }
        if (encoded.length != expected) {
            throw new IllegalArgumentException("state: " + encoded.length + " bytes, expected " + expected);
        }
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(encoded);
        if (in.getInt() != ENCODING_VERSION || in.getInt() != links.size() || in.getInt() != links.slots()
                || in.getInt() != links.prosumers()) {
            throw new IllegalArgumentException("state: encoded for other links or another version");
        }
        AdmmState s = new AdmmState(links, options);
        s.rho = in.getDouble();
        s.iteration = in.getInt();
        s.converged = flag(in.get());
        s.candidate = flag(in.get());
        s.momentum = in.getDouble();
        s.combined = in.getDouble();
        s.lastPrimal = in.getDouble();
        s.lastDual = in.getDouble();
        s.lastPaper = in.getDouble();
        if (!residual(s.lastPrimal) || !residual(s.lastDual) || !residual(s.lastPaper)) {
            throw new IllegalArgumentException("state: an out-of-range residual");
        }
        if (!(s.rho > 0) || !Double.isFinite(s.rho) || s.iteration < 0 || !(s.momentum >= 1)
                || !Double.isFinite(s.momentum) || !(s.combined >= 0)) {
            throw new IllegalArgumentException("state: out-of-range ρ, iteration or momentum");
        }
        int excludedCount = 0;
        for (int u = 0; u < s.excluded.length; u++) {
            s.excluded[u] = flag(in.get());
            s.misses[u] = in.getInt();
            if (s.misses[u] < 0 || s.misses[u] > options.missLimit()) {
                throw new IllegalArgumentException("state: out-of-range miss count " + s.misses[u]);
            }
            excludedCount += s.excluded[u] ? 1 : 0;
        }
        s.active = links.prosumers() - excludedCount;
        double[][][] arrays = new double[ARRAYS][links.size()][links.slots()];
        for (double[][] a : arrays) {
            for (double[] row : a) {
                for (int t = 0; t < row.length; t++) {
                    row[t] = in.getDouble();
                    if (!Double.isFinite(row[t])) {
                        throw new IllegalArgumentException("state: a non-finite value");
                    }
                }
            }
        }
        s.auxiliary = arrays[0];
        s.lambda = arrays[1];
        s.previousAuxiliary = arrays[2];
        s.previousLambda = arrays[3];
        s.broadcastAuxiliary = arrays[4];
        s.broadcastLambda = arrays[5];
        s.lastTrades = arrays[6];
        java.util.Arrays.fill(s.frozen, false);
        s.refreeze();
        return s;
    }

    /** A stored residual is NaN (before the first step or after abandonment) or finite and >= 0. */
    private static boolean residual(double r) {
        return Double.isNaN(r) || Double.isFinite(r) && r >= 0;
    }

    private static boolean flag(byte b) {
        if (b != 0 && b != 1) {
            throw new IllegalArgumentException("state: a flag must be 0 or 1, was " + b);
        }
        return b == 1;
    }

    private static double[][] copy(double[][] a, int from, int to) {
        double[][] out = new double[to - from][];
        for (int k = from; k < to; k++) {
            out[k - from] = a[k].clone();
        }
        return out;
    }
}
