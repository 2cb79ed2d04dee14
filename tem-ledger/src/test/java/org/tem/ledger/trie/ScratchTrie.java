package org.tem.ledger.trie;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.rlp.RLP;
import org.tem.ledger.crypto.Hash;
import org.tem.ledger.crypto.Keccak;

/**
 * An independent from-scratch root computation, the oracle of the tests: builds the canonical
 * trie of a sorted key set top down (no updates, no deletes) and encodes it with Tuweni's RLP
 * writer instead of the production codec.
 */
final class ScratchTrie {
    private final List<byte[]> keys = new ArrayList<>();
    private final List<byte[]> values = new ArrayList<>();

    private ScratchTrie(SortedMap<byte[], byte[]> entries) {
        for (Map.Entry<byte[], byte[]> e : entries.entrySet()) {
            keys.add(Nibbles.of(e.getKey()));
            values.add(e.getValue());
        }
    }

    /**
     * @param entries keys in ascending unsigned order with non-empty values
     * @return the root of the trie holding exactly these entries
     */
    static Hash root(SortedMap<byte[], byte[]> entries) {
        if (entries.isEmpty()) {
            return Keccak.hash256(new byte[] {(byte) 0x80});
        }
        ScratchTrie t = new ScratchTrie(entries);
        return Keccak.hash256(t.build(0, t.keys.size(), 0).toArrayUnsafe());
    }

    private Bytes build(int lo, int hi, int depth) {
        if (hi - lo == 1) {
            byte[] k = keys.get(lo);
            return RLP.encodeList(w -> {
                w.writeValue(Bytes.wrap(hp(Arrays.copyOfRange(k, depth, k.length), true)));
                w.writeValue(Bytes.wrap(values.get(lo)));
            });
        }
        byte[] first = keys.get(lo);
        byte[] last = keys.get(hi - 1);
        int common = 0;
        while (depth + common < first.length && depth + common < last.length
                && first[depth + common] == last[depth + common]) {
            common++;
        }
        if (common == 0) {
            return branch(lo, hi, depth);
        }
        int c = common;
        Bytes child = branch(lo, hi, depth + common);
        return RLP.encodeList(w -> {
            w.writeValue(Bytes.wrap(hp(Arrays.copyOfRange(first, depth, depth + c), false)));
            writeRef(w, child);
        });
    }

    private Bytes branch(int lo, int hi, int depth) {
        byte[] value = null;
        int start = lo;
        if (keys.get(lo).length == depth) {
            value = values.get(lo);
            start++;
        }
        Bytes[] children = new Bytes[16];
        int i = start;
        while (i < hi) {
            int nibble = keys.get(i)[depth];
            int j = i;
            while (j < hi && keys.get(j)[depth] == nibble) {
                j++;
            }
            children[nibble] = build(i, j, depth + 1);
            i = j;
        }
        byte[] v = value;
        return RLP.encodeList(w -> {
            for (Bytes c : children) {
                if (c == null) {
                    w.writeValue(Bytes.EMPTY);
                } else {
                    writeRef(w, c);
                }
            }
            w.writeValue(v == null ? Bytes.EMPTY : Bytes.wrap(v));
        });
    }

    private static void writeRef(org.apache.tuweni.rlp.RLPWriter w, Bytes node) {
        if (node.size() < 32) {
            w.writeRLP(node);
        } else {
            w.writeValue(Keccak.hash256(node.toArrayUnsafe()).toBytes());
        }
    }

    private static byte[] hp(byte[] nibbles, boolean leaf) {
        int flag = (leaf ? 2 : 0) + (nibbles.length % 2);
        byte[] all = new byte[nibbles.length % 2 == 1 ? nibbles.length + 1 : nibbles.length + 2];
        all[0] = (byte) flag;
        System.arraycopy(nibbles, 0, all, all.length - nibbles.length, nibbles.length);
        byte[] out = new byte[all.length / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) (all[2 * i] << 4 | all[2 * i + 1]);
        }
        return out;
    }
}
