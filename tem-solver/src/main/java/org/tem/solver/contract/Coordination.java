package org.tem.solver.contract;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The coordination of ADMM rounds as typed operations: what a meter ({@link Meter}) and an
 * operator ({@link Operator}) need of a ledger, whichever ledger runs the coordination contract.
 * {@link ContractCoordination} implements it over tem's own ledger; an adapter for another ledger
 * (an EVM contract) implements the same interface, so meters and operators run unchanged on it.
 *
 * <p><b>Writes</b> ({@link #register}, {@link #openRound}, {@link #submit}, {@link #advance}) are
 * signed by the party this instance belongs to and never block: each returns a future that
 * completes normally when the call is in a final block and succeeded there, and exceptionally
 * with a {@link CoordinationException} — {@link CoordinationException.Kind#REFUSED} with the
 * contract's reason when it failed there, {@link CoordinationException.Kind#NOT_EXECUTED} when
 * the ledger did not take it or it was lost. A future may never complete if the transaction is
 * lost silently; callers that care (the meter does) give up on it after a timeout of their own.
 *
 * <p><b>Reads</b> return the contract's state at the point the implementation documents (the
 * head or the last final block) and throw {@link CoordinationException}: REFUSED when the
 * contract refuses the query (an unknown round, a closed one where an open one is needed, a
 * prosumer not in the round), MALFORMED when the answer does not decode. Every answer is treated
 * as hostile: decoding allocates in proportion to its bytes and checks every shape.
 *
 * <p>Units and signs: trades in kWh per slot, positive = bought; payments in integer minor units
 * of the round's currency, positive = pays; times in milliseconds of median block time.
 */
public interface Coordination {

    /**
     * The operator binds a prosumer id to the address that signs its submissions.
     *
     * @param id the prosumer id, 1 to {@link RoundConfig#MAX_ID_CHARS} characters
     * @param address the 20-byte address of the meter's key
     * @return completes when the registration is final
     */
    CompletableFuture<Void> register(String id, byte[] address);

    /**
     * The operator opens a round; its iteration 1 opens at once.
     *
     * @param round a new, positive round number
     * @param config the round's configuration
     * @return completes when the round is open in a final block
     */
    CompletableFuture<Void> openRound(long round, RoundConfig config);

    /**
     * A participant's trades for the open iteration (the paper's Func B). The coordination step
     * takes every trade rounded to a whole number of 10⁻⁹ kWh
     * ({@link org.tem.solver.admm.TradeQuantum}), so an implementation may send them so rounded.
     *
     * @param round the round
     * @param iteration the open iteration
     * @param trades the participant's trades (its links × slots), kWh, positive = bought
     * @param absorbed whether it can absorb its part of the candidate settlement its broadcast
     *     showed (false when there was none)
     * @return completes when the submission is final and accepted
     */
    CompletableFuture<Void> submit(long round, int iteration, double[][] trades, boolean absorbed);

    /**
     * A participant or the operator closes the open iteration without the missing submissions,
     * once its deadline ({@link RoundView#deadlineMillis()}) has passed in median block time.
     *
     * @param round the round
     * @return completes when the iteration is closed in a final block
     */
    CompletableFuture<Void> advance(long round);

    /**
     * @param round a round
     * @return the round's public state
     * @throws CoordinationException REFUSED for an unknown round, MALFORMED for a bad answer
     */
    RoundView round(long round);

    /**
     * @param round an open round
     * @param id a participant
     * @return what the coordination tells that participant for the open iteration
     * @throws CoordinationException REFUSED when the round is unknown or closed or the prosumer
     *     does not take part; MALFORMED for a bad answer
     */
    Broadcast broadcast(long round, String id);

    /**
     * @param round a round
     * @return the configuration the round was opened with (validated as on the ledger)
     * @throws CoordinationException REFUSED for an unknown round, MALFORMED for a bad answer
     */
    RoundConfig config(long round);

    /**
     * @param round a round
     * @param id a participant
     * @return whether its submission for the open iteration has been received
     * @throws CoordinationException REFUSED for an unknown round or prosumer, MALFORMED for a
     *     bad answer
     */
    boolean submitted(long round, String id);

    /**
     * @param round a round
     * @return the ids the deadline rule excluded, in the round's participant order
     * @throws CoordinationException REFUSED for an unknown round, MALFORMED for a bad answer
     */
    List<String> excluded(long round);

    /**
     * @param round a closed round
     * @param id a participant
     * @return the settled trades of that participant's links (links × slots), kWh, positive =
     *     bought; zero everywhere unless the round is {@link RoundStatus#FINAL}
     * @throws CoordinationException REFUSED while the round is open or for an unknown round or
     *     prosumer; MALFORMED for a bad answer
     */
    double[][] settled(long round, String id);

    /**
     * @param round a final round
     * @param id a participant
     * @return its payment, minor units, positive = pays; all payments of a round sum to zero
     * @throws CoordinationException REFUSED before settlement or for an unknown round or prosumer;
     *     MALFORMED for a bad answer
     */
    long settlement(long round, String id);
}
