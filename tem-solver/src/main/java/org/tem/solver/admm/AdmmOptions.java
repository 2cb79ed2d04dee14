package org.tem.solver.admm;

/**
 * Settings of an ADMM run. Immutable; the {@code with…} methods return a changed copy and check
 * their argument.
 *
 * <p>The ranges are what keeps every number of a run finite (see {@link AdmmState}): with trades
 * bounded by their links' limits, ρ in {@code [MIN_RHO, MAX_RHO]}, α in {@code (0, 2)} and at most
 * {@link #MAX_ITERATIONS} iterations, no intermediate of the coordination step can overflow.
 *
 * @param rho the initial penalty ρ, currency per kWh², in {@code [MIN_RHO, MAX_RHO]}
 * @param adaptiveRho residual balancing of ρ (×2 when {@code r > 10 s}, ÷2 when {@code s > 10 r}), checked
 *     every 10 iterations during the first 500 and then frozen (a ρ that keeps moving can stop ADMM
 *     from converging; a fixed one cannot)
 * @param epsAbs absolute tolerance of the standard stopping test, kWh
 * @param epsRel relative tolerance of the standard stopping test
 * @param paperEpsilon ε of the paper's test {@code Σ‖p' − p‖ < ε}, kWh
 * @param rule which stopping test ends the run
 * @param relaxation over-relaxation α in {@code (0, 2)} (the range in which over-relaxed ADMM
 *     converges); 1 = none
 * @param maxIterations iteration cap, in {@code [1, MAX_ITERATIONS]}
 * @param acceleration fast ADMM with restart (Nesterov momentum on {@code p'} and {@code λ})
 * @param missLimit the deadline rule's K: a prosumer that has submitted before and then misses
 *     this many consecutive iterations is excluded from the rest of the run (see
 *     {@link AdmmState#step(double[][], boolean[])}); in {@code [1, MAX_MISS_LIMIT]}
 */
public record AdmmOptions(double rho, boolean adaptiveRho, double epsAbs, double epsRel, double paperEpsilon,
        StoppingRule rule, double relaxation, int maxIterations, boolean acceleration, int missLimit) {

    /** The smallest initial ρ accepted. */
    public static final double MIN_RHO = 1e-6;
    /** The largest initial ρ accepted. */
    public static final double MAX_RHO = 1e6;
    /** The largest iteration cap accepted. */
    public static final int MAX_ITERATIONS = 100_000;
    /** The largest K of the deadline rule accepted. */
    public static final int MAX_MISS_LIMIT = 1_000;

    /**
     * The default K of the deadline rule: 3. A meter on a lossy radio link (LoRa, NB-IoT) may miss
     * one deadline and sometimes two in a row; with independent losses of probability q per
     * deadline, an honest meter is excluded in a given iteration with probability about q³
     * (1e-6 at q = 1 %). Meanwhile a meter that fell silent pins its stale trades for only two
     * iterations, which its peers' prices absorb.
     */
    public static final int DEFAULT_MISS_LIMIT = 3;

    /** Which test ends a run. Each has an explicit code, the one stored on a ledger. */
    public enum StoppingRule {
        /** {@code r ≤ √n·ε_abs + ε_rel·max(‖p‖,‖p'‖)} and {@code s ≤ √n·ε_abs + ε_rel·‖λ‖}. Code 1. */
        STANDARD(1),
        /** The paper's {@code Σ_u Σ_v ‖p'_uv − p_uv‖ < ε}. Code 2. */
        PAPER(2),
        /**
         * The standard residual test, then a confirmation: the run ends only when every active
         * prosumer reports, with its next submission, that it can absorb the trades the run would
         * settle ({@link AdmmState#settledTrades()}), so that the settled trades always leave each of
         * them a feasible schedule. Costs one iteration more than {@link #STANDARD} when confirmed at
         * once. Code 3.
         */
        SETTLED(3);

        private final int code;

        StoppingRule(int code) {
            this.code = code;
        }

        /** @return the code stored in encodings (never the ordinal) */
        public int code() {
            return code;
        }

        /**
         * @param code a code written by {@link #code()}
         * @return the rule
         * @throws IllegalArgumentException for an unknown code
         */
        public static StoppingRule fromCode(int code) {
            for (StoppingRule r : values()) {
                if (r.code == code) {
                    return r;
                }
            }
            throw new IllegalArgumentException("rule: unknown stopping rule code " + code);
        }
    }

    /**
     * The defaults: ρ = 0.5 adaptive, ε_abs = 1e-6, ε_rel = 1e-5, paper ε = 1e-6, the settled rule
     * ({@link StoppingRule#SETTLED}), no
     * over-relaxation, fast ADMM with restart, 10,000 iterations, K = {@value #DEFAULT_MISS_LIMIT}.
     * Chosen by measurement on synthetic days (benchmarks/README.md): at these tolerances the
     * social cost lands within ~1e-5 relative of the central optimum (the looser ε_rel = 1e-4 stops
     * 2-3× sooner but only within ~1e-4), and momentum cuts iterations 1.3-2× (bilateral) and 5-8×
     * (pool) against α = 1.6 without it.
     */
    public static final AdmmOptions DEFAULT = new AdmmOptions(0.5, true, 1e-6, 1e-5, 1e-6, StoppingRule.SETTLED, 1.0,
            10_000, true, DEFAULT_MISS_LIMIT);

    /**
     * Checks every value.
     *
     * @param rho the initial penalty ρ, in {@code [MIN_RHO, MAX_RHO]}
     * @param adaptiveRho residual balancing on or off
     * @param epsAbs absolute tolerance, finite, {@code >= 0}
     * @param epsRel relative tolerance, finite, {@code >= 0}
     * @param paperEpsilon ε of the paper's test, finite, {@code > 0}
     * @param rule the stopping test
     * @param relaxation α in {@code (0, 2)}
     * @param maxIterations iteration cap, in {@code [1, MAX_ITERATIONS]}
     * @param acceleration fast ADMM with restart on or off
     * @param missLimit the deadline rule's K, in {@code [1, MAX_MISS_LIMIT]}
     * @throws IllegalArgumentException naming the parameter when a value is out of range
     * @throws NullPointerException if {@code rule} is null
     */
    public AdmmOptions {
        if (!(rho >= MIN_RHO && rho <= MAX_RHO)) {
            throw new IllegalArgumentException("rho: must be in [" + MIN_RHO + ", " + MAX_RHO + "], was " + rho);
        }
        if (!(epsAbs >= 0) || !(epsRel >= 0) || Double.isInfinite(epsAbs) || Double.isInfinite(epsRel)) {
            throw new IllegalArgumentException("epsAbs, epsRel: must be >= 0 and finite, were " + epsAbs + ", " + epsRel);
        }
        if (epsAbs == 0 && epsRel == 0 && rule != StoppingRule.PAPER) {
            throw new IllegalArgumentException("epsAbs, epsRel: at least one must be > 0");
        }
        if (!(paperEpsilon > 0) || Double.isInfinite(paperEpsilon)) {
            throw new IllegalArgumentException("paperEpsilon: must be > 0 and finite, was " + paperEpsilon);
        }
        java.util.Objects.requireNonNull(rule, "rule");
        if (!(relaxation > 0 && relaxation < 2)) {
            throw new IllegalArgumentException("relaxation: must be in (0, 2), was " + relaxation);
        }
        if (maxIterations < 1 || maxIterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException("maxIterations: must be in [1, " + MAX_ITERATIONS + "], was "
                    + maxIterations);
        }
        if (missLimit < 1 || missLimit > MAX_MISS_LIMIT) {
            throw new IllegalArgumentException("missLimit: must be in [1, " + MAX_MISS_LIMIT + "], was " + missLimit);
        }
    }

    /**
     * @param value the initial ρ
     * @return a copy with that ρ
     */
    public AdmmOptions withRho(double value) {
        return new AdmmOptions(value, adaptiveRho, epsAbs, epsRel, paperEpsilon, rule, relaxation,
                maxIterations, acceleration, missLimit);
    }

    /**
     * @param value residual balancing on or off
     * @return a copy
     */
    public AdmmOptions withAdaptiveRho(boolean value) {
        return new AdmmOptions(rho, value, epsAbs, epsRel, paperEpsilon, rule, relaxation, maxIterations,
                acceleration, missLimit);
    }

    /**
     * @param absolute ε_abs
     * @param relative ε_rel
     * @return a copy with these tolerances of the residual test; a copy of options using the paper's
     *     rule switches to {@link StoppingRule#STANDARD}, the others keep their rule
     */
    public AdmmOptions withTolerances(double absolute, double relative) {
        return new AdmmOptions(rho, adaptiveRho, absolute, relative, paperEpsilon,
                rule == StoppingRule.PAPER ? StoppingRule.STANDARD : rule, relaxation, maxIterations, acceleration,
                missLimit);
    }

    /**
     * @param value the stopping rule
     * @return a copy using it (with this copy's tolerances)
     * @throws IllegalArgumentException when a residual rule is chosen with both tolerances zero
     */
    public AdmmOptions withRule(StoppingRule value) {
        return new AdmmOptions(rho, adaptiveRho, epsAbs, epsRel, paperEpsilon, value, relaxation, maxIterations,
                acceleration, missLimit);
    }

    /**
     * @param epsilon the paper's ε
     * @return a copy using the paper's rule with this ε
     */
    public AdmmOptions withPaperRule(double epsilon) {
        return new AdmmOptions(rho, adaptiveRho, epsAbs, epsRel, epsilon, StoppingRule.PAPER, relaxation,
                maxIterations, acceleration, missLimit);
    }

    /**
     * @param alpha over-relaxation α in (0, 2)
     * @return a copy
     */
    public AdmmOptions withRelaxation(double alpha) {
        return new AdmmOptions(rho, adaptiveRho, epsAbs, epsRel, paperEpsilon, rule, alpha, maxIterations,
                acceleration, missLimit);
    }

    /**
     * @param value fast ADMM with restart on or off
     * @return a copy
     */
    public AdmmOptions withAcceleration(boolean value) {
        return new AdmmOptions(rho, adaptiveRho, epsAbs, epsRel, paperEpsilon, rule, relaxation,
                maxIterations, value, missLimit);
    }

    /**
     * @param value the iteration cap
     * @return a copy
     */
    public AdmmOptions withMaxIterations(int value) {
        return new AdmmOptions(rho, adaptiveRho, epsAbs, epsRel, paperEpsilon, rule, relaxation, value,
                acceleration, missLimit);
    }

    /**
     * @param value the deadline rule's K
     * @return a copy
     */
    public AdmmOptions withMissLimit(int value) {
        return new AdmmOptions(rho, adaptiveRho, epsAbs, epsRel, paperEpsilon, rule, relaxation, maxIterations,
                acceleration, value);
    }
}
