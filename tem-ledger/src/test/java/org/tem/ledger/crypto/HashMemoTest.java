package org.tem.ledger.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.bouncycastle.crypto.digests.KeccakDigest;
import org.junit.jupiter.api.Test;

/** The content-keyed memo of large Keccak inputs gives exactly the digest, whatever was hashed before. */
class HashMemoTest {

    private static Hash reference(byte[] data) {
        KeccakDigest d = new KeccakDigest(256);
        d.update(data, 0, data.length);
        byte[] out = new byte[32];
        d.doFinal(out, 0);
        return Hash.wrap(out);
    }

    /**
     * Large inputs that differ in one byte anywhere (so that most share the sampled hash code),
     * hashed twice each, interleaved: every answer is the reference digest of that input.
     */
    @Test
    void inputsDifferingInOneByteGetTheirOwnDigests() {
        byte[] base = new byte[4096];
        new Random(7).nextBytes(base);
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < base.length; i += 97) {
                byte[] v = base.clone();
                v[i] ^= 1;
                assertEquals(reference(v), Keccak.hash256(v), "byte " + i);
            }
            assertEquals(reference(base), Keccak.hash256(base));
        }
    }

    /** The memo copies its input: changing the caller's array afterwards changes no later answer. */
    @Test
    void aCallersArrayReusedAfterHashingDoesNotChangeTheMemo() {
        byte[] buffer = new byte[2048];
        Arrays.fill(buffer, (byte) 5);
        Hash first = Keccak.hash256(buffer);
        byte[] original = buffer.clone();
        buffer[1000] = 6;
        Hash second = Keccak.hash256(buffer);
        assertNotEquals(first, second);
        assertEquals(reference(buffer), second);
        assertEquals(first, Keccak.hash256(original));
    }

    /** The inputs held stay within the bound however much is hashed. */
    @Test
    void theMemoIsBounded() {
        Random r = new Random(3);
        for (int i = 0; i < 400; i++) {
            byte[] v = new byte[32 * 1024];
            r.nextBytes(v);
            Keccak.hash256(v);
        }
        assertTrue(HashMemo.totalBytes() <= HashMemo.MAX_TOTAL_BYTES, String.valueOf(HashMemo.totalBytes()));
        assertTrue(HashMemo.totalBytes() > 0);
    }
}
