package org.tem.solver.fixedpoint;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.tem.api.Vpp;
import org.tem.solver.admm.AdmmLinks;
import org.tem.solver.admm.AdmmOptions;
import org.tem.solver.admm.LocalAgent;
import org.tem.solver.contract.RoundConfig;
import org.tem.solver.contract.RoundStatus;

/** Runs an EVM round in process: one {@link FixedPointAgent} per prosumer against a {@link FixedPointRound}. */
final class FixedRounds {
    private FixedRounds() {
    }

    /** The end of an in-process round. */
    record Outcome(FixedPointRound round, List<FixedIteration> history, List<double[][]> settledKwh, List<FixedPointAgent> agents) {
        FixedIteration last() {
            return history.get(history.size() - 1);
        }
    }

    static FixedRoundConfig config(Vpp vpp, AdmmOptions options) {
        return FixedRoundConfig.of(RoundConfig.of(vpp, options.withAcceleration(false), 100, 60_000));
    }

    /**
     * @param vpp the VPP
     * @param config the round
     * @param silentFrom silentFrom[u] = the first iteration prosumer u stays silent in (0 = never)
     */
    static Outcome run(Vpp vpp, FixedRoundConfig config, int[] silentFrom) {
        FixedPointRound round = new FixedPointRound(config);
        AdmmLinks links = round.links();
        List<FixedPointAgent> agents = new ArrayList<>();
        for (int u = 0; u < vpp.size(); u++) {
            agents.add(new FixedPointAgent(LocalAgent.of(vpp, u)));
        }
        List<FixedIteration> history = new ArrayList<>();
        while (round.status() == RoundStatus.OPEN) {
            int k = round.iteration();
            Optional<FixedIteration> closed = Optional.empty();
            for (int u = 0; u < vpp.size() && closed.isEmpty(); u++) {
                if (round.excluded(u) || silentFrom[u] != 0 && k >= silentFrom[u]) {
                    continue;
                }
                FixedPointAgent.Proposal p = agents.get(u).propose(round.rho(), round.twiceAuxiliary(u),
                        round.lambda(u), frozen(round, u), limits(round, u));
                if (!p.solved()) {
                    throw new IllegalStateException("local solve failed: " + p.reason());
                }
                closed = round.submit(u, p.trades());
            }
            history.add(closed.orElseGet(round::close));
        }
        List<double[][]> settled = new ArrayList<>();
        for (int u = 0; u < vpp.size(); u++) {
            long[][] twice = round.twiceAuxiliary(u);
            double[][] kwh = new double[twice.length][];
            for (int i = 0; i < twice.length; i++) {
                kwh[i] = new double[twice[i].length];
                for (int t = 0; t < kwh[i].length; t++) {
                    kwh[i][t] = twice[i][t] / (2.0 * FixedPoint.ENERGY_SCALE);
                }
            }
            settled.add(kwh);
        }
        return new Outcome(round, history, settled, agents);
    }

    static boolean[] frozen(FixedPointRound round, int u) {
        AdmmLinks links = round.links();
        boolean[] out = new boolean[links.end(u) - links.start(u)];
        for (int i = 0; i < out.length; i++) {
            out[i] = round.frozen(links.start(u) + i);
        }
        return out;
    }

    static long[] limits(FixedPointRound round, int u) {
        AdmmLinks links = round.links();
        long[] out = new long[links.end(u) - links.start(u)];
        for (int i = 0; i < out.length; i++) {
            out[i] = round.limit(links.start(u) + i);
        }
        return out;
    }
}
