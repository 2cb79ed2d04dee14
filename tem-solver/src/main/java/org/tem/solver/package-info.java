/**
 * Solvers: {@link org.tem.solver.LocalProblem} compiles one prosumer (plus the ADMM penalty) into a
 * QP, {@link org.tem.solver.CentralProblem} and {@link org.tem.solver.CentralSolver} solve the whole
 * VPP as one QP (docs/model.md eq. 3). The QP layer is in {@code org.tem.solver.qp}, ADMM in
 * {@code org.tem.solver.admm}; {@code org.tem.solver.internal} is not API.
 */
package org.tem.solver;
