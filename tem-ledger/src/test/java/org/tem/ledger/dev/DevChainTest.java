package org.tem.ledger.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tem.ledger.Fixtures.ALICE;
import static org.tem.ledger.Fixtures.BANK;
import static org.tem.ledger.Fixtures.OPERATOR;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tem.ledger.Fixtures;
import org.tem.ledger.block.Block;
import org.tem.ledger.chain.Blockchain;
import org.tem.ledger.chain.ImportResult;
import org.tem.ledger.crypto.KeyPair;
import org.tem.ledger.storage.InMemoryStorage;
import org.tem.ledger.storage.RocksDbStorage;
import org.tem.ledger.tx.Receipt;

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
                .validator(Fixtures.VALIDATOR).autoSeal(false).clock(() -> 5).build();
        CompletableFuture<Receipt> f = dev.submit(Fixtures.tx(ALICE, 0, "increment", org.apache.tuweni.bytes.Bytes.EMPTY));
        assertEquals(0, dev.chain().head().number());
        dev.sealPending();
        assertTrue(f.join().success());
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
}
