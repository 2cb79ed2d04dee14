package org.tem.api;

/** How prosumers trade energy with each other (docs/model.md, "Trading topologies"). */
public enum Topology {
    /** Every allowed pair (u, v) has its own trade {@code p_uv[t]}; size grows as N²·T. */
    BILATERAL("bilateral"),
    /** Each prosumer has one net P2P import {@code q_u[t]} with {@code Σ_u q_u[t] = 0}; size N·T. */
    POOL("pool");

    private final String label;

    Topology(String label) {
        this.label = label;
    }

    /** @return the name used in scenario and result files ({@code "bilateral"}, {@code "pool"}) */
    public String label() {
        return label;
    }

    /**
     * @param label {@code "bilateral"} or {@code "pool"}
     * @return the topology
     * @throws IllegalArgumentException for any other text
     */
    public static Topology fromLabel(String label) {
        for (Topology t : values()) {
            if (t.label.equals(label)) {
                return t;
            }
        }
        throw new IllegalArgumentException("topology: must be \"bilateral\" or \"pool\", was \"" + label + "\"");
    }
}
