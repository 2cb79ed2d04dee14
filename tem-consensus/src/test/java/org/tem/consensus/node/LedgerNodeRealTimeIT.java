package org.tem.consensus.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.tuweni.bytes.Bytes;
import org.junit.jupiter.api.Test;
import org.tem.consensus.network.InMemoryNetwork;
import org.tem.consensus.network.PeerId;
import org.tem.consensus.poa.PoaConsensus;
import org.tem.consensus.poa.PoaParams;
import org.tem.consensus.scheduler.RealScheduler;
import org.tem.ledger.chain.Genesis;
import org.tem.ledger.crypto.Address;
import org.tem.ledger.crypto.KeyPair;
import org.tem.ledger.storage.InMemoryStorage;
import org.tem.ledger.tx.Receipt;
import org.tem.ledger.tx.Transaction;

/**
 * The same node on real threads: three validators and a normal node, each on its own {@link
 * RealScheduler} (one thread, the system clock), the in-memory network delivering on their loops.
 * A transaction submitted from the test's thread completes its future once final, and every node
 * ends on the same finalised state. No time is asserted; the bound only stops a hung run.
 */
class LedgerNodeRealTimeIT {

    @Test
    void nodesOnTheirOwnThreadsFinaliseATransactionSubmittedFromAnotherThread() throws Exception {
        List<KeyPair> keys = new ArrayList<>();
        List<Address> signers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            keys.add(LedgerCluster.key("real validator " + i));
            signers.add(keys.get(i).address());
        }
        PoaParams params = new PoaParams(signers, 30_000, 3, 0);
        KeyPair user = LedgerCluster.key("real user");
        Genesis genesis = Genesis.builder().chainId(LedgerCluster.CHAIN_ID).timestamp(System.currentTimeMillis())
                .consensusData(params.encode()).operator(LedgerCluster.key("real operator").publicKey())
                .account(user.publicKey()).contract(LedgerCluster.TALLY, new TallyContract()).build();
        RealScheduler networkClock = new RealScheduler("net");
        InMemoryNetwork network = InMemoryNetwork.builder(networkClock).latency(1, 5).build();
        List<RealScheduler> loops = new ArrayList<>();
        List<LedgerNode> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                RealScheduler loop = new RealScheduler("node-" + i);
                loops.add(loop);
                PoaConsensus.Builder engine = PoaConsensus.builder(params).finalityPeriodMillis(50).wiggleMillis(20);
                if (i < 3) {
                    engine.validator(keys.get(i));
                }
                InMemoryStorage disk = new InMemoryStorage();
                LedgerNode n = LedgerNode.builder().scheduler(loop).transport(network.join(new PeerId("r" + i), loop))
                        .storage(disk).genesis(genesis).consensus(engine.store(disk).build()).build();
                nodes.add(n);
                n.start();
            }
            Transaction tx = Transaction.builder().chainId(LedgerCluster.CHAIN_ID).nonce(0).to(LedgerCluster.TALLY)
                    .method("add").args(TallyContract.amount(5)).sign(user);
            Receipt r = nodes.get(3).submit(tx).get(60, TimeUnit.SECONDS);
            assertTrue(r.success(), r.reason());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline && !nodes.stream().allMatch(
                    n -> n.reader().blockOf(tx.hash()).map(b -> b.number() <= n.finalized().number()).orElse(false))) {
                Thread.sleep(20);
            }
            for (LedgerNode n : nodes) {
                assertEquals(5L, n.queryFinalized(LedgerCluster.TALLY, "total", Bytes.EMPTY).output().toLong(),
                        n.id() + " final total");
                assertEquals(0, n.count(NodeCounter.FAILURES), n.id() + " failures");
            }
        } finally {
            for (LedgerNode n : nodes) {
                n.close();
            }
            for (RealScheduler l : loops) {
                l.close();
            }
            networkClock.close();
        }
    }
}
