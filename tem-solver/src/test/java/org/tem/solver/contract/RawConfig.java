package org.tem.solver.contract;

import java.util.ArrayList;
import java.util.List;

/**
 * A round configuration written field by field, bypassing {@link RoundConfig}'s checks, so that
 * tests can hand the contract what a hostile operator key could send. The layout mirrors
 * {@link RoundConfig#encode()}; the defaults are a valid two-prosumer bilateral round.
 */
final class RawConfig {
    List<String> ids = new ArrayList<>(List.of("a", "b"));
    int slots = 2;
    int pool = 0;
    List<List<Integer>> peers = new ArrayList<>(List.of(List.of(1), List.of(0)));
    List<Double> maxTrade = new ArrayList<>(List.of(Double.POSITIVE_INFINITY, 5.0));
    double cap = 50;
    double rho = 0.5;
    int adaptive = 1;
    double epsAbs = 1e-6;
    double epsRel = 1e-5;
    double paperEps = 1e-6;
    int rule = 1;
    double relaxation = 1.0;
    int maxIterations = 100;
    int acceleration = 1;
    int missLimit = 3;
    double price = 0.12;
    long minorUnits = 100;
    long deadline = 5_000;
    long warmFrom = 0;
    /** False writes the layout before warm starts, without the last field. */
    boolean withWarmFrom = true;

    byte[] encode() {
        return Codec.list(w -> {
            w.writeList(l -> ids.forEach(id -> Codec.writeString(l, id)));
            w.writeInt(slots);
            w.writeInt(pool);
            w.writeList(l -> {
                for (List<Integer> p : peers) {
                    l.writeList(pl -> p.forEach(pl::writeInt));
                }
            });
            w.writeList(l -> maxTrade.forEach(m -> Codec.writeDouble(l, m)));
            Codec.writeDouble(w, cap);
            Codec.writeDouble(w, rho);
            w.writeInt(adaptive);
            Codec.writeDouble(w, epsAbs);
            Codec.writeDouble(w, epsRel);
            Codec.writeDouble(w, paperEps);
            w.writeInt(rule);
            Codec.writeDouble(w, relaxation);
            w.writeInt(maxIterations);
            w.writeInt(acceleration);
            w.writeInt(missLimit);
            Codec.writeDouble(w, price);
            w.writeLong(minorUnits);
            w.writeLong(deadline);
            if (withWarmFrom) {
                w.writeLong(warmFrom);
            }
        });
    }
}
