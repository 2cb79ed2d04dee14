package org.tem.ledger.trie;

import java.util.Arrays;
import org.tem.ledger.crypto.Hash;
import org.tem.ledger.trie.Node.Branch;
import org.tem.ledger.trie.Node.Extension;
import org.tem.ledger.trie.Ref.HashRef;
import org.tem.ledger.trie.Node.Leaf;

/**
 * Ethereum's node encoding: a leaf is {@code rlp([hp(path, leaf), value])}, an extension
 * {@code rlp([hp(path, ext), child])}, a branch {@code rlp([c0, ..., c15, value])}; a child whose
 * encoding is shorter than 32 bytes is embedded, a longer one is referenced by its Keccak-256 hash.
 * Decoding accepts canonical encodings only (minimal RLP lengths, hex-prefix flags, no empty leaf
 * value, no branch with fewer than two entries, embedded children shorter than 32 bytes), so
 * every node has exactly one encoding.
 */
final class NodeCodec {
    private NodeCodec() {
    }

    // ---------------------------------------------------------------- encoding

    /** Supplies the encoding of a child reference: an embedded node or 0xa0 followed by a hash. */
    interface RefEncoder {
        byte[] encode(Ref child);
    }

    static byte[] encode(Node n, RefEncoder refs) {
        Buf b = new Buf(64);
        if (n instanceof Leaf l) {
            writeString(b, hexPrefix(l.path, true));
            writeString(b, l.value);
        } else if (n instanceof Extension e) {
            writeString(b, hexPrefix(e.path, false));
            b.put(refs.encode(e.child));
        } else {
            Branch br = (Branch) n;
            for (Ref c : br.children) {
                if (c == null) {
                    b.put((byte) 0x80);
                } else {
                    b.put(refs.encode(c));
                }
            }
            writeString(b, br.value == null ? Nibbles.EMPTY : br.value);
        }
        return list(b);
    }

    /** @return the reference encoding of a hash: the RLP string of its 32 bytes */
    static byte[] hashRef(Hash h) {
        byte[] r = new byte[33];
        r[0] = (byte) 0xa0;
        System.arraycopy(h.toArray(), 0, r, 1, 32);
        return r;
    }

    static byte[] hexPrefix(byte[] nibbles, boolean leaf) {
        int flag = leaf ? 2 : 0;
        boolean odd = (nibbles.length & 1) == 1;
        byte[] out = new byte[nibbles.length / 2 + 1];
        int i = 0;
        if (odd) {
            out[0] = (byte) (((flag + 1) << 4) | nibbles[0]);
            i = 1;
        } else {
            out[0] = (byte) (flag << 4);
        }
        for (int o = 1; o < out.length; o++, i += 2) {
            out[o] = (byte) ((nibbles[i] << 4) | nibbles[i + 1]);
        }
        return out;
    }

    static void writeString(Buf b, byte[] s) {
        if (s.length == 1 && (s[0] & 0xff) < 0x80) {
            b.put(s[0]);
        } else {
            writeLength(b, s.length, 0x80);
            b.put(s);
        }
    }

    static byte[] list(Buf payload) {
        Buf out = new Buf(payload.size + 9);
        writeLength(out, payload.size, 0xc0);
        out.put(payload.bytes, payload.size);
        return out.toArray();
    }

    private static void writeLength(Buf b, int len, int offset) {
        if (len <= 55) {
            b.put((byte) (offset + len));
        } else {
            int bytes = 4 - Integer.numberOfLeadingZeros(len) / 8;
            b.put((byte) (offset + 55 + bytes));
            for (int i = bytes - 1; i >= 0; i--) {
                b.put((byte) (len >>> (8 * i)));
            }
        }
    }

    /** A growable byte buffer. */
    static final class Buf {
        byte[] bytes;
        int size;

        Buf(int capacity) {
            bytes = new byte[Math.max(16, capacity)];
        }

        void put(byte v) {
            ensure(1);
            bytes[size++] = v;
        }

        void put(byte[] v) {
            put(v, v.length);
        }

        void put(byte[] v, int len) {
            ensure(len);
            System.arraycopy(v, 0, bytes, size, len);
            size += len;
        }

        private void ensure(int more) {
            if (size + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
            }
        }

        byte[] toArray() {
            return Arrays.copyOf(bytes, size);
        }
    }

    // ---------------------------------------------------------------- decoding

    /**
     * Decodes a stored or proven node.
     *
     * @param enc the node's encoding, untrusted
     * @param stored the hash it was loaded under, or {@code null} for an embedded node
     * @return the node
     * @throws MalformedNodeException if the bytes are not a canonical node
     */
    static Node decode(byte[] enc, Hash stored) {
        Item top = item(enc, 0, enc.length);
        if (!top.list || top.end != enc.length) {
            throw new MalformedNodeException("a node must be one RLP list");
        }
        Item[] items = new Item[17];
        int count = 0;
        for (int p = top.start; p < top.end; ) {
            if (count == 17) {
                throw new MalformedNodeException("a node has 2 or 17 items");
            }
            Item it = item(enc, p, top.end);
            items[count++] = it;
            p = it.end;
        }
        if (count == 2) {
            if (items[0].list) {
                throw new MalformedNodeException("node path must be a string");
            }
            byte[] hp = items[0].bytes(enc);
            if (hp.length == 0) {
                throw new MalformedNodeException("empty hex-prefix path");
            }
            int flag = (hp[0] & 0xff) >>> 4;
            if (flag > 3 || (flag & 1) == 0 && (hp[0] & 0x0f) != 0) {
                throw new MalformedNodeException("bad hex-prefix flag");
            }
            boolean odd = (flag & 1) == 1;
            byte[] path = new byte[(hp.length - 1) * 2 + (odd ? 1 : 0)];
            int i = 0;
            if (odd) {
                path[i++] = (byte) (hp[0] & 0x0f);
            }
            for (int k = 1; k < hp.length; k++) {
                path[i++] = (byte) ((hp[k] >> 4) & 0x0f);
                path[i++] = (byte) (hp[k] & 0x0f);
            }
            if (flag >= 2) {
                if (items[1].list || items[1].length() == 0) {
                    throw new MalformedNodeException("a leaf value must be a non-empty string");
                }
                return new Leaf(path, items[1].bytes(enc), stored);
            }
            if (path.length == 0) {
                throw new MalformedNodeException("an extension path must not be empty");
            }
            Ref child = ref(enc, items[1]);
            if (child == null || child instanceof Leaf || child instanceof Extension) {
                throw new MalformedNodeException("an extension must lead to a branch");
            }
            return new Extension(path, child, stored);
        }
        if (count != 17) {
            throw new MalformedNodeException("a node has 2 or 17 items, not " + count);
        }
        Ref[] children = new Ref[16];
        for (int k = 0; k < 16; k++) {
            children[k] = ref(enc, items[k]);
        }
        if (items[16].list) {
            throw new MalformedNodeException("a branch value must be a string");
        }
        byte[] value = items[16].length() == 0 ? null : items[16].bytes(enc);
        Branch b = new Branch(children, value, stored);
        if (b.entries() < 2) {
            throw new MalformedNodeException("a branch needs at least two entries");
        }
        return b;
    }

    private static Ref ref(byte[] enc, Item it) {
        if (it.list) {
            if (it.end - it.offset >= 32) {
                throw new MalformedNodeException("an embedded node must be shorter than 32 bytes");
            }
            return decode(Arrays.copyOfRange(enc, it.offset, it.end), null);
        }
        int len = it.length();
        if (len == 0) {
            return null;
        }
        if (len != 32) {
            throw new MalformedNodeException("a child reference is a 32-byte hash or an embedded node");
        }
        return new HashRef(Hash.of(it.bytes(enc)));
    }

    /** One RLP item: header at offset, payload [start, end). */
    record Item(boolean list, int offset, int start, int end) {
        int length() {
            return end - start;
        }

        byte[] bytes(byte[] enc) {
            return Arrays.copyOfRange(enc, start, end);
        }
    }

    static Item item(byte[] enc, int p, int limit) {
        if (p >= limit) {
            throw new MalformedNodeException("truncated RLP");
        }
        int b = enc[p] & 0xff;
        if (b < 0x80) {
            return new Item(false, p, p, p + 1);
        }
        if (b <= 0xb7) {
            int len = b - 0x80;
            Item it = bounded(false, p, p + 1, len, limit);
            if (len == 1 && (enc[p + 1] & 0xff) < 0x80) {
                throw new MalformedNodeException("non-canonical single byte");
            }
            return it;
        }
        if (b <= 0xbf) {
            return longItem(enc, false, p, b - 0xb7, limit);
        }
        if (b <= 0xf7) {
            return bounded(true, p, p + 1, b - 0xc0, limit);
        }
        return longItem(enc, true, p, b - 0xf7, limit);
    }

    private static Item longItem(byte[] enc, boolean list, int p, int lenBytes, int limit) {
        if (lenBytes > 4 || p + 1 + lenBytes > limit) {
            throw new MalformedNodeException("truncated or oversized RLP length");
        }
        if (enc[p + 1] == 0) {
            throw new MalformedNodeException("RLP length with a leading zero");
        }
        long len = 0;
        for (int i = 0; i < lenBytes; i++) {
            len = (len << 8) | (enc[p + 1 + i] & 0xff);
        }
        if (len <= 55) {
            throw new MalformedNodeException("non-canonical long RLP length");
        }
        if (len > limit - (p + 1 + lenBytes)) {
            throw new MalformedNodeException("RLP item longer than its input");
        }
        return new Item(list, p, p + 1 + lenBytes, p + 1 + lenBytes + (int) len);
    }

    private static Item bounded(boolean list, int p, int start, int len, int limit) {
        if (len > limit - start) {
            throw new MalformedNodeException("RLP item longer than its input");
        }
        return new Item(list, p, start, start + len);
    }
}
