package org.tem.solver.qp;

/**
 * Settings of {@link OsqpSolver}. Immutable; the {@code with…} methods return a modified copy and
 * validate their argument. Every tolerance is an absolute number in the units of the
 * <b>unscaled</b> problem (residuals are measured in the infinity norm).
 *
 * <p>Thread-safe (immutable).
 *
 * @param rho initial ADMM penalty ρ for inequality rows, {@code > 0}
 * @param sigma proximal regularisation σ of the x-update, {@code > 0}
 * @param alpha over-relaxation α, in {@code (0, 2)}
 * @param epsAbs absolute tolerance on the primal and dual residuals, {@code >= 0}
 * @param epsRel relative tolerance on the primal and dual residuals, {@code >= 0}
 *     ({@code epsAbs + epsRel > 0})
 * @param epsPrimalInfeasible tolerance of the primal infeasibility certificate, {@code > 0}
 * @param epsDualInfeasible tolerance of the dual infeasibility certificate, {@code > 0}
 * @param maxIterations the ADMM iteration cap, {@code >= 1}
 * @param adaptiveRho whether ρ is adapted from the ratio of the residuals (needs a refactorisation)
 * @param adaptiveRhoInterval iterations between two ρ adaptations, {@code >= 1}
 * @param adaptiveRhoTolerance ρ is only changed when the new estimate differs from the current one by
 *     more than this factor, {@code >= 1}
 * @param scalingIterations Ruiz equilibration passes, {@code >= 0} (0 disables scaling)
 * @param polish whether to polish an optimal ADMM point by solving the reduced KKT system on the guessed
 *     active set
 * @param polishDelta regularisation δ of the polishing KKT system, {@code > 0}
 * @param polishRefineIterations iterative-refinement steps of the polishing solve, {@code >= 0}
 * @param checkTerminationEvery iterations between two termination / infeasibility checks, {@code >= 1}
 * @param equalityRhoScale factor applied to ρ on equality rows (and fixed variables), {@code >= 1}
 * @param woodburyMaxRows when {@code P} is diagonal and the problem has at most this many rows, the
 *     linear system is solved through the Woodbury identity with a dense Cholesky factor of the
 *     rows (no sparse factorisation); {@code 0} disables that path; {@code >= 0}
 * @param denseRowThreshold a row with more non-zeros than this is kept out of the sparse Cholesky
 *     factor and handled by a low-rank (Woodbury) correction instead, to avoid the dense fill it
 *     would cause; {@code >= 1}
 */
public record OsqpSettings(double rho, double sigma, double alpha, double epsAbs, double epsRel,
        double epsPrimalInfeasible, double epsDualInfeasible, int maxIterations, boolean adaptiveRho,
        int adaptiveRhoInterval, double adaptiveRhoTolerance, int scalingIterations, boolean polish,
        double polishDelta, int polishRefineIterations, int checkTerminationEvery, double equalityRhoScale,
        int woodburyMaxRows, int denseRowThreshold) {

    /** The defaults: ρ 0.1, σ 1e-6, α 1.6, ε 1e-6 (abs and rel), infeasibility ε 1e-6, 10 000 iterations,
     *  adaptive ρ every 25 iterations (factor 5), 10 Ruiz passes, polishing (δ 1e-7, 5 refinements),
     *  checks every 5 iterations, equality ρ × 1e3, Woodbury path up to 400 rows, dense rows above 200
     *  non-zeros. */
    public static final OsqpSettings DEFAULT = new OsqpSettings(0.1, 1e-6, 1.6, 1e-6, 1e-6, 1e-6, 1e-6,
            10_000, true, 25, 5.0, 10, true, 1e-7, 5, 5, 1e3, 400, 200);

    /**
     * Validates the settings.
     *
     * @param rho initial ADMM penalty ρ for inequality rows, {@code > 0}
     * @param sigma proximal regularisation σ of the x-update, {@code > 0}
     * @param alpha over-relaxation α, in {@code (0, 2)}
     * @param epsAbs absolute tolerance on the primal and dual residuals, {@code >= 0}
     * @param epsRel relative tolerance on the primal and dual residuals, {@code >= 0}
     *     ({@code epsAbs + epsRel > 0})
     * @param epsPrimalInfeasible tolerance of the primal infeasibility certificate, {@code > 0}
     * @param epsDualInfeasible tolerance of the dual infeasibility certificate, {@code > 0}
     * @param maxIterations the ADMM iteration cap, {@code >= 1}
     * @param adaptiveRho whether ρ is adapted from the ratio of the residuals (needs a refactorisation)
     * @param adaptiveRhoInterval iterations between two ρ adaptations, {@code >= 1}
     * @param adaptiveRhoTolerance ρ is only changed when the new estimate differs from the current one by
     *     more than this factor, {@code >= 1}
     * @param scalingIterations Ruiz equilibration passes, {@code >= 0} (0 disables scaling)
     * @param polish whether to polish an optimal ADMM point by solving the reduced KKT system on the guessed
     *     active set
     * @param polishDelta regularisation δ of the polishing KKT system, {@code > 0}
     * @param polishRefineIterations iterative-refinement steps of the polishing solve, {@code >= 0}
     * @param checkTerminationEvery iterations between two termination / infeasibility checks, {@code >= 1}
     * @param equalityRhoScale factor applied to ρ on equality rows (and fixed variables), {@code >= 1}
     * @param woodburyMaxRows when {@code P} is diagonal and the problem has at most this many rows, the
     *     linear system is solved through the Woodbury identity with a dense Cholesky factor of the
     *     rows (no sparse factorisation); {@code 0} disables that path; {@code >= 0}
     * @param denseRowThreshold a row with more non-zeros than this is kept out of the sparse Cholesky
     *     factor and handled by a low-rank (Woodbury) correction instead, to avoid the dense fill it
     *     would cause; {@code >= 1}
     * @throws IllegalArgumentException naming the first parameter out of range and its value
     */
    public OsqpSettings {
        positive("rho", rho);
        positive("sigma", sigma);
        if (!(alpha > 0.0 && alpha < 2.0)) {
            throw new IllegalArgumentException("alpha must be in (0, 2), was " + alpha);
        }
        nonNegative("epsAbs", epsAbs);
        nonNegative("epsRel", epsRel);
        if (epsAbs + epsRel <= 0.0) {
            throw new IllegalArgumentException("epsAbs + epsRel must be > 0, was " + (epsAbs + epsRel));
        }
        positive("epsPrimalInfeasible", epsPrimalInfeasible);
        positive("epsDualInfeasible", epsDualInfeasible);
        atLeast("maxIterations", maxIterations, 1);
        atLeast("adaptiveRhoInterval", adaptiveRhoInterval, 1);
        if (!(adaptiveRhoTolerance >= 1.0) || Double.isInfinite(adaptiveRhoTolerance)) {
            throw new IllegalArgumentException("adaptiveRhoTolerance must be >= 1 and finite, was "
                    + adaptiveRhoTolerance);
        }
        atLeast("scalingIterations", scalingIterations, 0);
        positive("polishDelta", polishDelta);
        atLeast("polishRefineIterations", polishRefineIterations, 0);
        atLeast("checkTerminationEvery", checkTerminationEvery, 1);
        if (!(equalityRhoScale >= 1.0) || Double.isInfinite(equalityRhoScale)) {
            throw new IllegalArgumentException("equalityRhoScale must be >= 1 and finite, was " + equalityRhoScale);
        }
        atLeast("woodburyMaxRows", woodburyMaxRows, 0);
        atLeast("denseRowThreshold", denseRowThreshold, 1);
    }

    private static void positive(String name, double value) {
        if (!(value > 0.0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be > 0 and finite, was " + value);
        }
    }

    private static void nonNegative(String name, double value) {
        if (!(value >= 0.0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be >= 0 and finite, was " + value);
        }
    }

    private static void atLeast(String name, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(name + " must be >= " + min + ", was " + value);
        }
    }

    /**
     * @param value the new ρ, {@code > 0}
     * @return a copy with that value
     * @throws IllegalArgumentException if out of range
     */
    public OsqpSettings withRho(double value) {
        return new OsqpSettings(value, sigma, alpha, epsAbs, epsRel, epsPrimalInfeasible, epsDualInfeasible,
                maxIterations, adaptiveRho, adaptiveRhoInterval, adaptiveRhoTolerance, scalingIterations, polish,
                polishDelta, polishRefineIterations, checkTerminationEvery, equalityRhoScale, woodburyMaxRows,
                denseRowThreshold);
    }

    /**
     * @param value the new σ, {@code > 0}
     * @return a copy with that value
     * @throws IllegalArgumentException if out of range
     */
    public OsqpSettings withSigma(double value) {
        return new OsqpSettings(rho, value, alpha, epsAbs, epsRel, epsPrimalInfeasible, epsDualInfeasible,
                maxIterations, adaptiveRho, adaptiveRhoInterval, adaptiveRhoTolerance, scalingIterations, polish,
                polishDelta, polishRefineIterations, checkTerminationEvery, equalityRhoScale, woodburyMaxRows,
                denseRowThreshold);
    }

    /**
     * @param value the new α in (0, 2)
     * @return a copy with that value
     * @throws IllegalArgumentException if out of range
     */
    public OsqpSettings withAlpha(double value) {
        return new OsqpSettings(rho, sigma, value, epsAbs, epsRel, epsPrimalInfeasible, epsDualInfeasible,
                maxIterations, adaptiveRho, adaptiveRhoInterval, adaptiveRhoTolerance, scalingIterations, polish,
                polishDelta, polishRefineIterations, checkTerminationEvery, equalityRhoScale, woodburyMaxRows,
                denseRowThreshold);
    }

    /**
     * @param absolute the new absolute tolerance, {@code >= 0}
     * @param relative the new relative tolerance, {@code >= 0}
     * @return a copy with those tolerances
     * @throws IllegalArgumentException if out of range
     */
    public OsqpSettings withTolerances(double absolute, double relative) {
        return new OsqpSettings(rho, sigma, alpha, absolute, relative, epsPrimalInfeasible, epsDualInfeasible,
                maxIterations, adaptiveRho, adaptiveRhoInterval, adaptiveRhoTolerance, scalingIterations, polish,
                polishDelta, polishRefineIterations, checkTerminationEvery, equalityRhoScale, woodburyMaxRows,
                denseRowThreshold);
    }

    /**
     * @param primal the new primal infeasibility tolerance, {@code > 0}
     * @param dual the new dual infeasibility tolerance, {@code > 0}
     * @return a copy with those tolerances
     * @throws IllegalArgumentException if out of range
     */
    public OsqpSettings withInfeasibilityTolerances(double primal, double dual) {
        return new OsqpSettings(rho, sigma, alpha, epsAbs, epsRel, primal, dual,
                maxIterations, adaptiveRho, adaptiveRhoInterval, adaptiveRhoTolerance, scalingIterations, polish,
                polishDelta, polishRefineIterations, checkTerminationEvery, equalityRhoScale, woodburyMaxRows,
                denseRowThreshold);
    }

    /**
     * @param value the new iteration cap, {@code >= 1}
     * @return a copy with that value
     * @throws IllegalArgumentException if out of range
     */
    public OsqpSettings withMaxIterations(int value) {
        return new OsqpSettings(rho, sigma, alpha, epsAbs, epsRel, epsPrimalInfeasible, epsDualInfeasible,
                value, adaptiveRho, adaptiveRhoInterval, adaptiveRhoTolerance, scalingIterations, polish,
                polishDelta, polishRefineIterations, checkTerminationEvery, equalityRhoScale, woodburyMaxRows,
                denseRowThreshold);
    }

    /**
     * @param enabled whether ρ is adapted
     * @param interval iterations between adaptations, {@code >= 1}
     * @return a copy with those values
     * @throws IllegalArgumentException if out of range
     */
    public OsqpSettings withAdaptiveRho(boolean enabled, int interval) {
        return new OsqpSettings(rho, sigma, alpha, epsAbs, epsRel, epsPrimalInfeasible, epsDualInfeasible,
                maxIterations, enabled, interval, adaptiveRhoTolerance, scalingIterations, polish,
                polishDelta, polishRefineIterations, checkTerminationEvery, equalityRhoScale, woodburyMaxRows,
                denseRowThreshold);
    }

    /**
     * @param value the number of Ruiz passes, {@code >= 0}
     * @return a copy with that value
     * @throws IllegalArgumentException if out of range
     */
    public OsqpSettings withScalingIterations(int value) {
        return new OsqpSettings(rho, sigma, alpha, epsAbs, epsRel, epsPrimalInfeasible, epsDualInfeasible,
                maxIterations, adaptiveRho, adaptiveRhoInterval, adaptiveRhoTolerance, value, polish,
                polishDelta, polishRefineIterations, checkTerminationEvery, equalityRhoScale, woodburyMaxRows,
                denseRowThreshold);
    }

    /**
     * @param enabled whether to polish
     * @return a copy with that value
     */
    public OsqpSettings withPolish(boolean enabled) {
        return new OsqpSettings(rho, sigma, alpha, epsAbs, epsRel, epsPrimalInfeasible, epsDualInfeasible,
                maxIterations, adaptiveRho, adaptiveRhoInterval, adaptiveRhoTolerance, scalingIterations, enabled,
                polishDelta, polishRefineIterations, checkTerminationEvery, equalityRhoScale, woodburyMaxRows,
                denseRowThreshold);
    }

    /**
     * @param delta the polishing regularisation, {@code > 0}
     * @param refineIterations the refinement steps, {@code >= 0}
     * @return a copy with those values
     * @throws IllegalArgumentException if out of range
     */
    public OsqpSettings withPolishing(double delta, int refineIterations) {
        return new OsqpSettings(rho, sigma, alpha, epsAbs, epsRel, epsPrimalInfeasible, epsDualInfeasible,
                maxIterations, adaptiveRho, adaptiveRhoInterval, adaptiveRhoTolerance, scalingIterations, polish,
                delta, refineIterations, checkTerminationEvery, equalityRhoScale, woodburyMaxRows,
                denseRowThreshold);
    }

    /**
     * @param value iterations between termination checks, {@code >= 1}
     * @return a copy with that value
     * @throws IllegalArgumentException if out of range
     */
    public OsqpSettings withCheckTerminationEvery(int value) {
        return new OsqpSettings(rho, sigma, alpha, epsAbs, epsRel, epsPrimalInfeasible, epsDualInfeasible,
                maxIterations, adaptiveRho, adaptiveRhoInterval, adaptiveRhoTolerance, scalingIterations, polish,
                polishDelta, polishRefineIterations, value, equalityRhoScale, woodburyMaxRows, denseRowThreshold);
    }

    /**
     * @param value the equality-row ρ factor, {@code >= 1}
     * @return a copy with that value
     * @throws IllegalArgumentException if out of range
     */
    public OsqpSettings withEqualityRhoScale(double value) {
        return new OsqpSettings(rho, sigma, alpha, epsAbs, epsRel, epsPrimalInfeasible, epsDualInfeasible,
                maxIterations, adaptiveRho, adaptiveRhoInterval, adaptiveRhoTolerance, scalingIterations, polish,
                polishDelta, polishRefineIterations, checkTerminationEvery, value, woodburyMaxRows,
                denseRowThreshold);
    }

    /**
     * @param maxRows the row limit of the diagonal-P Woodbury path, {@code 0} to always use the sparse
     *     Cholesky path, {@code >= 0}
     * @param denseRow rows with more non-zeros go to the low-rank correction, {@code >= 1}
     * @return a copy with those values
     * @throws IllegalArgumentException if out of range
     */
    public OsqpSettings withLinearSystem(int maxRows, int denseRow) {
        return new OsqpSettings(rho, sigma, alpha, epsAbs, epsRel, epsPrimalInfeasible, epsDualInfeasible,
                maxIterations, adaptiveRho, adaptiveRhoInterval, adaptiveRhoTolerance, scalingIterations, polish,
                polishDelta, polishRefineIterations, checkTerminationEvery, equalityRhoScale, maxRows, denseRow);
    }
}
