/**
 * The reference proof-of-authority: the engine {@link org.tem.consensus.poa.PoaConsensus}
 * (the {@link org.tem.consensus.Consensus} SPI: sealing, verification, fork choice, finality,
 * operator votes) over a chain's {@link org.tem.consensus.poa.PoaParams}, built from pure values
 * and functions that need no node, so that integrators and auditors can test each rule on its
 * own.
 *
 * <ul>
 *   <li>{@link org.tem.consensus.poa.PoaSnapshot}: who may seal and the votes that add or drop
 *       signers, after each block; Clique (EIP-225) in go-ethereum's order of operations, with
 *       two documented deviations. {@link org.tem.consensus.poa.PoaHeaderData} is what a header
 *       carries for it.</li>
 *   <li>{@link org.tem.consensus.poa.PoaFinality}: which blocks can never be reverted, from a
 *       chain's own seals (Casper FFG's rules, made implicit in Clique's seals); its Javadoc
 *       states the fault model and argues safety and liveness. {@link
 *       org.tem.consensus.poa.PoaSignerGuard} is what an honest signer remembers to vote
 *       safely.</li>
 *   <li>{@link org.tem.consensus.poa.PoaForkChoice}: Clique's heaviest-chain rule with EIP-3436's
 *       tie-breaks, and the amendment that puts justified finality first.</li>
 *   <li>{@link org.tem.consensus.poa.PoaEquivocationDetector}: evidence of a signer casting
 *       conflicting finality votes.</li>
 * </ul>
 *
 * Every value here is immutable and every encoding is canonical and decoded within a stated
 * size bound; untrusted input is rejected with a reason ({@link
 * org.tem.consensus.poa.PoaRejection}, {@link org.tem.consensus.poa.PoaDataException}) and
 * changes no state.
 */
package org.tem.consensus.poa;
