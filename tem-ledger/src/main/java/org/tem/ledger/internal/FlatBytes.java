package org.tem.ledger.internal;

import org.apache.tuweni.bytes.Bytes;

/**
 * The bytes of a Tuweni value as one array. Tuweni 2.3.1 cannot copy some slices of concatenated
 * values in bulk ({@code IllegalStateException: element sizes do not match total size}, for a
 * slice ending inside its last part); those are read a byte at a time here, so that a caller's
 * value of any shape gives its bytes. Thread-safe (stateless).
 */
public final class FlatBytes {

    private FlatBytes() {
    }

    /**
     * @param b any value
     * @return a fresh array holding its bytes, which nobody else holds
     */
    public static byte[] copyOf(Bytes b) {
        try {
            return b.toArray();
        } catch (IllegalStateException e) {
            return byteByByte(b);
        }
    }

    /**
     * @param b any value
     * @return its bytes as one array: the backing array itself when {@code b} wraps a whole one
     *     (not a copy: not to be modified), else a fresh copy
     */
    public static byte[] of(Bytes b) {
        try {
            return b.toArrayUnsafe();
        } catch (IllegalStateException e) {
            return byteByByte(b);
        }
    }

    private static byte[] byteByByte(Bytes b) {
        byte[] out = new byte[b.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = b.get(i);
        }
        return out;
    }
}
