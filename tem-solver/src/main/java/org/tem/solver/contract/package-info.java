/**
 * The coordination contract: ADMM's coordination step (the paper's Algorithm 1) as a contract that
 * any tem ledger runs, and the meter side that takes part in it.
 *
 * <p>{@link org.tem.solver.contract.CoordinationContract} is registered at genesis; the operator
 * registers meters and opens rounds described by a {@link org.tem.solver.contract.RoundConfig};
 * meters ({@link org.tem.solver.contract.MeterClient}) submit their trades each iteration; the
 * contract steps the same {@link org.tem.solver.admm.AdmmState} as the in-process coordinator, so
 * both agree bit for bit, and settles payments exactly in integer minor units
 * ({@link org.tem.solver.contract.Settlement}). Every transaction argument is hostile: it is
 * decoded with allocations bounded by its bytes ({@link org.tem.solver.contract.Codec}), checked
 * against the round's bounds, and either accepted whole or rejected with a reason and no change.
 * Deadlines are judged on the chain's median block time, and a silent meter is excluded rather
 * than billed or waited for.
 */
package org.tem.solver.contract;
