package org.tem.solver.admm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tem.api.Topology;
import org.tem.api.Vpp;
import org.tem.solver.VppsForAdmm;

class AdmmStateTest {

    @Test
    void sameSubmissionsGiveBitIdenticalStates() {
        Vpp vpp = VppsForAdmm.vpp(4, 3, 11, Topology.BILATERAL);
        AdmmLinks links = AdmmLinks.of(vpp);
        AdmmState a = new AdmmState(links, AdmmOptions.DEFAULT);
        AdmmState b = new AdmmState(links, AdmmOptions.DEFAULT);
        Random rng = new Random(5);
        for (int i = 0; i < 30; i++) {
            double[][] p = new double[links.size()][links.slots()];
            for (double[] row : p) {
                for (int t = 0; t < row.length; t++) {
                    row[t] = rng.nextGaussian();
                }
            }
            AdmmIteration x = a.step(p);
            AdmmIteration y = b.step(p);
            assertEquals(Double.doubleToRawLongBits(x.primalResidual()), Double.doubleToRawLongBits(y.primalResidual()));
            assertEquals(Double.doubleToRawLongBits(a.rho()), Double.doubleToRawLongBits(b.rho()));
        }
        double[][] la = a.lambda(0, links.size());
        double[][] lb = b.lambda(0, links.size());
        for (int k = 0; k < la.length; k++) {
            assertTrue(java.util.Arrays.equals(la[k], lb[k]));
        }
    }

    @Test
    void rejectsWrongShapesAndNonFiniteTrades() {
        Vpp vpp = VppsForAdmm.vpp(3, 2, 1, Topology.POOL);
        AdmmState s = new AdmmState(AdmmLinks.of(vpp), AdmmOptions.DEFAULT);
        assertThrows(IllegalArgumentException.class, () -> s.step(new double[2][2]));
        assertThrows(IllegalArgumentException.class, () -> s.step(new double[3][5]));
        double[][] nan = new double[3][2];
        nan[1][1] = Double.NaN;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.step(nan));
        assertTrue(e.getMessage().startsWith("trades[1][1]"), e.getMessage());
        assertEquals(0, s.iteration());
    }

    @Test
    void linksOfAProsumerAreContiguousAndReversible() {
        Vpp vpp = VppsForAdmm.vpp(5, 2, 3, Topology.BILATERAL);
        AdmmLinks links = AdmmLinks.of(vpp);
        int[] reverse = links.reverse();
        assertEquals(20, links.size());
        for (int u = 0; u < 5; u++) {
            for (int k = links.start(u); k < links.end(u); k++) {
                assertEquals(u, links.from(k));
                assertEquals(links.to(k), links.from(reverse[k]));
                assertEquals(k, reverse[reverse[k]]);
            }
        }
    }

    @Test
    void optionsRejectOutOfRangeValues() {
        assertThrows(IllegalArgumentException.class, () -> AdmmOptions.DEFAULT.withRho(0));
        assertThrows(IllegalArgumentException.class, () -> AdmmOptions.DEFAULT.withRelaxation(2.0));
        assertThrows(IllegalArgumentException.class, () -> AdmmOptions.DEFAULT.withMaxIterations(0));
        assertThrows(IllegalArgumentException.class, () -> AdmmOptions.DEFAULT.withTolerances(-1, 1e-4));
        assertThrows(IllegalArgumentException.class, () -> AdmmOptions.DEFAULT.withPaperRule(0));
    }
}
