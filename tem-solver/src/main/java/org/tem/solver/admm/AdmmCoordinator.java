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
        long started = System.nanoTime();
        AdmmState state = new AdmmState(links, options);
        List<AdmmIteration> history = new ArrayList<>();
        double[][] p = new double[links.size()][links.slots()];
        double[][] aux = state.auxiliary(0, links.size());
        while (state.iteration() < options.maxIterations()) {
            int k = state.iteration() + 1;
            boolean[] answering = new boolean[links.prosumers()];
            for (int u = 0; u < answering.length; u++) {
                answering[u] = !state.excluded(u) && !silence.silent(u, k);
            }
            List<TradingAgent.Proposal> proposals = proposeAll(state, answering);
            for (int u = 0; u < proposals.size(); u++) {
                TradingAgent.Proposal proposal = proposals.get(u);
                if (proposal == null) {
                    continue;
                }
                if (!proposal.solved()) {
                    return new AdmmOutcome(AdmmOutcome.Status.AGENT_FAILED, state.iteration(), history, p, aux,
                            agents.get(u).id(), agents.get(u).id() + ": local problem not solved (" + proposal.reason()
                            + ")", excludedIds(state));
                }
                double[][] mine = proposal.trades();
                for (int l = links.start(u); l < links.end(u); l++) {
                    p[l] = mine[l - links.start(u)].clone();
                }
            }
            AdmmIteration it = state.step(p, answering).withElapsed(System.nanoTime() - started);
            history.add(it);
            listener.onIteration(it);
            aux = state.auxiliary(0, links.size());
            if (state.abandoned()) {
                return new AdmmOutcome(AdmmOutcome.Status.ABANDONED, state.iteration(), history, p, aux, "",
                        "every prosumer was excluded for missing its deadlines", excludedIds(state));
            }
            if (it.converged()) {
                return new AdmmOutcome(AdmmOutcome.Status.CONVERGED, state.iteration(), history, state.standingTrades(),
                        aux, "", "", excludedIds(state));
            }
        }
        return new AdmmOutcome(AdmmOutcome.Status.MAX_ITERATIONS, state.iteration(), history, state.standingTrades(),
                aux, "", "iteration cap " + options.maxIterations() + " reached", excludedIds(state));
    }

    private List<String> excludedIds(AdmmState state) {
        List<String> out = new ArrayList<>();
        for (int u : state.excluded()) {
            out.add(links.ids().get(u));
        }
        return out;
    }

    /** Asks every answering agent; a null entry for those not asked. */
    private List<TradingAgent.Proposal> proposeAll(AdmmState state, boolean[] answering) {
        double rho = state.rho();
        List<TradingAgent.Proposal> out = new ArrayList<>(agents.size());
        if (executor == null) {
            for (int u = 0; u < agents.size(); u++) {
                out.add(answering[u] ? propose(u, rho, state) : null);
            }
            return out;
        }
        List<Future<TradingAgent.Proposal>> futures = new ArrayList<>(agents.size());
        for (int u = 0; u < agents.size(); u++) {
            if (!answering[u]) {
                futures.add(null);
                continue;
            }
            int agent = u;
            double[][] target = state.auxiliary(links.start(u), links.end(u));
            double[][] lambda = state.lambda(links.start(u), links.end(u));
            boolean[] frozen = state.frozen(links.start(u), links.end(u));
            futures.add(executor.submit(() -> agents.get(agent).propose(rho, target, lambda, frozen)));
        }
        for (Future<TradingAgent.Proposal> f : futures) {
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

    private TradingAgent.Proposal propose(int u, double rho, AdmmState state) {
        return agents.get(u).propose(rho, state.auxiliary(links.start(u), links.end(u)),
                state.lambda(links.start(u), links.end(u)), state.frozen(links.start(u), links.end(u)));
    }
}
