/**
 * A small convex-QP layer of our own: {@link org.tem.solver.qp.QpProblem} (sparse {@code P} and
 * {@code A}, row and variable bounds), {@link org.tem.solver.qp.QpSolver} with warm starts, and
 * statuses instead of exceptions. Two implementations: {@link org.tem.solver.qp.OsqpSolver}, an
 * operator-splitting solver (OSQP, Stellato et al. 2020) over one cached sparse factorisation with
 * polishing and infeasibility detection, the fast one; and
 * {@link org.tem.solver.qp.OjAlgoSolver}, ojAlgo's {@code ConvexSolver}, the independent
 * reference used by the tests.
 */
package org.tem.solver.qp;
