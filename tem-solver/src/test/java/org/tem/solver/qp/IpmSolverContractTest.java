package org.tem.solver.qp;

/** {@link IpmSolver} against the shared known answers; it supports a diagonal P only. */
class IpmSolverContractTest implements QpSolverContract {
    @Override
    public QpSolver solver() {
        return new IpmSolver();
    }

    @Override
    public boolean supportsGeneralQuadratic() {
        return false;
    }
}
