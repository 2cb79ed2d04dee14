package org.tem.consensus.network.tcp;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Token buckets on a driven clock, and the back-off delays. */
class TokenBucketTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void aBucketGivesItsBurstThenRefillsAtItsRateUpToItsCapacity() {
        TokenBucket b = new TokenBucket(10, 5, 0);
        for (int i = 0; i < 10; i++) {
            assertTrue(b.tryTake(1, 0));
        }
        assertFalse(b.tryTake(1, 0), "burst spent");
        assertFalse(b.tryTake(1, SECOND / 10), "half a token after 100 ms");
        assertTrue(b.tryTake(1, SECOND / 5), "one token after 200 ms");
        assertTrue(b.tryTake(10, 100 * SECOND), "full after a long pause");
        assertFalse(b.tryTake(1, 100 * SECOND), "but never above capacity");
        assertFalse(b.tryTake(11, 1_000 * SECOND), "more than capacity never passes");
        assertTrue(b.tryTake(10, 1_000 * SECOND));
        assertFalse(b.tryTake(1, 50 * SECOND), "a clock going back adds nothing");
        assertThrows(IllegalArgumentException.class, () -> new TokenBucket(0, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new TokenBucket(1, Double.NaN, 0));
    }

    @Test
    void aRefusedTakeTakesNothing() {
        TokenBucket b = new TokenBucket(10, 1, 0);
        assertFalse(b.tryTake(11, 0));
        assertTrue(b.tryTake(10, 0));
    }

    @Test
    void backoffDoublesFromTheBaseWithinTheUpperHalfAndStopsAtTheCap() {
        SplittableRandom r = new SplittableRandom(1);
        for (int f = 0; f < 70; f++) {
            long d = Math.min(1_000, 10L << Math.min(f, 20));
            for (int k = 0; k < 50; k++) {
                long got = Backoff.delay(f, 10, 1_000, r);
                assertTrue(got >= (d + 1) / 2 && got <= d, "failures " + f + ": " + got + " outside [" + d / 2
                        + ", " + d + "]");
            }
        }
    }

    @Test
    void backoffJitterVariesAndTheSameSeedGivesTheSameDelays() {
        SplittableRandom a = new SplittableRandom(42);
        SplittableRandom b = new SplittableRandom(42);
        java.util.Set<Long> seen = new java.util.HashSet<>();
        for (int i = 0; i < 20; i++) {
            long x = Backoff.delay(5, 10, 10_000, a);
            assertTrue(x == Backoff.delay(5, 10, 10_000, b));
            seen.add(x);
        }
        assertTrue(seen.size() > 5, "jitter draws different delays");
    }
}
