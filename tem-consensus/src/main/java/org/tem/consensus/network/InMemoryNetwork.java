package org.tem.consensus.network;

import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.tuweni.bytes.Bytes;
import org.tem.consensus.scheduler.Scheduler;
import org.tem.consensus.scheduler.Simulator;

/**
 * A network in memory, for tests and simulations: nodes join with their own {@link Scheduler}
 * and get a {@link Transport}; every message is encoded to bytes, carried with a latency drawn
 * from a seeded source, lost with a given probability, and blocked between peers on different
 * sides of a partition (checked when sent and again when it arrives); the receiver decodes it as
 * it would bytes from a socket. On a {@link Simulator}'s schedulers a run is deterministic
 * (same seed, same run); on {@link org.tem.consensus.scheduler.RealScheduler}s delivery is
 * scheduled on the receiver's loop after the latency.
 *
 * <p>Two started endpoints are connected when they are on the same side of the partition;
 * every change of that relation is reported to both ({@link Transport.Handler#onConnected},
 * {@link Transport.Handler#onDisconnected}), as a TCP connection opening or dropping would be.
 * A node that stops closes its endpoint; a restarted node joins again under the same id.
 * Messages are not kept in order: two messages to one peer may overtake each other.
 *
 * <p>Thread-safe.
 */
public final class InMemoryNetwork {

    private final Scheduler clock;
    private final SplittableRandom random;
    private final long minLatency;
    private final long maxLatency;
    private double loss;
    private final TreeMap<PeerId, Endpoint> endpoints = new TreeMap<>();
    private final Map<PeerId, Integer> sides = new HashMap<>();
    private long delivered;
    private long lost;
    private long blocked;

    private InMemoryNetwork(Builder b) {
        this.clock = b.clock;
        this.random = new SplittableRandom(b.seed);
        this.minLatency = b.minLatency;
        this.maxLatency = b.maxLatency;
        this.loss = b.loss;
    }

    /**
     * @param clock the network's own timeline: partition changes from {@link #apply} run on it
     *     (in a simulation, the {@link Simulator} itself)
     * @return a builder
     */
    public static Builder builder(Scheduler clock) {
        return new Builder(clock);
    }

    /**
     * Joins a node: the returned endpoint is its transport, delivering on {@code scheduler}.
     * It is not connected to anyone until started.
     *
     * @param id the node's identity
     * @param scheduler the node's event loop
     * @return the node's transport
     * @throws IllegalStateException if an open endpoint with this id exists
     */
    public synchronized Endpoint join(PeerId id, Scheduler scheduler) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(scheduler, "scheduler");
        Endpoint old = endpoints.get(id);
        if (old != null && !old.closed) {
            throw new IllegalStateException(id + " has already joined");
        }
        Endpoint e = new Endpoint(id, scheduler);
        endpoints.put(id, e);
        return e;
    }

    /**
     * Splits the network now: peers in different groups cannot reach each other; peers named in
     * no group form one more group together.
     *
     * @param groups the groups, each peer in at most one
     * @throws IllegalArgumentException if a peer is in two groups or a group is empty
     */
    public void partition(List<? extends Collection<PeerId>> groups) {
        List<SortedSet<PeerId>> g = new java.util.ArrayList<>();
        for (Collection<PeerId> c : groups) {
            g.add(new TreeSet<>(c));
        }
        setSides(new PartitionSchedule.Change(0, g));
    }

    /**
     * Ends every partition now.
     */
    public void heal() {
        partition(List.of());
    }

    /**
     * Schedules each change of {@code schedule} on the network's clock (a change whose time has
     * passed happens at once).
     *
     * @param schedule the timetable
     */
    public void apply(PartitionSchedule schedule) {
        for (PartitionSchedule.Change c : schedule.changes()) {
            clock.schedule(Math.max(0, c.atMillis() - clock.now()), () -> setSides(c));
        }
    }

    private synchronized void setSides(PartitionSchedule.Change change) {
        sides.clear();
        for (int i = 0; i < change.groups().size(); i++) {
            for (PeerId p : change.groups().get(i)) {
                sides.put(p, i);
            }
        }
        refreshViews();
    }

    /**
     * Changes the loss probability from now on.
     *
     * @param probability the chance that a message is lost, in [0, 1)
     * @throws IllegalArgumentException if out of range
     */
    public synchronized void setLoss(double probability) {
        this.loss = checkLoss(probability);
    }

    private static double checkLoss(double probability) {
        if (!(probability >= 0 && probability < 1)) {
            throw new IllegalArgumentException("loss must be in [0, 1), was " + probability);
        }
        return probability;
    }

    /**
     * @param a a peer
     * @param b another
     * @return whether messages between them pass the partition now
     */
    public synchronized boolean reachable(PeerId a, PeerId b) {
        return sides.getOrDefault(a, -1).equals(sides.getOrDefault(b, -1));
    }

    /**
     * @return messages handed to a receiver so far
     */
    public synchronized long delivered() {
        return delivered;
    }

    /**
     * @return messages lost at random so far
     */
    public synchronized long lost() {
        return lost;
    }

    /**
     * @return messages dropped so far because of a partition or a stopped receiver
     */
    public synchronized long blocked() {
        return blocked;
    }

    /** Recomputes who is connected to whom and reports the changes. Call with the lock held. */
    private void refreshViews() {
        for (Endpoint e : endpoints.values()) {
            if (!e.started || e.closed) {
                continue;
            }
            TreeSet<PeerId> now = new TreeSet<>();
            for (Endpoint f : endpoints.values()) {
                if (f != e && f.started && !f.closed && reachable(e.id, f.id)) {
                    now.add(f.id);
                }
            }
            for (PeerId p : now) {
                if (!e.view.contains(p)) {
                    e.scheduler.execute(() -> e.notify(h -> h.onConnected(p)));
                }
            }
            for (PeerId p : e.view) {
                if (!now.contains(p)) {
                    e.scheduler.execute(() -> e.notify(h -> h.onDisconnected(p)));
                }
            }
            e.view = now;
        }
    }

    /**
     * The bytes in one array, as they would arrive from a socket: an encoder's concatenated
     * views decode many times slower, byte by byte.
     */
    private static Bytes flat(Bytes bytes) {
        return Bytes.wrap(bytes.toArrayUnsafe());
    }

    private void transmit(Endpoint from, PeerId to, Bytes bytes) {
        Endpoint target;
        long latency;
        synchronized (this) {
            if (!from.started || from.closed) {
                return;
            }
            target = endpoints.get(to);
            if (target == null || !target.started || target.closed || !reachable(from.id, to)) {
                blocked++;
                return;
            }
            if (loss > 0 && random.nextDouble() < loss) {
                lost++;
                return;
            }
            latency = maxLatency > minLatency ? minLatency + random.nextLong(maxLatency - minLatency + 1) : minLatency;
        }
        PeerId sender = from.id;
        target.scheduler.schedule(latency, () -> arrive(sender, target, bytes));
    }

    private void arrive(PeerId from, Endpoint target, Bytes bytes) {
        synchronized (this) {
            if (target.closed || endpoints.get(target.id) != target || !reachable(from, target.id)) {
                blocked++;
                return;
            }
            delivered++;
        }
        Message m;
        try {
            m = Message.decode(bytes);
        } catch (MalformedMessageException e) {
            target.notify(h -> h.onMalformed(from, e.getMessage()));
            return;
        }
        target.notify(h -> h.onMessage(from, m));
    }

    /**
     * One node's transport on the network. Thread-safe.
     */
    public final class Endpoint implements Transport {
        private final PeerId id;
        private final Scheduler scheduler;
        private volatile Handler handler;
        private boolean started;
        private boolean closed;
        private SortedSet<PeerId> view = new TreeSet<>();

        private Endpoint(PeerId id, Scheduler scheduler) {
            this.id = id;
            this.scheduler = scheduler;
        }

        @Override
        public PeerId self() {
            return id;
        }

        @Override
        public void start(Handler h) {
            Objects.requireNonNull(h, "handler");
            synchronized (InMemoryNetwork.this) {
                if (started || closed) {
                    throw new IllegalStateException(id + " is already started or closed");
                }
                handler = h;
                started = true;
                refreshViews();
            }
        }

        @Override
        public void send(PeerId peer, Message message) {
            Objects.requireNonNull(peer, "peer");
            transmit(this, peer, flat(message.encode()));
        }

        @Override
        public void broadcast(Message message) {
            Bytes bytes = flat(message.encode());
            for (PeerId p : peers()) {
                transmit(this, p, bytes);
            }
        }

        /**
         * Sends raw bytes to a peer as if they came from this node: how a test plays a hostile
         * or broken peer. The bytes go through the same latency, loss and partition as a message.
         *
         * @param peer the recipient
         * @param bytes any bytes
         */
        public void sendRaw(PeerId peer, Bytes bytes) {
            transmit(this, Objects.requireNonNull(peer, "peer"), Objects.requireNonNull(bytes, "bytes"));
        }

        @Override
        public SortedSet<PeerId> peers() {
            synchronized (InMemoryNetwork.this) {
                return Collections.unmodifiableSortedSet(new TreeSet<>(view));
            }
        }

        @Override
        public void close() {
            synchronized (InMemoryNetwork.this) {
                if (closed) {
                    return;
                }
                closed = true;
                view = new TreeSet<>();
                refreshViews();
            }
        }

        private void notify(java.util.function.Consumer<Handler> call) {
            synchronized (InMemoryNetwork.this) {
                if (closed) {
                    return;
                }
            }
            call.accept(handler);
        }
    }

    /**
     * Builds an {@link InMemoryNetwork}. Setters validate at once. Not thread-safe.
     */
    public static final class Builder {
        private final Scheduler clock;
        private long seed;
        private long minLatency = 10;
        private long maxLatency = 50;
        private double loss;

        private Builder(Scheduler clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
        }

        /**
         * @param seed the seed of latencies and losses (default 0)
         * @return this builder
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * @param minMillis the least latency, at least 0
         * @param maxMillis the greatest, at least {@code minMillis} and at most 3,600,000;
         *     latencies are uniform between the two (default 10 to 50 ms)
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder latency(long minMillis, long maxMillis) {
            if (minMillis < 0 || maxMillis < minMillis || maxMillis > 3_600_000) {
                throw new IllegalArgumentException("latency must satisfy 0 <= min <= max <= 3600000, was "
                        + minMillis + ".." + maxMillis);
            }
            this.minLatency = minMillis;
            this.maxLatency = maxMillis;
            return this;
        }

        /**
         * @param probability the chance that a message is lost, in [0, 1) (default 0)
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder loss(double probability) {
            this.loss = checkLoss(probability);
            return this;
        }

        /**
         * @return the network, with no partition
         */
        public InMemoryNetwork build() {
            return new InMemoryNetwork(this);
        }
    }
}
