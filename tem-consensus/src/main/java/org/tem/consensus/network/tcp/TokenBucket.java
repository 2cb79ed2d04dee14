package org.tem.consensus.network.tcp;

/**
 * A token bucket: holds at most {@code capacity} tokens, refilled at {@code ratePerSecond};
 * taking more than it holds fails and takes nothing. Time is passed in, so tests drive it.
 * Not thread-safe (each is used on one channel's event loop).
 */
final class TokenBucket {

    private final double capacity;
    private final double perNano;
    private double tokens;
    private long last;

    /**
     * @param capacity the most tokens held (the burst), positive
     * @param ratePerSecond tokens added per second, positive
     * @param nowNanos the current time, in the units of {@link System#nanoTime()}
     */
    TokenBucket(double capacity, double ratePerSecond, long nowNanos) {
        if (!(capacity > 0) || !(ratePerSecond > 0)) {
            throw new IllegalArgumentException("capacity and rate must be positive, were " + capacity + ", "
                    + ratePerSecond);
        }
        this.capacity = capacity;
        this.perNano = ratePerSecond / 1e9;
        this.tokens = capacity;
        this.last = nowNanos;
    }

    /**
     * @param amount the tokens wanted, at least 0
     * @param nowNanos the current time (a time before the last call counts as no time passed)
     * @return whether they were taken
     */
    boolean tryTake(double amount, long nowNanos) {
        long elapsed = nowNanos - last;
        if (elapsed > 0) {
            tokens = Math.min(capacity, tokens + elapsed * perNano);
            last = nowNanos;
        }
        if (amount > tokens) {
            return false;
        }
        tokens -= amount;
        return true;
    }
}
