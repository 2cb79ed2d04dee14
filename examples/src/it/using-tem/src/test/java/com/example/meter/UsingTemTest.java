package com.example.meter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tem.api.Horizon;
import org.tem.api.Prosumer;
import org.tem.api.Solution;
import org.tem.api.SolveStatus;
import org.tem.api.Topology;
import org.tem.api.Vpp;
import org.tem.solver.CentralSolver;
import org.tem.solver.admm.AdmmSolver;

/**
 * What a meter vendor does with tem as a plain Maven dependency: models homes with the DSL, solves
 * the day centrally and by ADMM, and ships a small runtime classpath.
 */
class UsingTemTest {

    private static Vpp day() {
        double[] sun = new double[24];
        double[] evening = new double[24];
        for (int t = 0; t < 24; t++) {
            sun[t] = Math.max(0, 4 * Math.sin(Math.PI * (t - 6) / 12));
            evening[t] = t >= 17 && t <= 22 ? 2.5 : 0.6;
        }
        Prosumer pv = Prosumer.builder("pv-home").horizon(Horizon.hourly(24))
                .grid(g -> g.energyRate(0.25).peakRate(0.6).maxImportKwh(8))
                .renewable(r -> r.forecastKwh(sun))
                .inflexibleLoadKwh(evening)
                .build();
        Prosumer battery = Prosumer.builder("battery-home").horizon(Horizon.hourly(24))
                .grid(g -> g.energyRate(0.25).peakRate(0.6).maxImportKwh(8))
                .battery(b -> b.capacityKwh(13.5).minSocKwh(1).initialSocKwh(6).maxChargeKwh(5)
                        .maxDischargeKwh(5).efficiency(0.95).wearCost(0.03))
                .inflexibleLoadKwh(evening)
                .build();
        Prosumer plain = Prosumer.builder("plain-home").horizon(Horizon.hourly(24))
                .grid(g -> g.energyRate(0.25).peakRate(0.6).maxImportKwh(8))
                .inflexibleLoadKwh(evening)
                .build();
        return Vpp.builder()
                .market(m -> m.p2pPrice(0.15).topology(Topology.BILATERAL))
                .prosumer(pv).prosumer(battery).prosumer(plain)
                .build();
    }

    /** The central optimum and ADMM agree on a day built with the DSL from the published artifacts. */
    @Test
    void modelsAndSolvesADay() {
        Vpp vpp = day();
        Solution central = new CentralSolver().solve(vpp);
        Solution admm = new AdmmSolver().solve(vpp);
        assertEquals(SolveStatus.OPTIMAL, central.status(), central.message());
        assertEquals(SolveStatus.OPTIMAL, admm.status(), admm.message());
        double gap = Math.abs(admm.totalCost() - central.totalCost()) / Math.abs(central.totalCost());
        assertTrue(gap < 1e-3, "ADMM " + admm.totalCost() + " against central " + central.totalCost());
    }

    /**
     * The runtime classpath a meter gets from tem-solver: no reference solver (ojAlgo), no CLI or
     * JSON libraries; its size is printed for the documentation.
     */
    @Test
    void runtimeFootprintIsSmall() {
        List<File> runtime = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            File f = new File(entry);
            String p = f.getPath().replace('\\', '/');
            boolean testOnly = p.contains("/org/junit/") || p.contains("/org/opentest4j/")
                    || p.contains("/org/apiguardian/") || p.endsWith("/test-classes") || p.endsWith("/classes");
            if (f.isFile() && !testOnly) {
                runtime.add(f);
            }
        }
        long bytes = runtime.stream().mapToLong(File::length).sum();
        StringBuilder names = new StringBuilder();
        for (File f : runtime) {
            names.append(' ').append(f.getName());
        }
        System.out.printf("meter runtime footprint (tem-solver and its dependencies): %.2f MB in %d jars:%s%n",
                bytes / 1e6, runtime.size(), names);
        for (String forbidden : List.of("ojalgo", "picocli", "jackson", "xchart", "examples")) {
            assertTrue(runtime.stream().noneMatch(f -> f.getName().contains(forbidden)), forbidden + " on" + names);
        }
        assertTrue(runtime.stream().anyMatch(f -> f.getName().startsWith("tem-solver")), "tem-solver on" + names);
        assertTrue(bytes < 10_000_000, bytes + " bytes");
    }
}
