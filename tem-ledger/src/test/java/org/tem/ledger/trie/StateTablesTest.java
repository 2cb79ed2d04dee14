package org.tem.ledger.trie;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tem.ledger.crypto.Address;
import org.tem.ledger.crypto.Hash;
import org.tem.ledger.storage.InMemoryStorage;

/** Tables over the store: isolation between tables, key order, empty values, proofs, deletes. */
class StateTablesTest {

    private static final Address NONCES = Address.ZERO;
    private static final Address ADMM = Address.fromHexString("0x00000000000000000000000000000000000c0de1");

    private static byte[] s(String v) {
        return v.getBytes(StandardCharsets.UTF_8);
    }

    private final InMemoryStorage kv = new InMemoryStorage();
    private final TrieStore store = TrieStore.open(kv, TrieOptions.pruned());
    private final StateTables tables = new StateTables(store);

    private Hash genesis() {
        TrieUpdate u = store.update(Trie.EMPTY_ROOT);
        StateTables.put(u, NONCES, s("alice"), new byte[] {0, 0, 0, 0, 0, 0, 0, 3});
        StateTables.put(u, ADMM, s("round/7/state/1"), s("one"));
        StateTables.put(u, ADMM, s("round/7/state/10"), s("ten"));
        StateTables.put(u, ADMM, s("round/7/state/2"), new byte[0]);
        StateTables.put(u, ADMM, s("round/8/state/1"), s("next"));
        StateTables.put(u, ADMM, new byte[] {0, 1}, s("binary"));
        return StoreFixtures.commit(store, kv, u, StoreFixtures.id(0), null).root();
    }

    @Test
    void aTableScan_listsOnlyThatTable_inKeyOrder_withEmptyValues() {
        Hash root = genesis();
        List<String> got = new ArrayList<>();
        tables.scan(root, ADMM, s("round/7/"), null, (k, v) -> got.add(new String(k, StandardCharsets.UTF_8) + "="
                + new String(v, StandardCharsets.UTF_8)));
        assertEquals(List.of("round/7/state/1=one", "round/7/state/10=ten", "round/7/state/2="), got);
        List<String> from = new ArrayList<>();
        tables.scan(root, ADMM, new byte[0], s("round/7/state/10"), (k, v) -> from.add(new String(k, StandardCharsets.UTF_8)));
        assertEquals(List.of("round/7/state/10", "round/7/state/2", "round/8/state/1"), from);
        List<byte[]> all = new ArrayList<>();
        tables.scan(root, NONCES, new byte[0], null, (k, v) -> all.add(k));
        assertEquals(1, all.size());
        assertArrayEquals(new byte[0], tables.get(root, ADMM, s("round/7/state/2")).orElseThrow());
        assertTrue(tables.get(root, ADMM, s("round/7/state/3")).isEmpty());
    }

    @Test
    void proofs_proveTableValuesAndAbsence_againstTheRootAlone() {
        Hash root = genesis();
        ProofResult p = StateTables.verify(tables.prove(root, ADMM, s("round/7/state/10")), root, ADMM,
                s("round/7/state/10"));
        assertEquals(ProofResult.Status.PRESENT, p.status());
        assertArrayEquals(s("ten"), p.value().orElseThrow().toArrayUnsafe());
        ProofResult empty = StateTables.verify(tables.prove(root, ADMM, s("round/7/state/2")), root, ADMM,
                s("round/7/state/2"));
        assertEquals(0, empty.value().orElseThrow().size(), "an empty value is proven present");
        assertEquals(ProofResult.Status.ABSENT, StateTables.verify(tables.prove(root, ADMM, s("round/9")), root, ADMM,
                s("round/9")).status());
        assertEquals(ProofResult.Status.INVALID, StateTables.verify(tables.prove(root, ADMM, s("round/9")), root,
                NONCES, s("round/9")).status(), "this proof does not reach the nonce table's key");
    }

    @Test
    void aRoundsWorkingState_isDeletedByPrefix_andOtherRoundsAndTablesStay() {
        Hash root = genesis();
        TrieUpdate u = store.update(root);
        StateTables.deletePrefix(u, ADMM, s("round/7/"));
        Hash after = StoreFixtures.commit(store, kv, u, StoreFixtures.id(1), StoreFixtures.id(0)).root();
        List<String> left = new ArrayList<>();
        tables.scan(after, ADMM, new byte[0], null, (k, v) -> left.add(new String(k, StandardCharsets.UTF_8)));
        assertEquals(List.of("\u0000\u0001", "round/8/state/1"), left);
        assertTrue(tables.get(after, NONCES, s("alice")).isPresent());
        TrieUpdate wipe = store.update(after);
        StateTables.deletePrefix(wipe, ADMM, new byte[0]);
        StateTables.delete(wipe, NONCES, s("alice"));
        assertEquals(Trie.EMPTY_ROOT, wipe.changes().root());
    }
}
