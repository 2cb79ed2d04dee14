/**
 * A small convex-QP layer of our own: {@link org.tem.solver.qp.QpProblem} (sparse {@code P} and
 * {@code A}, row and variable bounds), {@link org.tem.solver.qp.QpSolver} with warm starts, and
 * statuses instead of exceptions. Three implementations: {@link org.tem.solver.qp.OsqpSolver}, an
 * operator-splitting solver (OSQP, Stellato et al. 2020) over one cached sparse factorisation with
 * polishing and infeasibility detection, fast on the warm-started local problems of ADMM;
 * {@link org.tem.solver.qp.IpmSolver}, a sparse primal-dual interior point (Mehrotra predictor-corrector,
 * normal equations factorised by a supernodal sparse Cholesky of our own) for the large, LP-like central
 * problem, which it solves in tens of iterations at any size; and {@link org.tem.solver.qp.OjAlgoSolver},
 * ojAlgo's {@code ConvexSolver}, the independent reference used by the tests.
 */
package org.tem.solver.qp;
