package org.tem.consensus.network.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.tuweni.bytes.Bytes;
import org.junit.jupiter.api.Test;
import org.tem.consensus.network.MalformedMessageException;
import org.tem.ledger.crypto.Hash;
import org.tem.ledger.crypto.KeyPair;

/** The signed transcript binds the challenges, both keys in order, and the chain. */
class HandshakeTest {

    private static final KeyPair A = TcpFixture.key(0);
    private static final KeyPair B = TcpFixture.key(1);
    private static final Bytes NA = Bytes.repeat((byte) 1, 32);
    private static final Bytes NB = Bytes.repeat((byte) 2, 32);
    private static final long C = TcpFixture.CHAIN;
    private static final Hash G = TcpFixture.GENESIS;

    /** A's signature for B: over B's challenge NB, with A's own NA. */
    private static Bytes aForB() {
        return Handshake.sign(A, C, G, B.publicKey(), NB, NA);
    }

    @Test
    void aSignatureVerifiesForTheExactTranscriptItWasMadeFor() {
        assertTrue(Handshake.verify(aForB(), C, G, A.publicKey(), B.publicKey(), NB, NA));
    }

    @Test
    void itDoesNotVerifyForAnotherChallengeSoItCannotBeReplayed() {
        Bytes fresh = Bytes.repeat((byte) 3, 32);
        assertFalse(Handshake.verify(aForB(), C, G, A.publicKey(), B.publicKey(), fresh, NA));
        assertFalse(Handshake.verify(aForB(), C, G, A.publicKey(), B.publicKey(), NB, fresh));
    }

    @Test
    void itDoesNotVerifyWithTheRolesSwappedOrForAnotherVerifierSoItCannotBeReflectedOrRelayed() {
        assertFalse(Handshake.verify(aForB(), C, G, A.publicKey(), A.publicKey(), NB, NA), "reflected to A");
        assertFalse(Handshake.verify(aForB(), C, G, A.publicKey(), TcpFixture.key(2).publicKey(), NB, NA),
                "relayed to C");
        assertFalse(Handshake.verify(aForB(), C, G, B.publicKey(), A.publicKey(), NA, NB), "roles swapped");
    }

    @Test
    void itDoesNotVerifyOnAnotherChain() {
        assertFalse(Handshake.verify(aForB(), C + 1, G, A.publicKey(), B.publicKey(), NB, NA));
        assertFalse(Handshake.verify(aForB(), C, Hash.ZERO, A.publicKey(), B.publicKey(), NB, NA));
    }

    @Test
    void garbledSignaturesAreRefusedWithoutThrowing() {
        Bytes sig = aForB();
        assertFalse(Handshake.verify(sig.slice(0, 64), C, G, A.publicKey(), B.publicKey(), NB, NA));
        assertFalse(Handshake.verify(Bytes.repeat((byte) 0xff, 65), C, G, A.publicKey(), B.publicKey(), NB, NA));
        Bytes flipped = Bytes.concatenate(sig.slice(0, 64), Bytes.of(1 - sig.get(64)));
        assertFalse(Handshake.verify(flipped, C, G, A.publicKey(), B.publicKey(), NB, NA), "the other recovery id");
    }

    @Test
    void helloRoundTripsAndRejectsOtherVersionsAndBadLengths() {
        Handshake.Hello h = new Handshake.Hello(A.publicKey(), NA, TcpFixture.status());
        assertEquals(h, Handshake.Hello.decode(h.encode()));
        assertTrue(h.encode().size() < Frames.HANDSHAKE_MAX_BYTES);
        Bytes other = org.apache.tuweni.rlp.RLP.encodeList(w -> {
            w.writeInt(Handshake.VERSION + 1);
            w.writeValue(A.publicKey());
            w.writeValue(NA);
            w.writeValue(TcpFixture.status().encode());
        });
        assertThrows(MalformedMessageException.class, () -> Handshake.Hello.decode(other));
        Bytes shortKey = new Handshake.Hello(A.publicKey().slice(1), NA, TcpFixture.status()).encode();
        assertThrows(MalformedMessageException.class, () -> Handshake.Hello.decode(shortKey));
        assertThrows(MalformedMessageException.class, () -> Handshake.Hello.decode(Bytes.fromHexString("0xdeadbeef")));
    }
}
