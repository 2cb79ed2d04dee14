package org.tem.ledger.trie;

import java.util.Arrays;

/** Nibble paths: one nibble (0-15) per array element, high nibble of each key byte first. */
final class Nibbles {
    static final byte[] EMPTY = new byte[0];

    private Nibbles() {
    }

    /**
     * @param key bytes
     * @return the key's nibbles, two per byte
     */
    static byte[] of(byte[] key) {
        byte[] n = new byte[key.length * 2];
        for (int i = 0; i < key.length; i++) {
            n[2 * i] = (byte) ((key[i] >> 4) & 0x0f);
            n[2 * i + 1] = (byte) (key[i] & 0x0f);
        }
        return n;
    }

    /**
     * @param nibbles an even number of nibbles
     * @param length how many to pack (even)
     * @return the bytes they spell
     */
    static byte[] toBytes(byte[] nibbles, int length) {
        byte[] b = new byte[length / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) ((nibbles[2 * i] << 4) | nibbles[2 * i + 1]);
        }
        return b;
    }

    /** @return the length of the common prefix of a and b[bFrom..] */
    static int common(byte[] a, byte[] b, int bFrom) {
        int n = Math.min(a.length, b.length - bFrom);
        int i = 0;
        while (i < n && a[i] == b[bFrom + i]) {
            i++;
        }
        return i;
    }

    /** @return whether b[bFrom..] starts with all of a */
    static boolean startsWith(byte[] b, int bFrom, byte[] a) {
        return b.length - bFrom >= a.length && common(a, b, bFrom) == a.length;
    }

    static byte[] slice(byte[] a, int from, int to) {
        return from == to ? EMPTY : Arrays.copyOfRange(a, from, to);
    }

    static byte[] slice(byte[] a, int from) {
        return slice(a, from, a.length);
    }

    static byte[] concat(byte[] a, int nibble, byte[] b) {
        byte[] r = new byte[a.length + 1 + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        r[a.length] = (byte) nibble;
        System.arraycopy(b, 0, r, a.length + 1, b.length);
        return r;
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
