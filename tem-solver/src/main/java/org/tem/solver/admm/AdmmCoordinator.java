package org.tem.solver.admm;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Algorithm 1 of the paper, in process: broadcast {@code p'} and {@code λ}, let every agent solve
 * its local problem (in parallel on an executor), run the coordination step ({@link AdmmState}),
 * repeat until the stopping test passes or the cap is reached.
 *
 * <p>The coordinator holds agents only as {@link TradingAgent}s: it never sees a prosumer, only
 * trade vectors. Results are collected in agent order and the kernel runs on one thread, so a run
 * is deterministic whatever the executor: the same inputs give bit-identical iterates.
 *
 * <p>A {@link SilenceSchedule} says which agents do not answer in which iteration; the coordinator
 * does not ask them (they compute nothing, as a silent meter) and {@link AdmmState}'s deadline rule
 * handles them exactly as the ledger contract does: excluded if silent when iteration 1 closes or
 * after {@link AdmmOptions#missLimit()} consecutive misses, their last trades standing until then.
 * Excluded agents are never asked again, and their peers are told which links are frozen.
 */
public final class AdmmCoordinator {
    private final AdmmLinks links;
    private final List<TradingAgent> agents;
    private final AdmmOptions options;
    private final ExecutorService executor;
    private final SilenceSchedule silence;

    /**
     * A coordinator whose agents always answer.
     *
     * @param links the trade links; agent {@code u} owns links {@code [links.start(u), links.end(u))}
     * @param agents one agent per prosumer, in the links' order
     * @param options the settings
     * @param executor runs the local solves in parallel; null to run them on the caller's thread
     * @throws IllegalArgumentException when the agents do not match the links
     */
    public AdmmCoordinator(AdmmLinks links, List<? extends TradingAgent> agents, AdmmOptions options,
            ExecutorService executor) {
        this(links, agents, options, executor, SilenceSchedule.NONE);
    }

    /**
     * @param links the trade links; agent {@code u} owns links {@code [links.start(u), links.end(u))}
     * @param agents one agent per prosumer, in the links' order
     * @param options the settings
     * @param executor runs the local solves in parallel; null to run them on the caller's thread
     * @param silence which agents stay silent in which iteration
     * @throws IllegalArgumentException when the agents do not match the links
     */
    public AdmmCoordinator(AdmmLinks links, List<? extends TradingAgent> agents, AdmmOptions options,
            ExecutorService executor, SilenceSchedule silence) {
        if (agents.size() != links.prosumers()) {
            throw new IllegalArgumentException("agents: need " + links.prosumers() + ", got " + agents.size());
        }
        for (int u = 0; u < agents.size(); u++) {
            TradingAgent a = agents.get(u);
            if (!a.id().equals(links.ids().get(u)) || a.links() != links.end(u) - links.start(u)) {
                throw new IllegalArgumentException("agents[" + u + "]: '" + a.id() + "' with " + a.links()
                        + " links does not match '" + links.ids().get(u) + "' with " + (links.end(u) - links.start(u)));
            }
        }
        this.links = links;
        this.agents = List.copyOf(agents);
        this.options = options;
        this.executor = executor;
        this.silence = java.util.Objects.requireNonNull(silence, "silence");
    }

    /**
     * Runs to convergence, the iteration cap, an agent's failure, or the exclusion of everybody.
     *
     * @param listener receives a report after every iteration
     * @return the outcome
     */
    public AdmmOutcome run(AdmmListener listener) {
        return run(listener, new AdmmState(links, options));
    }

    /**
     * Runs from a given starting state (a warm start, {@link AdmmState#AdmmState(AdmmLinks,
     * AdmmOptions, WarmStart)}) to convergence, the iteration cap, an agent's failure, or the
     * exclusion of everybody.
     *
     * <p>Each iteration every answering agent solves its local problem; when the state holds a
     * candidate settlement ({@link AdmmState#candidate()}, under
     * {@link AdmmOptions.StoppingRule#SETTLED}) each also says whether it can absorb its part of
     * {@link AdmmState#settledTrades()}, and the run ends when all active agents can.
     *
     * @param listener receives a report after every iteration
     * @param state the starting state, for this coordinator's links and options, at iteration 0; it
     *     is stepped by the run
     * @return the outcome; its {@link AdmmOutcome#auxiliary()} is the settled trades
     * @throws IllegalArgumentException when the state has already been stepped
     */
    public AdmmOutcome run(AdmmListener listener, AdmmState state) {
        if (state.iteration() != 0) {
            throw new IllegalArgumentException("state: must start at iteration 0, was at " + state.iteration());
        }
        long started = System.nanoTime();
        List<AdmmIteration> history = new ArrayList<>();
        double[][] p = new double[links.size()][links.slots()];
        while (state.iteration() < options.maxIterations()) {
            int k = state.iteration() + 1;
            boolean[] answering = new boolean[links.prosumers()];
            for (int u = 0; u < answering.length; u++) {
                answering[u] = !state.excluded(u) && !silence.silent(u, k);
            }
            List<Answer> answers = askAll(state, answering);
            boolean[] absorbed = new boolean[links.prosumers()];
            for (int u = 0; u < answers.size(); u++) {
                Answer answer = answers.get(u);
                if (answer == null) {
                    continue;
                }
                if (!answer.proposal.solved()) {
                    return new AdmmOutcome(AdmmOutcome.Status.AGENT_FAILED, state.iteration(), history, p,
                            state.settledTrades(), agents.get(u).id(), agents.get(u).id()
                            + ": local problem not solved (" + answer.proposal.reason() + ")", excludedIds(state),
                            state.duals());
                }
                absorbed[u] = answer.absorbed;
                double[][] mine = answer.proposal.trades();
                for (int l = links.start(u); l < links.end(u); l++) {
                    p[l] = mine[l - links.start(u)].clone();
                }
            }
            AdmmIteration it = state.step(p, answering, absorbed).withElapsed(System.nanoTime() - started);
            history.add(it);
            listener.onIteration(it);
            if (state.abandoned()) {
                return new AdmmOutcome(AdmmOutcome.Status.ABANDONED, state.iteration(), history, p,
                        state.settledTrades(), "", "every prosumer was excluded for missing its deadlines",
                        excludedIds(state), state.duals());
            }
            if (it.converged()) {
                return new AdmmOutcome(AdmmOutcome.Status.CONVERGED, state.iteration(), history, state.standingTrades(),
                        state.settledTrades(), "", "", excludedIds(state), state.duals());
            }
        }
        return new AdmmOutcome(AdmmOutcome.Status.MAX_ITERATIONS, state.iteration(), history, state.standingTrades(),
                state.settledTrades(), "", "iteration cap " + options.maxIterations() + " reached", excludedIds(state),
                state.duals());
    }

    private List<String> excludedIds(AdmmState state) {
        List<String> out = new ArrayList<>();
        for (int u : state.excluded()) {
            out.add(links.ids().get(u));
        }
        return out;
    }

    /** An agent's answer in one iteration: its proposal, and whether it absorbs the candidate. */
    private record Answer(TradingAgent.Proposal proposal, boolean absorbed) {
    }

    /** Asks every answering agent (in parallel on the executor); a null entry for those not asked. */
    private List<Answer> askAll(AdmmState state, boolean[] answering) {
        double rho = state.rho();
        boolean candidate = state.candidate();
        double[][] settled = candidate ? state.settledTrades() : null;
        List<java.util.concurrent.Callable<Answer>> tasks = new ArrayList<>(agents.size());
        for (int u = 0; u < agents.size(); u++) {
            if (!answering[u]) {
                tasks.add(null);
                continue;
            }
            TradingAgent agent = agents.get(u);
            double[][] target = state.auxiliary(links.start(u), links.end(u));
            double[][] lambda = state.lambda(links.start(u), links.end(u));
            boolean[] frozen = state.frozen(links.start(u), links.end(u));
            double[][] mine = candidate ? java.util.Arrays.copyOfRange(settled, links.start(u), links.end(u)) : null;
            tasks.add(() -> {
                boolean absorbed = mine != null && agent.absorb(mine).absorbed();
                return new Answer(agent.propose(rho, target, lambda, frozen), absorbed);
            });
        }
        List<Answer> out = new ArrayList<>(agents.size());
        if (executor == null) {
            for (java.util.concurrent.Callable<Answer> task : tasks) {
                try {
                    out.add(task == null ? null : task.call());
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IllegalStateException("an agent failed: " + e, e);
                }
            }
            return out;
        }
        List<Future<Answer>> futures = new ArrayList<>(agents.size());
        for (java.util.concurrent.Callable<Answer> task : tasks) {
            futures.add(task == null ? null : executor.submit(task));
        }
        for (Future<Answer> f : futures) {
            if (f == null) {
                out.add(null);
                continue;
            }
            try {
                out.add(f.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while agents were solving", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("an agent failed: " + e.getCause(), e.getCause());
            }
        }
        return out;
    }
}
