package org.tem.ledger.trie;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.tem.ledger.LedgerException;
import org.tem.ledger.crypto.Address;

/**
 * The state layout's key form keeps the order of table keys, is prefix-free, round-trips, and
 * maps "keys starting with p" onto "trie keys starting with prefix(p)"; values round-trip,
 * including the empty value.
 */
class StateLayoutProperties {

    private static final Address A = Address.of(new byte[20]);
    private static final Address B = Address.of(Arrays.copyOf(new byte[] {1}, 20));

    @Provide
    Arbitrary<byte[]> tableKeys() {
        return Arbitraries.of((byte) 0x00, (byte) 0x01, (byte) 0xff, (byte) 'a').list().ofMinSize(1).ofMaxSize(6)
                .map(l -> {
                    byte[] b = new byte[l.size()];
                    for (int i = 0; i < b.length; i++) {
                        b[i] = l.get(i);
                    }
                    return b;
                });
    }

    @Property(tries = 2000)
    void trieKeysSortLikeTableKeys_andNeitherIsAPrefixOfTheOther(@ForAll("tableKeys") byte[] a,
            @ForAll("tableKeys") byte[] b) {
        byte[] ka = StateLayout.key(A, a);
        byte[] kb = StateLayout.key(A, b);
        assertEquals(Integer.signum(Arrays.compareUnsigned(a, b)), Integer.signum(Arrays.compareUnsigned(ka, kb)));
        if (!Arrays.equals(a, b)) {
            assertFalse(TrieProperties.startsWith(ka, kb) || TrieProperties.startsWith(kb, ka));
        }
        assertArrayEquals(a, StateLayout.tableKey(ka));
        assertEquals(A, StateLayout.table(ka));
    }

    @Property(tries = 2000)
    void aTableKeyStartsWithP_exactlyWhenItsTrieKeyStartsWithPrefixOfP(@ForAll("tableKeys") byte[] key,
            @ForAll("tableKeys") byte[] p) {
        assertEquals(TrieProperties.startsWith(key, p),
                TrieProperties.startsWith(StateLayout.key(A, key), StateLayout.prefix(A, p)));
        assertFalse(TrieProperties.startsWith(StateLayout.key(B, key), StateLayout.prefix(A, p)), "other table");
    }

    @Property(tries = 500)
    void valuesRoundTrip(@ForAll byte[] value) {
        assertArrayEquals(value, StateLayout.tableValue(StateLayout.storedValue(value)));
    }

    @Example
    void theEmptyValueIsStorable() {
        assertArrayEquals(new byte[] {(byte) 0x80}, StateLayout.storedValue(new byte[0]));
        assertArrayEquals(new byte[0], StateLayout.tableValue(new byte[] {(byte) 0x80}));
    }

    @Example
    void malformedTrieKeysAndValuesAreRefused() {
        byte[] k = StateLayout.key(A, new byte[] {5});
        assertThrows(LedgerException.class, () -> StateLayout.tableKey(Arrays.copyOf(k, k.length - 1)));
        byte[] bad = k.clone();
        bad[bad.length - 1] = 0x02;
        assertThrows(LedgerException.class, () -> StateLayout.tableKey(bad));
        assertThrows(LedgerException.class, () -> StateLayout.tableValue(new byte[] {(byte) 0x81, 0x01}));
        assertThrows(LedgerException.class, () -> StateLayout.tableValue(new byte[] {(byte) 0xc0}));
        assertThrows(IllegalArgumentException.class, () -> StateLayout.key(A, new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> StateLayout.key(A, new byte[257]));
    }
}
