package org.tem.evm;

/**
 * How an {@link EvmAccount} sends transactions. Immutable; the {@code with…} methods return a
 * checked copy.
 *
 * @param confirmations blocks that must be built on a transaction's block before it counts as done
 *     (0 = the including block is enough; a chain that seals only on demand, such as a dev node,
 *     needs 0)
 * @param pollMillis milliseconds between receipt polls, {@code >= 1}
 * @param resendMillis milliseconds without a receipt after which the same signed transaction is
 *     sent again (it may have been lost, e.g. by a node restart), {@code >= 1}
 * @param timeoutMillis milliseconds after which waiting for a receipt (or for an unreachable node)
 *     gives up with an {@link EvmException}, {@code >= resendMillis}
 * @param gasMargin the factor applied to the node's gas estimate, in {@code [1, 10]}
 */
public record EvmOptions(int confirmations, long pollMillis, long resendMillis, long timeoutMillis, double gasMargin) {

    /** No confirmations, 20 ms polls, resend after 5 s, give up after 60 s, gas estimate × 1.25. */
    public static final EvmOptions DEFAULT = new EvmOptions(0, 20, 5_000, 60_000, 1.25);

    /**
     * @param confirmations confirmations
     * @param pollMillis poll interval
     * @param resendMillis resend interval
     * @param timeoutMillis timeout
     * @param gasMargin gas margin
     * @throws IllegalArgumentException naming the value out of range
     */
    public EvmOptions {
        if (confirmations < 0 || confirmations > 1_000) {
            throw new IllegalArgumentException("confirmations: must be 0 to 1000, was " + confirmations);
        }
        if (pollMillis < 1) {
            throw new IllegalArgumentException("pollMillis: must be >= 1, was " + pollMillis);
        }
        if (resendMillis < 1 || timeoutMillis < resendMillis) {
            throw new IllegalArgumentException("resendMillis, timeoutMillis: need 1 <= resend <= timeout, were "
                    + resendMillis + ", " + timeoutMillis);
        }
        if (!(gasMargin >= 1 && gasMargin <= 10)) {
            throw new IllegalArgumentException("gasMargin: must be in [1, 10], was " + gasMargin);
        }
    }

    /**
     * @param value confirmations
     * @return a copy
     */
    public EvmOptions withConfirmations(int value) {
        return new EvmOptions(value, pollMillis, resendMillis, timeoutMillis, gasMargin);
    }

    /**
     * @param resend resend interval, ms
     * @param timeout timeout, ms
     * @return a copy
     */
    public EvmOptions withTimeouts(long resend, long timeout) {
        return new EvmOptions(confirmations, pollMillis, resend, timeout, gasMargin);
    }
}
