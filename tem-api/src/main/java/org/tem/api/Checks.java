package org.tem.api;

/** Argument checks shared by the builders; every message names the parameter and the value. */
final class Checks {
    private Checks() {
    }

    static double finite(String name, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(name + ": must be a finite number, was " + value);
        }
        return value;
    }

    static double nonNegative(String name, double value) {
        finite(name, value);
        if (value < 0) {
            throw new IllegalArgumentException(name + ": must be >= 0, was " + value);
        }
        return value;
    }

    static double positive(String name, double value) {
        finite(name, value);
        if (value <= 0) {
            throw new IllegalArgumentException(name + ": must be > 0, was " + value);
        }
        return value;
    }

    /** A bound that may be +∞ (absent) but not NaN or negative. */
    static double nonNegativeOrInfinite(String name, double value) {
        if (Double.isNaN(value) || value < 0) {
            throw new IllegalArgumentException(name + ": must be >= 0 (or +Infinity for none), was " + value);
        }
        return value;
    }

    /** A trade limit: finite, in {@code [0, Market.MAX_TRADE_KWH]}. */
    static double tradeLimit(String name, double value) {
        nonNegative(name, value);
        if (value > Market.MAX_TRADE_KWH) {
            throw new IllegalArgumentException(name + ": must be <= " + Market.MAX_TRADE_KWH + " kWh per slot, was "
                    + value);
        }
        return value;
    }

    static double[] finiteSeries(String name, double[] values) {
        if (values == null) {
            throw new IllegalArgumentException(name + ": must not be null");
        }
        double[] copy = values.clone();
        for (int t = 0; t < copy.length; t++) {
            finite(name + "[" + t + "]", copy[t]);
        }
        return copy;
    }

    static double[] nonNegativeSeries(String name, double[] values) {
        double[] copy = finiteSeries(name, values);
        for (int t = 0; t < copy.length; t++) {
            if (copy[t] < 0) {
                throw new IllegalArgumentException(name + "[" + t + "]: must be >= 0, was " + copy[t]);
            }
        }
        return copy;
    }

    static void length(String name, double[] values, int slots) {
        if (values.length != slots) {
            throw new IllegalArgumentException(
                    name + ": must have " + slots + " values (one per slot), had " + values.length);
        }
    }

    static String id(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + ": must be a non-blank string, was '" + value + "'");
        }
        return value;
    }
}
