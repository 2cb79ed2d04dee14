package org.tem.consensus.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.junit.jupiter.api.Test;

/**
 * {@link Message#decode} checks a message is canonical without writing it again: each sample
 * message is written again with exactly one item spelled another way that an RLP reader still
 * reads as the same item (a byte below 0x80 behind a one-byte prefix, a long-form prefix for a
 * short item, a long-form length with a leading zero byte, and zero written as the byte 0x00
 * instead of the empty value), and every such spelling is refused, unless it is the canonical
 * encoding of another message (0x00 in a byte field is a one-byte value, not zero).
 */
class MessageSpellingTest {

    /** A parsed RLP item: a value (content) or a list (items). */
    private record Item(byte[] value, List<Item> items) {
    }

    private enum Spelling {
        SINGLE_BYTE_AS_STRING, LONG_FORM, LEADING_ZERO_LENGTH, ZERO_AS_BYTE
    }

    private static List<Message> samples() {
        List<Message> l = new ArrayList<>(MessageTest.samples());
        l.add(GetBlocks.range(0, 0, 1));
        l.add(new Transactions(List.of(Bytes.wrap(new byte[60]), Bytes.of(0x7F))));
        return l;
    }

    @Test
    void everyOtherSpellingOfOneItemIsRefused() {
        int refused = 0;
        for (Message m : samples()) {
            byte[] enc = m.encode().toArray();
            Item root = parse(enc, new int[1]);
            assertArrayEquals(enc, write(root, -1, null, new int[1]), "the test's writer, " + m);
            int items = count(root);
            for (int target = 0; target < items; target++) {
                for (Spelling s : Spelling.values()) {
                    byte[] odd = write(root, target, s, new int[1]);
                    if (Arrays.equals(odd, enc)) {
                        continue; // the spelling does not apply to this item
                    }
                    Message back;
                    try {
                        back = Message.decode(Bytes.wrap(odd));
                    } catch (MalformedMessageException e) {
                        refused++;
                        continue;
                    }
                    // accepted: only as the canonical encoding of what it decodes to, and never
                    // for a longer spelling of the same items
                    assertEquals(Spelling.ZERO_AS_BYTE, s, m + " item " + target);
                    assertArrayEquals(odd, back.encode().toArray(), m + " item " + target);
                }
            }
        }
        assertTrue(refused > 100, "refused " + refused);
    }

    /**
     * The prefix walk on its own (not counting on the RLP reader's strictness) refuses every
     * longer spelling of an item, and accepts every sample's canonical encoding.
     */
    @Test
    void thePrefixWalkAloneRefusesEveryLongerSpelling() {
        int refused = 0;
        for (Message m : samples()) {
            byte[] enc = m.encode().toArray();
            MessageCodec.checkCanonical(enc);
            Item root = parse(enc, new int[1]);
            for (int target = 0; target < count(root); target++) {
                for (Spelling s : List.of(Spelling.SINGLE_BYTE_AS_STRING, Spelling.LONG_FORM,
                        Spelling.LEADING_ZERO_LENGTH)) {
                    byte[] odd = write(root, target, s, new int[1]);
                    if (!Arrays.equals(odd, enc)) {
                        assertThrows(MalformedMessageException.class, () -> MessageCodec.checkCanonical(odd),
                                m + " item " + target + " " + s);
                        refused++;
                    }
                }
            }
        }
        assertTrue(refused > 100, "refused " + refused);
    }

    /** Zero written as the single byte 0x00 is as long as the canonical empty value. */
    @Test
    void anIntegerZeroWrittenAsTheByteZeroIsRefused() {
        // Status's type is 0: the first item of its list
        byte[] status = MessageTest.samples().get(0).encode().toArray();
        byte[] odd = write(parse(status, new int[1]), 1, Spelling.ZERO_AS_BYTE, new int[1]);
        assertEquals(status.length, odd.length);
        String why = assertThrows(MalformedMessageException.class, () -> Message.decode(Bytes.wrap(odd))).getMessage();
        assertTrue(why.contains("leading zero"), why);
        // GetBlocks.range(0, 0, 1): its request id (item 2) and number (item 4) are 0
        byte[] get = GetBlocks.range(0, 0, 1).encode().toArray();
        for (int target : new int[] {2, 4}) {
            byte[] o = write(parse(get, new int[1]), target, Spelling.ZERO_AS_BYTE, new int[1]);
            assertThrows(MalformedMessageException.class, () -> Message.decode(Bytes.wrap(o)), "item " + target);
        }
    }

    @Test
    void trailingBytesAndUnfinishedPrefixesAreRefused() {
        for (Message m : samples()) {
            byte[] enc = m.encode().toArray();
            byte[] longer = Arrays.copyOf(enc, enc.length + 1);
            assertThrows(MalformedMessageException.class, () -> Message.decode(Bytes.wrap(longer)), m.toString());
            for (int cut = 0; cut < enc.length; cut++) {
                byte[] shorter = Arrays.copyOf(enc, cut);
                assertThrows(MalformedMessageException.class, () -> Message.decode(Bytes.wrap(shorter)), m + " " + cut);
            }
        }
    }

    private static int count(Item i) {
        int n = 1;
        if (i.items() != null) {
            for (Item c : i.items()) {
                n += count(c);
            }
        }
        return n;
    }

    /** Parses canonical RLP (the samples' own encodings). */
    private static Item parse(byte[] in, int[] pos) {
        int b = in[pos[0]] & 0xFF;
        if (b < 0x80) {
            pos[0]++;
            return new Item(new byte[] {(byte) b}, null);
        }
        boolean list = b >= 0xC0;
        int base = list ? 0xC0 : 0x80;
        int length;
        if (b - base <= 55) {
            length = b - base;
            pos[0]++;
        } else {
            int lengthBytes = b - base - 55;
            length = 0;
            for (int i = 1; i <= lengthBytes; i++) {
                length = (length << 8) | (in[pos[0] + i] & 0xFF);
            }
            pos[0] += 1 + lengthBytes;
        }
        int end = pos[0] + length;
        if (!list) {
            byte[] v = Arrays.copyOfRange(in, pos[0], end);
            pos[0] = end;
            return new Item(v, null);
        }
        List<Item> items = new ArrayList<>();
        while (pos[0] < end) {
            items.add(parse(in, pos));
        }
        return new Item(null, items);
    }

    /** Writes the item canonically, but the one at pre-order index {@code target} as {@code s}. */
    private static byte[] write(Item i, int target, Spelling s, int[] index) {
        boolean odd = index[0]++ == target;
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        if (i.items() != null) {
            for (Item c : i.items()) {
                payload.writeBytes(write(c, target, s, index));
            }
        } else {
            payload.writeBytes(i.value());
        }
        byte[] p = payload.toByteArray();
        boolean list = i.items() != null;
        int base = list ? 0xC0 : 0x80;
        if (odd && s == Spelling.ZERO_AS_BYTE && !list && p.length == 0) {
            return new byte[] {0};
        }
        if (!list && p.length == 1 && (p[0] & 0xFF) < 0x80) {
            if (odd && s == Spelling.SINGLE_BYTE_AS_STRING) {
                return new byte[] {(byte) 0x81, p[0]};
            }
            if (!odd || (s != Spelling.LONG_FORM && s != Spelling.LEADING_ZERO_LENGTH)) {
                return p;
            }
        }
        byte[] length = Bytes.minimalBytes(p.length).toArray();
        if (odd && s == Spelling.LEADING_ZERO_LENGTH) {
            length = concat(new byte[] {0}, length);
        } else if (p.length < 56 && !(odd && s == Spelling.LONG_FORM)) {
            return concat(new byte[] {(byte) (base + p.length)}, p);
        } else if (p.length == 0) {
            length = new byte[] {0}; // a long form cannot write length 0 without a zero byte
        }
        return concat(concat(new byte[] {(byte) (base + 55 + length.length)}, length), p);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
