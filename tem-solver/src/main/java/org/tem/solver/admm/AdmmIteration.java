package org.tem.solver.admm;

/**
 * What one ADMM iteration reports (to listeners, the residual history, and the ledger).
 *
 * @param iteration the iteration number, from 1
 * @param primalResidual {@code r = ‖p − p'‖₂}
 * @param dualResidual {@code s = ρ‖p'^k − p'^{k−1}‖₂} (with the ρ used in this iteration)
 * @param paperResidual {@code Σ_links ‖p' − p‖₂}, the paper's stopping quantity
 * @param rho the ρ used in this iteration
 * @param converged whether the stopping test passed
 * @param elapsedNanos wall time since the run started (0 where no clock is allowed, as on the ledger)
 */
public record AdmmIteration(int iteration, double primalResidual, double dualResidual, double paperResidual,
        double rho, boolean converged, long elapsedNanos) {

    /**
     * @param nanos wall time since the run started
     * @return a copy with that time
     */
    public AdmmIteration withElapsed(long nanos) {
        return new AdmmIteration(iteration, primalResidual, dualResidual, paperResidual, rho, converged, nanos);
    }
}
