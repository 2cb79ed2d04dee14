package org.tem.consensus.sim;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import org.apache.tuweni.bytes.Bytes;
import org.tem.consensus.Consensus;
import org.tem.consensus.SealSlot;
import org.tem.consensus.network.InMemoryNetwork;
import org.tem.consensus.network.PeerId;
import org.tem.consensus.poa.PoaConsensus;
import org.tem.consensus.poa.PoaHeaderData;
import org.tem.consensus.poa.PoaParams;
import org.tem.consensus.scheduler.RealScheduler;
import org.tem.consensus.scheduler.Scheduler;
import org.tem.consensus.scheduler.Simulator;
import org.tem.ledger.crypto.Address;
import org.tem.ledger.crypto.Hash;
import org.tem.ledger.crypto.KeyPair;

/**
 * A simulated proof-of-authority network: validators {@code v0..} and normal nodes {@code n0..}
 * on one {@link Simulator} and one {@link InMemoryNetwork}, all derived from one seed, so the
 * same configuration replays the same run. It records what the tests check: every block sealed
 * anywhere (in one global tree), each node's head changes, every block any node saw final, and
 * any violation of finality.
 */
public final class SimCluster {

    /** The simulation's configuration; fields are set by the tests before {@link #SimCluster}. */
    public static final class Config {
        public int validators = 5;
        public int observers = 3;
        /** Extra keys that start as normal nodes and can be voted in. */
        public int candidates = 0;
        public long periodMillis = 1_000;
        public long finalityPeriodMillis = 1_000;
        public long finalityEpoch = 5;
        public long epoch = 30_000;
        public long wiggleMillis = 500;
        public long minLatencyMillis = 10;
        public long maxLatencyMillis = 60;
        public double loss;
        public long seed = 1;
        /** Real schedulers (one thread per node, the system clock) instead of the simulator. */
        public boolean realTime;
        /** Wraps each node's engine (a test's way to swap a rule); the identity by default. */
        public java.util.function.BiFunction<PoaConsensus, PoaParams, Consensus> engine = (poa, params) -> poa;

        public Config validators(int n) {
            validators = n;
            return this;
        }

        public Config observers(int n) {
            observers = n;
            return this;
        }

        public Config period(long millis) {
            periodMillis = millis;
            return this;
        }

        public Config seed(long s) {
            seed = s;
            return this;
        }
    }

    /** One sealed block as its sealer saw it. */
    public record Sealing(PeerId sealer, SimBlock block, SimBlock parent, SealSlot slot, long sealedAt) {
        public PoaHeaderData data() {
            return PoaHeaderData.decode(block.header().consensusData());
        }
    }

    /** One head change: when, where, what. */
    public record HeadChange(long time, PeerId node, Hash head) {
    }

    public final Config config;
    public final Simulator sim;
    private final RealScheduler networkClock;
    public final InMemoryNetwork network;
    public final PoaParams params;
    public final SimHeader genesis;
    public final SimTree global;
    final long statusIntervalMillis = 2_000;
    private final Map<PeerId, KeyPair> keys = new TreeMap<>();
    private final Map<PeerId, SimNode.Disk> disks = new TreeMap<>();
    private final Map<PeerId, SimNode> nodes = new TreeMap<>();
    private final java.util.Set<PeerId> stopped = new java.util.TreeSet<>();
    public final List<Sealing> sealings = new ArrayList<>();
    public final List<HeadChange> heads = new ArrayList<>();
    public final List<String> violations = new ArrayList<>();
    /** Every block any node saw final, by number. */
    public final java.util.TreeMap<Long, Hash> finalBlocks = new TreeMap<>();
    /** When each transaction was final at every node (of all nodes ever started). */
    public final Map<Hash, Long> finalEverywhereAt = new HashMap<>();
    private final Map<Hash, Integer> finalCount = new HashMap<>();

    public SimCluster(Config config) {
        this.config = config;
        this.sim = new Simulator(config.realTime ? System.currentTimeMillis() : 1_700_000_000_000L, config.seed);
        this.networkClock = config.realTime ? new RealScheduler("sim-network") : null;
        this.network = InMemoryNetwork.builder(config.realTime ? networkClock : sim).seed(sim.random().nextLong())
                .latency(config.minLatencyMillis, config.maxLatencyMillis).loss(config.loss).build();
        List<Address> signers = new ArrayList<>();
        for (int i = 0; i < config.validators + config.candidates; i++) {
            KeyPair k = Keys.key(config.seed, i);
            PeerId id = new PeerId((i < config.validators ? "v" : "c") + i);
            keys.put(id, k);
            if (i < config.validators) {
                signers.add(k.address());
            }
        }
        this.params = new PoaParams(signers, config.epoch, config.finalityEpoch, config.periodMillis);
        this.genesis = SimHeader.genesis(sim.now(), params.encode());
        this.global = new SimTree(genesis);
        for (PeerId id : keys.keySet()) {
            disks.put(id, new SimNode.Disk(genesis));
        }
        for (int i = 0; i < config.observers; i++) {
            disks.put(new PeerId("n" + i), new SimNode.Disk(genesis));
        }
        for (PeerId id : disks.keySet()) {
            start(id);
        }
    }

    /** Starts (or restarts, with its disk) node {@code id}. */
    public synchronized SimNode start(PeerId id) {
        if (nodes.containsKey(id) && !stopped.contains(id)) {
            throw new IllegalStateException(id + " is running");
        }
        stopped.remove(id);
        PoaConsensus.Builder b = PoaConsensus.builder(params).store(disks.get(id).store)
                .finalityPeriodMillis(config.finalityPeriodMillis).wiggleMillis(config.wiggleMillis)
                .seed(config.seed * 31 + id.hashCode());
        Optional.ofNullable(keys.get(id)).ifPresent(b::validator);
        Scheduler scheduler = config.realTime ? new RealScheduler("sim-" + id) : sim.newScheduler();
        PoaConsensus poa = b.build();
        SimNode n = new SimNode(this, id, disks.get(id), poa, config.engine.apply(poa, params), scheduler, network);
        nodes.put(id, n);
        if (config.realTime) {
            scheduler.execute(n::start);
        } else {
            n.start();
        }
        return n;
    }

    /** Stops node {@code id} as a crash would: its pending events are dropped, its disk kept. */
    public synchronized void stop(PeerId id) {
        SimNode n = nodes.get(id);
        stopped.add(id);
        if (n.scheduler instanceof Simulator.NodeScheduler s) {
            s.stop();
        } else {
            ((RealScheduler) n.scheduler).close();
        }
        n.transport.close();
    }

    /** The current time: virtual, or the system clock in real-time mode. */
    public long now() {
        return config.realTime ? System.currentTimeMillis() : sim.now();
    }

    /** Stops every node (and, in real time, their threads). */
    public synchronized void close() {
        for (PeerId id : ids()) {
            if (!stopped.contains(id)) {
                stop(id);
            }
        }
        if (networkClock != null) {
            networkClock.close();
        }
    }

    public synchronized boolean running(PeerId id) {
        return !stopped.contains(id);
    }

    public synchronized SimNode node(String name) {
        return nodes.get(new PeerId(name));
    }

    public synchronized List<SimNode> nodes() {
        return new ArrayList<>(nodes.values());
    }

    public synchronized List<SimNode> runningNodes() {
        List<SimNode> out = new ArrayList<>();
        for (SimNode n : nodes.values()) {
            if (running(n.id)) {
                out.add(n);
            }
        }
        return out;
    }

    public synchronized List<PeerId> ids() {
        return new ArrayList<>(nodes.keySet());
    }

    public KeyPair key(String name) {
        return keys.get(new PeerId(name));
    }

    /**
     * Runs until {@code condition} holds or {@code forMillis} have passed (virtual time, or wall
     * time in real-time mode, polling every 10 ms).
     */
    public boolean runUntil(BooleanSupplier condition, long forMillis) {
        if (!config.realTime) {
            return sim.runUntil(condition, now() + forMillis);
        }
        long end = System.nanoTime() + forMillis * 1_000_000;
        while (System.nanoTime() < end) {
            synchronized (this) {
                if (condition.getAsBoolean()) {
                    return true;
                }
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        synchronized (this) {
            return condition.getAsBoolean();
        }
    }

    /** Whether every running node has the same head. */
    public boolean sameHead() {
        Hash h = null;
        for (SimNode n : runningNodes()) {
            if (h == null) {
                h = n.head.hash();
            } else if (!h.equals(n.head.hash())) {
                return false;
            }
        }
        return true;
    }

    /** The lowest final block number among running nodes. */
    public long minFinal() {
        long m = Long.MAX_VALUE;
        for (SimNode n : runningNodes()) {
            m = Math.min(m, n.finalSeen.number());
        }
        return m;
    }

    /** The highest block number any node saw final. */
    public long maxFinalEver() {
        return finalBlocks.isEmpty() ? 0 : finalBlocks.lastKey();
    }

    /** A new transaction, unique per call. */
    private long txCounter;

    public synchronized Bytes newTx() {
        return Bytes.concatenate(Bytes.wrap("tx".getBytes(java.nio.charset.StandardCharsets.US_ASCII)),
                Bytes.ofUnsignedLong(config.seed), Bytes.ofUnsignedLong(txCounter++));
    }

    // ---- callbacks from the nodes ----

    synchronized void violation(String what) {
        violations.add("t=" + now() + " " + what);
    }

    synchronized void onHead(SimNode n) {
        heads.add(new HeadChange(now(), n.id, n.head.hash()));
    }

    synchronized void onTxFinal(Hash tx) {
        int n = finalCount.merge(tx, 1, Integer::sum);
        if (n == nodes.size()) {
            finalEverywhereAt.put(tx, now());
        }
    }

    synchronized void onSealed(SimNode n, SimBlock b, SealSlot slot, SimBlock parent) {
        sealings.add(new Sealing(n.id, b, parent, slot, now()));
        global.add(b);
    }

    /**
     * Checks a newly final block against the blocks any node saw final: while no check has
     * failed they form one chain, so it is enough that the new block descends from the highest
     * one at or below it and that the lowest one above it descends from the new block.
     */
    synchronized void onFinal(SimNode n, SimBlock f) {
        SimBlock fg = global.block(f.hash()).orElseThrow();
        long num = f.header().number();
        Map.Entry<Long, Hash> below = finalBlocks.floorEntry(num);
        if (below != null && !global.onChain(fg, below.getKey(), below.getValue())) {
            violation(n.id + " finalised #" + num + " off final #" + below.getKey());
        }
        Map.Entry<Long, Hash> above = finalBlocks.higherEntry(num);
        if (above != null && !global.onChain(global.block(above.getValue()).orElseThrow(), num, f.hash())) {
            violation(n.id + " finalised #" + num + " conflicting with final #" + above.getKey());
        }
        finalBlocks.putIfAbsent(f.header().number(), f.hash());
    }
}
