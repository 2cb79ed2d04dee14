package org.tem.ledger.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tem.ledger.Fixtures.ALICE;
import static org.tem.ledger.Fixtures.BANK;
import static org.tem.ledger.Fixtures.OPERATOR;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.junit.jupiter.api.Test;
import org.tem.ledger.Fixtures;
import org.tem.ledger.block.BlockHeader;
import org.tem.ledger.state.StateProof;
import org.tem.ledger.state.StateView;
import org.tem.ledger.storage.InMemoryStorage;
import org.tem.ledger.storage.StorageBatch;
import org.tem.ledger.trie.MissingNodeException;
import org.tem.ledger.trie.TrieOptions;

/**
 * Proofs against pruned and unpruned state: with every head final at once and a pruning window of
 * {@value #WINDOW}, the state of the last {@value #WINDOW} + 1 blocks stays readable and provable;
 * older state is refused (never answered wrongly), while proofs taken before it was pruned still
 * verify against their block's root; an archive chain keeps every block's state.
 */
class StateRetentionTest {

    private static final int WINDOW = 2;
    private static final int BLOCKS = 8;

    /** Block 1 mints; block n (2..8) pays Alice 1, so her balance after block n is n - 1. */
    private static List<BlockHeader> grow(Blockchain chain, List<StateProof> proofs) {
        List<BlockHeader> headers = new ArrayList<>();
        headers.add(chain.head());
        proofs.add(chain.proof(BANK, ALICE.address().toBytes()));
        for (int n = 1; n <= BLOCKS; n++) {
            var tx = n == 1 ? Fixtures.mint(OPERATOR, 0, 1000) : Fixtures.transfer(OPERATOR, n - 1, ALICE, 1);
            ImportResult r = chain.importBlock(chain.buildBlock(List.of(tx), chain.head().timestamp() + 1000).block());
            assertTrue(r.headChanged(), r.reason());
            headers.add(chain.head());
            proofs.add(chain.proof(BANK, ALICE.address().toBytes()));
        }
        return headers;
    }

    private static long balance(StateProof p) {
        return p.value().map(v -> ByteBuffer.wrap(v.toArrayUnsafe()).getLong()).orElse(0L);
    }

    @Test
    void prunedStateIsRefusedWhileRetainedStateAndEarlierProofsStillProve() {
        Blockchain chain = Blockchain.open(new InMemoryStorage(), Fixtures.genesis(), ConsensusHook.acceptAll(),
                System::currentTimeMillis, TrieOptions.pruned(WINDOW));
        List<StateProof> proofs = new ArrayList<>();
        List<BlockHeader> headers = grow(chain, proofs);
        assertEquals(headers.get(BLOCKS), chain.finalized());
        for (int n = 0; n <= BLOCKS; n++) {
            BlockHeader h = headers.get(n);
            StateProof earlier = proofs.get(n);
            assertTrue(earlier.verify(h.stateRoot()), "a proof taken at block " + n + " proves against its root");
            assertEquals(Math.max(0, n - 1), balance(earlier));
            if (n < BLOCKS) {
                assertFalse(earlier.verify(headers.get(BLOCKS).stateRoot()), "an old proof does not prove the head");
            }
            boolean retained = n >= BLOCKS - WINDOW;
            assertEquals(retained, chain.reader().state(h.hash()).isPresent(), "block " + n);
            QueryResult q = chain.reader().query(h.hash(), BANK, "balance", ALICE.address().toBytes());
            if (retained) {
                StateView s = chain.reader().state(h.hash()).orElseThrow();
                StateProof fresh = s.prove(BANK, ALICE.address().toBytes());
                assertTrue(fresh.verify(h.stateRoot()));
                assertEquals(earlier, fresh, "the same proof, before and after later blocks");
                assertEquals(n - 1, ByteBuffer.wrap(q.output().toArrayUnsafe()).getLong());
            } else {
                StateView stale = chain.state().at(h.stateRoot());
                assertThrows(MissingNodeException.class, () -> stale.get(BANK, ALICE.address().toBytes()));
                assertThrows(MissingNodeException.class, () -> stale.prove(BANK, ALICE.address().toBytes()));
                assertFalse(q.ok());
                assertTrue(q.reason().contains("no longer retained"), q.reason());
            }
        }
        assertEquals(List.of(), chain.checkIntegrity());
    }

    @Test
    void anArchiveChainKeepsEveryBlocksState() {
        Blockchain chain = Blockchain.open(new InMemoryStorage(), Fixtures.genesis(), ConsensusHook.acceptAll(),
                System::currentTimeMillis, TrieOptions.archival());
        List<StateProof> proofs = new ArrayList<>();
        List<BlockHeader> headers = grow(chain, proofs);
        for (int n = 0; n <= BLOCKS; n++) {
            StateView s = chain.reader().state(headers.get(n).hash()).orElseThrow();
            assertEquals(proofs.get(n), s.prove(BANK, ALICE.address().toBytes()));
            assertTrue(proofs.get(n).verify(headers.get(n).stateRoot()));
        }
        assertEquals(List.of(), chain.checkIntegrity());
    }

    @Test
    void theIntegrityCheckFindsAStateNodeMissingFromTheStore() {
        InMemoryStorage storage = new InMemoryStorage();
        Blockchain chain = Blockchain.open(storage, Fixtures.genesis(), ConsensusHook.acceptAll(),
                System::currentTimeMillis, TrieOptions.pruned().withCacheNodes(0));
        grow(chain, new ArrayList<>());
        assertEquals(List.of(), chain.checkIntegrity());
        // The head's root node, stored under the state trie's namespace 'T' and node table 'n'.
        byte[] key = Bytes.concatenate(Bytes.of('T', 'n'), chain.head().stateRoot().toBytes()).toArray();
        assertTrue(storage.get(key).isPresent());
        storage.commit(new StorageBatch().delete(key));
        List<String> problems = chain.checkIntegrity();
        assertTrue(problems.stream().anyMatch(p -> p.contains("is not stored")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("head state unreadable")), problems.toString());
    }
}
