package org.tem.ledger.crypto;

/**
 * Whether the process-wide memos of signature work (recovered keys in {@link Secp256k1}, verified
 * senders of transactions) are shared by everything in this JVM. Shared by default: the nodes of a
 * simulated network in one process then check a signature once between them, and one node checks
 * a transaction once even when it meets it as separate decoded copies.
 *
 * <p>A benchmark that runs several nodes in one JVM to stand for several machines turns sharing
 * off, so that every node pays for its own checks as it would on a machine of its own. A node
 * still checks a transaction once: the copy admitted to its mempool carries the result, and the
 * copy decoded from a block adopts it ({@code Transaction.adoptVerification}). Turning sharing off
 * changes no result, only the work done; entries already held stay but are neither read nor
 * added to while it is off.
 *
 * <p>Thread-safe (a volatile flag).
 */
public final class SignatureMemo {

    private static volatile boolean shared = true;

    private SignatureMemo() {
    }

    /**
     * @return whether the process-wide memos are read and filled (true unless {@link #setShared}
     *     turned them off)
     */
    public static boolean isShared() {
        return shared;
    }

    /**
     * @param on true to share signature work across the process (the default), false to make
     *     every check compute unless the checked object itself carries a result
     */
    public static void setShared(boolean on) {
        shared = on;
    }
}
