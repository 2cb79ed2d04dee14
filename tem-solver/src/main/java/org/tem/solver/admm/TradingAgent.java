package org.tem.solver.admm;

/**
 * A prosumer as the ADMM coordinator sees it: an id, a number of trade links, a function from the
 * broadcast ({@code ρ}, {@code p'}, {@code λ} of its own links) to its proposed trades, and its
 * answer to settled trades (whether it can absorb them, and its cost then). Nothing else of a
 * prosumer — no load, no battery, no schedule — can cross this interface: every method returns an
 * id, a count, trade vectors, or one cost figure with a flag. The agent runs on the prosumer's own
 * meter and keeps its data private (docs/model.md eq. 4).
 */
public interface TradingAgent {

    /** @return the prosumer id */
    String id();

    /** @return the number of trade links of this prosumer (peers, or 1 for the pool) */
    int links();

    /**
     * Solves the local problem (docs/model.md eq. 4) and proposes trades.
     *
     * @param rho the penalty ρ
     * @param target {@code p'} of this prosumer's links (links × slots)
     * @param lambda {@code λ} of this prosumer's links
     * @param frozen {@code frozen[k]}: link k is frozen (its peer was excluded from the run), so its
     *     trades must be exactly zero
     * @return the proposal: trades (links × slots, positive = bought, zero on frozen links, within
     *     each link's limit) and whether the local problem was solved
     */
    Proposal propose(double rho, double[][] target, double[][] lambda, boolean[] frozen);

    /**
     * Re-solves the prosumer's own problem (no penalty) with every trade fixed to the given settled
     * trades: what it can still choose once the round is over. Reveals only whether that is
     * possible and the resulting cost {@code C_u} (docs/model.md eq. 1).
     *
     * @param trades the settled trades of this prosumer's links (links × slots), positive =
     *     bought, within each link's limit
     * @return the answer
     */
    Absorption absorb(double[][] trades);

    /**
     * An agent's answer to settled trades: one flag, one cost, a reason.
     *
     * @param absorbed whether its own problem with those trades fixed has a solution (every
     *     balance within {@link org.tem.solver.LocalProblem#ABSORB_TOLERANCE_KWH})
     * @param cost its cost {@code C_u} with those trades, currency; {@code +∞} when not absorbed
     * @param reason why not absorbed; empty when absorbed
     */
    record Absorption(boolean absorbed, double cost, String reason) {
    }

    /**
     * An agent's answer: trade vectors and a status, nothing else.
     *
     * @param trades {@code p_uv[t]} per link (links × slots), positive = bought
     * @param solved whether the local problem was solved to optimality; when false the trades are
     *     meaningless and the run stops
     * @param reason why not solved (e.g. {@code "infeasible"}); empty when solved
     */
    record Proposal(double[][] trades, boolean solved, String reason) {
    }
}
