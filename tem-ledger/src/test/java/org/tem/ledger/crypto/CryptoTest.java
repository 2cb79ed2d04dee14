package org.tem.ledger.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.rlp.RLP;
import org.junit.jupiter.api.Test;

class CryptoTest {

    @Test
    void keccakOfEmptyStringIsTheKnownAnswer() {
        assertEquals("0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470",
                Keccak.hash256(new byte[0]).toHexString());
    }

    @Test
    void keccakOfAbcIsTheKnownAnswer() {
        assertEquals("0x4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45",
                Keccak.hash256("abc".getBytes(StandardCharsets.US_ASCII)).toHexString());
    }

    @Test
    void addressOfKnownPrivateKeyIsTheKnownAnswer() {
        KeyPair k = KeyPair.fromPrivateKeyHex("0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318");
        assertEquals("0x2c7536e3605d9c16a7a3d7b1898e529396a65c23", k.address().toHexString());
    }

    @Test
    void signThenRecoverGivesTheSignersKey() {
        KeyPair k = KeyPair.fromPrivateKey(BigInteger.valueOf(123456789));
        for (int i = 0; i < 20; i++) {
            Hash h = Keccak.hash256(new byte[] {(byte) i});
            Signature s = k.sign(h);
            assertTrue(s.s().compareTo(Secp256k1.HALF_N) <= 0, "low s");
            assertEquals(k.publicKey(), Secp256k1.recover(h, s).orElseThrow());
            assertTrue(Secp256k1.verify(h, s, k.publicKey()));
        }
    }

    /**
     * Signing computes what Bouncy Castle's deterministic ECDSA signer gives (RFC 6979 with
     * HMAC-SHA-256, then low s), and the recovery id it takes from R recovers the signer's key
     * (checked by full recovery over fresh hashes, so no memoised answer is involved).
     */
    @Test
    void signingIsBouncyCastlesDeterministicEcdsaAndItsRecoveryIdRecoversTheKey() {
        for (int i = 1; i <= 40; i++) {
            KeyPair k = KeyPair.fromPrivateKey(BigInteger.valueOf(1_000_003L * i + 7));
            Hash h = Keccak.hash256(("message " + i).getBytes(StandardCharsets.US_ASCII));
            org.bouncycastle.crypto.signers.ECDSASigner reference = new org.bouncycastle.crypto.signers.ECDSASigner(
                    new org.bouncycastle.crypto.signers.HMacDSAKCalculator(
                            new org.bouncycastle.crypto.digests.SHA256Digest()));
            org.bouncycastle.asn1.x9.X9ECParameters p = org.bouncycastle.crypto.ec.CustomNamedCurves
                    .getByName("secp256k1");
            reference.init(true, new org.bouncycastle.crypto.params.ECPrivateKeyParameters(
                    BigInteger.valueOf(1_000_003L * i + 7),
                    new org.bouncycastle.crypto.params.ECDomainParameters(p.getCurve(), p.getG(), p.getN(), p.getH())));
            BigInteger[] rs = reference.generateSignature(h.toArray());
            BigInteger lowS = rs[1].compareTo(Secp256k1.HALF_N) > 0 ? Secp256k1.N.subtract(rs[1]) : rs[1];
            Signature s = k.sign(h);
            assertEquals(rs[0], s.r(), "r");
            assertEquals(lowS, s.s(), "s");
            assertEquals(Optional.of(k.publicKey()), Secp256k1.recover(h, s), "recovery id " + s.recoveryId());
            Signature other = new Signature(s.r(), s.s(), 1 - s.recoveryId());
            assertFalse(Secp256k1.recover(h, other).map(k.publicKey()::equals).orElse(false));
        }
    }

    @Test
    void signingIsDeterministic() {
        KeyPair k = KeyPair.fromPrivateKey(BigInteger.TEN);
        Hash h = Keccak.hash256(new byte[] {1, 2, 3});
        assertEquals(k.sign(h), k.sign(h));
    }

    @Test
    void recoveryFromAnotherMessageGivesAnotherKey() {
        KeyPair k = KeyPair.fromPrivateKey(BigInteger.TEN);
        Signature s = k.sign(Keccak.hash256(new byte[] {1}));
        Hash other = Keccak.hash256(new byte[] {2});
        assertFalse(Secp256k1.recover(other, s).map(k.publicKey()::equals).orElse(false));
        assertFalse(Secp256k1.verify(other, s, k.publicKey()));
    }

    @Test
    void highSSignatureIsRejected() {
        KeyPair k = KeyPair.fromPrivateKey(BigInteger.TEN);
        Signature s = k.sign(Keccak.hash256(new byte[] {1}));
        assertThrows(IllegalArgumentException.class,
                () -> new Signature(s.r(), Secp256k1.N.subtract(s.s()), 1 - s.recoveryId()));
    }

    @Test
    void privateKeyOutOfRangeIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> KeyPair.fromPrivateKey(BigInteger.ZERO));
        assertThrows(IllegalArgumentException.class, () -> KeyPair.fromPrivateKey(Secp256k1.N));
    }

    @Test
    void rlpRoundTripsValuesListsAndLongs() {
        Bytes enc = RLP.encodeList(w -> {
            w.writeLong(0);
            w.writeLong(Long.MAX_VALUE);
            w.writeString("dog");
            w.writeList(l -> l.writeValue(Bytes.fromHexString("0x0102")));
        });
        RLP.decodeList(enc, r -> {
            assertEquals(0, r.readLong());
            assertEquals(Long.MAX_VALUE, r.readLong());
            assertEquals("dog", r.readString());
            r.readList(l -> {
                assertEquals(Bytes.fromHexString("0x0102"), l.readValue());
                return null;
            });
            assertTrue(r.isComplete());
            return null;
        });
        // The yellow paper's example: "dog" encodes as 0x83646f67.
        assertEquals(Bytes.fromHexString("0x83646f67"), RLP.encodeString("dog"));
    }

    /** Not a benchmark (JMH is elsewhere): prints rough single-thread rates for the report. */
    @Test
    void roughRates() {
        KeyPair k = KeyPair.fromPrivateKey(BigInteger.valueOf(99));
        Hash[] hs = new Hash[400];
        Signature[] sigs = new Signature[hs.length];
        for (int i = 0; i < hs.length; i++) {
            hs[i] = Keccak.hash256(new byte[] {(byte) i, (byte) (i >> 8)});
        }
        for (int round = 0; round < 2; round++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < hs.length; i++) {
                sigs[i] = k.sign(hs[i]);
            }
            long t1 = System.nanoTime();
            for (int i = 0; i < hs.length; i++) {
                assertTrue(Secp256k1.recover(hs[i], sigs[i]).isPresent());
            }
            long t2 = System.nanoTime();
            for (int i = 0; i < hs.length; i++) {
                assertTrue(Secp256k1.verify(hs[i], sigs[i], k.publicKey()));
            }
            long t3 = System.nanoTime();
            if (round == 1) {
                System.out.printf("secp256k1 rates/s: sign %.0f, recover %.0f, verify %.0f%n",
                        hs.length * 1e9 / (t1 - t0), hs.length * 1e9 / (t2 - t1), hs.length * 1e9 / (t3 - t2));
            }
        }
    }
}
