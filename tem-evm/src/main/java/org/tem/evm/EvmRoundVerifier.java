package org.tem.evm;

import java.math.BigInteger;
import java.util.Arrays;
import org.tem.solver.fixedpoint.FixedIteration;
import org.tem.solver.fixedpoint.FixedPointRound;
import org.tem.solver.fixedpoint.FixedRoundConfig;

/**
 * Checks a round on chain against the Java mirror of the contract ({@link FixedPointRound}): fed
 * with the trades each participant submitted (as the chain holds them), it closes each iteration in
 * the mirror and compares, integer for integer, the round's status, iteration, ρ, residuals and
 * active count and every participant's broadcast ({@code 2p'}, λ, frozen links, exclusion). Any
 * meter can run it to check the chain's arithmetic. Not thread-safe.
 */
public final class EvmRoundVerifier {
    private final EvmContract contract;
    private final long round;
    private final FixedPointRound mirror;
    private int checked;

    /**
     * @param contract the contract (any account)
     * @param round the round
     * @param config the round's configuration, as opened
     */
    public EvmRoundVerifier(EvmContract contract, long round, FixedRoundConfig config) {
        this.contract = contract;
        this.round = round;
        this.mirror = new FixedPointRound(config);
    }

    /**
     * Replays one closed iteration: reads the standing trades of those who submitted in it from the
     * chain, submits them to the mirror, closes the mirror's iteration if they did not all submit,
     * and compares everything.
     *
     * @param submitters the indices of the participants that submitted in the iteration
     * @return the mirror's account of the iteration
     * @throws IllegalStateException naming the first value where chain and mirror differ
     */
    public FixedIteration replay(int... submitters) {
        return replay(contract, submitters);
    }

    /**
     * {@link #replay(int...)} reading the chain as a given block left it (every read at that one
     * block, not at blocks mined meanwhile; see {@link EvmContract#atBlock}): the block must hold
     * the iteration's close and nothing of the next iteration.
     *
     * @param block a block number at which the iteration is closed
     * @param submitters the indices of the participants that submitted in the iteration
     * @return the mirror's account of the iteration
     * @throws IllegalStateException naming the first value where chain and mirror differ
     */
    public FixedIteration replayAt(long block, int... submitters) {
        return replay(contract.atBlock(block), submitters);
    }

    private FixedIteration replay(EvmContract chain, int... submitters) {
        int k = mirror.iteration();
        int slots = mirror.config().slots();
        java.util.Optional<FixedIteration> closed = java.util.Optional.empty();
        for (int u : submitters) {
            closed = mirror.submit(u, chain.standing(round, u, slots));
        }
        FixedIteration it = closed.orElseGet(mirror::close);
        compare(chain, k);
        checked++;
        return it;
    }

    /** @return the mirror (its state after the last replayed iteration) */
    public FixedPointRound mirror() {
        return mirror;
    }

    /** @return iterations checked so far */
    public int checked() {
        return checked;
    }

    private void compare(EvmContract chain, int k) {
        EvmContract.RoundView view = chain.round(round);
        FixedIteration last = mirror.last().orElseThrow();
        same(k, "status", view.status(), mirror.status());
        same(k, "iteration", view.iteration(), mirror.iteration());
        same(k, "rho", view.rho(), mirror.rho());
        same(k, "primal", view.primal(), last.primal());
        same(k, "dual", view.dual(), last.dual());
        same(k, "paper", view.paper(), last.paper());
        same(k, "active", view.active(), mirror.active());
        int slots = mirror.config().slots();
        for (int u = 0; u < mirror.links().prosumers(); u++) {
            EvmContract.Broadcast b = chain.broadcast(round, u, slots);
            same(k, "excluded[" + u + "]", b.excluded(), mirror.excluded(u));
            if (!Arrays.deepEquals(b.twiceAux(), mirror.twiceAuxiliary(u))) {
                throw new IllegalStateException("iteration " + k + ": 2p' of participant " + u + " differs");
            }
            if (!Arrays.deepEquals(b.lambda(), mirror.lambda(u))) {
                throw new IllegalStateException("iteration " + k + ": lambda of participant " + u + " differs");
            }
            for (int i = 0; i < b.frozen().length; i++) {
                same(k, "frozen[" + u + "][" + i + "]", b.frozen()[i],
                        mirror.frozen(mirror.links().start(u) + i));
            }
        }
    }

    private static void same(int k, String what, Object chain, Object java) {
        Object a = chain instanceof Integer i ? Long.valueOf(i) : chain;
        Object b = java instanceof Integer i ? Long.valueOf(i) : java;
        if (a instanceof BigInteger x && b instanceof BigInteger y ? x.compareTo(y) != 0 : !a.equals(b)) {
            throw new IllegalStateException("iteration " + k + ": " + what + " on chain " + chain + ", in Java " + java);
        }
    }
}
