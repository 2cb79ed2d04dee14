package org.tem.consensus.sim;

import org.apache.tuweni.bytes.Bytes;
import org.tem.consensus.ConsensusHeader;
import org.tem.consensus.internal.SealSignature;
import org.tem.ledger.crypto.Address;
import org.tem.ledger.crypto.KeyPair;

/** Reads and forges seals in tests. */
public final class SealSignatures {

    private SealSignatures() {
    }

    /** The signer of a sealed header; fails the test if the seal recovers none. */
    public static Address signer(ConsensusHeader h) {
        return SealSignature.recover(h.sealingHash(), h.seal()).orElseThrow(() -> new AssertionError("bad seal"));
    }

    /** A seal of {@code h} by {@code key}, whoever that is. */
    public static Bytes sign(KeyPair key, ConsensusHeader h) {
        return SealSignature.sign(key, h.sealingHash());
    }
}
