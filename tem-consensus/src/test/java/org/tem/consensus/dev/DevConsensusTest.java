package org.tem.consensus.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.junit.jupiter.api.Test;
import org.tem.consensus.BlockId;
import org.tem.consensus.HeaderTemplate;
import org.tem.consensus.internal.SealSignature;
import org.tem.consensus.sim.Keys;
import org.tem.consensus.sim.SealSignatures;
import org.tem.consensus.sim.SimBlock;
import org.tem.consensus.sim.SimHeader;
import org.tem.consensus.sim.SimTree;
import org.tem.ledger.block.BlockHeader;
import org.tem.ledger.crypto.Hash;
import org.tem.ledger.crypto.KeyPair;
import org.tem.ledger.dev.DevSeal;

/** The dev chain's engine: one signer, final at once, the ledger's dev seal format. */
class DevConsensusTest {

    private static final long T0 = 1_700_000_000_000L;
    private final KeyPair key = Keys.key(5, 0);
    private final DevConsensus sealer = DevConsensus.sealer(key, 0);
    private final DevConsensus verifier = DevConsensus.verifier(key.address(), 0);
    private final SimTree tree = new SimTree(SimHeader.genesis(T0, sealer.genesisData()));

    private SimBlock seal(SimBlock parent, long now) {
        HeaderTemplate t = sealer.prepare(tree, parent.header(), now);
        SimHeader h = new SimHeader(parent.hash(), parent.header().number() + 1, t.timestamp(), SimHeader.EMPTY_BODY,
                t.consensusData(), Bytes.EMPTY);
        SimBlock b = new SimBlock(h.withSeal(sealer.seal(tree, h)), List.of());
        tree.add(b);
        return b;
    }

    @Test
    void withPeriodZeroItSealsOnlyForPendingTransactionsAndAtOnce() {
        assertEquals(Optional.empty(), sealer.nextSeal(tree, tree.genesis().header(), false, T0 + 5));
        assertEquals(T0 + 5, sealer.nextSeal(tree, tree.genesis().header(), true, T0 + 5).orElseThrow().atMillis());
        assertEquals(Optional.empty(), verifier.nextSeal(tree, tree.genesis().header(), true, T0));
        DevConsensus periodic = DevConsensus.sealer(key, 100);
        assertEquals(T0 + 100, periodic.nextSeal(tree, tree.genesis().header(), false, T0).orElseThrow().atMillis());
    }

    @Test
    void everySealedBlockVerifiesAndIsFinalAtOnce() {
        SimBlock b = seal(tree.genesis(), T0 + 1);
        b = seal(b, T0 + 2);
        assertTrue(verifier.verify(tree, b.header()).valid());
        assertEquals(BlockId.of(b.header()), verifier.finalized(tree, b.header()));
        assertEquals(1, verifier.timeWindow(tree, b.header()));
    }

    @Test
    void aBlockByAnotherKeyWithDataEarlyOrOnAnotherGenesisIsRejected() {
        SimBlock g = tree.genesis();
        SimHeader h = new SimHeader(g.hash(), 1, T0 + 1, SimHeader.EMPTY_BODY, Bytes.EMPTY, Bytes.EMPTY);
        assertTrue(verifier.verify(tree, h.withSeal(SealSignatures.sign(Keys.key(5, 1), h))).reason()
                .contains("not sealed by the dev validator"));
        SimHeader withData = new SimHeader(g.hash(), 1, T0 + 1, SimHeader.EMPTY_BODY, Bytes.of(1), Bytes.EMPTY);
        assertFalse(verifier.verify(tree, withData.withSeal(SealSignatures.sign(key, withData))).valid());
        SimHeader early = new SimHeader(g.hash(), 1, T0 - 1, SimHeader.EMPTY_BODY, Bytes.EMPTY, Bytes.EMPTY);
        assertTrue(verifier.verify(tree, early.withSeal(SealSignatures.sign(key, early))).reason().contains("timestamp"));
        SimTree other = new SimTree(SimHeader.genesis(T0, Keys.key(5, 1).address().toBytes()));
        SimHeader onOther = new SimHeader(other.genesis().hash(), 1, T0 + 1, SimHeader.EMPTY_BODY, Bytes.EMPTY,
                Bytes.EMPTY);
        assertTrue(verifier.verify(other, onOther.withSeal(SealSignatures.sign(key, onOther))).reason()
                .contains("genesis"));
    }

    @Test
    void twoBlocksAtOneHeightAreEvidenceAndTheHigherBlockIsPreferred() {
        SimBlock a = seal(tree.genesis(), T0 + 1);
        SimBlock b = seal(tree.genesis(), T0 + 2);
        assertTrue(verifier.verify(tree, a.header()).valid());
        assertTrue(verifier.verify(tree, b.header()).valid());
        assertEquals(1, verifier.evidence().size());
        assertEquals("two blocks at one height", verifier.evidence().get(0).rule());
        SimBlock c = seal(b, T0 + 3);
        assertTrue(verifier.compare(tree, c.header(), a.header()) > 0);
        int lowerHashFirst = a.hash().compareTo(b.hash()) < 0 ? 1 : -1;
        assertEquals(lowerHashFirst, Integer.signum(verifier.compare(tree, a.header(), b.header())));
    }

    @Test
    void theSealIsTheLedgersDevSeal() {
        BlockHeader h = new BlockHeader(Hash.ZERO, 1, T0, Hash.ZERO, Hash.ZERO, Hash.ZERO, Bytes.EMPTY, Bytes.EMPTY);
        BlockHeader sealed = DevSeal.seal(h, key);
        assertEquals(sealed.seal(), SealSignature.sign(key, h.sealingHash()));
        assertEquals(Optional.of(key.address()), SealSignature.recover(h.sealingHash(), sealed.seal()));
    }
}
