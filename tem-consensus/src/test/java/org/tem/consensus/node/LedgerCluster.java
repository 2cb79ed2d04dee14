package org.tem.consensus.node;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.apache.tuweni.bytes.Bytes;
import org.tem.consensus.network.InMemoryNetwork;
import org.tem.consensus.network.PeerId;
import org.tem.consensus.poa.PoaConsensus;
import org.tem.consensus.poa.PoaParams;
import org.tem.consensus.scheduler.Simulator;
import org.tem.ledger.block.BlockHeader;
import org.tem.ledger.chain.ChainListener;
import org.tem.ledger.chain.Genesis;
import org.tem.ledger.crypto.Address;
import org.tem.ledger.crypto.Hash;
import org.tem.ledger.crypto.Keccak;
import org.tem.ledger.crypto.KeyPair;
import org.tem.ledger.storage.InMemoryStorage;
import org.tem.ledger.tx.Receipt;
import org.tem.ledger.tx.Transaction;

/**
 * Ledger nodes on one {@link Simulator} and one {@link InMemoryNetwork}, all from one seed:
 * validators {@code v0..} and normal nodes {@code n0..}, each with its own in-memory store (its
 * "disk", kept across a stop and restart), a {@link PoaConsensus} on that store, and a {@link
 * LedgerNode}. Records every block any node saw final, and any node whose finalised chain
 * disagrees with another's (which the finality rule forbids).
 */
final class LedgerCluster {

    static final Address TALLY = Address.fromHexString("0x00000000000000000000000000000000000000a1");
    static final long CHAIN_ID = 7;

    /** The configuration; set fields before the constructor. */
    static final class Config {
        int validators = 5;
        int observers = 3;
        int users = 8;
        long periodMillis;
        long finalityPeriodMillis = 1_000;
        long finalityEpoch = 5;
        long wiggleMillis = 500;
        long minLatencyMillis = 10;
        long maxLatencyMillis = 60;
        long seed = 1;
        /** Which nodes start with the cluster (others start when the test says). */
        java.util.function.Predicate<String> startNow = id -> true;
        /** Adjusts each node's builder (bounds, intervals). */
        java.util.function.UnaryOperator<LedgerNode.Builder> node = b -> b;
    }

    final Config config;
    final Simulator sim;
    final InMemoryNetwork network;
    final PoaParams params;
    final Genesis genesis;
    private final Map<PeerId, KeyPair> validatorKeys = new TreeMap<>();
    private final Map<PeerId, InMemoryStorage> disks = new TreeMap<>();
    private final Map<PeerId, LedgerNode> nodes = new TreeMap<>();
    private final Map<PeerId, Simulator.NodeScheduler> schedulers = new TreeMap<>();
    private final TreeSet<PeerId> running = new TreeSet<>();
    final List<KeyPair> users = new ArrayList<>();
    private final long[] nonces;
    /** Every block any node saw final, by number. */
    final TreeMap<Long, Hash> finalBlocks = new TreeMap<>();
    final List<String> violations = new ArrayList<>();

    LedgerCluster(Config config) {
        this.config = config;
        this.sim = new Simulator(1_700_000_000_000L, config.seed);
        this.network = InMemoryNetwork.builder(sim).seed(sim.random().nextLong())
                .latency(config.minLatencyMillis, config.maxLatencyMillis).build();
        List<Address> signers = new ArrayList<>();
        for (int i = 0; i < config.validators; i++) {
            KeyPair k = key("validator " + i);
            validatorKeys.put(new PeerId("v" + i), k);
            signers.add(k.address());
        }
        this.params = new PoaParams(signers, 30_000, config.finalityEpoch, config.periodMillis);
        KeyPair operator = key("operator");
        Genesis.Builder g = Genesis.builder().chainId(CHAIN_ID).timestamp(sim.now())
                .blockPeriodMillis(config.periodMillis).consensusData(params.encode()).operator(operator.publicKey())
                .contract(TALLY, new TallyContract());
        for (int i = 0; i < config.users; i++) {
            KeyPair u = key("user " + i);
            users.add(u);
            g.account(u.publicKey());
        }
        this.genesis = g.build();
        this.nonces = new long[config.users];
        for (PeerId id : validatorKeys.keySet()) {
            disks.put(id, new InMemoryStorage());
        }
        for (int i = 0; i < config.observers; i++) {
            disks.put(new PeerId("n" + i), new InMemoryStorage());
        }
        for (PeerId id : disks.keySet()) {
            if (config.startNow.test(id.name())) {
                start(id);
            }
        }
    }

    static KeyPair key(String name) {
        byte[] seed = Keccak.hash256(Bytes.wrap(("ledger cluster: " + name).getBytes(StandardCharsets.UTF_8))).toArray();
        return KeyPair.fromPrivateKey(new BigInteger(1, seed));
    }

    /** Starts (or restarts, on its disk) node {@code id}. */
    LedgerNode start(PeerId id) {
        if (running.contains(id)) {
            throw new IllegalStateException(id + " is running");
        }
        InMemoryStorage disk = disks.get(id);
        PoaConsensus.Builder b = PoaConsensus.builder(params).store(disk)
                .finalityPeriodMillis(config.finalityPeriodMillis).wiggleMillis(config.wiggleMillis)
                .seed(config.seed * 31 + id.name().hashCode());
        KeyPair k = validatorKeys.get(id);
        if (k != null) {
            b.validator(k);
        }
        Simulator.NodeScheduler s = sim.newScheduler();
        LedgerNode node = config.node.apply(LedgerNode.builder().scheduler(s).transport(network.join(id, s))
                .storage(disk).genesis(genesis).consensus(b.build())).build();
        node.addListener(new ChainListener() {
            @Override
            public void onFinalized(BlockHeader finalized) {
                recordFinal(id, node, finalized);
            }
        });
        nodes.put(id, node);
        schedulers.put(id, s);
        running.add(id);
        node.start();
        return node;
    }

    /** Stops node {@code id} as a crash would: its pending events are dropped, its disk kept. */
    void stop(PeerId id) {
        schedulers.get(id).stop();
        nodes.get(id).close();
        running.remove(id);
    }

    /** The event loop of node {@code name} (of its latest start). */
    Simulator.NodeScheduler scheduler(String name) {
        return schedulers.get(new PeerId(name));
    }

    LedgerNode node(String name) {
        return nodes.get(new PeerId(name));
    }

    List<LedgerNode> running() {
        List<LedgerNode> out = new ArrayList<>();
        for (PeerId id : running) {
            out.add(nodes.get(id));
        }
        return out;
    }

    List<PeerId> ids() {
        return new ArrayList<>(disks.keySet());
    }

    boolean runUntil(BooleanSupplier condition, long forMillis) {
        return sim.runUntil(condition, sim.now() + forMillis);
    }

    /** Whether every running node has the same head. */
    boolean sameHead() {
        Hash h = null;
        for (LedgerNode n : running()) {
            if (h == null) {
                h = n.head().hash();
            } else if (!h.equals(n.head().hash())) {
                return false;
            }
        }
        return true;
    }

    long minFinal() {
        long m = Long.MAX_VALUE;
        for (LedgerNode n : running()) {
            m = Math.min(m, n.finalized().number());
        }
        return m;
    }

    /** A signed {@code add(amount)} from user {@code u}, with the user's next nonce. */
    Transaction add(int u, long amount) {
        return Transaction.builder().chainId(CHAIN_ID).nonce(nonces[u]++).to(TALLY).method("add")
                .args(TallyContract.amount(amount)).sign(users.get(u));
    }

    /**
     * Keeps user {@code u} busy: submits an {@code add(1)} at {@code node}, and every time one is
     * final, the next one {@code gapMillis} later, {@code count} in all. Runs inside the
     * simulation (no blocking): the next submission is scheduled from the future's callback.
     *
     * @return the futures, filled as they are submitted
     */
    List<CompletableFuture<Receipt>> load(String node, int u, int count, long gapMillis) {
        List<CompletableFuture<Receipt>> out = new ArrayList<>();
        loadNext(node, u, count, gapMillis, out);
        return out;
    }

    private void loadNext(String node, int u, int left, long gapMillis, List<CompletableFuture<Receipt>> out) {
        if (left == 0) {
            return;
        }
        CompletableFuture<Receipt> f = node(node).submit(add(u, 1));
        out.add(f);
        f.whenComplete((r, e) -> sim.schedule(gapMillis, () -> loadNext(node, u, left - 1, gapMillis, out)));
    }

    /** Submits {@code tx} at {@code node}. */
    CompletableFuture<Receipt> submit(LedgerNode node, Transaction tx) {
        return node.submit(tx);
    }

    /** The total the tally contract holds at a node's finalised block. */
    static long finalTotal(LedgerNode n) {
        return n.queryFinalized(TALLY, "total", Bytes.EMPTY).output().toLong();
    }

    /**
     * Checks a newly final block against every block any node saw final: all of them form one
     * chain, so the new one must descend from the highest final block at or below it, and the
     * lowest final block above it must descend from the new one.
     */
    private void recordFinal(PeerId id, LedgerNode node, BlockHeader f) {
        Map.Entry<Long, Hash> below = finalBlocks.floorEntry(f.number());
        if (below != null && !onChain(node, f, below.getKey(), below.getValue())) {
            violations.add(id + " finalised #" + f.number() + " off final #" + below.getKey());
        }
        Map.Entry<Long, Hash> above = finalBlocks.higherEntry(f.number());
        if (above != null) {
            for (LedgerNode other : nodes.values()) {
                var a = other.reader().header(above.getValue());
                if (a.isPresent() && !onChain(other, a.get(), f.number(), f.hash())) {
                    violations.add(id + " finalised #" + f.number() + " conflicting with final #" + above.getKey());
                }
                if (a.isPresent()) {
                    break;
                }
            }
        }
        finalBlocks.putIfAbsent(f.number(), f.hash());
    }

    /** Whether {@code from}'s ancestor at {@code number} (in {@code node}'s store) is {@code hash}. */
    private static boolean onChain(LedgerNode node, BlockHeader from, long number, Hash hash) {
        return node.reader().headers().ancestor(from, number).map(h -> h.hash().equals(hash)).orElse(false);
    }
}
