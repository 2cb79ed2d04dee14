package org.tem.benchmarks.harness;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.tuweni.bytes.Bytes;
import org.tem.consensus.network.InMemoryNetwork;
import org.tem.consensus.network.PeerId;
import org.tem.consensus.network.Status;
import org.tem.consensus.network.Transport;
import org.tem.consensus.network.tcp.NodeKeyPolicy;
import org.tem.consensus.network.tcp.TcpTransport;
import org.tem.consensus.node.LedgerNode;
import org.tem.consensus.poa.PoaConsensus;
import org.tem.consensus.scheduler.RealScheduler;
import org.tem.ledger.block.Block;
import org.tem.ledger.block.BlockHeader;
import org.tem.ledger.chain.ChainListener;
import org.tem.ledger.crypto.Hash;
import org.tem.ledger.crypto.KeyPair;
import org.tem.ledger.storage.InMemoryStorage;
import org.tem.ledger.tx.Transaction;

/**
 * A network on real threads and the wall clock: {@code N} validators and one normal node, each a
 * {@link LedgerNode} on its own {@link RealScheduler} with in-memory storage, joined either by an
 * {@link InMemoryNetwork} (delivery on the target's loop after a uniform latency) or by one
 * {@link TcpTransport} each on its own loopback port (full mesh, rate limits lifted so that they do
 * not cap the load). Load is submitted at the normal node, which records for every watched
 * transaction the moment its block is first imported there ({@link ChainListener#onNewHead}) and
 * the moment that block is final there ({@link ChainListener#onFinalized}).
 *
 * <p>Blocks are sealed with period 0 (as soon as transactions are pending, but no sooner than the
 * batching delay after the parent), empty blocks every
 * {@code finalityPeriodMillis} while the last transaction is not final, a finality epoch of
 * {@code N} blocks. Thread-safe for {@link #watch} and {@link #submit}; close it once.
 */
final class RealCluster implements AutoCloseable {

    /** What a node's listener records for a watched transaction, in {@link System#nanoTime} units. */
    static final class Times {
        final long submitted;
        volatile long confirmed;
        volatile long finalised;

        Times(long submitted) {
            this.submitted = submitted;
        }
    }

    final BenchChain chain;
    final String transport;
    private final List<RealScheduler> loops = new ArrayList<>();
    private final List<LedgerNode> nodes = new ArrayList<>();
    private final List<TcpTransport> tcp = new ArrayList<>();
    private RealScheduler networkClock;
    /** The normal node where load is submitted and measured. */
    final LedgerNode entry;
    private final Map<Hash, Times> watched = new ConcurrentHashMap<>();
    final AtomicLong confirmedCount = new AtomicLong();
    final AtomicLong finalisedCount = new AtomicLong();
    final AtomicLong blocksSeen = new AtomicLong();
    final AtomicLong transactionsSeen = new AtomicLong();
    /** Watched transactions final with a failed call. */
    final AtomicLong failedCalls = new AtomicLong();
    /** Watched transactions the normal node refused. */
    final AtomicLong refused = new AtomicLong();
    private final AtomicReference<String> firstFailure = new AtomicReference<>("");

    /**
     * Builds and starts the network and waits until every node is connected to every other.
     *
     * @param chain the chain
     * @param transport {@code memory} or {@code tcp}
     * @param minLatencyMillis the in-memory network's smallest latency
     * @param maxLatencyMillis its largest
     * @param finalityPeriodMillis the interval of empty blocks while a transaction is not final
     * @param batchMillis the validators' batching delay ({@link PoaConsensus.Builder#batchMillis}):
     *     a block with transactions no sooner than this after its parent
     * @throws IllegalArgumentException on an unknown transport
     * @throws IllegalStateException if the TCP mesh does not form within 60 s
     * @throws InterruptedException if interrupted while waiting
     */
    RealCluster(BenchChain chain, String transport, long minLatencyMillis, long maxLatencyMillis,
            long finalityPeriodMillis, long batchMillis) throws InterruptedException {
        this.chain = chain;
        this.transport = transport;
        int n = chain.validators + 1;
        boolean memory = transport.equals("memory");
        if (!memory && !transport.equals("tcp")) {
            throw new IllegalArgumentException("transport must be memory or tcp, was " + transport);
        }
        InMemoryNetwork network = null;
        if (memory) {
            networkClock = new RealScheduler("bench-net");
            network = InMemoryNetwork.builder(networkClock).latency(minLatencyMillis, maxLatencyMillis).build();
        }
        List<KeyPair> nodeKeys = new ArrayList<>();
        List<Bytes> allowed = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            KeyPair k = BenchChain.key("node key " + i);
            nodeKeys.add(k);
            allowed.add(k.publicKey());
        }
        Hash genesisHash = memory ? null : genesisHash(chain);
        for (int i = 0; i < n; i++) {
            boolean validator = i < chain.validators;
            String name = validator ? "v" + i : "n" + (i - chain.validators);
            RealScheduler loop = new RealScheduler("bench-" + name);
            loops.add(loop);
            InMemoryStorage disk = new InMemoryStorage();
            PoaConsensus.Builder engine = PoaConsensus.builder(chain.params).store(disk)
                    .finalityPeriodMillis(finalityPeriodMillis).wiggleMillis(Math.max(1, finalityPeriodMillis / 2))
                    .batchMillis(batchMillis)
                    .seed(i);
            if (validator) {
                engine.validator(chain.validatorKeys.get(i));
            }
            Transport t;
            AtomicReference<LedgerNode> self = new AtomicReference<>();
            if (memory) {
                t = network.join(new PeerId(name), loop);
            } else {
                TcpTransport tt = TcpTransport.builder(nodeKeys.get(i), loop).chain(BenchChain.CHAIN_ID, genesisHash)
                        .status(() -> status(self.get(), genesisHash)).policy(NodeKeyPolicy.of(allowed))
                        .maxPeers(n + 4).maxPendingHandshakes(4 * n, 4 * n).connectionAttempts(10_000, 10_000)
                        .rateLimit(1e9, 1e12, 1_000, 60_000).backoff(20, 1_000, i).build();
                tcp.add(tt);
                t = tt;
            }
            LedgerNode node = LedgerNode.builder().scheduler(loop).transport(t).storage(disk).genesis(chain.genesis)
                    .consensus(engine.build()).mempool(200_000, 200_000).maxBlockTransactions(10_000).build();
            self.set(node);
            nodes.add(node);
        }
        this.entry = nodes.get(n - 1);
        entry.addListener(new Probe());
        for (int i = 0; i < n; i++) {
            nodes.get(i).start();
            if (!memory) {
                for (int j = 0; j < i; j++) {
                    tcp.get(i).addStaticPeer(listening(tcp.get(j)));
                }
            }
        }
        if (!memory) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!tcp.stream().allMatch(t -> t.peers().size() == n - 1)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the TCP mesh of " + n + " nodes did not form in 60 s");
                }
                Thread.sleep(10);
            }
        }
    }

    /** The address a transport listens on, once its node's loop has started it (at most 30 s). */
    private static InetSocketAddress listening(TcpTransport t) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                return t.localAddress();
            } catch (IllegalStateException notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
                Thread.sleep(2);
            }
        }
    }

    /** The genesis hash, from a node that is built but never started. */
    private static Hash genesisHash(BenchChain chain) {
        try (RealScheduler s = new RealScheduler("bench-genesis")) {
            InMemoryNetwork net = InMemoryNetwork.builder(s).build();
            InMemoryStorage disk = new InMemoryStorage();
            LedgerNode probe = LedgerNode.builder().scheduler(s).transport(net.join(new PeerId("g"), s)).storage(disk)
                    .genesis(chain.genesis).consensus(PoaConsensus.builder(chain.params).store(disk).build()).build();
            Hash h = probe.reader().block(0).orElseThrow().header().hash();
            probe.close();
            return h;
        }
    }

    private static Status status(LedgerNode node, Hash genesisHash) {
        if (node == null) {
            return new Status(Status.PROTOCOL_VERSION, BenchChain.CHAIN_ID, genesisHash, 0, genesisHash, Bytes.EMPTY,
                    0, genesisHash);
        }
        BlockHeader head = node.head();
        BlockHeader fin = node.finalized();
        return new Status(Status.PROTOCOL_VERSION, BenchChain.CHAIN_ID, genesisHash, head.number(), head.hash(),
                Bytes.EMPTY, fin.number(), fin.hash());
    }

    /** @return the nodes, validators first, the normal node last */
    List<LedgerNode> nodes() {
        return nodes;
    }

    /**
     * The operator's set-up at the normal node (register every meter, open every round), waited
     * for until final.
     *
     * @param maxIterations each round's iteration cap
     * @throws IllegalStateException if a call fails or is not final within five minutes
     * @throws Exception if waiting fails
     */
    void setUp(int maxIterations) throws Exception {
        List<java.util.concurrent.CompletableFuture<org.tem.ledger.tx.Receipt>> fs = new ArrayList<>();
        for (Transaction tx : chain.setup(0, maxIterations)) {
            fs.add(entry.submit(tx));
        }
        java.util.concurrent.CompletableFuture.allOf(fs.toArray(new java.util.concurrent.CompletableFuture<?>[0]))
                .get(300, TimeUnit.SECONDS);
        for (var f : fs) {
            if (!f.get().success()) {
                throw new IllegalStateException("set-up call failed: " + f.get().reason());
            }
        }
    }

    /**
     * Records the submission time of {@code tx} and submits a copy decoded from its encoding at the
     * normal node (unchecked, as a meter's bytes would arrive, so the normal node checks its
     * signature like every other node).
     *
     * @param tx the transaction
     * @return its times, filled in by the normal node's listener
     */
    Times submit(Transaction tx) {
        Times t = new Times(System.nanoTime());
        watched.put(tx.hash(), t);
        // a decoded copy, as a meter's signed bytes would arrive: the node checks its signature
        entry.submit(Transaction.decode(tx.encoded())).whenComplete((r, e) -> {
            if (e != null) {
                refused.incrementAndGet();
                firstFailure.compareAndSet("", e.getMessage());
            } else if (!r.success()) {
                failedCalls.incrementAndGet();
                firstFailure.compareAndSet("", r.reason());
            }
        });
        return t;
    }

    /** The normal node's view: first import and finality of watched transactions. */
    private final class Probe implements ChainListener {
        private long lastHead;
        private long lastFinal;

        /** After a reorganisation the new branch's blocks are scanned again by the next {@link #onNewHead}. */
        @Override
        public void onReorganization(List<BlockHeader> dropped, List<BlockHeader> added) {
            if (!added.isEmpty()) {
                lastHead = Math.min(lastHead, added.get(0).number() - 1);
            }
        }

        @Override
        public void onNewHead(BlockHeader head) {
            long now = System.nanoTime();
            for (long b = Math.max(lastHead + 1, head.number() - 64); b <= head.number(); b++) {
                Block block = entry.reader().block(b).orElse(null);
                if (block == null) {
                    continue;
                }
                blocksSeen.incrementAndGet();
                for (Transaction tx : block.transactions()) {
                    transactionsSeen.incrementAndGet();
                    Times t = watched.get(tx.hash());
                    if (t != null && t.confirmed == 0) {
                        t.confirmed = now;
                        confirmedCount.incrementAndGet();
                    }
                }
            }
            lastHead = Math.max(lastHead, head.number());
        }

        @Override
        public void onFinalized(BlockHeader finalized) {
            long now = System.nanoTime();
            for (long b = lastFinal + 1; b <= finalized.number(); b++) {
                Block block = entry.reader().block(b).orElse(null);
                if (block == null) {
                    continue;
                }
                for (Transaction tx : block.transactions()) {
                    Times t = watched.get(tx.hash());
                    if (t != null && t.finalised == 0) {
                        if (t.confirmed == 0) {
                            t.confirmed = now;
                            confirmedCount.incrementAndGet();
                        }
                        t.finalised = now;
                        finalisedCount.incrementAndGet();
                    }
                }
            }
            lastFinal = Math.max(lastFinal, finalized.number());
        }
    }

    /**
     * Waits until {@code count} watched transactions are final at the normal node.
     *
     * @param count how many
     * @param timeoutMillis the longest wait
     * @return whether they are
     * @throws InterruptedException if interrupted
     */
    boolean awaitFinal(long count, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (finalisedCount.get() < count) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }

    /** @return the first refusal or failed call's reason, empty if none */
    String firstFailure() {
        return firstFailure.get();
    }

    /** @return the TCP listen addresses (empty in memory) */
    List<InetSocketAddress> addresses() {
        List<InetSocketAddress> out = new ArrayList<>();
        for (TcpTransport t : tcp) {
            out.add(t.localAddress());
        }
        return out;
    }

    @Override
    public void close() {
        for (LedgerNode n : nodes) {
            n.close();
        }
        for (RealScheduler l : loops) {
            l.close();
        }
        if (networkClock != null) {
            networkClock.close();
        }
    }
}
