package org.tem.evm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntConsumer;
import org.tem.api.Vpp;
import org.tem.solver.admm.AdmmIteration;
import org.tem.solver.admm.AdmmLinks;
import org.tem.solver.admm.AdmmListener;
import org.tem.solver.admm.AdmmOptions;
import org.tem.solver.contract.Meter;
import org.tem.solver.contract.Operator;
import org.tem.solver.contract.RoundConfig;
import org.tem.solver.contract.RoundStatus;
import org.tem.solver.contract.RoundView;
import org.tem.solver.fixedpoint.FixedIteration;
import org.tem.solver.fixedpoint.FixedPointAgent;
import org.tem.solver.fixedpoint.FixedPointRound;
import org.tem.solver.fixedpoint.FixedRoundConfig;
import org.web3j.utils.Numeric;

/**
 * Runs a round on an EVM node with the unchanged meter library: one {@link Meter} per prosumer,
 * each built from its own prosumer and tariff only and signing with its own (development) key over
 * its own {@link EvmCoordination}, and an {@link Operator} that registers, opens and watches; then
 * the same round in the Java mirror ({@link FixedPointRound} with {@link FixedPointAgent}s compiled
 * from the round's configuration as read back from the chain) and a comparison, integer for integer.
 */
final class MeterRounds {
    /** The round number the tests open. */
    static final long ROUND = 1;

    private MeterRounds() {
    }

    /** What a round on the chain ended with. */
    record Chain(EvmCoordination operator, RoundConfig config, List<AdmmIteration> observed, Map<String, Long> pay,
            List<Meter> meters, int steps) {
    }

    /** The options of the EVM test rounds: plain ADMM, the standard test at 1e-5. */
    static AdmmOptions options() {
        return AdmmOptions.DEFAULT.withAcceleration(false).withRule(AdmmOptions.StoppingRule.STANDARD)
                .withTolerances(1e-5, 1e-5).withMaxIterations(1_000);
    }

    /**
     * Deploys, funds and registers every meter, opens the round and drives it to its end.
     *
     * @param operatorAccount the operator's account
     * @param vpp the day
     * @param onIteration called on the test thread with each iteration, right after the first meter
     *     queued its submission for it (which is then in flight; e.g. to restart the node)
     * @return the chain's round
     */
    static Chain run(EvmAccount operatorAccount, Vpp vpp, IntConsumer onIteration) {
        EvmCoordination op = EvmCoordination.deploy(operatorAccount);
        Operator operator = new Operator(op, ROUND, AdmmListener.NONE, () -> 0L);
        List<Meter> meters = new ArrayList<>();
        List<EvmCoordination> channels = new ArrayList<>();
        for (int u = 0; u < vpp.size(); u++) {
            String id = vpp.prosumers().get(u).id();
            EvmAccount key = operatorAccount.withKey(EvmAdmmSolver.devKey(id, operatorAccount.address()));
            operatorAccount.send(key.address(), "0x", EvmAdmmSolver.FUNDING_WEI);
            operator.register(id, Numeric.hexStringToByteArray(key.address())).join();
            EvmCoordination mine = op.as(key);
            channels.add(mine);
            meters.add(new Meter(vpp.prosumers().get(u), vpp.market(), mine, ROUND, System::currentTimeMillis,
                    30_000));
        }
        RoundConfig config = RoundConfig.of(vpp, options(), 100, 60_000);
        operator.open(config).join();
        RoundView view = operator.poll();
        int seen = view.iteration();
        int steps = 0;
        int hooked = 0;
        long idleSince = System.nanoTime();
        while (view.open()) {
            boolean acted = false;
            for (Meter m : meters) {
                Meter.Action a = m.step();
                steps++;
                acted |= a == Meter.Action.SUBMITTED || a == Meter.Action.RESUBMITTED;
                assertTrue(a != Meter.Action.FAILED, () -> m.id() + ": " + m.failure());
                if (a == Meter.Action.SUBMITTED && m.answered() + 1 > hooked) {
                    // the first submission of a new iteration has just been queued: it is in flight now
                    hooked = m.answered() + 1;
                    onIteration.accept(hooked);
                }
            }
            view = operator.poll();
            if (view.iteration() != seen) {
                seen = view.iteration();
                idleSince = System.nanoTime();
            } else if (!acted) {
                sleep(2);
                // a watchdog, not a timing assertion: a round that stops moving fails instead of hanging
                assertTrue(System.nanoTime() - idleSince < 120_000_000_000L, "the round stopped moving at iteration "
                        + seen + ": " + meters.stream().map(m -> m.lastError().map(Throwable::getMessage).orElse(""))
                                .toList());
            }
        }
        for (EvmCoordination c : channels) {
            c.close();
        }
        return new Chain(op, op.config(ROUND), operator.history(), operator.settlements(), meters, steps);
    }

    /**
     * The same round in the Java mirror, with agents compiled from the configuration the chain holds.
     *
     * @param vpp the day
     * @param config the round's configuration as read from the chain
     * @return the mirror after the round, and every closed iteration
     */
    static Mirror mirror(Vpp vpp, RoundConfig config) {
        FixedPointRound round = new FixedPointRound(FixedRoundConfig.of(config));
        AdmmLinks links = round.links();
        List<FixedPointAgent> agents = new ArrayList<>();
        for (int u = 0; u < vpp.size(); u++) {
            agents.add(new FixedPointAgent(config.agentFor(vpp.prosumers().get(u), vpp.market())));
        }
        List<FixedIteration> history = new ArrayList<>();
        while (round.status() == RoundStatus.OPEN) {
            Optional<FixedIteration> closed = Optional.empty();
            for (int u = 0; u < vpp.size() && closed.isEmpty(); u++) {
                if (round.excluded(u)) {
                    continue;
                }
                boolean[] frozen = new boolean[links.end(u) - links.start(u)];
                long[] limits = new long[frozen.length];
                for (int i = 0; i < frozen.length; i++) {
                    frozen[i] = round.frozen(links.start(u) + i);
                    limits[i] = round.limit(links.start(u) + i);
                }
                FixedPointAgent.Proposal p = agents.get(u).propose(round.rho(), round.twiceAuxiliary(u),
                        round.lambda(u), frozen, limits);
                assertTrue(p.solved(), p.reason());
                closed = round.submit(u, p.trades());
            }
            history.add(closed.orElseGet(round::close));
        }
        return new Mirror(round, history);
    }

    /** The mirror's round and its closed iterations. */
    record Mirror(FixedPointRound round, List<FixedIteration> history) {
    }

    /**
     * Asserts that the chain's round equals the mirror's integer for integer: status, iteration, ρ,
     * residuals and active count; every participant's {@code 2p'}, λ and standing trades; every
     * iteration the operator observed; every payment (summing to zero).
     */
    static void assertSame(Chain chain, Mirror mirror) {
        EvmContract c = chain.operator().contract();
        FixedPointRound m = mirror.round();
        EvmContract.RoundView v = c.round(ROUND);
        FixedIteration last = mirror.history().get(mirror.history().size() - 1);
        assertEquals(m.status(), v.status(), "status");
        assertEquals(m.iteration(), v.iteration(), "iterations");
        assertEquals(m.rho(), v.rho(), "rho");
        assertEquals(last.primal(), v.primal(), "primal residual");
        assertEquals(last.dual(), v.dual(), "dual residual");
        assertEquals(last.paper(), v.paper(), "paper residual");
        assertEquals(m.active(), v.active(), "active");
        int slots = chain.config().slots();
        for (int u = 0; u < chain.config().participants().size(); u++) {
            EvmContract.Broadcast b = c.broadcast(ROUND, u, slots);
            String who = "participant " + u + ": ";
            assertArrayEquals(m.twiceAuxiliary(u), b.twiceAux(), who + "2p'");
            assertArrayEquals(m.lambda(u), b.lambda(), who + "lambda");
            assertArrayEquals(m.standing(u), c.standing(ROUND, u, slots), who + "standing trades");
        }
        assertTrue(!chain.observed().isEmpty(), "the operator observed iterations closing");
        for (AdmmIteration it : chain.observed()) {
            FixedIteration f = mirror.history().get(it.iteration() - 1);
            assertEquals(f.primalKwh(), it.primalResidual(), "primal of iteration " + it.iteration());
            assertEquals(f.dualPrice(), it.dualResidual(), "dual of iteration " + it.iteration());
            assertEquals(f.paperKwh(), it.paperResidual(), "paper of iteration " + it.iteration());
        }
        assertEquals(RoundStatus.FINAL, v.status(), "the round settled");
        long[] payments = m.payments();
        List<Long> onChain = new ArrayList<>(chain.pay().values());
        assertEquals(payments.length, onChain.size());
        for (int u = 0; u < payments.length; u++) {
            assertEquals(payments[u], onChain.get(u).longValue(), "payment of participant " + u);
        }
        assertEquals(0L, onChain.stream().mapToLong(Long::longValue).sum(), "payments sum to exactly zero");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
