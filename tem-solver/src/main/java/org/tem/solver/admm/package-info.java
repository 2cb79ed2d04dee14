/**
 * ADMM (docs/model.md, "ADMM"): the deterministic kernel ({@link org.tem.solver.admm.AdmmKernel},
 * {@link org.tem.solver.admm.AdmmState}) shared with the on-ledger contract, the
 * {@link org.tem.solver.admm.TradingAgent} boundary that keeps prosumer data private, the in-process
 * {@link org.tem.solver.admm.AdmmCoordinator} and the VPP-level {@link org.tem.solver.admm.AdmmSolver}.
 */
package org.tem.solver.admm;
