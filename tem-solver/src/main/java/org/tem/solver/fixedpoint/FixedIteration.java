package org.tem.solver.fixedpoint;

import java.math.BigInteger;
import java.util.Objects;
import org.tem.solver.contract.RoundStatus;

/**
 * What closing one iteration of an EVM round gave, exactly as the contract reports it: residuals
 * as integers in fixed-point units ({@link FixedPoint}), each the floor of the exact value.
 * Immutable.
 *
 * @param iteration the iteration closed, from 1
 * @param primal {@code ⌊‖p − p'‖₂⌋}, energy units (0 when abandoned)
 * @param dual {@code ⌊ρ·⌊‖p'_k − p'_{k−1}‖₂⌋⌋}, price units (0 when abandoned)
 * @param paper {@code Σ_links ⌊‖p'_k − p_k‖₂⌋}, energy units (0 when abandoned)
 * @param rho the ρ the iteration used, ρ units
 * @param converged whether the stopping test passed
 * @param status the round's status after the iteration
 */
public record FixedIteration(int iteration, BigInteger primal, BigInteger dual, BigInteger paper, long rho,
        boolean converged, RoundStatus status) {

    /**
     * @param iteration iteration
     * @param primal primal residual
     * @param dual dual residual
     * @param paper paper residual
     * @param rho ρ
     * @param converged converged
     * @param status status
     * @throws NullPointerException on a null residual or status
     */
    public FixedIteration {
        Objects.requireNonNull(primal, "primal");
        Objects.requireNonNull(dual, "dual");
        Objects.requireNonNull(paper, "paper");
        Objects.requireNonNull(status, "status");
    }

    /** @return the primal residual in kWh (nearest double) */
    public double primalKwh() {
        return primal.doubleValue() / FixedPoint.ENERGY_SCALE;
    }

    /** @return the dual residual in currency/kWh (nearest double) */
    public double dualPrice() {
        return dual.doubleValue() / FixedPoint.PRICE_SCALE;
    }

    /** @return the paper residual in kWh (nearest double) */
    public double paperKwh() {
        return paper.doubleValue() / FixedPoint.ENERGY_SCALE;
    }

    /** @return ρ in currency/kWh² (nearest double) */
    public double rhoValue() {
        return rho / (double) FixedPoint.RHO_SCALE;
    }
}
