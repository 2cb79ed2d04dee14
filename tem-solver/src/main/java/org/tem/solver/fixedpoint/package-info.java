/**
 * The coordination round of tem on an EVM chain, in Java: the fixed-point formats
 * ({@link org.tem.solver.fixedpoint.FixedPoint}), the round's configuration in those units
 * ({@link org.tem.solver.fixedpoint.FixedRoundConfig}), and a mirror of the Solidity contract's
 * rules and integer arithmetic ({@link org.tem.solver.fixedpoint.FixedPointRound},
 * {@link org.tem.solver.fixedpoint.FixedSettlement}) that reproduces its {@code p'}, λ, residuals,
 * stopping decisions and payments bit for bit, so any meter can check the chain's arithmetic.
 * {@link org.tem.solver.fixedpoint.FixedPointAgent} is a meter's bridge from the broadcast's
 * integers to its local solver, and {@link org.tem.solver.fixedpoint.ReciprocalCost} the true
 * cost of a round's settled trades.
 *
 * <p>Pure Java, no chain client: the web3j side lives in the {@code tem-evm} module.
 */
package org.tem.solver.fixedpoint;
