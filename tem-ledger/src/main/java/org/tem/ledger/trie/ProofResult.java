package org.tem.ledger.trie;

import java.util.Objects;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;

/**
 * The outcome of checking a {@link TrieProof}: the key is proven present with a value, proven
 * absent, or the proof is invalid (with the reason). Immutable.
 *
 * @param status the outcome
 * @param value the proven value if {@link Status#PRESENT}, else empty
 * @param reason why the proof is invalid, or empty
 */
public record ProofResult(Status status, Optional<Bytes> value, String reason) {

    /** The outcomes. */
    public enum Status {
        /** The root commits to the key with the value. */
        PRESENT,
        /** The root commits to the key being absent. */
        ABSENT,
        /** The proof proves nothing (tampered, truncated, for another key or root, malformed). */
        INVALID
    }

    /**
     * @param status the outcome
     * @param value the proven value if {@link Status#PRESENT}, else empty
     * @param reason why the proof is invalid, or empty
     * @throws NullPointerException if a component is null
     */
    public ProofResult {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(reason, "reason");
    }

    static ProofResult present(byte[] value) {
        return new ProofResult(Status.PRESENT, Optional.of(Bytes.wrap(value)), "");
    }

    static ProofResult absent() {
        return new ProofResult(Status.ABSENT, Optional.empty(), "");
    }

    static ProofResult invalid(String reason) {
        return new ProofResult(Status.INVALID, Optional.empty(), reason);
    }

    /**
     * @return whether the proof is valid (present or absent)
     */
    public boolean valid() {
        return status != Status.INVALID;
    }
}
