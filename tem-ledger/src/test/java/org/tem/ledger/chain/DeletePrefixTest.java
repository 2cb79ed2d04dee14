package org.tem.ledger.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tem.ledger.Fixtures.ALICE;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.junit.jupiter.api.Test;
import org.tem.api.contract.Limits;
import org.tem.ledger.Fixtures;
import org.tem.ledger.NotesContract;
import org.tem.ledger.crypto.Address;
import org.tem.ledger.crypto.Hash;
import org.tem.ledger.storage.InMemoryStorage;
import org.tem.ledger.tx.Receipt;
import org.tem.ledger.tx.Transaction;

/** {@link org.tem.api.contract.CallContext#deletePrefix} on the real chain. */
class DeletePrefixTest {

    private static final Address NOTES = Address.fromHexString("0x00000000000000000000000000000000000000a7");

    private final Blockchain chain = notesChain();
    private long nonce;

    private static Blockchain notesChain() {
        return Blockchain.open(new InMemoryStorage(), Fixtures.genesisBuilder().contract(NOTES, new NotesContract())
                .build(), ConsensusHook.acceptAll());
    }

    private Transaction call(String method, String... args) {
        return Transaction.builder().chainId(Fixtures.CHAIN_ID).nonce(nonce++).to(NOTES).method(method)
                .args(NotesContract.args(args)).sign(ALICE);
    }

    private List<Receipt> mine(Blockchain c, Transaction... txs) {
        BuiltBlock b = c.buildBlock(List.of(txs), c.head().timestamp() + 1000);
        assertEquals(List.of(), b.skipped());
        ImportResult r = c.importBlock(b.block());
        assertTrue(r.headChanged(), r.reason());
        return r.receipts();
    }

    private List<String> keys(Blockchain c) {
        List<String> out = new ArrayList<>();
        c.state().scan(NOTES, Bytes.EMPTY, (k, v) -> out.add(new String(k, StandardCharsets.UTF_8)));
        return out;
    }

    private void putMany() {
        List<String> pairs = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            pairs.add("a/" + i);
            pairs.add("v" + i);
        }
        pairs.addAll(List.of("a/", "under", "ab/1", "keep", "b/1", "keep", "a", "keep"));
        assertTrue(mine(chain, call("put", pairs.toArray(String[]::new))).get(0).success());
    }

    @Test
    void aPrefixDeleteRemovesEveryKeyUnderItAndNothingElse() {
        putMany();
        assertEquals(44, keys(chain).size());
        assertTrue(mine(chain, call("wipe", "a/")).get(0).success());
        assertEquals(List.of("a", "ab/1", "b/1"), keys(chain));
        assertEquals(chain.head().stateRoot(), chain.recomputeStateRoot());

        Blockchain other = notesChain();
        nonce = 0;
        mine(other, call("put", "ab/1", "keep", "b/1", "keep", "a", "keep"));
        assertEquals(other.state().tableRoot(NOTES), chain.state().tableRoot(NOTES),
                "the table is exactly the one that never had the deleted keys");
    }

    @Test
    void readsAfterAPrefixDeleteSeeItAndLaterWritesUnderItStay() {
        putMany();
        List<Receipt> r = mine(chain, call("wipeThenPut", "a/", "a/7", "new"), call("expectAbsent", "a/3"),
                call("put", "a/3", "again"));
        assertTrue(r.stream().allMatch(Receipt::success), r.toString());
        assertEquals(List.of("a", "a/3", "a/7", "ab/1", "b/1"), keys(chain));
        assertEquals(Bytes.wrap("new".getBytes(StandardCharsets.UTF_8)),
                chain.query(NOTES, "get", Bytes.wrap("a/7".getBytes(StandardCharsets.UTF_8))).output());
    }

    @Test
    void aFailedCallUndoesItsPrefixDelete() {
        putMany();
        Hash before = chain.state().tableRoot(NOTES);
        Receipt r = mine(chain, call("wipeThenFail", "a/")).get(0);
        assertFalse(r.success());
        assertEquals("failing after the wipe", r.reason());
        assertEquals(44, keys(chain).size());
        assertEquals(before, chain.state().tableRoot(NOTES));
    }

    @Test
    void aPrefixDeleteCountsAsOneWriteAndAnEmptyPrefixIsRefused() {
        putMany();
        assertTrue(mine(chain, call("wipeMany", "a/", String.valueOf(Limits.MAX_WRITES_PER_CALL))).get(0).success());
        Receipt over = mine(chain, call("wipeMany", "b/", String.valueOf(Limits.MAX_WRITES_PER_CALL + 1))).get(0);
        assertEquals("more than " + Limits.MAX_WRITES_PER_CALL + " writes in one call", over.reason());
        assertTrue(keys(chain).contains("b/1"), "the failed call deleted nothing");
        Receipt empty = mine(chain, call("wipe", "")).get(0);
        assertEquals("contract error: IllegalArgumentException", empty.reason());
        assertEquals(List.of("a", "ab/1", "b/1"), keys(chain));
    }
}
