package org.tem.api;

/** The outcome of solving a VPP or a prosumer's sub-problem. */
public enum SolveStatus {
    /** Solved: feasible to 1e-6 kWh and optimal to the solver's tolerances. */
    OPTIMAL("optimal"),
    /** The iteration cap was reached before the tolerances; the schedules are the last iterate. */
    MAX_ITERATIONS("max-iterations"),
    /** No schedule satisfies the constraints; the message names the prosumer where one is to blame. */
    INFEASIBLE("infeasible"),
    /** The solver failed numerically (or the problem is unbounded); the message says which. */
    NUMERICAL_ERROR("numerical-error"),
    /**
     * A distributed round in which every prosumer was excluded for missing its deadlines: nothing
     * was traded or settled; each schedule is the prosumer's own without trading.
     */
    ABANDONED("abandoned"),
    /**
     * A distributed round ended with settled trades that some prosumer cannot absorb: its own
     * problem with its trades fixed to the settled ones has no solution (not even with each energy
     * balance off by half of the 1e-6 kWh feasibility tolerance). The message names every such
     * prosumer; no schedules are reported, since there is none that everybody can follow.
     */
    UNABSORBED("unabsorbed");

    private final String label;

    SolveStatus(String label) {
        this.label = label;
    }

    /** @return the name used in result files, e.g. {@code "max-iterations"} */
    public String label() {
        return label;
    }

    /**
     * @param label a result-file name
     * @return the status
     * @throws IllegalArgumentException for an unknown name
     */
    public static SolveStatus fromLabel(String label) {
        for (SolveStatus s : values()) {
            if (s.label.equals(label)) {
                return s;
            }
        }
        throw new IllegalArgumentException("status: unknown status '" + label + "'");
    }
}
