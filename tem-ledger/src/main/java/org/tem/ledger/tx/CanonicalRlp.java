package org.tem.ledger.tx;

/**
 * A reader of RLP that accepts only the one canonical form of every item, over one array. It
 * refuses a single byte below 0x80 written as a one-byte string, a length written in the long
 * form when the short one fits (under 56 bytes), a long-form length with a leading zero byte, an
 * integer with a leading zero byte (zero is the empty string), and an item running past the end
 * of the list that holds it. With those rules an accepted item has exactly the bytes that Tuweni's
 * {@code RLPWriter} writes for its value, which is what lets {@link Transaction#decode} keep the
 * bytes it received as the transaction's encoding without writing them again.
 *
 * <p>Allocates nothing but the exception that refuses an input; positions are ints, lengths are checked against the end before use, so
 * no input can make it read outside {@code [start, end)}. Not thread-safe (one cursor).
 */
final class CanonicalRlp {

    private final byte[] in;
    private int pos;
    private int end;
    /** The payload of the last item read: its first byte and its length. */
    private int itemStart;
    private int itemLength;

    /**
     * @param in the bytes (not copied, not modified)
     */
    CanonicalRlp(byte[] in) {
        this.in = in;
        this.pos = 0;
        this.end = in.length;
    }

    /**
     * Enters the list that must span the whole input: afterwards items are read from its payload.
     *
     * @throws InvalidTransactionException if the input is not one canonical list
     */
    void enterWholeList() {
        if (readHeader() != Kind.LIST) {
            throw malformed("expected a list");
        }
        if (itemStart + itemLength != in.length) {
            throw malformed("bytes after the list");
        }
        pos = itemStart;
        end = itemStart + itemLength;
    }

    /** @return whether the current list's payload is exhausted */
    boolean isComplete() {
        return pos == end;
    }

    /**
     * Reads a string item; its payload is then {@link #start()} and {@link #length()}.
     *
     * @throws InvalidTransactionException if the next item is missing, a list, or not canonical
     */
    void readString() {
        if (readHeader() != Kind.STRING) {
            throw malformed("expected a value, found a list");
        }
    }

    /**
     * Reads a non-negative integer of at most 8 bytes, as {@code RLPWriter.writeLong} writes it
     * (the minimal big-endian bytes; a value with the top bit set comes out negative, as
     * {@code writeLong} of a negative long wrote it).
     *
     * @return the value
     * @throws InvalidTransactionException if the item is not a canonical integer of at most 8 bytes
     */
    long readLong() {
        readUnsigned(Long.BYTES);
        long v = 0;
        for (int i = itemStart; i < itemStart + itemLength; i++) {
            v = (v << 8) | (in[i] & 0xFF);
        }
        return v;
    }

    /**
     * Reads an unsigned integer of at most {@code maxBytes} bytes without converting it; its
     * magnitude is then {@link #start()} and {@link #length()} (length 0 for zero).
     *
     * @param maxBytes the most bytes the value may have
     * @throws InvalidTransactionException if the item is not a canonical integer or is longer
     */
    void readUnsigned(int maxBytes) {
        readString();
        if (itemLength > maxBytes) {
            throw malformed("integer of " + itemLength + " bytes, at most " + maxBytes);
        }
        if (itemLength > 0 && in[itemStart] == 0) {
            throw malformed("integer with a leading zero byte");
        }
    }

    /** @return the position of the next item (the end of the last one read) */
    int position() {
        return pos;
    }

    /**
     * @param length a list payload's length, at least 0
     * @return the canonical (shortest) prefix of a list with that payload
     */
    static byte[] listPrefix(int length) {
        if (length < 56) {
            return new byte[] {(byte) (0xC0 + length)};
        }
        int n = (Integer.SIZE - Integer.numberOfLeadingZeros(length) + 7) / 8;
        byte[] p = new byte[1 + n];
        p[0] = (byte) (0xF7 + n);
        for (int i = n; i >= 1; i--) {
            p[i] = (byte) length;
            length >>>= 8;
        }
        return p;
    }

    /** @return the first payload byte of the last item read */
    int start() {
        return itemStart;
    }

    /** @return the payload length of the last item read */
    int length() {
        return itemLength;
    }

    private enum Kind { STRING, LIST }

    /** Reads one item's header at {@code pos}, checks it, and moves {@code pos} past the item. */
    private Kind readHeader() {
        if (pos >= end) {
            throw malformed("missing field");
        }
        int b = in[pos] & 0xFF;
        Kind kind;
        if (b < 0x80) {
            itemStart = pos;
            itemLength = 1;
            pos++;
            return Kind.STRING;
        } else if (b <= 0xB7) {
            kind = Kind.STRING;
            itemStart = pos + 1;
            itemLength = b - 0x80;
            if (itemLength == 1 && itemStart < end && (in[itemStart] & 0xFF) < 0x80) {
                throw malformed("a byte below 0x80 written as a string");
            }
        } else if (b <= 0xBF) {
            kind = Kind.STRING;
            readLongLength(b - 0xB7);
        } else if (b <= 0xF7) {
            kind = Kind.LIST;
            itemStart = pos + 1;
            itemLength = b - 0xC0;
        } else {
            kind = Kind.LIST;
            readLongLength(b - 0xF7);
        }
        if (itemLength > end - itemStart) {
            throw malformed("item runs past its end");
        }
        pos = itemStart + itemLength;
        return kind;
    }

    /** A long-form length of {@code lengthBytes} bytes after the prefix at {@code pos}. */
    private void readLongLength(int lengthBytes) {
        int first = pos + 1;
        if (lengthBytes > end - first) {
            throw malformed("length runs past the end");
        }
        if (in[first] == 0) {
            throw malformed("length with a leading zero byte");
        }
        if (lengthBytes > 3) {
            // at least 2^24 bytes: more than any transaction holds
            throw malformed("item runs past its end");
        }
        int length = 0;
        for (int i = first; i < first + lengthBytes; i++) {
            length = (length << 8) | (in[i] & 0xFF);
        }
        if (length < 56) {
            throw malformed("long-form length " + length + " where the short form fits");
        }
        itemStart = first + lengthBytes;
        itemLength = length;
    }

    private static InvalidTransactionException malformed(String why) {
        return new InvalidTransactionException("malformed RLP: " + why);
    }
}
