package org.tem.api.contract;

/**
 * Size limits that the ledger enforces on every contract call, so that no transaction can grow
 * the state or a receipt without bound.
 */
public final class Limits {

    /** The longest state key, in bytes. */
    public static final int MAX_KEY_BYTES = 256;

    /** The longest state value or event data, in bytes (64 KiB). */
    public static final int MAX_VALUE_BYTES = 64 * 1024;

    /** The longest method, query or event name, in characters. */
    public static final int MAX_NAME_CHARS = 64;

    /** The most puts, deletes and prefix deletes one call may stage. */
    public static final int MAX_WRITES_PER_CALL = 4096;

    /** The most events one call may emit. */
    public static final int MAX_EVENTS_PER_CALL = 256;

    /** The longest argument string of a transaction or query, in bytes (64 KiB). */
    public static final int MAX_ARGS_BYTES = 64 * 1024;

    private Limits() {
    }
}
