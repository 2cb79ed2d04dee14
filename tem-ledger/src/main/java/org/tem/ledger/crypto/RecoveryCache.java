package org.tem.ledger.crypto;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;

/**
 * A process-wide, bounded memo of public-key recovery: {@code (hash, signature) → public key}, so
 * that the nodes sharing a JVM (a simulated network, or a node that sees a transaction in its
 * mempool, in gossip and again in a block) pay for the elliptic-curve work of one signature once.
 *
 * <p>Sound because recovery is a pure function of exactly the key's fields (the signed hash and
 * every component of the signature, recovery id included): an entry can only ever repeat what the
 * computation would return. A tampered signature or a different hash is a different key and is
 * computed afresh. Only successful recoveries and successful {@link
 * Secp256k1#verifyRecoverable} checks are stored (the latter store the key the check proved
 * recovery would return), so a failure is always recomputed and no input can fill the memo with
 * entries that were never valid signatures.
 *
 * <p>Neither read nor filled while {@link SignatureMemo#isShared()} is false.
 *
 * <p>Bounded to {@link #CAPACITY} entries (≈0.4 KB each), least recently used first out.
 * Thread-safe: lookups and insertions hold one lock; the curve arithmetic runs outside it.
 */
final class RecoveryCache {

    /** The most entries kept. */
    static final int CAPACITY = 32_768;

    private static final Map<Key, Bytes> ENTRIES = new LinkedHashMap<>(1024, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Bytes> eldest) {
            return size() > CAPACITY;
        }
    };

    private RecoveryCache() {
    }

    /** The memo's key: the whole input of recovery. */
    private record Key(Hash hash, Signature signature) {
    }

    /**
     * @param hash the signed hash
     * @param signature the signature
     * @return the public key an earlier recovery or successful check found, or empty if none is held
     */
    static Optional<Bytes> get(Hash hash, Signature signature) {
        if (!SignatureMemo.isShared()) {
            return Optional.empty();
        }
        synchronized (ENTRIES) {
            return Optional.ofNullable(ENTRIES.get(new Key(hash, signature)));
        }
    }

    /**
     * @param hash the signed hash
     * @param signature the signature
     * @param publicKey the 64-byte public key recovery returns for them (computed, never assumed)
     */
    static void put(Hash hash, Signature signature, Bytes publicKey) {
        if (!SignatureMemo.isShared()) {
            return;
        }
        synchronized (ENTRIES) {
            ENTRIES.put(new Key(hash, signature), publicKey);
        }
    }

    /** @return the entries held, at most {@link #CAPACITY} */
    static int size() {
        synchronized (ENTRIES) {
            return ENTRIES.size();
        }
    }
}
