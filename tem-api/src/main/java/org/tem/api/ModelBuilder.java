package org.tem.api;

/**
 * What a {@link DerComponent} sees of the sub-problem being compiled: it declares variables with
 * bounds, adds cost terms, its share of each slot's energy balance, and constraints of its own.
 * The solver implements this interface; components never see matrices or solver types, so a new
 * DER kind needs no change to any solver.
 *
 * <p><b>Balance sign convention.</b> The balance of slot {@code t} (docs/model.md eq. 2) is written as
 * <em>supply − demand = 0</em> on the home bus: a term that delivers energy to the home (grid
 * import, renewable, discharge, energy bought from a peer) has a positive coefficient, a term that
 * draws energy (a load, battery charge) a negative one. Constants (an inflexible load) go through
 * {@link #balanceConstant(int, double)} with the same sign.
 *
 * <p>Implementations are single-use and not thread-safe.
 */
public interface ModelBuilder {

    /** @return the horizon of the prosumer being compiled */
    Horizon horizon();

    /**
     * The ancillary-service price of the market, currency per kWh held in reserve in a slot.
     *
     * @param t a slot index
     * @return {@code πAS[t]}, 0 when the market has none
     */
    double ancillaryPrice(int t);

    /**
     * Declares a block of variables with box bounds.
     *
     * @param name a name unique within the prosumer (e.g. {@code "battery.soc"})
     * @param lower lower bounds, one per variable; {@code -Infinity} for none
     * @param upper upper bounds, one per variable; {@code +Infinity} for none
     * @return a handle on the block
     * @throws IllegalArgumentException if the name is taken, the lengths differ or a bound is NaN
     */
    Variables variables(String name, double[] lower, double[] upper);

    /**
     * Adds {@code coefficient · x} to the cost, booked under {@code category}.
     *
     * @param category the breakdown category (see {@link CostCategory})
     * @param block a variable block
     * @param i index within the block
     * @param coefficient currency per unit of the variable
     */
    void linearCost(String category, Variables block, int i, double coefficient);

    /**
     * Adds {@code weight · (x − target)²} to the cost, booked under {@code category}.
     *
     * @param category the breakdown category
     * @param block a variable block
     * @param i index within the block
     * @param weight a weight {@code >= 0}, currency per unit²
     * @param target the value at which the term is zero
     */
    void squaredDeviationCost(String category, Variables block, int i, double weight, double target);

    /**
     * Adds {@code coefficient · x} to the supply side of slot {@code t}'s energy balance.
     *
     * @param t a slot index
     * @param block a variable block
     * @param i index within the block
     * @param coefficient +1 for a supply, −1 for a demand (other values scale the energy)
     */
    void balance(int t, Variables block, int i, double coefficient);

    /**
     * Adds a constant to the supply side of slot {@code t}'s balance: negative for a fixed demand.
     *
     * @param t a slot index
     * @param kwh energy supplied in the slot (negative for a demand)
     */
    void balanceConstant(int t, double kwh);

    /**
     * Starts a linear constraint {@code lower ≤ Σ coefficient·x ≤ upper}; add its terms with
     * {@link Constraint#term}. An equality has {@code lower == upper}.
     *
     * @param name a name for diagnostics
     * @param lower the lower bound, {@code -Infinity} for none
     * @param upper the upper bound, {@code +Infinity} for none
     * @return the constraint to fill in
     */
    Constraint constraint(String name, double lower, double upper);

    /**
     * Reports a block (length = horizon slots) as a schedule series; several blocks reported
     * under one name are summed slot by slot (two flexible loads make one {@code flexibleLoad}).
     *
     * @param series the series name (see {@link Series})
     * @param block a block of {@code horizon().slots()} variables
     */
    void report(String series, Variables block);

    /** A linear constraint under construction. */
    interface Constraint {
        /**
         * Adds {@code coefficient · x} to the constraint.
         *
         * @param block a variable block
         * @param i index within the block
         * @param coefficient a finite coefficient
         * @return this constraint
         */
        Constraint term(Variables block, int i, double coefficient);
    }
}
