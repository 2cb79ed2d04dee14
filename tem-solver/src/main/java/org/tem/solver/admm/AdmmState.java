package org.tem.solver.admm;

/**
 * The coordinator's state of one ADMM run — {@code p'}, {@code λ}, ρ and the iteration count — and
 * its step (auxiliary update, dual update, residuals, stopping test, ρ adaptation, momentum), built
 * from {@link AdmmKernel} alone. Deterministic: the same sequence of submitted trades gives
 * bit-identical states on any JVM. Not thread-safe.
 *
 * <p>With {@link AdmmOptions#acceleration()} on, the point broadcast to the agents is the
 * extrapolated {@code (p̂', λ̂)} of fast ADMM with restart (Goldstein, O'Donoghue, Setzer and
 * Baraniuk, SIAM J. Imaging Sci. 2014, Algorithm 8): momentum builds up while the combined residual
 * falls by the factor η each iteration, and is dropped (restarted from the previous iterate) as
 * soon as it does not. This is what gets a run through the long flat stretches where many homes
 * have the same marginal cost and the plain iteration only creeps along the optimal face.
 */
public final class AdmmState {
    /** The restart threshold η of fast ADMM. */
    private static final double RESTART_ETA = 0.999;
    /** ρ is balanced only every this many iterations, so ADMM settles between changes. */
    static final int RHO_INTERVAL = 10;
    /** ρ is frozen after this many iterations: ADMM converges for any fixed ρ, not for one that keeps moving. */
    static final int RHO_WINDOW = 500;

    private static final int ENCODING_VERSION = 1;

    private final AdmmLinks links;
    private final AdmmOptions options;
    private final int entries;
    private final int[] reverse;
    private double rho;
    private int iteration;
    private boolean converged;

    // The last iterate (z_k, λ_k), the one before, and the broadcast point (ẑ, λ̂).
    private double[][] auxiliary;
    private double[][] lambda;
    private double[][] previousAuxiliary;
    private double[][] previousLambda;
    private double[][] broadcastAuxiliary;
    private double[][] broadcastLambda;
    private double momentum = 1.0;
    private double combined = Double.POSITIVE_INFINITY;

    /**
     * Starts a run at {@code p' = 0}, {@code λ = 0}, ρ from the options.
     *
     * @param links the trade links
     * @param options the settings
     */
    public AdmmState(AdmmLinks links, AdmmOptions options) {
        this.links = links;
        this.options = options;
        int slots = links.slots();
        this.auxiliary = new double[links.size()][slots];
        this.lambda = new double[links.size()][slots];
        this.previousAuxiliary = auxiliary;
        this.previousLambda = lambda;
        this.broadcastAuxiliary = auxiliary;
        this.broadcastLambda = lambda;
        this.entries = links.size() * slots;
        this.reverse = links.reverse();
        this.rho = options.rho();
    }

    /**
     * One coordination step with the trades every prosumer proposed in this iteration (their answer
     * to {@link #auxiliary(int, int)}, {@link #lambda(int, int)} and {@link #rho()}).
     *
     * @param p trades per link and slot (links × slots), positive = bought
     * @return the iteration's report
     * @throws IllegalArgumentException on a wrong shape or a non-finite value; the state is unchanged
     */
    public AdmmIteration step(double[][] p) {
        check(p);
        double usedRho = rho;
        double[][] zHat = broadcastAuxiliary;
        double[][] relaxed = options.relaxation() == 1.0 ? p : AdmmKernel.relax(options.relaxation(), p, zHat);
        double[][] nextLambda = copy(broadcastLambda, 0, broadcastLambda.length);
        double[][] next = links.pool()
                ? AdmmKernel.auxiliaryPool(relaxed, nextLambda, rho)
                : AdmmKernel.auxiliaryBilateral(relaxed, nextLambda, rho, reverse);
        AdmmKernel.updateDuals(nextLambda, rho, next, relaxed);
        double primal = AdmmKernel.distance(p, next);
        double change = AdmmKernel.distance(next, zHat);
        double dual = rho * change;
        double paper = AdmmKernel.paperResidual(next, p);
        iteration++;
        if (options.rule() == AdmmOptions.StoppingRule.PAPER) {
            converged = paper < options.paperEpsilon();
        } else {
            converged = primal <= AdmmKernel.primalTolerance(entries, options.epsAbs(), options.epsRel(),
                    AdmmKernel.norm(p), AdmmKernel.norm(next))
                    && dual <= AdmmKernel.dualTolerance(entries, options.epsAbs(), options.epsRel(),
                            AdmmKernel.norm(nextLambda));
        }
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
                broadcastAuxiliary = AdmmKernel.auxiliaryBilateral(broadcastAuxiliary, new double[links.size()][links.slots()],
                        1.0, reverse);
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

    private void check(double[][] p) {
        if (p.length != links.size()) {
            throw new IllegalArgumentException("trades: must have " + links.size() + " links, had " + p.length);
        }
        for (int k = 0; k < p.length; k++) {
            if (p[k].length != links.slots()) {
                throw new IllegalArgumentException("trades[" + k + "]: must have " + links.slots() + " slots, had "
                        + p[k].length);
            }
            for (int t = 0; t < p[k].length; t++) {
                if (!Double.isFinite(p[k][t])) {
                    throw new IllegalArgumentException("trades[" + k + "][" + t + "]: must be finite, was " + p[k][t]);
                }
            }
        }
    }

    /** @return the current ρ (the one the next local solves use) */
    public double rho() {
        return rho;
    }

    /** @return iterations done */
    public int iteration() {
        return iteration;
    }

    /** @return whether the last step passed the stopping test */
    public boolean converged() {
        return converged;
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
     * The last reciprocal iterate {@code p'} (not extrapolated): the trades to settle.
     *
     * @return a copy of every link's {@code p'}
     */
    public double[][] iterate() {
        return copy(auxiliary, 0, auxiliary.length);
    }

    /**
     * The whole state as bytes, exactly (doubles by their IEEE-754 bits): what a ledger stores
     * between iterations. {@link #decode} gives back a state that continues bit-identically.
     *
     * @return the encoding
     */
    public byte[] encode() {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.DataOutputStream out = new java.io.DataOutputStream(bytes)) {
            out.writeInt(ENCODING_VERSION);
            out.writeInt(links.size());
            out.writeInt(links.slots());
            out.writeDouble(rho);
            out.writeInt(iteration);
            out.writeBoolean(converged);
            out.writeDouble(momentum);
            out.writeDouble(combined);
            for (double[][] a : new double[][][] {auxiliary, lambda, previousAuxiliary, previousLambda,
                broadcastAuxiliary, broadcastLambda}) {
                for (double[] row : a) {
                    for (double v : row) {
                        out.writeDouble(v);
                    }
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * Restores a state written by {@link #encode()}.
     *
     * @param links the links of the run
     * @param options the options of the run
     * @param encoded the bytes
     * @return the state
     * @throws IllegalArgumentException when the bytes do not fit the links
     */
    public static AdmmState decode(AdmmLinks links, AdmmOptions options, byte[] encoded) {
        AdmmState s = new AdmmState(links, options);
        try (java.io.DataInputStream in = new java.io.DataInputStream(new java.io.ByteArrayInputStream(encoded))) {
            if (in.readInt() != ENCODING_VERSION || in.readInt() != links.size() || in.readInt() != links.slots()) {
                throw new IllegalArgumentException("state: encoded for other links or another version");
            }
            s.rho = in.readDouble();
            s.iteration = in.readInt();
            s.converged = in.readBoolean();
            s.momentum = in.readDouble();
            s.combined = in.readDouble();
            double[][][] arrays = new double[6][links.size()][links.slots()];
            for (double[][] a : arrays) {
                for (double[] row : a) {
                    for (int t = 0; t < row.length; t++) {
                        row[t] = in.readDouble();
                    }
                }
            }
            if (in.available() != 0) {
                throw new IllegalArgumentException("state: trailing bytes");
            }
            s.auxiliary = arrays[0];
            s.lambda = arrays[1];
            s.previousAuxiliary = arrays[2];
            s.previousLambda = arrays[3];
            s.broadcastAuxiliary = arrays[4];
            s.broadcastLambda = arrays[5];
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("state: truncated", e);
        }
        return s;
    }

    private static double[][] copy(double[][] a, int from, int to) {
        double[][] out = new double[to - from][];
        for (int k = from; k < to; k++) {
            out[k - from] = a[k].clone();
        }
        return out;
    }
}
