package org.tem.consensus.network.tcp;

import java.util.SplittableRandom;

/** Reconnection delays: exponential in the failures so far, capped, with jitter. */
final class Backoff {

    private Backoff() {
    }

    /**
     * The delay before the next attempt: {@code min(max, base * 2^failures)}, then drawn
     * uniformly from its upper half, so that peers that lost each other at the same moment do
     * not retry in step.
     *
     * @param failures attempts that failed since the last success, at least 0
     * @param baseMillis the first delay, positive
     * @param maxMillis the cap, at least {@code baseMillis}
     * @param random the jitter's source
     * @return the delay in milliseconds, in [ceil(d/2), d] for the capped delay d
     */
    static long delay(int failures, long baseMillis, long maxMillis, SplittableRandom random) {
        long d = baseMillis;
        for (int i = 0; i < failures && d < maxMillis; i++) {
            d = Math.min(maxMillis, d * 2);
        }
        d = Math.min(d, maxMillis);
        long half = d / 2;
        return d - half + random.nextLong(half + 1);
    }
}
