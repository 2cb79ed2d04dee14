package org.tem.consensus.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.tuweni.bytes.Bytes;
import org.junit.jupiter.api.Test;
import org.tem.consensus.network.InMemoryNetwork;
import org.tem.consensus.scheduler.Simulator;
import org.tem.ledger.block.BlockHeader;
import org.tem.ledger.chain.ChainListener;
import org.tem.ledger.tx.Receipt;

/**
 * {@link TemNode} on an in-memory network with simulated schedulers (deterministic): two
 * validators and a follower built from one chain specification agree on a chain, an {@link
 * Account} opened on the follower gets its calls final, and the listeners hear every head and
 * finalised block.
 */
class TemNodeMemoryTest {

    @Test
    void nodesFromOneSpecAgreeAndAnAccountOnAFollowerGetsItsCallsFinal() {
        ChainSpec spec = NodeFixture.spec(2, 0);
        Simulator sim = new Simulator(spec.genesisTimestamp() + 1_000, 3);
        InMemoryNetwork net = InMemoryNetwork.builder(sim).seed(3).latency(5, 30).build();
        List<TemNode> nodes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            TemNode.Builder b = TemNode.builder().chainSpec(spec).memory(net, "n" + i).scheduler(sim.newScheduler())
                    .seed(i);
            if (i < 2) {
                b.validatorKey(NodeFixture.validator(i));
            }
            nodes.add(b.build());
        }
        TemNode follower = nodes.get(2);
        List<Long> heads = new ArrayList<>();
        List<Long> finals = new ArrayList<>();
        follower.addListener(new ChainListener() {
            @Override
            public void onNewHead(BlockHeader head) {
                heads.add(head.number());
            }

            @Override
            public void onFinalized(BlockHeader finalized) {
                finals.add(finalized.number());
            }
        });
        nodes.forEach(TemNode::start);
        Account a = Account.open(follower, NodeFixture.user(2));
        List<CompletableFuture<Receipt>> fs = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            fs.add(a.send(NodeFixture.TALLY, "add", TallyContract.amount(i)));
        }
        assertTrue(sim.runUntil(() -> fs.stream().allMatch(CompletableFuture::isDone), sim.now() + 120_000));
        for (CompletableFuture<Receipt> f : fs) {
            assertTrue(f.join().success(), f.join().reason());
        }
        assertTrue(sim.runUntil(() -> nodes.stream().allMatch(n -> n.finalized().number()
                == nodes.get(0).finalized().number() && n.head().equals(nodes.get(0).head())), sim.now() + 60_000));
        assertEquals(6, follower.queryFinalized(NodeFixture.TALLY, "total", Bytes.EMPTY).output().toLong());
        assertEquals(follower.head().number(), heads.get(heads.size() - 1).longValue());
        assertEquals(follower.finalized().number(), finals.get(finals.size() - 1).longValue());
        assertEquals(List.of(), follower.nodeKeys().allowed().stream().toList(), "no node keys in this spec");
        nodes.forEach(TemNode::close);
        nodes.forEach(TemNode::close); // idempotent
    }
}
