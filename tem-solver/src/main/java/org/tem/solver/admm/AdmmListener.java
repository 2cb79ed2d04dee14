package org.tem.solver.admm;

/** Receives a report after every ADMM iteration (progress bars, convergence plots). */
@FunctionalInterface
public interface AdmmListener {
    /** A listener that ignores every report. */
    AdmmListener NONE = it -> { };

    /**
     * Called on the coordinator's thread after each iteration.
     *
     * @param iteration the report
     */
    void onIteration(AdmmIteration iteration);
}
