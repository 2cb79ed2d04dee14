/**
 * tem's coordination round on an existing Ethereum network (Besu, go-ethereum, Nethermind, Energy
 * Web Chain, or a dev node such as Anvil): the Solidity contract {@code TemCoordination.sol}
 * (compiled by a pinned solc and shipped as a resource, {@link org.tem.evm.ContractArtifact}), and
 * its client on web3j.
 *
 * <p>{@link org.tem.evm.EvmCoordination} implements tem's typed coordination interface
 * ({@link org.tem.solver.contract.Coordination}) over the contract, so the meter library
 * ({@link org.tem.solver.contract.Meter}) and the operator ({@link org.tem.solver.contract.Operator})
 * run on an EVM node unchanged. Underneath, {@link org.tem.evm.EvmAccount} is one key's JSON-RPC
 * connection (signing, nonces, gas estimates, receipts, confirmations, resending);
 * {@link org.tem.evm.EvmContract} the raw calls and queries of the contract in its fixed-point
 * units;
 * {@link org.tem.evm.EvmRoundVerifier} replays a round in the Java mirror of the contract
 * ({@link org.tem.solver.fixedpoint.FixedPointRound}) and compares integer for integer;
 * {@link org.tem.evm.EvmAdmmSolver} drives a whole day's round against a node with those same
 * meters and operator. Numbers on chain
 * are the fixed-point integers of {@link org.tem.solver.fixedpoint.FixedPoint}; no floating point
 * is executed on chain.
 *
 * <p>Nothing else in tem depends on this module (a meter on tem's own ledger does not pull web3j),
 * except the examples' CLI.
 */
package org.tem.evm;
