package org.tem.solver.admm;

import java.util.HashMap;
import java.util.Map;

/**
 * Where an ADMM run starts: a price correction {@code λ} and trades per trade link, taken from an
 * earlier run — typically the previous day's round of the same VPP, whose prices are a good guess for
 * today's ({@link AdmmSolver#run}, which passes on the earlier run's last prices and its settled
 * trades, {@link AdmmState#settledTrades()}). The trades become the run's starting auxiliary
 * trades {@code p'}. {@link #COLD} starts at zero.
 *
 * <p>Links are matched by the ids of their two ends (bilateral) or of their prosumer (pool), so a
 * warm start carries over to a VPP whose prosumers or peers changed: a link that the earlier run did
 * not have starts at zero, and a link that is gone is ignored. A run checks nothing else of a warm
 * start against its links: it bounds the trades by its own limits and projects them onto reciprocal
 * (or zero-sum) trades ({@link AdmmState#AdmmState(AdmmLinks, AdmmOptions, WarmStart)}).
 *
 * <p>Immutable; arrays are copied in and out.
 */
public final class WarmStart {
    /**
     * The largest price correction a warm start may hold, currency per kWh: far beyond any tariff,
     * and small enough that no number of a run can overflow from it ({@link AdmmState}).
     */
    public static final double MAX_PRICE = 1e6;

    /** No warm start: every link starts at {@code λ = 0}, {@code p' = 0}. */
    public static final WarmStart COLD = new WarmStart(0, Map.of());

    private final int slots;
    private final Map<String, double[][]> byLink;

    private WarmStart(int slots, Map<String, double[][]> byLink) {
        this.slots = slots;
        this.byLink = byLink;
    }

    /**
     * A warm start from the end of a run.
     *
     * @param links the run's links
     * @param prices {@code λ} per link and slot (links × slots), currency per kWh, finite, at most
     *     {@link #MAX_PRICE} in magnitude
     * @param trades {@code p'} per link and slot (links × slots), kWh, positive = bought, finite
     * @return the warm start
     * @throws IllegalArgumentException on a shape that does not match the links or a value out of range
     */
    public static WarmStart of(AdmmLinks links, double[][] prices, double[][] trades) {
        check("prices", links, prices, MAX_PRICE);
        check("trades", links, trades, Double.MAX_VALUE);
        Map<String, double[][]> map = new HashMap<>();
        for (int k = 0; k < links.size(); k++) {
            map.put(key(links, k), new double[][] {prices[k].clone(), trades[k].clone()});
        }
        return new WarmStart(links.slots(), Map.copyOf(map));
    }

    private static void check(String name, AdmmLinks links, double[][] a, double bound) {
        if (a.length != links.size()) {
            throw new IllegalArgumentException(name + ": need " + links.size() + " links, had " + a.length);
        }
        for (int k = 0; k < a.length; k++) {
            if (a[k].length != links.slots()) {
                throw new IllegalArgumentException(name + "[" + k + "]: need " + links.slots() + " slots, had "
                        + a[k].length);
            }
            for (double v : a[k]) {
                if (!(Math.abs(v) <= bound)) {
                    throw new IllegalArgumentException(name + "[" + k + "]: values must be finite and at most " + bound
                            + " in magnitude, was " + v);
                }
            }
        }
    }

    private static String key(AdmmLinks links, int k) {
        String from = links.ids().get(links.from(k));
        // ids are non-empty, so "\u0000" cannot occur in two different ways
        return links.pool() ? from : from + "\u0000" + links.ids().get(links.to(k));
    }

    /** @return true for {@link #COLD} (or a warm start of a run without links) */
    public boolean cold() {
        return byLink.isEmpty();
    }

    /**
     * @param links the links of the run to start
     * @return {@code λ} for those links (links × slots), zero where this warm start has no such link
     * @throws IllegalArgumentException when this warm start has links with another number of slots
     */
    public double[][] pricesFor(AdmmLinks links) {
        return part(links, 0);
    }

    /**
     * @param links the links of the run to start
     * @return {@code p'} for those links (links × slots), zero where this warm start has no such link;
     *     not yet bounded or reciprocal
     * @throws IllegalArgumentException when this warm start has links with another number of slots
     */
    public double[][] tradesFor(AdmmLinks links) {
        return part(links, 1);
    }

    private double[][] part(AdmmLinks links, int which) {
        if (!cold() && slots != links.slots()) {
            throw new IllegalArgumentException("warm start: has " + slots + " slots, the run " + links.slots());
        }
        double[][] out = new double[links.size()][];
        for (int k = 0; k < links.size(); k++) {
            double[][] found = byLink.get(key(links, k));
            out[k] = found == null ? new double[links.slots()] : found[which].clone();
        }
        return out;
    }

    /** @return the number of links this warm start holds */
    public int links() {
        return byLink.size();
    }

    @Override
    public String toString() {
        return cold() ? "WarmStart[cold]" : "WarmStart[" + byLink.size() + " links x " + slots + " slots]";
    }
}
