package org.tem.ledger.trie;

import java.util.Arrays;
import java.util.Objects;
import org.tem.api.contract.Limits;
import org.tem.ledger.LedgerException;
import org.tem.ledger.crypto.Address;

/**
 * How tem's world state maps onto one trie: every table (a contract's state, the nonce table,
 * the permission list, each at its own 20-byte address) is a subtree under its address, and a
 * table key is written in an order-preserving, prefix-free form.
 *
 * <p><b>Keys.</b> {@code trieKey = address(20) || escape(key) || 0x00 0x01}, where
 * {@code escape} writes each 0x00 byte as 0x00 0xFF and every other byte unchanged. Escaped keys
 * sort exactly as the raw keys do (unsigned lexicographic), so a scan of the trie lists a table
 * in key order; and no trie key is a prefix of another, so no value ever sits in a branch node
 * (a proof carries only the one value it proves, at most 64 KiB, even when a table has keys such
 * as {@code state/1} and {@code state/10}). All keys of a table that start with {@code p} are the
 * trie keys that start with {@code address || escape(p)}: a prefix delete or scan of a table is a
 * prefix delete or scan of the trie.
 *
 * <p><b>Values.</b> A value (0 to {@link Limits#MAX_VALUE_BYTES} bytes) is stored as its RLP
 * string encoding, as Ethereum stores storage slots, so an empty value is distinct from an absent
 * key.
 *
 * <p>Stateless and thread-safe.
 */
public final class StateLayout {

    private static final int ADDRESS = Address.SIZE;

    private StateLayout() {
    }

    /**
     * @param table the table's address
     * @param key the table key, 1 to {@link Limits#MAX_KEY_BYTES} bytes
     * @return the trie key
     * @throws IllegalArgumentException if the key is empty or too long
     */
    public static byte[] key(Address table, byte[] key) {
        Objects.requireNonNull(key, "key");
        if (key.length == 0 || key.length > Limits.MAX_KEY_BYTES) {
            throw new IllegalArgumentException("key must be 1 to " + Limits.MAX_KEY_BYTES + " bytes, was "
                    + key.length);
        }
        byte[] p = prefix(table, key);
        byte[] k = Arrays.copyOf(p, p.length + 2);
        k[p.length + 1] = 0x01;
        return k;
    }

    /**
     * @param table the table's address
     * @param keyPrefix a key prefix, 0 to {@link Limits#MAX_KEY_BYTES} bytes (empty: the whole table)
     * @return the trie prefix of the table's keys that start with {@code keyPrefix}
     * @throws IllegalArgumentException if the prefix is too long
     */
    public static byte[] prefix(Address table, byte[] keyPrefix) {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(keyPrefix, "keyPrefix");
        if (keyPrefix.length > Limits.MAX_KEY_BYTES) {
            throw new IllegalArgumentException("key prefix must be at most " + Limits.MAX_KEY_BYTES
                    + " bytes, was " + keyPrefix.length);
        }
        int zeros = 0;
        for (byte b : keyPrefix) {
            if (b == 0) {
                zeros++;
            }
        }
        byte[] out = new byte[ADDRESS + keyPrefix.length + zeros];
        System.arraycopy(table.toArray(), 0, out, 0, ADDRESS);
        int o = ADDRESS;
        for (byte b : keyPrefix) {
            out[o++] = b;
            if (b == 0) {
                out[o++] = (byte) 0xff;
            }
        }
        return out;
    }

    /**
     * @param trieKey a trie key made by {@link #key}
     * @return the table's address
     * @throws LedgerException if the key is not in this layout
     */
    public static Address table(byte[] trieKey) {
        tableKey(trieKey);
        return Address.of(Arrays.copyOf(trieKey, ADDRESS));
    }

    /**
     * @param trieKey a trie key made by {@link #key}
     * @return the table key it encodes
     * @throws LedgerException if the key is not in this layout
     */
    public static byte[] tableKey(byte[] trieKey) {
        Objects.requireNonNull(trieKey, "trieKey");
        if (trieKey.length < ADDRESS + 3) {
            throw new LedgerException("trie key too short for the state layout");
        }
        byte[] out = new byte[trieKey.length - ADDRESS - 2];
        int n = 0;
        int i = ADDRESS;
        while (true) {
            if (i >= trieKey.length) {
                throw new LedgerException("trie key without terminator");
            }
            byte b = trieKey[i++];
            if (b != 0) {
                out[n++] = b;
                continue;
            }
            if (i >= trieKey.length) {
                throw new LedgerException("trie key ends inside an escape");
            }
            byte next = trieKey[i++];
            if (next == (byte) 0xff) {
                out[n++] = 0;
            } else if (next == 0x01 && i == trieKey.length && n > 0) {
                return Arrays.copyOf(out, n);
            } else {
                throw new LedgerException("malformed escape in trie key");
            }
        }
    }

    /**
     * @param value a table value, 0 to {@link Limits#MAX_VALUE_BYTES} bytes
     * @return the bytes stored in the trie: the value's RLP string encoding (never empty)
     * @throws IllegalArgumentException if the value is too long
     */
    public static byte[] storedValue(byte[] value) {
        Objects.requireNonNull(value, "value");
        if (value.length > Limits.MAX_VALUE_BYTES) {
            throw new IllegalArgumentException("value must be at most " + Limits.MAX_VALUE_BYTES + " bytes, was "
                    + value.length);
        }
        NodeCodec.Buf b = new NodeCodec.Buf(value.length + 4);
        NodeCodec.writeString(b, value);
        return b.toArray();
    }

    /**
     * @param stored bytes made by {@link #storedValue} (from a store or a proof: untrusted)
     * @return the table value
     * @throws LedgerException if the bytes are not one canonical RLP string
     */
    public static byte[] tableValue(byte[] stored) {
        Objects.requireNonNull(stored, "stored");
        NodeCodec.Item it = NodeCodec.item(stored, 0, stored.length);
        if (it.list() || it.end() != stored.length) {
            throw new LedgerException("a stored value must be one RLP string");
        }
        return it.bytes(stored);
    }
}
