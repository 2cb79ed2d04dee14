package org.tem.consensus.sim;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.tuweni.bytes.Bytes;
import org.tem.consensus.BlockId;
import org.tem.consensus.Consensus;
import org.tem.consensus.HeaderTemplate;
import org.tem.consensus.SealSlot;
import org.tem.consensus.network.Blocks;
import org.tem.consensus.network.GetBlocks;
import org.tem.consensus.network.InMemoryNetwork;
import org.tem.consensus.network.Message;
import org.tem.consensus.network.NewBlock;
import org.tem.consensus.network.PeerId;
import org.tem.consensus.network.Status;
import org.tem.consensus.network.Transactions;
import org.tem.consensus.network.Transport;
import org.tem.consensus.poa.PoaConsensus;
import org.tem.consensus.scheduler.Cancellable;
import org.tem.consensus.scheduler.Scheduler;
import org.tem.ledger.Validation;
import org.tem.ledger.crypto.Hash;
import org.tem.ledger.storage.InMemoryStorage;

/**
 * A simulated node: a block tree of its own, a consensus engine driven only through the {@link
 * Consensus} SPI, a transport, and a scheduler it runs every task on. It gossips transactions and
 * blocks, fetches what it misses from the peer that showed it (a block's unknown parent, a
 * peer's unknown head), keeps unknown-parent blocks in a bounded orphan pool, follows the
 * engine's fork choice, and (as a validator) seals when the engine says. What would be storage
 * in a node ({@link Disk}) survives a restart. A test aid for the consensus layer; tem-ledger's
 * node is the real thing.
 */
public final class SimNode implements Transport.Handler {

    /** The most transactions a simulated block takes. */
    static final int BLOCK_TRANSACTIONS = 64;
    /** How many blocks one request asks for. */
    static final int SYNC_BATCH = 64;
    /** The most orphan blocks kept. */
    static final int MAX_ORPHANS = 2_048;
    /** How long before the same block is requested again, in ms. */
    static final long REQUEST_RETRY_MILLIS = 1_000;

    /** What survives a restart: the blocks and the engine's store. */
    public static final class Disk {
        final SimTree tree;
        final InMemoryStorage store = new InMemoryStorage();

        public Disk(SimHeader genesis) {
            this.tree = new SimTree(genesis);
        }
    }

    final SimCluster cluster;
    final PeerId id;
    final Disk disk;
    final Consensus engine;
    private final PoaConsensus poa;
    final Scheduler scheduler;
    final Transport transport;
    final SimTree tree;

    volatile SimBlock head;
    private final Set<Hash> leaves = new LinkedHashSet<>();
    private final LinkedHashMap<Hash, List<SimBlock>> orphans = new LinkedHashMap<>();
    private final Set<Hash> orphanHashes = new HashSet<>();
    private final LinkedHashMap<Hash, Bytes> txPool = new LinkedHashMap<>();
    final Set<Hash> finalTxs = java.util.Collections.synchronizedSet(new HashSet<>());
    volatile BlockId finalSeen;
    private final Map<Hash, Long> requested = new HashMap<>();
    private long requestIds;
    private Cancellable sealTimer;
    private Hash timerParent;
    private boolean timerPending;
    private Hash pendingCacheHead;
    private Set<Hash> includedCache = Set.of();
    final List<String> rejected = new ArrayList<>();
    int malformed;

    SimNode(SimCluster cluster, PeerId id, Disk disk, PoaConsensus poa, Consensus engine, Scheduler scheduler,
            InMemoryNetwork network) {
        this.poa = poa;
        this.cluster = cluster;
        this.id = id;
        this.disk = disk;
        this.engine = engine;
        this.scheduler = scheduler;
        this.tree = disk.tree;
        this.transport = network.join(id, scheduler);
        this.head = tree.genesis();
        this.finalSeen = BlockId.of(head.header());
    }

    /** Loads the head from the disk, opens the transport, starts the timers. */
    void start() {
        Set<Hash> parents = new HashSet<>();
        for (SimBlock b : tree.all()) {
            parents.add(b.header().parentHash());
        }
        for (SimBlock b : tree.all()) {
            if (!parents.contains(b.hash())) {
                leaves.add(b.hash());
            }
        }
        updateHead();
        transport.start(this);
        scheduler.schedule(cluster.statusIntervalMillis, this::statusTick);
    }

    /** The node's proof-of-authority engine (under any test wrapper), for votes and queries. */
    public PoaConsensus poa() {
        return poa;
    }

    public SimBlock head() {
        return head;
    }

    public BlockId finalSeen() {
        return finalSeen;
    }

    public PeerId id() {
        return id;
    }

    // ---- transactions ----

    /** Submits a transaction here, as a client of this node would. */
    public void submit(Bytes tx) {
        scheduler.execute(() -> addTx(tx, null));
    }

    private void addTx(Bytes tx, PeerId from) {
        Hash h = SimBlock.txHash(tx);
        if (finalTxs.contains(h) || txPool.containsKey(h)) {
            return;
        }
        txPool.put(h, tx);
        transport.broadcast(new Transactions(List.of(tx)));
        rescheduleSeal();
    }

    /** The transactions of the head's chain above the final block. */
    private Set<Hash> includedAboveFinal() {
        if (head.hash().equals(pendingCacheHead)) {
            return includedCache;
        }
        Set<Hash> in = new HashSet<>();
        for (SimBlock b = head; b.header().number() > finalSeen.number(); b = tree.block(b.header().parentHash()).orElseThrow()) {
            for (Bytes t : b.transactions()) {
                in.add(SimBlock.txHash(t));
            }
        }
        pendingCacheHead = head.hash();
        includedCache = in;
        return in;
    }

    private List<Bytes> pending(int max) {
        Set<Hash> in = includedAboveFinal();
        List<Bytes> out = new ArrayList<>();
        for (Map.Entry<Hash, Bytes> e : txPool.entrySet()) {
            if (out.size() == max) {
                break;
            }
            if (!in.contains(e.getKey())) {
                out.add(e.getValue());
            }
        }
        return out;
    }

    // ---- messages ----

    @Override
    public void onMessage(PeerId from, Message message) {
        if (message instanceof Status s) {
            if (s.genesisHash().equals(tree.genesis().hash()) && !tree.contains(s.headHash())) {
                request(from, s.headHash());
            }
        } else if (message instanceof Transactions t) {
            for (Bytes tx : t.transactions()) {
                addTx(tx, from);
            }
        } else if (message instanceof NewBlock nb) {
            decode(nb.block(), from).ifPresent(b -> receive(List.of(b), from, true));
        } else if (message instanceof GetBlocks g) {
            answer(from, g);
        } else if (message instanceof Blocks bs) {
            List<SimBlock> got = new ArrayList<>();
            for (int i = bs.blocks().size() - 1; i >= 0; i--) {
                decode(bs.blocks().get(i), from).ifPresent(got::add);
            }
            receive(got, from, false);
        }
    }

    @Override
    public void onConnected(PeerId peer) {
        transport.send(peer, status());
    }

    @Override
    public void onMalformed(PeerId from, String reason) {
        malformed++;
    }

    private Optional<SimBlock> decode(Bytes bytes, PeerId from) {
        try {
            return Optional.of(SimBlock.decode(bytes));
        } catch (IllegalArgumentException e) {
            malformed++;
            return Optional.empty();
        }
    }

    private Status status() {
        return new Status(Status.PROTOCOL_VERSION, 1, tree.genesis().hash(), head.header().number(), head.hash(),
                Bytes.EMPTY, finalSeen.number(), finalSeen.hash());
    }

    private void statusTick() {
        transport.broadcast(status());
        scheduler.schedule(cluster.statusIntervalMillis, this::statusTick);
    }

    private void request(PeerId peer, Hash hash) {
        Long last = requested.get(hash);
        long now = scheduler.now();
        if (last != null && now - last < REQUEST_RETRY_MILLIS) {
            return;
        }
        requested.put(hash, now);
        transport.send(peer, GetBlocks.ancestors(requestIds++, hash, SYNC_BATCH));
    }

    private void answer(PeerId from, GetBlocks g) {
        List<Bytes> out = new ArrayList<>();
        if (g.hash().isPresent()) {
            Optional<SimBlock> b = tree.block(g.hash().get());
            while (b.isPresent() && b.get().header().number() > 0 && out.size() < g.count()) {
                out.add(b.get().encode());
                b = tree.block(b.get().header().parentHash());
            }
        } else {
            for (SimBlock b : tree.chain(head)) {
                if (b.header().number() >= g.number() && out.size() < g.count()) {
                    out.add(b.encode());
                }
            }
        }
        transport.send(from, new Blocks(g.requestId(), out.subList(0, Blocks.fitting(out))));
    }

    /**
     * Imports blocks (oldest first): a block whose parent is unknown waits in the orphan pool
     * while its parent is fetched from {@code from}; an imported block releases its waiting
     * children. With {@code forward}, newly imported blocks are gossiped on.
     */
    private void receive(List<SimBlock> blocks, PeerId from, boolean forward) {
        ArrayDeque<SimBlock> work = new ArrayDeque<>(blocks);
        boolean imported = false;
        while (!work.isEmpty()) {
            SimBlock b = work.poll();
            if (tree.contains(b.hash())) {
                continue;
            }
            if (!tree.contains(b.header().parentHash())) {
                addOrphan(b);
                request(from, b.header().parentHash());
                continue;
            }
            Validation v = engine.verify(tree, b.header());
            if (!v.valid()) {
                rejected.add(v.reason());
                continue;
            }
            tree.add(b);
            leaves.remove(b.header().parentHash());
            leaves.add(b.hash());
            imported = true;
            if (forward) {
                transport.broadcast(new NewBlock(b.encode()));
            }
            List<SimBlock> waiting = orphans.remove(b.hash());
            if (waiting != null) {
                for (SimBlock w : waiting) {
                    orphanHashes.remove(w.hash());
                }
                work.addAll(waiting);
            }
        }
        if (imported) {
            updateHead();
        }
    }

    private void addOrphan(SimBlock b) {
        if (!orphanHashes.add(b.hash())) {
            return;
        }
        orphans.computeIfAbsent(b.header().parentHash(), k -> new ArrayList<>()).add(b);
        while (orphanHashes.size() > MAX_ORPHANS) {
            Map.Entry<Hash, List<SimBlock>> oldest = orphans.entrySet().iterator().next();
            orphans.remove(oldest.getKey());
            for (SimBlock x : oldest.getValue()) {
                orphanHashes.remove(x.hash());
            }
        }
    }

    /** Follows the fork choice over the leaves; records what became final. */
    private void updateHead() {
        SimBlock best = head;
        for (Hash h : leaves) {
            SimBlock b = tree.block(h).orElseThrow();
            if (engine.compare(tree, b.header(), best.header()) > 0) {
                best = b;
            }
        }
        if (best != head) {
            if (!tree.onChain(best, finalSeen.number(), finalSeen.hash())) {
                cluster.violation(id + " switched to head " + best.header() + " off its final block #"
                        + finalSeen.number());
            }
            head = best;
            cluster.onHead(this);
        }
        BlockId f = engine.finalized(tree, head.header());
        if (f.number() > finalSeen.number()) {
            for (SimBlock b = tree.block(f.hash()).orElseThrow(); b.header().number() > finalSeen.number();
                    b = tree.block(b.header().parentHash()).orElseThrow()) {
                for (Bytes t : b.transactions()) {
                    Hash th = SimBlock.txHash(t);
                    if (finalTxs.add(th)) {
                        cluster.onTxFinal(th);
                    }
                    txPool.remove(th);
                }
            }
            finalSeen = f;
            pendingCacheHead = null;
            cluster.onFinal(this, tree.block(f.hash()).orElseThrow());
            leaves.removeIf(h -> !tree.onChain(tree.block(h).orElseThrow(), finalSeen.number(), finalSeen.hash()));
            leaves.add(head.hash());
        }
        rescheduleSeal();
    }

    // ---- sealing ----

    private void rescheduleSeal() {
        if (engine.validator().isEmpty()) {
            return;
        }
        boolean pendingNow = !pending(1).isEmpty();
        if (sealTimer != null && head.hash().equals(timerParent) && pendingNow == timerPending) {
            return;
        }
        if (sealTimer != null) {
            sealTimer.cancel();
            sealTimer = null;
        }
        Optional<SealSlot> slot = engine.nextSeal(tree, head.header(), pendingNow, scheduler.now());
        if (slot.isEmpty()) {
            return;
        }
        timerParent = head.hash();
        timerPending = pendingNow;
        SealSlot s = slot.get();
        sealTimer = scheduler.schedule(Math.max(0, s.atMillis() - scheduler.now()), () -> sealNow(s));
    }

    private void sealNow(SealSlot slot) {
        sealTimer = null;
        SimBlock parent = head;
        List<Bytes> txs = pending(BLOCK_TRANSACTIONS);
        HeaderTemplate t = engine.prepare(tree, parent.header(), scheduler.now());
        SimHeader unsealed = new SimHeader(parent.hash(), parent.header().number() + 1, t.timestamp(),
                SimBlock.bodyHash(txs), t.consensusData(), Bytes.EMPTY);
        SimBlock b = new SimBlock(unsealed.withSeal(engine.seal(tree, unsealed)), txs);
        cluster.onSealed(this, b, slot, parent);
        receive(List.of(b), id, true);
    }
}
