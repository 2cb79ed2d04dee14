package org.tem.solver.fixedpoint;

import java.util.Objects;
import org.tem.solver.admm.TradingAgent;

/**
 * A meter's side of an EVM round: turns the round's fixed-point broadcast into the doubles of its
 * {@link TradingAgent}, and the agent's proposed trades back into energy units — rounded with
 * {@link FixedPoint#energy} (monotone, so a trade within its limit stays within the rounded limit),
 * clamped to the link's limit in units, and exactly zero on a frozen link, so the contract accepts
 * it. Not thread-safe (as the agent).
 */
public final class FixedPointAgent {
    private final TradingAgent agent;

    /**
     * @param agent the meter's local solver over its own prosumer
     */
    public FixedPointAgent(TradingAgent agent) {
        this.agent = Objects.requireNonNull(agent, "agent");
    }

    /** @return the wrapped agent */
    public TradingAgent agent() {
        return agent;
    }

    /**
     * A proposal in energy units.
     *
     * @param trades links × slots, energy units, positive = bought; zeros when not solved
     * @param solved whether the local problem was solved
     * @param reason why not, or empty
     */
    public record Proposal(long[][] trades, boolean solved, String reason) {
    }

    /**
     * Solves the local problem against a broadcast and proposes trades in energy units.
     *
     * @param rho ρ, ρ units
     * @param twiceAux {@code 2p'} of the meter's links, links × slots, energy units
     * @param lambda λ of its links, price units
     * @param frozen which links are frozen
     * @param limits each link's limit, energy units
     * @return the proposal
     */
    public Proposal propose(long rho, long[][] twiceAux, long[][] lambda, boolean[] frozen, long[] limits) {
        int links = twiceAux.length;
        double[][] target = new double[links][];
        double[][] prices = new double[links][];
        for (int k = 0; k < links; k++) {
            target[k] = new double[twiceAux[k].length];
            prices[k] = new double[lambda[k].length];
            for (int t = 0; t < target[k].length; t++) {
                target[k][t] = twiceAux[k][t] / (2.0 * FixedPoint.ENERGY_SCALE);
                prices[k][t] = lambda[k][t] / (double) FixedPoint.PRICE_SCALE;
            }
        }
        TradingAgent.Proposal p = agent.propose(rho / (double) FixedPoint.RHO_SCALE, target, prices, frozen);
        long[][] out = new long[links][target.length == 0 ? 0 : target[0].length];
        if (!p.solved()) {
            return new Proposal(out, false, p.reason());
        }
        for (int k = 0; k < links; k++) {
            for (int t = 0; t < out[k].length; t++) {
                long v = frozen[k] ? 0 : FixedPoint.energy(p.trades()[k][t]);
                out[k][t] = Math.max(-limits[k], Math.min(limits[k], v));
            }
        }
        return new Proposal(out, true, "");
    }
}
