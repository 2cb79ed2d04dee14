package org.tem.consensus.network;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.rlp.RLP;
import org.apache.tuweni.rlp.RLPReader;
import org.tem.ledger.crypto.Hash;

/** Decoding of {@link Message}s from untrusted bytes, and the size rule the constructors share. */
final class MessageCodec {

    /** Room for a message's type and fixed fields, in bytes. */
    static final int OVERHEAD = 256;

    /** The most an RLP value header adds to a payload below 4 GiB, in bytes. */
    static final int ITEM_OVERHEAD = 5;

    /** The deepest list nesting in a message: the message's list and the item lists in it. */
    private static final int MAX_DEPTH = 2;

    private MessageCodec() {
    }

    /** Throws if payloads this large could not be encoded within {@link Message#MAX_BYTES}. */
    static void checkPayload(List<Bytes> items) {
        long size = OVERHEAD;
        for (Bytes b : items) {
            size += b.size() + ITEM_OVERHEAD;
        }
        if (size > Message.MAX_BYTES) {
            throw new IllegalArgumentException("message would exceed " + Message.MAX_BYTES + " bytes");
        }
    }

    static Message decode(Bytes bytes) {
        if (bytes.size() > Message.MAX_BYTES) {
            throw new MalformedMessageException("message of " + bytes.size() + " bytes exceeds the limit of "
                    + Message.MAX_BYTES);
        }
        Message m;
        try {
            m = RLP.decodeList(bytes, MessageCodec::read);
        } catch (MalformedMessageException e) {
            throw e;
        } catch (RuntimeException e) {
            // Tuweni's RLP exceptions, and the records' own IllegalArgumentException.
            throw new MalformedMessageException("malformed message: " + e.getMessage());
        }
        checkCanonical(bytes.toArrayUnsafe());
        return m;
    }

    /**
     * Checks, without writing the message again, that {@code in}, from which a message was just
     * read, is its canonical encoding: one RLP list spanning all of {@code in}, and every item
     * prefix in it (the outer list's, an inner list's, each value's) the shortest for its length —
     * a byte below 0x80 stands alone, a long form only for 56 bytes or more, its length without
     * a leading zero byte. Value contents are not looked into: a value's bytes are the field's
     * bytes whatever they hold. With the integers read by {@link #readLong} (no leading zero
     * byte, so zero only as the empty value) and every field a value or a list of values that the
     * records write back unchanged, that is exactly {@code encode(decode(in)) == in}: the checks
     * the old full re-encoding made, at the cost of one pass over the item prefixes. The
     * message's lists are at most {@link #MAX_DEPTH} deep, so the recursion is bounded whatever
     * the bytes. (Tuweni's strict reader refuses the longer prefixes too; this check does not
     * depend on it, and is what refuses bytes after the list.)
     *
     * @throws MalformedMessageException if any part of {@code in} is not its shortest spelling,
     *     or bytes follow the list
     */
    static void checkCanonical(byte[] in) {
        if (in.length == 0 || (in[0] & 0xFF) < 0xC0 || item(in, 0, in.length, 0) != in.length) {
            throw notCanonical();
        }
    }

    /**
     * @return the end of the item at {@code at}, which must end by {@code limit}, after checking
     *     that its prefix and, for a list, every item in it are in their shortest spelling
     */
    private static int item(byte[] in, int at, int limit, int depth) {
        if (at >= limit) {
            throw notCanonical();
        }
        int b = in[at] & 0xFF;
        if (b < 0x80) {
            return at + 1;
        }
        boolean list = b >= 0xC0;
        int shortBase = list ? 0xC0 : 0x80;
        int longBase = shortBase + 55;
        int start;
        long length;
        if (b <= longBase) {
            start = at + 1;
            length = b - shortBase;
            if (!list && length == 1 && (start >= limit || (in[start] & 0xFF) < 0x80)) {
                throw notCanonical();
            }
        } else {
            int lengthBytes = b - longBase;
            start = at + 1 + lengthBytes;
            if (lengthBytes > 4 || start > limit || in[at + 1] == 0) {
                throw notCanonical();
            }
            length = 0;
            for (int i = at + 1; i < start; i++) {
                length = (length << 8) | (in[i] & 0xFF);
            }
            if (length < 56) {
                throw notCanonical();
            }
        }
        if (length > limit - start) {
            throw notCanonical();
        }
        int end = start + (int) length;
        if (list) {
            if (depth == MAX_DEPTH) {
                throw notCanonical();
            }
            for (int p = start; p < end; ) {
                p = item(in, p, end, depth + 1);
            }
        }
        return end;
    }

    private static MalformedMessageException notCanonical() {
        return new MalformedMessageException("malformed message: not the canonical encoding");
    }

    /**
     * Reads an integer field in its only canonical spelling: at most 8 bytes, big-endian, no
     * leading zero byte (zero is the empty value, not a single 0x00 byte, which Tuweni's reader
     * would also take as zero and which is as long as the canonical spelling, so the prefix walk
     * alone would not see it).
     */
    private static long readLong(RLPReader r) {
        Bytes v = r.readValue();
        if (v.size() > Long.BYTES) {
            throw new MalformedMessageException("malformed message: an integer of " + v.size() + " bytes");
        }
        if (!v.isEmpty() && v.get(0) == 0) {
            throw new MalformedMessageException("malformed message: an integer with a leading zero byte");
        }
        return v.isEmpty() ? 0 : v.toLong();
    }

    /** Reads an integer field as {@link #readLong}, which must be in [0, {@link Integer#MAX_VALUE}]. */
    private static int readInt(RLPReader r) {
        long v = readLong(r);
        if (v < 0 || v > Integer.MAX_VALUE) {
            throw new MalformedMessageException("malformed message: integer " + v + " out of range");
        }
        return (int) v;
    }

    private static Message read(RLPReader r) {
        int type = readInt(r);
        Message m = switch (type) {
            case Status.TYPE -> new Status(readInt(r), readLong(r), hash(r.readValue()), readLong(r),
                    hash(r.readValue()), r.readValue(), readLong(r), hash(r.readValue()));
            case Transactions.TYPE -> new Transactions(items(r, Transactions.MAX_TRANSACTIONS));
            case NewBlock.TYPE -> new NewBlock(r.readValue());
            case GetBlocks.TYPE -> {
                long id = readLong(r);
                Bytes h = r.readValue();
                yield new GetBlocks(id, h.isEmpty() ? Optional.empty() : Optional.of(hash(h)), readLong(r),
                        readInt(r));
            }
            case Blocks.TYPE -> new Blocks(readLong(r), items(r, GetBlocks.MAX_COUNT));
            default -> throw new MalformedMessageException("unknown message type " + type);
        };
        if (!r.isComplete()) {
            throw new MalformedMessageException("malformed message: extra fields");
        }
        return m;
    }

    private static Hash hash(Bytes b) {
        if (b.size() != Hash.SIZE) {
            throw new MalformedMessageException("hash must be " + Hash.SIZE + " bytes, was " + b.size());
        }
        return Hash.of(b);
    }

    private static List<Bytes> items(RLPReader r, int max) {
        return r.readList(lr -> {
            List<Bytes> out = new ArrayList<>();
            while (!lr.isComplete()) {
                if (out.size() == max) {
                    throw new MalformedMessageException("more than " + max + " items");
                }
                out.add(lr.readValue());
            }
            return out;
        });
    }
}
