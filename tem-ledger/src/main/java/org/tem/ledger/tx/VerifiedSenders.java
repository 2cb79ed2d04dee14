package org.tem.ledger.tx;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.tuweni.bytes.Bytes;
import org.tem.ledger.crypto.Hash;
import org.tem.ledger.crypto.SignatureMemo;

/**
 * A process-wide, bounded memo of successful signature checks: a transaction's hash → the public
 * key its signature was verified against. The nodes sharing a JVM (a simulated network), and one
 * node meeting the same transaction in gossip and again in a block (two decoded objects), check a
 * signature once and skip both the signing hash and the curve arithmetic afterwards.
 *
 * <p>Sound because a transaction's hash is Keccak-256 of its whole encoding, signature included:
 * a transaction with the same hash has the same fields and the same signature (short of a Keccak
 * collision), so it verifies against the same key. A tampered transaction has another hash and is
 * checked afresh. Only successes are stored, after the full check, so no input can place an
 * entry that was not a valid signature.
 *
 * <p>Neither read nor filled while {@link SignatureMemo#isShared()} is false.
 *
 * <p>Bounded to {@link #CAPACITY} entries, least recently used first out. Thread-safe (one lock;
 * verification runs outside it).
 */
final class VerifiedSenders {

    /** The most entries kept (≈0.2 KB each). */
    static final int CAPACITY = 32_768;

    private static final Map<Hash, Bytes> ENTRIES = new LinkedHashMap<>(1024, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Hash, Bytes> eldest) {
            return size() > CAPACITY;
        }
    };

    private VerifiedSenders() {
    }

    /**
     * @param txHash a transaction's hash
     * @return the key its signature was verified against, or null if none is held
     */
    static Bytes get(Hash txHash) {
        if (!SignatureMemo.isShared()) {
            return null;
        }
        synchronized (ENTRIES) {
            return ENTRIES.get(txHash);
        }
    }

    /**
     * @param txHash a transaction's hash
     * @param publicKey the 64-byte key its signature was just verified against
     */
    static void put(Hash txHash, Bytes publicKey) {
        if (!SignatureMemo.isShared()) {
            return;
        }
        synchronized (ENTRIES) {
            ENTRIES.put(txHash, publicKey);
        }
    }

    /** @return the entries held, at most {@link #CAPACITY} */
    static int size() {
        synchronized (ENTRIES) {
            return ENTRIES.size();
        }
    }
}
