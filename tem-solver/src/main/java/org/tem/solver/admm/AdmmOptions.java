package org.tem.solver.admm;

/**
 * Settings of an ADMM run. Immutable; the {@code with…} methods return a changed copy and check
 * their argument.
 *
 * @param rho the initial penalty ρ, {@code > 0}
 * @param adaptiveRho residual balancing of ρ (×2 when {@code r > 10 s}, ÷2 when {@code s > 10 r}), checked
 *     every 10 iterations during the first 500 and then frozen (a ρ that keeps moving can stop ADMM
 *     from converging; a fixed one cannot)
 * @param epsAbs absolute tolerance of the standard stopping test
 * @param epsRel relative tolerance of the standard stopping test
 * @param paperEpsilon ε of the paper's test {@code Σ‖p' − p‖ < ε}
 * @param rule which stopping test ends the run
 * @param relaxation over-relaxation α in {@code (0, 2)}; 1 = none
 * @param maxIterations iteration cap, {@code >= 1}
 * @param acceleration fast ADMM with restart (Nesterov momentum on {@code p'} and {@code λ})
 */
public record AdmmOptions(double rho, boolean adaptiveRho, double epsAbs, double epsRel, double paperEpsilon,
        StoppingRule rule, double relaxation, int maxIterations, boolean acceleration) {

    /** Which test ends a run. */
    public enum StoppingRule {
        /** {@code r ≤ √n·ε_abs + ε_rel·max(‖p‖,‖p'‖)} and {@code s ≤ √n·ε_abs + ε_rel·‖λ‖}. */
        STANDARD,
        /** The paper's {@code Σ_u Σ_v ‖p'_uv − p_uv‖ < ε}. */
        PAPER
    }

    /**
     * The defaults: ρ = 0.5 adaptive, ε_abs = 1e-6, ε_rel = 1e-5, paper ε = 1e-6, standard rule, no
     * over-relaxation, fast ADMM with restart, 10,000 iterations. Chosen by measurement on synthetic
     * days (benchmarks/README.md): at these tolerances the social cost lands within ~1e-5 relative of
     * the central optimum (the looser ε_rel = 1e-4 stops 2-3× sooner but only within ~1e-4), and
     * momentum cuts iterations 1.3-2× (bilateral) and 5-8× (pool) against α = 1.6 without it.
     */
    public static final AdmmOptions DEFAULT = new AdmmOptions(0.5, true, 1e-6, 1e-5, 1e-6, StoppingRule.STANDARD, 1.0,
            10_000, true);

    /**
     * Checks every value.
     *
     * @param rho the initial penalty ρ, {@code > 0}
     * @param adaptiveRho residual balancing on or off
     * @param epsAbs absolute tolerance, {@code >= 0}
     * @param epsRel relative tolerance, {@code >= 0}
     * @param paperEpsilon ε of the paper's test, {@code > 0}
     * @param rule the stopping test
     * @param relaxation α in {@code (0, 2)}
     * @param maxIterations iteration cap, {@code >= 1}
     * @param acceleration fast ADMM with restart on or off
     * @throws IllegalArgumentException naming the parameter when a value is out of range
     */
    public AdmmOptions {
        if (!(rho > 0) || Double.isInfinite(rho)) {
            throw new IllegalArgumentException("rho: must be > 0 and finite, was " + rho);
        }
        if (!(epsAbs >= 0) || !(epsRel >= 0) || Double.isInfinite(epsAbs) || Double.isInfinite(epsRel)) {
            throw new IllegalArgumentException("epsAbs, epsRel: must be >= 0 and finite, were " + epsAbs + ", " + epsRel);
        }
        if (epsAbs == 0 && epsRel == 0 && rule == StoppingRule.STANDARD) {
            throw new IllegalArgumentException("epsAbs, epsRel: at least one must be > 0");
        }
        if (!(paperEpsilon > 0)) {
            throw new IllegalArgumentException("paperEpsilon: must be > 0, was " + paperEpsilon);
        }
        java.util.Objects.requireNonNull(rule, "rule");
        if (!(relaxation > 0 && relaxation < 2)) {
            throw new IllegalArgumentException("relaxation: must be in (0, 2), was " + relaxation);
        }
        if (maxIterations < 1) {
            throw new IllegalArgumentException("maxIterations: must be >= 1, was " + maxIterations);
        }
    }

    /**
     * @param value the initial ρ
     * @return a copy with that ρ
     */
    public AdmmOptions withRho(double value) {
        return new AdmmOptions(value, adaptiveRho, epsAbs, epsRel, paperEpsilon, rule, relaxation, maxIterations, acceleration);
    }

    /**
     * @param value residual balancing on or off
     * @return a copy
     */
    public AdmmOptions withAdaptiveRho(boolean value) {
        return new AdmmOptions(rho, value, epsAbs, epsRel, paperEpsilon, rule, relaxation, maxIterations, acceleration);
    }

    /**
     * @param absolute ε_abs
     * @param relative ε_rel
     * @return a copy using the standard rule with these tolerances
     */
    public AdmmOptions withTolerances(double absolute, double relative) {
        return new AdmmOptions(rho, adaptiveRho, absolute, relative, paperEpsilon, StoppingRule.STANDARD, relaxation,
                maxIterations, acceleration);
    }

    /**
     * @param epsilon the paper's ε
     * @return a copy using the paper's rule with this ε
     */
    public AdmmOptions withPaperRule(double epsilon) {
        return new AdmmOptions(rho, adaptiveRho, epsAbs, epsRel, epsilon, StoppingRule.PAPER, relaxation, maxIterations, acceleration);
    }

    /**
     * @param alpha over-relaxation α in (0, 2)
     * @return a copy
     */
    public AdmmOptions withRelaxation(double alpha) {
        return new AdmmOptions(rho, adaptiveRho, epsAbs, epsRel, paperEpsilon, rule, alpha, maxIterations, acceleration);
    }

    /**
     * @param value fast ADMM with restart on or off
     * @return a copy
     */
    public AdmmOptions withAcceleration(boolean value) {
        return new AdmmOptions(rho, adaptiveRho, epsAbs, epsRel, paperEpsilon, rule, relaxation, maxIterations, value);
    }

    /**
     * @param value the iteration cap
     * @return a copy
     */
    public AdmmOptions withMaxIterations(int value) {
        return new AdmmOptions(rho, adaptiveRho, epsAbs, epsRel, paperEpsilon, rule, relaxation, value, acceleration);
    }
}
