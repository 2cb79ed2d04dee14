package org.tem.ledger.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tem.ledger.Fixtures.ALICE;
import static org.tem.ledger.Fixtures.BANK;
import static org.tem.ledger.Fixtures.BOB;
import static org.tem.ledger.Fixtures.CAROL;
import static org.tem.ledger.Fixtures.OPERATOR;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.tuweni.bytes.Bytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tem.ledger.Fixtures;
import org.tem.ledger.PoisonContract;
import org.tem.ledger.block.Block;
import org.tem.ledger.chain.Blockchain;
import org.tem.ledger.chain.ImportResult;
import org.tem.ledger.crypto.KeyPair;
import org.tem.ledger.storage.InMemoryStorage;
import org.tem.ledger.storage.RocksDbStorage;
import org.tem.ledger.storage.StorageException;
import org.tem.ledger.tx.Receipt;
import org.tem.ledger.tx.Transaction;
import org.tem.ledger.tx.TransactionRejectedException;

class DevChainTest {

    @TempDir
    Path dir;

    @Test
    void bankRunsEndToEndOnRocksDbWithAutoSealing() throws Exception {
        try (RocksDbStorage storage = RocksDbStorage.open(dir.resolve("db"));
                DevChain dev = DevChain.builder().storage(storage).genesis(Fixtures.genesis())
                        .validator(Fixtures.VALIDATOR).build()) {
            Receipt minted = dev.submit(Fixtures.mint(OPERATOR, 0, 500)).get(10, TimeUnit.SECONDS);
            assertTrue(minted.success(), minted.reason());
            List<CompletableFuture<Receipt>> fs = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                fs.add(dev.submit(Fixtures.transfer(OPERATOR, 1 + i, ALICE, 10)));
            }
            for (CompletableFuture<Receipt> f : fs) {
                assertTrue(f.get(10, TimeUnit.SECONDS).success());
            }
            long balance = ByteBuffer.wrap(dev.query(BANK, "balance", ALICE.address().toBytes()).output()
                    .toArrayUnsafe()).getLong();
            assertEquals(200, balance);
            assertTrue(dev.chain().head().number() >= 2);
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> dev.submit(Fixtures.mint(OPERATOR, 0, 1)).get(10, TimeUnit.SECONDS));
            assertInstanceOf(TransactionRejectedException.class, e.getCause());
            assertTrue(e.getCause().getMessage().startsWith("nonce too low (replayed)"));
        }
    }

    @Test
    void sealPendingSealsOneBlockAndOtherNodesAcceptOnlyTheValidatorsSeal() {
        InMemoryStorage storage = new InMemoryStorage();
        DevChain dev = DevChain.builder().storage(storage).genesis(Fixtures.genesis())
                .validator(Fixtures.VALIDATOR).autoSeal(false).clock(() -> Fixtures.GENESIS_TIME + 5).build();
        CompletableFuture<Receipt> f = dev.submit(Fixtures.tx(ALICE, 0, "increment", org.apache.tuweni.bytes.Bytes.EMPTY));
        assertEquals(0, dev.chain().head().number());
        dev.sealPending();
        assertTrue(f.getNow(null).success());
        Block b1 = dev.chain().block(1).orElseThrow();

        Blockchain follower = Blockchain.open(new InMemoryStorage(), Fixtures.genesis(),
                DevSeal.verifier(Fixtures.VALIDATOR.address()));
        Block forged = new Block(DevSeal.seal(b1.header(), KeyPair.fromPrivateKey(java.math.BigInteger.TWO)),
                b1.transactions());
        ImportResult r = follower.importBlock(forged);
        assertTrue(r.reason().startsWith("bad seal: not sealed by the dev validator"), r.reason());
        assertTrue(follower.importBlock(b1).imported());
        assertEquals(dev.chain().head(), follower.head());
    }

    private static Transaction inc(KeyPair from, long nonce) {
        return Fixtures.tx(from, nonce, "increment", Bytes.EMPTY);
    }

    private static String rejection(CompletableFuture<Receipt> f) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(10, TimeUnit.SECONDS));
        assertInstanceOf(TransactionRejectedException.class, e.getCause());
        return e.getCause().getMessage();
    }

    /**
     * Issue 7, break 1: transactions whose calls raise errors (the Integer.MAX_VALUE-row
     * matrix, a huge allocation, a stack overflow) are dropped with a reason and the auto-sealer
     * goes on sealing the honest ones.
     */
    @Test
    void poisonTransactionsNeitherHaltTheAutoSealerNorStayInTheMempool() throws Exception {
        try (DevChain dev = DevChain.builder().storage(new InMemoryStorage()).genesis(Fixtures.genesis())
                .validator(Fixtures.VALIDATOR).build()) {
            Transaction matrixTx = Fixtures.poison(ALICE, 0, "matrix", PoisonContract.rows(Integer.MAX_VALUE));
            CompletableFuture<Receipt> matrix = dev.submit(matrixTx);
            CompletableFuture<Receipt> huge = dev.submit(Fixtures.poison(BOB, 0, "huge", new byte[0]));
            CompletableFuture<Receipt> recurse = dev.submit(Fixtures.poison(CAROL, 0, "recurse", new byte[0]));
            CompletableFuture<Receipt> honest = dev.submit(Fixtures.poison(OPERATOR, 0, "ok", new byte[0]));

            assertTrue(honest.get(10, TimeUnit.SECONDS).success());
            assertTrue(rejection(matrix).contains("OutOfMemoryError"));
            assertTrue(rejection(huge).contains("OutOfMemoryError"));
            assertTrue(rejection(recurse).contains("StackOverflowError"));
            Receipt after = dev.submit(Fixtures.poison(ALICE, 0, "ok", new byte[] {1})).get(10, TimeUnit.SECONDS);
            assertTrue(after.success(), "the poison's sender and the sealer go on");
            assertEquals(0, dev.mempool().size());
            assertTrue(dev.chain().receipt(matrixTx.hash()).isEmpty(), "the poison left no receipt");
        }
    }

    /** Issue 7, break 6: one sender floods the dev chain's mempool; an honest meter still gets in. */
    @Test
    void aFloodingSenderCannotKeepAnHonestMetersTransactionOut() {
        DevChain dev = DevChain.builder().storage(new InMemoryStorage()).genesis(Fixtures.genesis())
                .validator(Fixtures.VALIDATOR).autoSeal(false).mempoolSize(50)
                .clock(() -> Fixtures.GENESIS_TIME + 5).build();
        int refused = 0;
        for (int i = 0; i < 60; i++) {
            if (dev.submit(inc(ALICE, i)).isCompletedExceptionally()) {
                refused++;
            }
        }
        assertEquals(55, refused, "the default quota is a tenth of the pool");
        CompletableFuture<Receipt> honest = dev.submit(inc(CAROL, 0));
        assertFalse(honest.isDone());
        dev.sealPending();
        assertTrue(honest.getNow(null).success());
    }

    @Test
    void sealingWaitsForTheBlockPeriod() {
        long[] now = {Fixtures.GENESIS_TIME + 400};
        DevChain dev = DevChain.builder().storage(new InMemoryStorage())
                .genesis(Fixtures.genesisBuilder().blockPeriodMillis(1_000).build())
                .validator(Fixtures.VALIDATOR).autoSeal(false).clock(() -> now[0]).build();
        CompletableFuture<Receipt> f = dev.submit(inc(ALICE, 0));
        assertEquals(0, dev.sealPending().number(), "400 ms after the genesis: too early");
        now[0] = Fixtures.GENESIS_TIME + 1_000;
        assertEquals(1, dev.sealPending().number());
        assertEquals(Fixtures.GENESIS_TIME + 1_000, dev.chain().head().timestamp());
        assertTrue(f.getNow(null).success());
    }

    /** Issue 7: a storage failure is the storage exception, never a rejected transaction. */
    @Test
    void aStorageFailureSurfacesAsAStorageExceptionNotAsARejection() {
        RocksDbStorage storage = RocksDbStorage.open(dir.resolve("closing"), false);
        DevChain dev = DevChain.builder().storage(storage).genesis(Fixtures.genesis())
                .validator(Fixtures.VALIDATOR).autoSeal(false).clock(() -> Fixtures.GENESIS_TIME + 5).build();
        CompletableFuture<Receipt> admitted = dev.submit(inc(ALICE, 0));
        storage.close();

        assertThrows(StorageException.class, () -> dev.submit(inc(BOB, 0)));
        assertThrows(StorageException.class, () -> dev.submit(inc(BOB, 0).encoded()));
        assertThrows(StorageException.class, dev::sealPending);
        ExecutionException e = assertThrows(ExecutionException.class, () -> admitted.get(1, TimeUnit.SECONDS));
        assertInstanceOf(StorageException.class, e.getCause());
        assertEquals(0, dev.mempool().size());
    }
}
