package org.tem.ledger.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tem.ledger.Fixtures.ALICE;
import static org.tem.ledger.Fixtures.BANK;
import static org.tem.ledger.Fixtures.BOB;
import static org.tem.ledger.Fixtures.OPERATOR;
import static org.tem.ledger.Fixtures.mint;
import static org.tem.ledger.Fixtures.transfer;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.junit.jupiter.api.Test;
import org.tem.ledger.Fixtures;
import org.tem.ledger.PoisonContract;
import org.tem.ledger.Validation;
import org.tem.ledger.block.Block;
import org.tem.ledger.block.BlockHeader;
import org.tem.ledger.crypto.Address;
import org.tem.ledger.crypto.Hash;
import org.tem.ledger.merkle.MerkleProof;
import org.tem.ledger.state.StateProof;
import org.tem.ledger.state.StateView;
import org.tem.ledger.trie.TrieOptions;
import org.tem.ledger.storage.FailingStorage;
import org.tem.ledger.storage.InMemoryStorage;
import org.tem.ledger.storage.StorageException;
import org.tem.ledger.tx.Receipt;
import org.tem.ledger.tx.Transaction;

class BlockchainTest {

    private final Blockchain chain = Fixtures.chain(new InMemoryStorage());

    private ImportResult mine(Transaction... txs) {
        BuiltBlock b = chain.buildBlock(List.of(txs), chain.head().timestamp() + 1000);
        return chain.importBlock(b.block());
    }

    private static long balanceOf(Blockchain c, Address a) {
        return c.get(BANK, a.toBytes()).map(b -> ByteBuffer.wrap(b.toArrayUnsafe()).getLong()).orElse(0L);
    }

    @Test
    void successfulCallsChangeStateAndEmitEvents() {
        ImportResult r = mine(mint(OPERATOR, 0, 1000), transfer(OPERATOR, 1, ALICE, 300));
        assertTrue(r.imported(), r.reason());
        assertTrue(r.receipts().get(0).success());
        assertEquals("Mint", r.receipts().get(0).events().get(0).name());
        assertEquals("Transfer", r.receipts().get(1).events().get(0).name());
        assertEquals(700, balanceOf(chain, OPERATOR.address()));
        assertEquals(300, balanceOf(chain, ALICE.address()));
        assertEquals(2, chain.nonce(OPERATOR.address()));
        assertEquals(1, chain.head().number());
    }

    @Test
    void failedCallChangesNoContractStateButUsesTheNonce() {
        mine(mint(OPERATOR, 0, 1000));
        Transaction overdraw = transfer(ALICE, 0, BOB, 5);
        Hash before = chain.recomputeStateRoot();
        ImportResult r = mine(overdraw);
        Receipt receipt = r.receipts().get(0);
        assertFalse(receipt.success());
        assertEquals("insufficient balance: 0 < 5", receipt.reason());
        assertTrue(receipt.events().isEmpty());
        assertEquals(0, balanceOf(chain, ALICE.address()));
        assertTrue(chain.get(BANK, ALICE.address().toBytes()).isEmpty(), "the staged debit was discarded");
        assertEquals(1, chain.nonce(ALICE.address()));
        assertEquals(receipt, chain.receipt(overdraw.hash()).orElseThrow());
        // Only the nonce table changed.
        assertFalse(before.equals(chain.head().stateRoot()));
        assertEquals(chain.head().stateRoot(), chain.recomputeStateRoot());
    }

    @Test
    void nonContractExceptionAndUnknownMethodAreFailedReceipts() {
        mine(mint(OPERATOR, 0, 10));
        ImportResult r = mine(Fixtures.tx(OPERATOR, 1, "burnAll", Bytes.EMPTY),
                Fixtures.tx(OPERATOR, 2, "noSuchMethod", Bytes.EMPTY),
                Fixtures.tx(OPERATOR, 3, "mint", Bytes.of(1, 2, 3)));
        assertEquals("contract error: IllegalStateException", r.receipts().get(0).reason());
        assertEquals("unknown method noSuchMethod of contract bank/1", r.receipts().get(1).reason());
        assertTrue(r.receipts().get(2).reason().startsWith("malformed arguments"));
        assertEquals(10, balanceOf(chain, OPERATOR.address()));
    }

    @Test
    void buildSkipsTransactionsThatCannotExecute() {
        Transaction wrongChain = Transaction.builder().chainId(99).nonce(0).to(BANK).method("increment").sign(ALICE);
        Transaction gap = Fixtures.tx(BOB, 5, "increment", Bytes.EMPTY);
        Transaction unknown = Transaction.builder().chainId(Fixtures.CHAIN_ID).nonce(0)
                .to(Address.fromHexString("0x00000000000000000000000000000000000000ff")).method("x").sign(BOB);
        BuiltBlock b = chain.buildBlock(List.of(wrongChain, gap, unknown), 0);
        assertTrue(b.block().transactions().isEmpty());
        assertEquals(List.of("wrong chain id: expected 1717, was 99", "nonce gap: expected 0, was 5",
                "unknown contract 0x00000000000000000000000000000000000000ff"),
                b.skipped().stream().map(BuiltBlock.Skipped::reason).toList());
    }

    @Test
    void importRejectsBadBlocksAndChangesNothing() {
        mine(mint(OPERATOR, 0, 1000));
        BlockHeader head = chain.head();
        BuiltBlock built = chain.buildBlock(List.of(transfer(OPERATOR, 1, ALICE, 1)), head.timestamp() + 1);
        Block good = built.block();
        BlockHeader h = good.header();
        List<Transaction> txs = good.transactions();
        Transaction replay = mint(OPERATOR, 0, 1000);

        assertNotImported(new Block(new BlockHeader(Hash.ZERO, h.number(), h.timestamp(), h.transactionsRoot(),
                h.stateRoot(), h.receiptsRoot(), h.consensusData(), h.seal()), txs), ImportResult.Status.UNKNOWN_PARENT,
                "parent");
        assertRejected(new Block(new BlockHeader(h.parentHash(), 5, h.timestamp(), h.transactionsRoot(),
                h.stateRoot(), h.receiptsRoot(), h.consensusData(), h.seal()), txs), "number");
        assertRejected(new Block(new BlockHeader(h.parentHash(), h.number(), head.timestamp() - 1,
                h.transactionsRoot(), h.stateRoot(), h.receiptsRoot(), h.consensusData(), h.seal()), txs), "timestamp");
        assertRejected(new Block(h, List.of()), "transactions root mismatch");
        assertRejected(new Block(new BlockHeader(h.parentHash(), h.number(), h.timestamp(), h.transactionsRoot(),
                Hash.ZERO, h.receiptsRoot(), h.consensusData(), h.seal()), txs), "state root mismatch");
        assertRejected(new Block(new BlockHeader(h.parentHash(), h.number(), h.timestamp(), h.transactionsRoot(),
                h.stateRoot(), Hash.ZERO, h.consensusData(), h.seal()), txs), "receipts root mismatch");
        assertRejected(new Block(new BlockHeader(h.parentHash(), h.number(), h.timestamp(),
                Block.transactionsRoot(List.of(replay)), h.stateRoot(), h.receiptsRoot(), h.consensusData(), h.seal()),
                List.of(replay)), "nonce too low (replayed)");

        Blockchain sealed = Blockchain.open(new InMemoryStorage(), Fixtures.genesis(), TestConsensus.sealRequired());
        ImportResult r = sealed.importBlock(new Block(sealed.buildBlock(List.of(), 1).block().header(), List.of()));
        assertEquals("bad seal: no seal", r.reason());

        assertEquals(head, chain.head());
        assertEquals(head.stateRoot(), chain.recomputeStateRoot());
        assertTrue(chain.importBlock(good).imported());
        assertEquals(ImportResult.Status.ALREADY_KNOWN, chain.importBlock(good).status());
    }

    private void assertRejected(Block b, String reasonPart) {
        assertNotImported(b, ImportResult.Status.REJECTED, reasonPart);
    }

    private void assertNotImported(Block b, ImportResult.Status status, String reasonPart) {
        BlockHeader head = chain.head();
        ImportResult r = chain.importBlock(b);
        assertEquals(status, r.status(), r.reason());
        assertTrue(r.reason().contains(reasonPart), r.reason());
        assertEquals(head, chain.head());
        assertEquals(head.stateRoot(), chain.recomputeStateRoot());
    }

    @Test
    void blockRoundTripsThroughItsEncoding() {
        Block b = chain.buildBlock(List.of(mint(OPERATOR, 0, 5), transfer(OPERATOR, 1, BOB, 2)), 7).block();
        assertEquals(b, Block.decode(b.encode()));
        assertEquals(b.header(), BlockHeader.decode(b.header().encode()));
    }

    @Test
    void transactionAndStateProofsVerifyAgainstTheHeaderAndTamperedOnesDoNot() {
        mine(mint(OPERATOR, 0, 1000), transfer(OPERATOR, 1, ALICE, 300), transfer(OPERATOR, 2, BOB, 5));
        Block block = chain.block(chain.head().number()).orElseThrow();
        for (int i = 0; i < 3; i++) {
            MerkleProof p = block.transactionProof(i);
            assertTrue(MerkleProof.verify(block.header().transactionsRoot(), block.transactions().get(i).encoded(), p));
            assertFalse(MerkleProof.verify(block.header().transactionsRoot(),
                    block.transactions().get((i + 1) % 3).encoded(), p));
        }
        Hash root = chain.head().stateRoot();
        StateProof p = chain.proof(BANK, ALICE.address().toBytes());
        assertTrue(p.verify(root));
        assertEquals(300, ByteBuffer.wrap(p.value().orElseThrow().toArrayUnsafe()).getLong());
        assertEquals(p, StateProof.decode(p.encode()), "the encoding round-trips");
        assertTrue(StateProof.decode(p.encode()).verify(root));
        StateProof forged = new StateProof(p.table(), p.key(),
                Optional.of(Bytes.wrap(ByteBuffer.allocate(8).putLong(1_000_000).array())), p.proof());
        assertFalse(forged.verify(root), "another value");
        assertFalse(new StateProof(p.table(), p.key(), Optional.empty(), p.proof()).verify(root), "claimed absent");
        assertFalse(new StateProof(p.table(), BOB.address().toBytes(), p.value(), p.proof()).verify(root),
                "another key");
        assertFalse(p.verify(chain.block(chain.head().number() - 1).orElseThrow().header().stateRoot()),
                "another root");
        StateProof nonce = chain.proof(StateView.NONCES, OPERATOR.address().toBytes());
        assertTrue(nonce.verify(root));
        assertEquals(3, ByteBuffer.wrap(nonce.value().orElseThrow().toArrayUnsafe()).getLong());
        StateProof absent = chain.proof(BANK, Bytes.of(1));
        assertTrue(absent.value().isEmpty());
        assertTrue(absent.verify(root), "absence is provable");
        assertFalse(new StateProof(BANK, Bytes.of(1), Optional.of(Bytes.of(0)), absent.proof()).verify(root));
        StateProof chainId = chain.proof(Genesis.CHAIN_TABLE, Bytes.wrap(Genesis.PARAMETERS_KEY));
        assertTrue(chainId.verify(root), "the chain parameters are proven state too");
    }

    @Test
    void queriesReadTheHeadStateAndCannotWrite() {
        mine(mint(OPERATOR, 0, 42));
        QueryResult q = chain.query(BANK, "balance", OPERATOR.address().toBytes());
        assertTrue(q.ok());
        assertEquals(42, ByteBuffer.wrap(q.output().toArrayUnsafe()).getLong());
        assertEquals("unknown query: nope", chain.query(BANK, "nope", Bytes.EMPTY).reason());
        assertEquals("balance takes a 20-byte address", chain.query(BANK, "balance", Bytes.EMPTY).reason());
        assertFalse(chain.query(Address.ZERO, "balance", Bytes.EMPTY).ok());
    }

    @Test
    void replayingTheChainInAFreshStoreReproducesEveryStateRoot() {
        for (int i = 0; i < 5; i++) {
            mine(mint(OPERATOR, 2L * i, 100 + i), transfer(OPERATOR, 2L * i + 1, i % 2 == 0 ? ALICE : BOB, 7));
        }
        Blockchain fresh = Fixtures.chain(new InMemoryStorage());
        assertEquals(chain.genesisHash(), fresh.genesisHash());
        for (long n = 1; n <= chain.head().number(); n++) {
            Block b = chain.block(n).orElseThrow();
            ImportResult r = fresh.importBlock(Block.decode(b.encode()));
            assertTrue(r.imported(), r.reason());
            assertEquals(b.header().stateRoot(), fresh.head().stateRoot());
        }
        assertEquals(chain.head(), fresh.head());
    }

    @Test
    void openingStorageOfAnotherChainFails() {
        InMemoryStorage s = new InMemoryStorage();
        Fixtures.chain(s);
        Genesis other = Genesis.builder().chainId(5).operator(OPERATOR.publicKey())
                .contract(BANK, new org.tem.ledger.BankContract()).build();
        assertThrows(IllegalArgumentException.class, () -> Blockchain.open(s, other, ConsensusHook.acceptAll()));
    }

    /** Issue 7: a storage failure propagates as such, never as a failed receipt or a rejection. */
    @Test
    void aStorageFailureInsideACallPropagatesEvenIfTheContractCatchesIt() {
        FailingStorage storage = new FailingStorage();
        // No node cache, so the contract's read reaches the store; the store fails from inside the call.
        Blockchain c = Blockchain.open(storage, Fixtures.genesis(), ConsensusHook.acceptAll(),
                System::currentTimeMillis, TrieOptions.pruned().withCacheNodes(0));
        PoisonContract.BEFORE_SWALLOW.set(() -> storage.failReadsUnder(new byte[0]));
        Transaction swallow = Fixtures.poison(ALICE, 0, "swallow", new byte[0]);
        BlockHeader head = c.head();

        assertThrows(StorageException.class, () -> c.buildBlock(List.of(swallow), head.timestamp() + 1));
        storage.failReadsUnder(null);
        Block block = new Block(new BlockHeader(head.hash(), 1, head.timestamp() + 1,
                Block.transactionsRoot(List.of(swallow)), head.stateRoot(), head.receiptsRoot(), Bytes.EMPTY, Bytes.EMPTY),
                List.of(swallow));
        assertThrows(StorageException.class, () -> c.importBlock(block));
        storage.failReadsUnder(null);
        assertEquals(head, c.head());

        PoisonContract.BEFORE_SWALLOW.set(null);
        BuiltBlock healthy = c.buildBlock(List.of(swallow), head.timestamp() + 1);
        assertTrue(healthy.receipts().get(0).success());
    }

    @Test
    void aClosedStoreIsAStorageExceptionForImportsAndReads() {
        InMemoryStorage storage = new InMemoryStorage();
        // Without the node cache, which would answer state reads of cached nodes after the close.
        Blockchain c = Blockchain.open(storage, Fixtures.genesis(), ConsensusHook.acceptAll(),
                System::currentTimeMillis, TrieOptions.pruned().withCacheNodes(0));
        Block block = c.buildBlock(List.of(mint(OPERATOR, 0, 1)), c.head().timestamp() + 1).block();
        storage.close();
        assertThrows(StorageException.class, () -> c.importBlock(block));
        assertThrows(StorageException.class, () -> c.block(0));
        assertThrows(StorageException.class, () -> c.nonce(ALICE.address()));
        assertThrows(StorageException.class, () -> c.precheck(mint(OPERATOR, 0, 1)));
    }

    @Test
    void theSealingHashCoversTheConsensusDataAndTheGenesisCommitsToTheConsensusParameters() {
        BlockHeader h = chain.buildBlock(List.of(), 1).block().header();
        BlockHeader voted = new BlockHeader(h.parentHash(), h.number(), h.timestamp(), h.transactionsRoot(),
                h.stateRoot(), h.receiptsRoot(), Bytes.of(1, 2, 3), h.seal());
        assertFalse(h.sealingHash().equals(voted.sealingHash()), "a vote in the consensus data is signed");
        assertEquals(voted.sealingHash(), voted.withSeal(Bytes.of(9)).sealingHash(), "the seal is not");
        assertFalse(voted.hash().equals(voted.withSeal(Bytes.of(9)).hash()), "but the block hash covers it");
        assertEquals(voted, BlockHeader.decode(voted.encode()));

        Genesis plain = Fixtures.genesis();
        Genesis withSigners = Fixtures.genesisBuilder().consensusData(Bytes.of(7, 7)).build();
        Blockchain other = Blockchain.open(new InMemoryStorage(), withSigners, ConsensusHook.acceptAll());
        assertEquals(Bytes.of(7, 7), other.block(0).orElseThrow().header().consensusData());
        assertFalse(other.genesisHash().equals(Blockchain.open(new InMemoryStorage(), plain,
                ConsensusHook.acceptAll()).genesisHash()));
        assertThrows(IllegalArgumentException.class, () -> Fixtures.genesisBuilder()
                .consensusData(Bytes.wrap(new byte[BlockHeader.MAX_CONSENSUS_DATA_BYTES + 1])));
    }

    @Test
    void decodersRefuseOversizedInputBeforeParsingIt() {
        BlockHeader g = chain.head();
        Bytes tooMuch = org.apache.tuweni.rlp.RLP.encodeList(w -> {
            w.writeValue(g.parentHash().toBytes());
            w.writeLong(g.number());
            w.writeLong(g.timestamp());
            w.writeValue(g.transactionsRoot().toBytes());
            w.writeValue(g.stateRoot().toBytes());
            w.writeValue(g.receiptsRoot().toBytes());
            w.writeValue(Bytes.wrap(new byte[BlockHeader.MAX_CONSENSUS_DATA_BYTES + 1]));
            w.writeValue(Bytes.EMPTY);
        });
        assertTrue(assertThrows(org.tem.ledger.block.InvalidBlockException.class, () -> BlockHeader.decode(tooMuch))
                .getMessage().contains("consensusData must be at most"));
        assertTrue(assertThrows(org.tem.ledger.block.InvalidBlockException.class,
                () -> BlockHeader.decode(Bytes.wrap(new byte[BlockHeader.MAX_ENCODED_BYTES + 1]))).getMessage()
                .startsWith("header too large"));
        assertTrue(assertThrows(org.tem.ledger.block.InvalidBlockException.class,
                () -> Block.decode(Bytes.wrap(new byte[Block.MAX_ENCODED_BYTES + 1]))).getMessage()
                .startsWith("block too large"));
        assertTrue(assertThrows(org.tem.ledger.block.InvalidBlockException.class,
                () -> Block.decodeHeader(Bytes.wrap(new byte[Block.MAX_ENCODED_BYTES + 1]))).getMessage()
                .startsWith("block too large"));
    }
}
