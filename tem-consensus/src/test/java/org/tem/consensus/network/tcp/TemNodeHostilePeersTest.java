package org.tem.consensus.network.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.tuweni.bytes.Bytes;
import org.junit.jupiter.api.Test;
import org.tem.consensus.network.Message;
import org.tem.consensus.network.NewBlock;
import org.tem.consensus.network.Status;
import org.tem.consensus.node.ChainSpec;
import org.tem.consensus.node.NodeCounter;
import org.tem.consensus.node.NodeFixture;
import org.tem.consensus.node.TemNode;
import org.tem.ledger.block.Block;
import org.tem.ledger.block.BlockHeader;
import org.tem.ledger.crypto.Hash;
import org.tem.ledger.crypto.KeyPair;

/**
 * Two validators as {@link TemNode}s over TCP on loopback, and hostile peers against one of them:
 * an unknown node key, a wrong chain id, a wrong genesis, an oversized frame, and a listed peer
 * that floods junk frames and forged blocks (valid encodings with a bad seal, or an unknown
 * parent). The honest nodes keep running and sealing, refuse every bad input without a failure,
 * and their queues stay within their bounds.
 */
class TemNodeHostilePeersTest {

    private static final long WAIT = 60_000;

    /** The node under attack, with a small orphan pool so that its bound is reached. */
    private static TemNode node(ChainSpec spec, int i) {
        return TemNode.builder().chainSpec(spec).nodeKey(NodeFixture.nodeKey(i)).validatorKey(NodeFixture.validator(i))
                .tcpOptions(t -> t.backoff(20, 200, i)).nodeOptions(n -> n.orphans(8, Block.MAX_ENCODED_BYTES))
                .build();
    }

    private static Status status(TemNode n, long chainId, Hash genesis) {
        BlockHeader g = n.reader().block(0).orElseThrow().header();
        return new Status(Status.PROTOCOL_VERSION, chainId, genesis, 0, g.hash(), Bytes.EMPTY, 0, g.hash());
    }

    /** Whether the node closes a connection whose handshake presents these. */
    private static boolean refused(InetSocketAddress at, KeyPair key, long chainId, Hash genesis, Status s)
            throws Exception {
        try (RawPeer p = new RawPeer(at, key)) {
            p.handshake(chainId, genesis, s);
            return p.closedByNode();
        }
    }

    @Test
    void honestNodesKeepSealingThroughHandshakeAttacksAndAFloodOfJunkAndForgedBlocks() throws Exception {
        ChainSpec spec = NodeFixture.spec(2, 3, 200); // node keys 0 and 1 honest, 2 the attacker's
        try (TemNode a = node(spec, 0)) {
            a.start();
            InetSocketAddress at = a.listenAddress().orElseThrow();
            try (TemNode b = TemNode.builder().chainSpec(spec).nodeKey(NodeFixture.nodeKey(1))
                    .validatorKey(NodeFixture.validator(1)).staticPeer(at).tcpOptions(t -> t.backoff(20, 200, 1))
                    .build()) {
                b.start();
                assertTrue(NodeFixture.await(() -> a.head().number() >= 3 && b.head().number() >= 3, WAIT),
                        "two signers alternate: sealing needs both connected");
                long chain = spec.chainId();
                Hash genesis = a.reader().block(0).orElseThrow().hash();
                TcpStats before = a.tcp().orElseThrow().stats();

                // Handshakes that must fail.
                assertTrue(refused(at, NodeFixture.nodeKey(9), chain, genesis, status(a, chain, genesis)),
                        "an unknown node key");
                assertTrue(refused(at, NodeFixture.nodeKey(2), chain + 1, genesis, status(a, chain + 1, genesis)),
                        "a wrong chain id");
                Hash otherGenesis = Hash.of(Bytes.repeat((byte) 7, 32));
                assertTrue(refused(at, NodeFixture.nodeKey(2), chain, otherGenesis, status(a, chain, otherGenesis)),
                        "a wrong genesis");
                try (RawPeer p = new RawPeer(at, NodeFixture.nodeKey(2))) {
                    p.raw(new byte[] {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff});
                    assertTrue(p.closedByNode(), "an oversized frame before the handshake");
                }

                // A listed peer floods junk and forged blocks, then an oversized frame.
                SplittableRandom random = new SplittableRandom(5);
                int sent = 0;
                try (RawPeer p = new RawPeer(at, NodeFixture.nodeKey(2))) {
                    p.handshake(chain, genesis, status(a, chain, genesis));
                    for (int round = 0; round < 300; round++) {
                        byte[] junk = new byte[1 + random.nextInt(2_000)];
                        random.nextBytes(junk);
                        p.frame(Frames.MESSAGE, Bytes.wrap(junk));
                        p.frame(Frames.MESSAGE, new NewBlock(forged(a, random, round % 2 == 0)).encode());
                        sent += 2;
                    }
                    p.raw(new byte[] {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff});
                    assertTrue(p.closedByNode(), "an oversized frame after the handshake");
                }

                long headAfterAttack = a.head().number();
                assertTrue(NodeFixture.await(() -> a.head().number() >= headAfterAttack + 4
                        && b.head().number() >= headAfterAttack + 4, WAIT), "both keep sealing");
                assertTrue(NodeFixture.await(() -> a.finalized().number() > headAfterAttack, WAIT), "and finalising");

                TcpStats s = a.tcp().orElseThrow().stats();
                assertTrue(s.handshakesRejected() - before.handshakesRejected() >= 3, s.toString());
                assertTrue(s.framesRejected() - before.framesRejected() >= 1, s.toString());
                assertTrue(s.maxPendingInboundBytes() <= 4L * 1024 * 1024 + Message.MAX_BYTES, "inbound queue bounded");
                var counts = a.ledger().counts();
                assertEquals(300, s.malformed(), "every junk frame was counted as malformed: " + s);
                assertEquals(300, counts.get(NodeCounter.MESSAGES_MALFORMED), counts.toString());
                assertEquals(150, counts.get(NodeCounter.BLOCKS_REJECTED), "every badly sealed block: " + counts);
                assertEquals(150, counts.get(NodeCounter.BLOCKS_ORPHANED), "every unknown-parent block: " + counts);
                assertTrue(counts.get(NodeCounter.ORPHANS_DROPPED) >= 150 - 8, "the orphan pool kept its bound of 8: "
                        + counts);
                assertEquals(0, counts.get(NodeCounter.FAILURES), counts.toString());
                assertEquals(600, sent, "the whole flood was sent");
                assertTrue(a.peers().contains(b.id()), "the honest peer is still connected");
                assertEquals(a.head().stateRoot(), a.reader().recomputeStateRoot());
            }
        }
    }

    /**
     * A block that decodes but must be refused: the head's block moved one height up with the
     * head's seal (a bad seal), or under an unknown parent (an orphan the pool must bound).
     */
    private static Bytes forged(TemNode n, SplittableRandom random, boolean badSeal) {
        Block head = n.reader().block(n.head().hash()).orElseThrow();
        BlockHeader h = head.header();
        byte[] parent = new byte[32];
        random.nextBytes(parent);
        BlockHeader f = new BlockHeader(badSeal ? h.hash() : Hash.of(parent), h.number() + 1,
                h.timestamp() + 200, h.transactionsRoot(), h.stateRoot(), h.receiptsRoot(), h.consensusData(),
                h.seal());
        return new Block(f, List.of()).encode();
    }
}
