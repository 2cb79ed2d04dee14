package org.tem.solver;

import org.tem.api.Topology;
import org.tem.api.Vpp;

/** Exposes the test VPP generator to the tests of other packages. */
public final class VppsForAdmm {
    private VppsForAdmm() {
    }

    /**
     * @param n prosumers
     * @param slots slots
     * @param seed seed
     * @param topology topology
     * @return a random valid VPP without limits
     */
    public static Vpp vpp(int n, int slots, long seed, Topology topology) {
        return Vpps.vpp(n, slots, seed, topology, false, false);
    }

    /**
     * @return a VPP from the full generator
     * @param n prosumers
     * @param slots slots
     * @param seed seed
     * @param topology topology
     * @param limits import and trade limits
     * @param sparsePeers a ring of peers instead of all pairs
     */
    public static Vpp vpp(int n, int slots, long seed, Topology topology, boolean limits, boolean sparsePeers) {
        return Vpps.vpp(n, slots, seed, topology, limits, sparsePeers);
    }

    /**
     * @param vpp a VPP
     * @param solution a solution of it
     * @param tol tolerance of own constraints
     * @param couplingTol tolerance of reciprocity
     * @return the violations of MODEL.md
     */
    public static java.util.List<String> violations(Vpp vpp, org.tem.api.Solution solution, double tol, double couplingTol) {
        return ModelCheck.violations(vpp, solution, tol, couplingTol);
    }

    /**
     * @param vpp a VPP
     * @param solution a solution
     * @return the social cost recomputed from MODEL.md
     */
    public static double socialCost(Vpp vpp, org.tem.api.Solution solution) {
        return ModelCheck.socialCost(vpp, solution);
    }
}
