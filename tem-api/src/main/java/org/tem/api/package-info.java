/**
 * The domain of tem and its DER cost-model DSL: {@link org.tem.api.Horizon},
 * {@link org.tem.api.Prosumer} with its {@link org.tem.api.DerComponent}s (grid connection,
 * renewable, battery, flexible and inflexible load), the {@link org.tem.api.Market} and the
 * {@link org.tem.api.Vpp}, and the results ({@link org.tem.api.ProsumerSchedule},
 * {@link org.tem.api.Solution}).
 *
 * <p>Units: every energy is kWh in a slot; prices are currency per kWh; costs are currency.
 * Slots are indexed from 0. A positive trade is energy bought. The model is docs/model.md's; a component
 * contributes to a sub-problem through {@link org.tem.api.ModelBuilder}, so a new DER kind needs no
 * solver change. Depends on the JDK only.
 */
package org.tem.api;
