package org.tem.examples.simulate;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a round on a ledger adds to a day's result: how many transactions and blocks it took, how long
 * transactions waited to be confirmed, and the P2P settlement the ledger booked.
 *
 * <p>Immutable: the delays are copied (and sorted) in, and out.
 *
 * @param transactions transactions included in the round's blocks, {@code >= 0}
 * @param blocks blocks sealed during the round, {@code >= 0}
 * @param confirmationSeconds each included transaction's confirmation delay (from submission to its
 *     block being final), seconds, each finite and {@code >= 0}; stored sorted ascending
 * @param settlementMinorUnits the P2P payment booked for each prosumer id, integer minor currency units,
 *     positive = the prosumer pays; sums to exactly zero
 * @param clock the clock the confirmation delays were measured on
 */
public record LedgerFigures(long transactions, long blocks, double[] confirmationSeconds,
        Map<String, Long> settlementMinorUnits, Clock clock) {

    /** The clock of the confirmation delays. */
    public enum Clock {
        /** Virtual time of a simulated network (the CPU time of the nodes' work takes none of it). */
        VIRTUAL("virtual time of the simulated network"),
        /** Real wall-clock time of nodes running for real (e.g. over TCP). */
        WALL("wall-clock time");

        private final String description;

        Clock(String description) {
            this.description = description;
        }

        /** @return what the clock is, in words for a report ({@code "wall-clock time"}, ...) */
        public String description() {
            return description;
        }

        /** @return the lower-case name used in {@code summary.json} ({@code "virtual"} or {@code "wall"}) */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * Checks and copies the values.
     *
     * @param transactions transactions included, {@code >= 0}
     * @param blocks blocks sealed, {@code >= 0}
     * @param confirmationSeconds confirmation delays, seconds, each finite and {@code >= 0}
     * @param settlementMinorUnits payment per prosumer, minor units, positive = pays
     * @param clock the clock of the delays
     * @throws IllegalArgumentException naming the field when a count is negative, a delay is negative
     *     or not finite, or the settlement does not sum to zero (or its sum overflows)
     */
    public LedgerFigures {
        Objects.requireNonNull(clock, "clock");
        if (transactions < 0) {
            throw new IllegalArgumentException("transactions: must be >= 0, was " + transactions);
        }
        if (blocks < 0) {
            throw new IllegalArgumentException("blocks: must be >= 0, was " + blocks);
        }
        confirmationSeconds = confirmationSeconds.clone();
        for (double d : confirmationSeconds) {
            if (!(d >= 0) || Double.isInfinite(d)) {
                throw new IllegalArgumentException("confirmationSeconds: each must be finite and >= 0, was " + d);
            }
        }
        Arrays.sort(confirmationSeconds);
        long sum = 0;
        for (Map.Entry<String, Long> e : settlementMinorUnits.entrySet()) {
            Objects.requireNonNull(e.getKey(), "settlementMinorUnits: id");
            Objects.requireNonNull(e.getValue(), "settlementMinorUnits: amount");
            try {
                sum = Math.addExact(sum, e.getValue());
            } catch (ArithmeticException overflow) {
                throw new IllegalArgumentException("settlementMinorUnits: the sum overflows a long", overflow);
            }
        }
        if (sum != 0) {
            throw new IllegalArgumentException("settlementMinorUnits: must sum to 0, was " + sum);
        }
        settlementMinorUnits = Collections.unmodifiableMap(new LinkedHashMap<>(settlementMinorUnits));
    }

    /**
     * Figures of a simulated network: the delays in {@link Clock#VIRTUAL} time.
     *
     * @param transactions transactions included, {@code >= 0}
     * @param blocks blocks sealed, {@code >= 0}
     * @param confirmationSeconds confirmation delays, virtual seconds, each finite and {@code >= 0}
     * @param settlementMinorUnits payment per prosumer, minor units, positive = pays
     * @throws IllegalArgumentException as the canonical constructor
     */
    public LedgerFigures(long transactions, long blocks, double[] confirmationSeconds,
            Map<String, Long> settlementMinorUnits) {
        this(transactions, blocks, confirmationSeconds, settlementMinorUnits, Clock.VIRTUAL);
    }

    /** @return a copy of the confirmation delays, seconds, sorted ascending */
    @Override
    public double[] confirmationSeconds() {
        return confirmationSeconds.clone();
    }

    /** @return the median confirmation delay (nearest rank), seconds; NaN when there is none */
    public double confirmationP50() {
        return percentile(confirmationSeconds, 0.50);
    }

    /** @return the 99th-percentile confirmation delay (nearest rank), seconds; NaN when there is none */
    public double confirmationP99() {
        return percentile(confirmationSeconds, 0.99);
    }

    /**
     * The nearest-rank percentile: the smallest value such that at least {@code q} of the values are at
     * most it.
     *
     * @param sorted values in ascending order
     * @param q the fraction, in {@code (0, 1]}
     * @return the percentile, or NaN when there is no value
     */
    static double percentile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LedgerFigures f && f.transactions == transactions && f.blocks == blocks
                && Arrays.equals(f.confirmationSeconds, confirmationSeconds)
                && f.settlementMinorUnits.equals(settlementMinorUnits) && f.clock == clock;
    }

    @Override
    public int hashCode() {
        return Objects.hash(transactions, blocks, Arrays.hashCode(confirmationSeconds), settlementMinorUnits, clock);
    }

    @Override
    public String toString() {
        return "LedgerFigures[transactions=" + transactions + ", blocks=" + blocks + ", delays="
                + confirmationSeconds.length + " (" + clock.label() + "), settlement=" + settlementMinorUnits + "]";
    }
}
