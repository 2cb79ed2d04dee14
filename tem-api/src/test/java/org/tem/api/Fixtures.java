package org.tem.api;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.function.Executable;

/** Small builders and assertions shared by the tem-api tests. */
final class Fixtures {
    static final int SLOTS = 24;

    private Fixtures() {
    }

    static double[] filled(int n, double value) {
        double[] out = new double[n];
        Arrays.fill(out, value);
        return out;
    }

    static double[] filled(double value) {
        return filled(SLOTS, value);
    }

    /** A series of {@code n} values with {@code value} at slot {@code t} and {@code base} elsewhere. */
    static double[] with(int n, double base, int t, double value) {
        double[] out = filled(n, base);
        out[t] = value;
        return out;
    }

    /** A prosumer with a flat tariff and a constant load, nothing else, on the default hourly 24-slot horizon. */
    static Prosumer.Builder home(String id) {
        return Prosumer.builder(id).grid(g -> g.energyRate(0.25).peakRate(0.5)).inflexibleLoadKwh(filled(0.5));
    }

    /** A battery builder with every required field set to a valid value. */
    static Battery.Builder validBattery() {
        return validBattery(Battery.builder());
    }

    /** Sets every required field of {@code b} to a valid value (capacity 10, initial 5, rates 3, wear 0.01). */
    static Battery.Builder validBattery(Battery.Builder b) {
        return b.capacityKwh(10).initialSocKwh(5).maxChargeKwh(3).maxDischargeKwh(3).wearCost(0.01);
    }

    /**
     * Asserts that {@code call} throws an IllegalArgumentException whose message starts with
     * {@code field} and contains every one of {@code fragments} (typically the rejected value).
     */
    static IllegalArgumentException rejects(String field, Executable call, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        String message = e.getMessage();
        assertTrue(message != null && message.startsWith(field),
                () -> "message should start with '" + field + "': " + message);
        for (String f : fragments) {
            assertTrue(message.contains(f), () -> "message should contain '" + f + "': " + message);
        }
        return e;
    }
}
