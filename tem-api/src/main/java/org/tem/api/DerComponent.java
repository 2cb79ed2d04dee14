package org.tem.api;

/**
 * A distributed energy resource (or the grid connection) of one prosumer, as a contributor to the
 * prosumer's sub-problem: it declares its variables and bounds, its cost terms, its share of each
 * slot's energy balance and any constraints of its own through a {@link ModelBuilder}.
 *
 * <p>The built-in components are {@link GridConnection}, {@link Renewable}, {@link Battery},
 * {@link FlexibleLoad} and {@link InflexibleLoad}. A new DER kind (an EV with an availability
 * window, a heat pump) implements this interface and is added with
 * {@link Prosumer.Builder#component(DerComponent)}; no solver changes.
 *
 * <p>Implementations must be immutable and must contribute the same model every time.
 */
public interface DerComponent {

    /** @return a short kind name for diagnostics, e.g. {@code "battery"} */
    String kind();

    /**
     * Checks that the component fits the horizon (series lengths, window bounds).
     *
     * @param horizon the prosumer's horizon
     * @throws IllegalArgumentException naming the field when it does not fit
     */
    void validate(Horizon horizon);

    /**
     * Adds this component's variables, costs, balance terms and constraints.
     *
     * @param model the sub-problem under construction
     */
    void contribute(ModelBuilder model);
}
