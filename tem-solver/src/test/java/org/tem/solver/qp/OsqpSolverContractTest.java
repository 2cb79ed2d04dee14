package org.tem.solver.qp;

/** {@link OsqpSolver} (default settings: the Woodbury path where it applies) against the shared known answers. */
class OsqpSolverContractTest implements QpSolverContract {
    @Override
    public QpSolver solver() {
        return new OsqpSolver();
    }
}
