package org.tem.consensus.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.junit.jupiter.api.Test;
import org.tem.consensus.Consensus;
import org.tem.consensus.HeaderTemplate;
import org.tem.consensus.dev.DevConsensus;
import org.tem.consensus.poa.PoaConsensus;
import org.tem.consensus.poa.PoaParams;
import org.tem.ledger.block.Block;
import org.tem.ledger.block.BlockHeader;
import org.tem.ledger.chain.Blockchain;
import org.tem.ledger.chain.BuiltBlock;
import org.tem.ledger.chain.Genesis;
import org.tem.ledger.chain.ImportResult;
import org.tem.ledger.crypto.Hash;
import org.tem.ledger.crypto.KeyPair;
import org.tem.ledger.storage.InMemoryStorage;

/**
 * The adapter from a consensus engine to the chain's hook: the header view, the genesis check,
 * and whole chains sealed and verified through it with the proof-of-authority and the dev engines.
 */
class LedgerConsensusHookTest {

    private static final long T0 = 1_700_000_000_000L;
    private static final KeyPair A = KeyPair.fromPrivateKey(BigInteger.valueOf(11));
    private static final KeyPair B = KeyPair.fromPrivateKey(BigInteger.valueOf(12));
    private static final KeyPair OUTSIDER = KeyPair.fromPrivateKey(BigInteger.valueOf(13));
    private static final KeyPair OPERATOR = KeyPair.fromPrivateKey(BigInteger.valueOf(14));

    private static Genesis genesis(Consensus engine) {
        return Genesis.builder().chainId(9).timestamp(T0).consensusData(engine.genesisData())
                .operator(OPERATOR.publicKey()).build();
    }

    /** Seals an empty block on the head with {@code engine}, as a node's sealing loop does. */
    private static Block seal(Blockchain chain, Consensus engine, long now) {
        var view = LedgerConsensusHook.view(chain.reader().headers());
        HeaderTemplate t = engine.prepare(view, LedgerHeader.of(chain.head()), now);
        BuiltBlock built = chain.buildBlock(chain.head().hash(), List.of(), t.timestamp(), t.consensusData());
        BlockHeader unsealed = built.block().header();
        return new Block(unsealed.withSeal(engine.seal(view, LedgerHeader.of(unsealed))), List.of());
    }

    @Test
    void theHeaderViewShowsEveryFieldAndTheLedgersDigests() {
        BlockHeader h = new BlockHeader(Hash.ZERO, 3, T0, LedgerHeader.EMPTY_TRANSACTIONS_ROOT, Hash.ZERO, Hash.ZERO,
                Bytes.fromHexString("0x0102"), Bytes.fromHexString("0x0304"));
        LedgerHeader v = LedgerHeader.of(h);
        assertEquals(h.hash(), v.hash());
        assertEquals(h.sealingHash(), v.sealingHash());
        assertEquals(h.parentHash(), v.parentHash());
        assertEquals(3, v.number());
        assertEquals(T0, v.timestamp());
        assertEquals(h.consensusData(), v.consensusData());
        assertEquals(h.seal(), v.seal());
        assertTrue(v.empty());
        BlockHeader full = new BlockHeader(Hash.ZERO, 3, T0, Hash.ZERO, Hash.ZERO, Hash.ZERO, Bytes.EMPTY, Bytes.EMPTY);
        assertFalse(LedgerHeader.of(full).empty());
        assertEquals(h, v.header());
    }

    @Test
    void aGenesisForOtherConsensusParametersIsRefused() {
        PoaConsensus two = PoaConsensus.builder(new PoaParams(List.of(A.address(), B.address()), 100, 2, 0)).build();
        PoaConsensus one = PoaConsensus.builder(new PoaParams(List.of(A.address()), 100, 1, 0)).build();
        LedgerConsensusHook.checkGenesis(genesis(two), two);
        assertThrows(IllegalArgumentException.class, () -> LedgerConsensusHook.checkGenesis(genesis(one), two));
    }

    @Test
    void aProofOfAuthorityChainRunsThroughTheHookAndRefusesAnOutsidersBlock() {
        PoaParams params = new PoaParams(List.of(A.address(), B.address()), 100, 2, 0);
        PoaConsensus sealerA = PoaConsensus.builder(params).validator(A).wiggleMillis(0).build();
        PoaConsensus sealerB = PoaConsensus.builder(params).validator(B).wiggleMillis(0).build();
        PoaConsensus verifier = PoaConsensus.builder(params).build();
        Genesis g = genesis(verifier);
        Blockchain a = Blockchain.open(new InMemoryStorage(), g, LedgerConsensusHook.of(sealerA), () -> T0 + 60_000);
        Blockchain follower = Blockchain.open(new InMemoryStorage(), g, LedgerConsensusHook.of(verifier),
                () -> T0 + 60_000);
        Blockchain b = Blockchain.open(new InMemoryStorage(), g, LedgerConsensusHook.of(sealerB), () -> T0 + 60_000);
        long now = T0;
        for (int i = 0; i < 8; i++) {
            boolean aTurn = i % 2 == 1;
            Blockchain sealerChain = aTurn ? a : b;
            Block block = seal(sealerChain, aTurn ? sealerA : sealerB, now += 1_000);
            for (Blockchain c : List.of(a, b, follower)) {
                ImportResult r = c.importBlock(block);
                assertEquals(ImportResult.Status.NEW_HEAD, r.status(), "block " + (i + 1) + ": " + r.reason());
            }
        }
        assertEquals(8, follower.head().number());
        assertEquals(a.head().hash(), follower.head().hash());
        assertTrue(follower.finalized().number() > 0, "the engine's finality reached the chain");
        // An outsider's block on the head, with the fields a signer would use: refused through the
        // hook, nothing stored.
        BuiltBlock built = follower.buildBlock(follower.head().hash(), List.of(), now + 1_000,
                sealerB.prepare(LedgerConsensusHook.view(follower.reader().headers()),
                        LedgerHeader.of(follower.head()), now + 1_000).consensusData());
        BlockHeader unsealed = built.block().header();
        Block forged = new Block(unsealed.withSeal(org.tem.consensus.internal.SealSignature.sign(OUTSIDER,
                unsealed.sealingHash())), List.of());
        ImportResult r = follower.importBlock(forged);
        assertEquals(ImportResult.Status.REJECTED, r.status(), r.reason());
        assertTrue(r.reason().contains("bad seal"), r.reason());
        assertEquals(8, follower.head().number());
    }

    @Test
    void theDevEngineRunsThroughTheHookToo() {
        DevConsensus sealer = DevConsensus.sealer(A, 0);
        DevConsensus verifier = DevConsensus.verifier(A.address(), 0);
        Genesis g = genesis(sealer);
        Blockchain own = Blockchain.open(new InMemoryStorage(), g, LedgerConsensusHook.of(sealer), () -> T0 + 60_000);
        Blockchain follower = Blockchain.open(new InMemoryStorage(), g, LedgerConsensusHook.of(verifier),
                () -> T0 + 60_000);
        for (int i = 1; i <= 3; i++) {
            Block block = seal(own, sealer, T0 + i);
            assertEquals(ImportResult.Status.NEW_HEAD, own.importBlock(block).status());
            assertEquals(ImportResult.Status.NEW_HEAD, follower.importBlock(block).status());
            assertEquals(block.hash(), follower.finalized().hash(), "a dev block is final at once");
        }
        Block other = seal(own, DevConsensus.sealer(B, 0), T0 + 10);
        assertEquals(ImportResult.Status.REJECTED, follower.importBlock(other).status());
    }
}
