/**
 * The coordination contract: ADMM's coordination step (the paper's Algorithm 1) as a contract that
 * any tem ledger runs, and the meter side that takes part in it.
 *
 * <p>{@link org.tem.solver.contract.CoordinationContract} is registered at genesis; the operator
 * registers meters and opens rounds described by a {@link org.tem.solver.contract.RoundConfig};
 * meters ({@link org.tem.solver.contract.Meter}) submit their trades each iteration; the
 * contract steps the same {@link org.tem.solver.admm.AdmmState} as the in-process coordinator, so
 * both agree bit for bit, and settles payments exactly in integer minor units
 * ({@link org.tem.solver.contract.Settlement}). Every transaction argument is hostile: it is
 * decoded with allocations bounded by its bytes ({@link org.tem.solver.contract.Codec}), checked
 * against the round's bounds, and either accepted whole or rejected with a reason and no change.
 * Deadlines are judged on the chain's median block time, and a silent meter is excluded rather
 * than billed or waited for.
 *
 * <p>Meters and the operator ({@link org.tem.solver.contract.Operator}) reach the contract through
 * {@link org.tem.solver.contract.Coordination}, the coordination as typed operations (writes as
 * futures that complete when final, reads as records); {@link org.tem.solver.contract.ContractCoordination}
 * implements it over a raw {@link org.tem.solver.contract.CoordinationChannel} that the node
 * supplies. A meter compiles its local problem from its own prosumer and the round's
 * {@link org.tem.solver.contract.RoundConfig} read from the ledger, never from its neighbours' data.
 */
package org.tem.solver.contract;
