package org.tem.solver.qp;

/**
 * The ojAlgo reference against the shared known answers. ojAlgo hands a linear programme to its simplex
 * solver, which reports no usable multipliers.
 */
class OjAlgoSolverContractTest implements QpSolverContract {
    @Override
    public QpSolver solver() {
        return new OjAlgoSolver();
    }

    @Override
    public boolean reportsLinearProgrammeMultipliers() {
        return false;
    }
}
