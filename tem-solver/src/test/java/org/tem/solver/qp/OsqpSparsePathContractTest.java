package org.tem.solver.qp;

/** {@link OsqpSolver} forced onto its general sparse-Cholesky path, against the shared known answers. */
class OsqpSparsePathContractTest implements QpSolverContract {
    @Override
    public QpSolver solver() {
        return new OsqpSolver(OsqpSettings.DEFAULT.withLinearSystem(0, 200));
    }
}
