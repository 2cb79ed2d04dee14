package org.tem.consensus.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.tuweni.bytes.Bytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tem.consensus.network.PeerId;
import org.tem.consensus.network.tcp.TcpTransport;
import org.tem.ledger.crypto.KeyPair;
import org.tem.ledger.permission.Permissions;
import org.tem.ledger.tx.Receipt;
import org.tem.ledger.tx.Transaction;

/**
 * {@link TemNode} over TCP on loopback with real clocks: the on-chain node-key list decides who
 * connects, and a node on a data directory resumes with its blocks.
 */
class TemNodeTest {

    private static final long WAIT = 30_000;

    private static Transaction call(KeyPair from, long nonce, String method, Bytes args) {
        return Transaction.builder().chainId(NodeFixture.CHAIN_ID).nonce(nonce).to(Permissions.ADDRESS).method(method)
                .args(args).sign(from);
    }

    private static Transaction add(KeyPair from, long nonce, long amount) {
        return Transaction.builder().chainId(NodeFixture.CHAIN_ID).nonce(nonce).to(NodeFixture.TALLY).method("add")
                .args(TallyContract.amount(amount)).sign(from);
    }

    private static TemNode.Builder node(ChainSpec spec, int nodeKey) {
        return TemNode.builder().chainSpec(spec).nodeKey(NodeFixture.nodeKey(nodeKey))
                .tcpOptions(t -> t.backoff(20, 200, nodeKey));
    }

    private static PeerId idOf(int nodeKey) {
        return TcpTransport.peerIdOf(NodeFixture.nodeKey(nodeKey).publicKey());
    }

    @Test
    void aNodeKeyAddedOnChainConnectsAndARemovedOneIsDisconnected(@TempDir Path dir) throws Exception {
        ChainSpec spec = NodeFixture.spec(1, 1);
        try (TemNode a = node(spec, 0).validatorKey(NodeFixture.validator(0)).dataDir(dir.resolve("a")).build()) {
            a.start();
            var addr = a.listenAddress().orElseThrow();
            try (TemNode b = node(spec, 1).staticPeer(addr).build()) {
                b.start();
                // B dials A and is refused: its key is not listed.
                assertTrue(NodeFixture.await(() -> a.tcp().orElseThrow().recentRejections().stream()
                        .anyMatch(r -> r.contains("node key " + idOf(1) + " is not allowed")), WAIT));
                assertTrue(a.peers().isEmpty());

                // A non-operator's attempt fails on chain and changes nothing.
                Receipt refused = a.submit(call(NodeFixture.user(0), 0, Permissions.ADD_NODE_KEY,
                        Permissions.addNodeKeyArgs(NodeFixture.nodeKey(1).publicKey()))).get(WAIT, TimeUnit.MILLISECONDS);
                assertEquals("only the operator may change permissions", refused.reason());
                assertEquals(1, a.nodeKeys().allowed().size());
                assertFalse(a.nodeKeys().allows(NodeFixture.nodeKey(1).publicKey()));

                // The operator adds B's key: once final, B connects and syncs.
                Receipt added = a.submit(call(NodeFixture.operator(), 0, Permissions.ADD_NODE_KEY,
                        Permissions.addNodeKeyArgs(NodeFixture.nodeKey(1).publicKey()))).get(WAIT, TimeUnit.MILLISECONDS);
                assertTrue(added.success(), added.reason());
                assertTrue(NodeFixture.await(() -> a.peers().contains(idOf(1)), WAIT), "B joins");
                assertTrue(NodeFixture.await(() -> b.finalized().number() >= a.reader().blockOf(added.transactionHash())
                        .orElseThrow().number(), WAIT), "B syncs A's blocks");

                // The operator removes it: A drops the connection and keeps refusing it.
                Receipt removed = a.submit(call(NodeFixture.operator(), 1, Permissions.REMOVE_NODE_KEY,
                        Permissions.removeNodeKeyArgs(NodeFixture.nodeKey(1).address()))).get(WAIT, TimeUnit.MILLISECONDS);
                assertTrue(removed.success(), removed.reason());
                assertTrue(NodeFixture.await(() -> !a.peers().contains(idOf(1)) && b.peers().isEmpty(), WAIT),
                        "B is disconnected");
                assertTrue(a.tcp().orElseThrow().recentRejections().stream()
                        .anyMatch(r -> r.contains("no longer allowed")), a.tcp().orElseThrow().recentRejections().toString());
            }
        }
    }

    @Test
    void aNodeRestartedOnItsDataDirectoryResumesWithEveryCommittedBlock(@TempDir Path dir) throws Exception {
        ChainSpec spec = NodeFixture.spec(1, 1);
        long head;
        List<Receipt> receipts = new ArrayList<>();
        try (TemNode a = node(spec, 0).validatorKey(NodeFixture.validator(0)).dataDir(dir).build()) {
            a.start();
            for (int i = 0; i < 3; i++) {
                receipts.add(a.submit(add(NodeFixture.user(1), i, 10)).get(WAIT, TimeUnit.MILLISECONDS));
            }
            head = a.head().number();
            assertEquals(30, a.queryFinalized(NodeFixture.TALLY, "total", Bytes.EMPTY).output().toLong());
        }
        try (TemNode again = node(spec, 0).validatorKey(NodeFixture.validator(0)).dataDir(dir).build()) {
            assertTrue(again.head().number() >= head, again.head().number() + " < " + head);
            for (Receipt r : receipts) {
                assertTrue(again.reader().receipt(r.transactionHash()).isPresent());
            }
            assertEquals(30, again.queryFinalized(NodeFixture.TALLY, "total", Bytes.EMPTY).output().toLong());
            again.start();
            Receipt next = again.submit(add(NodeFixture.user(1), 3, 1)).get(WAIT, TimeUnit.MILLISECONDS);
            assertTrue(next.success(), next.reason());
            assertEquals(31, again.queryFinalized(NodeFixture.TALLY, "total", Bytes.EMPTY).output().toLong());
        }
    }
}
