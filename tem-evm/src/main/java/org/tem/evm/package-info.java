/**
 * tem's coordination round on an existing Ethereum network (Besu, go-ethereum, Nethermind, Energy
 * Web Chain, or a dev node such as Anvil): the Solidity contract {@code TemCoordination.sol}
 * (compiled by a pinned solc and shipped as a resource, {@link org.tem.evm.ContractArtifact}), and
 * its client on web3j.
 *
 * <p>{@link org.tem.evm.EvmAccount} is one key's JSON-RPC connection (signing, nonces, gas
 * estimates, receipts, confirmations, resending); {@link org.tem.evm.EvmContract} the typed
 * calls and queries of the contract; {@link org.tem.evm.EvmMeter} a meter's side of a round;
 * {@link org.tem.evm.EvmRoundVerifier} replays a round in the Java mirror of the contract
 * ({@link org.tem.solver.fixedpoint.FixedPointRound}) and compares integer for integer;
 * {@link org.tem.evm.EvmAdmmSolver} drives a whole day's round against a node. Numbers on chain
 * are the fixed-point integers of {@link org.tem.solver.fixedpoint.FixedPoint}; no floating point
 * is executed on chain.
 *
 * <p>Nothing else in tem depends on this module (a meter on tem's own ledger does not pull web3j),
 * except the examples' CLI.
 */
package org.tem.evm;
