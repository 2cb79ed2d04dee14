package org.tem.solver.admm;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.tem.api.Market;

/**
 * The kernel cannot produce a non-finite number from admissible input: trades at the extreme
 * limits with adversarial signs (including the pattern that drives ρ to its largest reachable
 * value), extreme ρ, relaxation and acceleration, silent prosumers — every iterate stays finite
 * through more iterations than ρ adaptation runs.
 */
class AdmmStateProperties {

    @Property(tries = 40, seed = "42")
    void everyNumberStaysFiniteForAdmissibleInput(@ForAll @LongRange(min = 1, max = 1_000_000) long seed,
            @ForAll @IntRange(min = 2, max = 5) int n, @ForAll boolean pool) {
        Random rng = new Random(seed);
        List<String> ids = new ArrayList<>();
        List<List<Integer>> peers = new ArrayList<>();
        double[] maxTrade = new double[n];
        for (int u = 0; u < n; u++) {
            ids.add("h" + u);
            List<Integer> mine = new ArrayList<>();
            for (int v = 0; v < n; v++) {
                if (v != u) {
                    mine.add(v);
                }
            }
            peers.add(mine);
            maxTrade[u] = rng.nextBoolean() ? Double.POSITIVE_INFINITY : Market.MAX_TRADE_KWH * rng.nextDouble();
        }
        AdmmLinks links = AdmmLinks.of(ids, 2, pool, peers, maxTrade, Market.MAX_TRADE_KWH);
        double[] rhos = {AdmmOptions.MIN_RHO, AdmmOptions.MAX_RHO, 0.5};
        double[] alphas = {1e-3, 1.0, 1.999};
        AdmmOptions options = AdmmOptions.DEFAULT.withRho(rhos[rng.nextInt(3)]).withRelaxation(alphas[rng.nextInt(3)])
                .withAcceleration(rng.nextBoolean()).withAdaptiveRho(true).withTolerances(1e-12, 1e-12)
                .withMissLimit(1 + rng.nextInt(3));
        AdmmState state = new AdmmState(links, options);
        boolean silences = rng.nextBoolean();
        // 0: everybody claims to buy all it can (p' stays 0, the primal residual stays large: ρ doubles
        // every 10 iterations up to 2^50 times its start and λ grows fastest); 1: signs that flip; 2: random
        int pattern = rng.nextInt(3);
        double maxRho = state.rho();
        for (int i = 0; i < 520 && !state.abandoned(); i++) {
            double[][] p = new double[links.size()][links.slots()];
            boolean[] answered = new boolean[n];
            for (int u = 0; u < n; u++) {
                // when silences are on, prosumer 0 is silent now and then (and may be excluded)
                answered[u] = !state.excluded(u) && !(silences && u == 0 && i > 0 && rng.nextInt(20) == 0);
            }
            for (int k = 0; k < links.size(); k++) {
                double bound = state.frozen(k, k + 1)[0] ? 0.0 : links.limit(k);
                for (int t = 0; t < links.slots(); t++) {
                    p[k][t] = switch (pattern) {
                        case 0 -> bound;
                        case 1 -> (i + k + t) % 2 == 0 ? bound : -bound;
                        default -> bound * (2 * rng.nextDouble() - 1);
                    };
                }
            }
            AdmmIteration it = state.step(p, answered);
            maxRho = Math.max(maxRho, state.rho());
            if (!state.abandoned()) {
                assertTrue(Double.isFinite(it.primalResidual()) && Double.isFinite(it.dualResidual())
                        && Double.isFinite(it.paperResidual()) && Double.isFinite(state.rho()), "iteration " + i);
            }
        }
        assertTrue(state.iteration() == 520, "the run went the distance");
        // decode checks that every stored number is finite
        AdmmState.decode(links, options, state.encode());
        if (System.getProperty("tem.debug") != null) {
            System.out.println("max rho " + maxRho + " from " + options.rho() + ", alpha " + options.relaxation());
        }
    }
}
