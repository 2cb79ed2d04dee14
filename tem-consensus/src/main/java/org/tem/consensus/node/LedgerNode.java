package org.tem.consensus.node;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Consumer;
import org.apache.tuweni.bytes.Bytes;
import org.tem.consensus.ChainView;
import org.tem.consensus.Consensus;
import org.tem.consensus.HeaderTemplate;
import org.tem.consensus.SealSlot;
import org.tem.consensus.internal.BoundedCache;
import org.tem.consensus.ledger.LedgerConsensusHook;
import org.tem.consensus.ledger.LedgerHeader;
import org.tem.consensus.network.Blocks;
import org.tem.consensus.network.GetBlocks;
import org.tem.consensus.network.Message;
import org.tem.consensus.network.NewBlock;
import org.tem.consensus.network.PeerId;
import org.tem.consensus.network.Status;
import org.tem.consensus.network.Transactions;
import org.tem.consensus.network.Transport;
import org.tem.consensus.poa.PoaConsensus;
import org.tem.consensus.scheduler.Cancellable;
import org.tem.consensus.scheduler.Scheduler;
import org.tem.ledger.LedgerException;
import org.tem.ledger.Validation;
import org.tem.ledger.block.Block;
import org.tem.ledger.block.BlockHeader;
import org.tem.ledger.chain.Blockchain;
import org.tem.ledger.chain.BuiltBlock;
import org.tem.ledger.chain.ChainListener;
import org.tem.ledger.chain.ChainReader;
import org.tem.ledger.chain.Genesis;
import org.tem.ledger.chain.ImportResult;
import org.tem.ledger.chain.QueryResult;
import org.tem.ledger.crypto.Address;
import org.tem.ledger.crypto.Hash;
import org.tem.ledger.tx.TransactionRejectedException;
import org.tem.ledger.mempool.Mempool;
import org.tem.ledger.storage.KeyValueStorage;
import org.tem.ledger.trie.TrieOptions;
import org.tem.ledger.tx.Receipt;
import org.tem.ledger.tx.Transaction;
import org.tem.ledger.tx.TransactionBytes;

/**
 * A ledger node: a {@link Blockchain} over a store, its {@link Mempool}, a {@link Consensus}
 * engine (sealing if it holds a validator key, verifying always) and a {@link Transport} to its
 * peers, all driven by one event loop ({@link Scheduler}). It is what an application embeds to
 * take part in a chain: submit transactions and get their receipts once final, read contract
 * state, follow new, reorganised and finalised blocks.
 *
 * <h2>One loop, never blocking</h2>
 * Every message, import, sealing timer, sync request and listener call runs as a task on the
 * node's scheduler, one at a time; nothing waits. With the {@link
 * org.tem.consensus.scheduler.Simulator}'s schedulers and an in-memory network, a whole network
 * of nodes runs deterministically in one thread on virtual time. Reads ({@link #reader()},
 * {@link #query}, {@link #queryFinalized}) may come from any thread: they read immutable state
 * views and never wait for an import.
 *
 * <h2>Behaviour</h2>
 * <ul>
 *   <li><b>Transactions</b> submitted here ({@link #submit}) or received from peers enter the
 *       mempool (its admission rules) and are gossiped on once, de-duplicated by hash in a
 *       bounded cache; transactions submitted here are announced again every status interval
 *       while they are still pending, so a lost message or one refused for arriving before its
 *       predecessor (a nonce gap) is recovered. The submitting node sends to every peer; a node
 *       forwarding a transaction (or a block) sends it to about the square root of its peers,
 *       chosen by the item's hash, which spreads it through any connected mesh without every
 *       node flooding every peer.</li>
 *   <li><b>Sealing</b> (with a validator key), as the {@link Consensus} Javadoc describes: when
 *       the head or the presence of pending transactions changes, the engine names the next slot
 *       ({@link Consensus#nextSeal}); at that time, if the head is unchanged, the engine prepares
 *       the header fields, the chain builds the block from the pending transactions, the engine
 *       seals it, the chain imports it and the node announces it ({@link NewBlock}).</li>
 *   <li><b>Import</b>: blocks from peers are imported through the chain, which verifies each
 *       against the engine (through {@link LedgerConsensusHook}) and executes it; the chain's
 *       fork choice is the engine's, and it never reorganises below its finalised block. A newly
 *       imported gossiped block is forwarded to the other peers.</li>
 *   <li><b>Sync</b>: a {@link Status} is sent to each peer on connection and to all every status
 *       interval. A node that learns of a head it lacks asks that peer: for the peer's canonical
 *       blocks above its own head in batches ({@link GetBlocks#range}) while the peer is ahead,
 *       and for a block's ancestors ({@link GetBlocks#ancestors}) when a block's parent is
 *       unknown. Blocks with an unknown parent wait in a bounded orphan pool keyed by the parent's
 *       hash and are imported when it arrives.</li>
 *   <li><b>Finality</b>: when the chain's finalised block moves, the receipts of the transactions
 *       submitted here that it made final complete their futures.</li>
 * </ul>
 *
 * <h2>Hostile peers</h2>
 * Every byte from a peer is untrusted. Messages are decoded within their bounds by the
 * transport; blocks and transactions by the ledger's bounded decoders; a block is imported only
 * if the chain accepts it, and a refused one changes nothing. A refused input is counted ({@link
 * #counts()}, {@link #refusedFrom}) and never throws out of the loop; answers that match no
 * request are ignored; requests are retried only after a timeout. The orphan pool, the caches
 * and the outstanding requests are bounded.
 *
 * <p>Thread-safety: {@link #submit}, the reads, the votes, {@link #addListener} and {@link
 * #counts()} may be called from any thread; everything else runs on the loop. Listeners and
 * futures are called and completed on the loop: code inside a simulation must react through them
 * and never block.
 */
public final class LedgerNode implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(LedgerNode.class.getName());

    /** How many recently checked transactions a node remembers (≈0.5 KB each for a meter's submission). */
    static final int CHECKED_TRANSACTIONS = 4_096;

    private final String name;
    private final Scheduler loop;
    private final Transport transport;
    private final Consensus engine;
    private final Blockchain chain;
    private final ChainReader reader;
    private final Mempool mempool;
    private final ChainView headers;
    private final int maxBlockTransactions;
    private final int syncBatch;
    private final long statusIntervalMillis;
    private final long requestTimeoutMillis;
    private final int maxWaiting;
    private final int serveBudget;

    private final AtomicLongArray counts = new AtomicLongArray(NodeCounter.values().length);
    private final CopyOnWriteArrayList<ChainListener> listeners = new CopyOnWriteArrayList<>();

    // ---- loop-confined state ----
    private final LinkedHashMap<Hash, Waiting> waiting = new LinkedHashMap<>();
    private final BoundedCache<Hash, Boolean> seenTransactions;
    /**
     * Transactions this node checked lately (admitted, or in a block it executed), by hash: a copy
     * decoded again (the same transaction in a competing block, or back from a dropped branch)
     * adopts the check instead of repeating it.
     */
    private final BoundedCache<Hash, Transaction> checked = new BoundedCache<>(CHECKED_TRANSACTIONS);
    private final BoundedCache<Hash, Long> requestedAncestors;
    private final Map<Long, PeerId> ancestorRequests = new HashMap<>();
    private final OrphanPool orphans;
    private final TreeMap<PeerId, Peer> peers = new TreeMap<>();
    private final Map<PeerId, Long> refused = new HashMap<>();
    private final List<Transaction> outgoing = new ArrayList<>();
    private final List<Transaction> forwarding = new ArrayList<>();
    private final List<Consumer<ChainListener>> events = new ArrayList<>();
    private final List<List<BlockHeader>> reorganisations = new ArrayList<>();
    private boolean flushQueued;
    private long nextRequestId;
    private Cancellable sealTimer;
    private Hash timerParent;
    private boolean timerPending;
    private Cancellable heldTimer;
    private BlockHeader finalSeen;
    private volatile boolean started;
    private volatile boolean closed;

    /** A transaction submitted here, waiting to be final. */
    private record Waiting(Transaction tx, CompletableFuture<Receipt> future) {
    }

    /** What the node knows of a connected peer. */
    private static final class Peer {
        Status status;
        long rangeRequest = -1;
        long rangeSentAt;
        /** Blocks sent to this peer in the current status interval. */
        int served;
    }

    private LedgerNode(Builder b) {
        this.name = b.transport.self().name();
        this.loop = b.scheduler;
        this.transport = b.transport;
        this.engine = b.consensus;
        LedgerConsensusHook.checkGenesis(b.genesis, b.consensus);
        this.chain = Blockchain.open(b.storage, b.genesis, LedgerConsensusHook.of(b.consensus), loop::now,
                b.stateOptions);
        this.reader = chain.reader();
        this.headers = LedgerConsensusHook.view(reader.headers());
        this.mempool = new Mempool(chain, b.mempoolSize, b.maxPendingPerSender, this::evicted);
        this.maxBlockTransactions = b.maxBlockTransactions;
        this.syncBatch = b.syncBatch;
        this.statusIntervalMillis = b.statusIntervalMillis;
        this.requestTimeoutMillis = b.requestTimeoutMillis;
        this.maxWaiting = b.mempoolSize;
        this.serveBudget = b.serveBudget;
        this.seenTransactions = new BoundedCache<>(b.seenTransactions);
        this.requestedAncestors = new BoundedCache<>(4 * b.syncBatch);
        this.orphans = new OrphanPool(b.orphanBlocks, b.orphanBytes);
        this.finalSeen = chain.finalized();
        chain.addListener(new ChainListener() {
            @Override
            public void onReorganization(List<BlockHeader> dropped, List<BlockHeader> added) {
                reorganisations.add(dropped);
                events.add(l -> l.onReorganization(dropped, added));
            }

            @Override
            public void onNewHead(BlockHeader head) {
                events.add(l -> l.onNewHead(head));
            }

            @Override
            public void onFinalized(BlockHeader finalized) {
                events.add(l -> l.onFinalized(finalized));
            }
        });
    }

    /**
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    // ------------------------------------------------------------------ life cycle

    /**
     * Starts the node on its loop: opens the transport, starts the status timer and the sealing
     * loop. Returns at once.
     *
     * @throws IllegalStateException if already started or closed
     */
    public synchronized void start() {
        if (started || closed) {
            throw new IllegalStateException(name + " is already started or closed");
        }
        started = true;
        loop.execute(() -> guarded(() -> {
            transport.start(new Handler());
            loop.schedule(statusIntervalMillis, this::statusTick);
            rescheduleSeal();
        }));
    }

    /**
     * Stops the node: closes the transport and stops sealing; pending futures stay incomplete.
     * The store is not closed (the caller owns it) and holds every imported block, so a node
     * built again on it resumes from its head. Idempotent; may be called from any thread.
     */
    @Override
    public void close() {
        closed = true;
        transport.close();
        loop.execute(() -> {
            if (sealTimer != null) {
                sealTimer.cancel();
            }
            if (heldTimer != null) {
                heldTimer.cancel();
            }
        });
    }

    /**
     * @return this node's name on its network
     */
    public PeerId id() {
        return transport.self();
    }

    // ------------------------------------------------------------------ reads

    /**
     * @return the chain's read side (blocks, receipts, state, proofs, queries); never waits for an
     *     import; safe from any thread
     */
    public ChainReader reader() {
        return reader;
    }

    /**
     * @return the head's header
     */
    public BlockHeader head() {
        return reader.head();
    }

    /**
     * @return the highest final block's header: it and its ancestors never leave the chain
     */
    public BlockHeader finalized() {
        return reader.finalized();
    }

    /**
     * A read-only contract query at the head (which a reorganisation may still change).
     *
     * @param contract the contract's address
     * @param method the query
     * @param args its argument bytes
     * @return the answer, or the failure with its reason
     */
    public QueryResult query(Address contract, String method, Bytes args) {
        return reader.query(contract, method, args);
    }

    /**
     * A read-only contract query at the finalised block, whose answers never change.
     *
     * @param contract the contract's address
     * @param method the query
     * @param args its argument bytes
     * @return the answer, or the failure with its reason
     */
    public QueryResult queryFinalized(Address contract, String method, Bytes args) {
        return reader.query(reader.finalized().hash(), contract, method, args);
    }

    /**
     * @return the consensus engine
     */
    public Consensus consensus() {
        return engine;
    }

    /**
     * @return the number of pending transactions in the mempool
     */
    public int pendingTransactions() {
        return mempool.size();
    }

    // ------------------------------------------------------------------ transactions

    /**
     * Submits a signed transaction: it enters this node's mempool and is gossiped to the peers.
     *
     * @param tx the transaction
     * @return a future completed on the node's loop with the transaction's receipt once the block
     *     holding it is final (the receipt may report a failed call: a failed call is final
     *     too), or exceptionally with a {@link TransactionRejectedException} naming the reason if
     *     this node refuses it (at admission, when building a block, or by eviction from a full
     *     mempool); never completed if the node stops first
     */
    public CompletableFuture<Receipt> submit(Transaction tx) {
        Objects.requireNonNull(tx, "tx");
        CompletableFuture<Receipt> f = new CompletableFuture<>();
        loop.execute(() -> guarded(() -> admitLocal(tx, f)));
        return f;
    }

    private void admitLocal(Transaction tx, CompletableFuture<Receipt> f) {
        if (closed) {
            f.completeExceptionally(new TransactionRejectedException("the node is stopped"));
            return;
        }
        Hash h = tx.hash();
        if (waiting.containsKey(h)) {
            f.completeExceptionally(new TransactionRejectedException("already submitted: " + h));
            return;
        }
        if (waiting.size() >= maxWaiting) {
            f.completeExceptionally(new TransactionRejectedException("too many transactions awaiting finality ("
                    + maxWaiting + ")"));
            return;
        }
        Validation v = mempool.add(tx);
        if (!v.valid()) {
            f.completeExceptionally(new TransactionRejectedException(v.reason()));
            return;
        }
        waiting.put(h, new Waiting(tx, f));
        seenTransactions.put(h, Boolean.TRUE);
        checked.put(h, tx);
        announce(tx, true);
        rescheduleSeal();
    }

    private void evicted(Transaction tx, String reason) {
        if (reader.receipt(tx.hash()).isPresent()) {
            // Left the pool because the chain holds it (a reorganisation's new branch included
            // it): its future completes when that block is final.
            return;
        }
        Waiting w = waiting.remove(tx.hash());
        if (w != null) {
            w.future().completeExceptionally(new TransactionRejectedException(reason));
        }
    }

    /**
     * Queues a transaction for the next gossip message (one message per loop turn): to every peer
     * if it was submitted here, else to a few ({@link #fanout}).
     */
    private void announce(Transaction tx, boolean local) {
        (local ? outgoing : forwarding).add(tx);
        if (!flushQueued) {
            flushQueued = true;
            loop.execute(() -> guarded(this::flushTransactions));
        }
    }

    private void flushTransactions() {
        flushQueued = false;
        send(outgoing, true);
        send(forwarding, false);
    }

    private void send(List<Transaction> txs, boolean toAll) {
        List<Bytes> batch = new ArrayList<>();
        long bytes = 0;
        for (Transaction t : txs) {
            Bytes e = t.encoded();
            if (batch.size() == Transactions.MAX_TRANSACTIONS || bytes + e.size() + 1024 > Message.MAX_BYTES / 2) {
                sendBatch(batch, txs.get(0).hash(), toAll);
                batch = new ArrayList<>();
                bytes = 0;
            }
            batch.add(e);
            bytes += e.size() + 8;
        }
        if (!batch.isEmpty()) {
            sendBatch(batch, txs.get(0).hash(), toAll);
        }
        txs.clear();
    }

    private void sendBatch(List<Bytes> batch, Hash key, boolean toAll) {
        Transactions m = new Transactions(batch);
        if (toAll) {
            transport.broadcast(m);
        } else {
            for (PeerId p : fanout(key, null)) {
                transport.send(p, m);
            }
        }
    }

    /**
     * The peers a received block or transaction is forwarded to: about the square root of the
     * connected peers (at least one), chosen by a hash of the item and the peer's name, so that
     * different items spread along different peers. The sealer or submitter sends to every peer
     * itself and nodes that miss an item get it by sync (or the submitter's repeats), so flooding
     * every item from every node (quadratic in the peers) is not needed.
     */
    private List<PeerId> fanout(Hash key, PeerId exclude) {
        List<PeerId> all = new ArrayList<>(transport.peers());
        all.remove(exclude);
        int k = (int) Math.ceil(Math.sqrt(all.size()));
        if (k >= all.size()) {
            return all;
        }
        long seed = key.toBytes().getLong(0);
        all.sort(java.util.Comparator.comparingLong((PeerId p) -> mix(seed ^ p.name().hashCode()))
                .thenComparing(java.util.Comparator.naturalOrder()));
        return all.subList(0, k);
    }

    /** SplitMix64's finaliser: a well-spread 64-bit hash of {@code z}. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    // ------------------------------------------------------------------ listeners and votes

    /**
     * Subscribes to the node's chain: new heads, reorganisations and finalised blocks, in the
     * order of {@link ChainListener}, called on the node's loop after each import (a listener
     * that throws is counted as a {@link NodeCounter#FAILURES} and the others are still called).
     *
     * @param listener the listener
     */
    public void addListener(ChainListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * @param listener a listener added before
     * @return whether it was registered
     */
    public boolean removeListener(ChainListener listener) {
        return listeners.remove(listener);
    }

    private PoaConsensus poa() {
        if (engine instanceof PoaConsensus p) {
            return p;
        }
        throw new IllegalStateException("votes need the proof-of-authority engine, this node runs "
                + engine.getClass().getSimpleName());
    }

    /**
     * Proposes to add ({@code authorize}) or drop a signer: this validator's blocks carry the vote
     * (see {@link PoaConsensus#propose}).
     *
     * @param address the account to add or the signer to drop
     * @param authorize {@code true} to add, {@code false} to drop
     * @throws IllegalStateException if the engine is not proof of authority
     */
    public void propose(Address address, boolean authorize) {
        poa().propose(address, authorize);
        loop.execute(() -> guarded(this::rescheduleSeal));
    }

    /**
     * Withdraws a proposal (see {@link PoaConsensus#discard}).
     *
     * @param address the address
     * @throws IllegalStateException if the engine is not proof of authority
     */
    public void discard(Address address) {
        poa().discard(address);
    }

    /**
     * @return this validator's pending proposals, address to add ({@code true}) or drop
     * @throws IllegalStateException if the engine is not proof of authority
     */
    public SortedMap<Address, Boolean> proposals() {
        return poa().proposals();
    }

    /**
     * @param blockNumber a canonical block number, at most the head's
     * @return the signers authorised to seal the block after it, ascending
     * @throws IllegalStateException if the engine is not proof of authority
     * @throws IllegalArgumentException if there is no canonical block at that height
     */
    public List<Address> signers(long blockNumber) {
        PoaConsensus p = poa();
        Block b = reader.block(blockNumber)
                .orElseThrow(() -> new IllegalArgumentException("no canonical block " + blockNumber));
        return p.signers(headers, LedgerHeader.of(b.header()));
    }

    // ------------------------------------------------------------------ counters

    /**
     * @return how often each event happened on this node so far (a snapshot)
     */
    public Map<NodeCounter, Long> counts() {
        EnumMap<NodeCounter, Long> out = new EnumMap<>(NodeCounter.class);
        for (NodeCounter c : NodeCounter.values()) {
            out.put(c, counts.get(c.ordinal()));
        }
        return out;
    }

    /**
     * @param counter an event
     * @return how often it happened so far
     */
    public long count(NodeCounter counter) {
        return counts.get(counter.ordinal());
    }

    /**
     * Inputs from one peer this node refused (undecodable messages, blocks and transactions, and
     * blocks the chain rejected). Call on the loop (for example from a test's simulator thread).
     *
     * @param peer a peer
     * @return how many of its inputs were refused
     */
    public long refusedFrom(PeerId peer) {
        return refused.getOrDefault(peer, 0L);
    }

    private void bump(NodeCounter c) {
        counts.incrementAndGet(c.ordinal());
    }

    private void refuse(PeerId from, NodeCounter c) {
        bump(c);
        if (from != null && !from.equals(transport.self())) {
            refused.merge(from, 1L, Long::sum);
        }
    }

    /** Runs a task; anything it throws is counted and logged, never thrown out of the loop. */
    private void guarded(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            bump(NodeCounter.FAILURES);
            LOG.log(System.Logger.Level.WARNING, name + ": task failed on the loop", e);
        }
    }

    // ------------------------------------------------------------------ messages

    /** The transport's callbacks, on the loop. */
    private final class Handler implements Transport.Handler {
        @Override
        public void onMessage(PeerId from, Message message) {
            if (closed) {
                return;
            }
            guarded(() -> {
                if (message instanceof Status s) {
                    onStatus(from, s);
                } else if (message instanceof Transactions t) {
                    onTransactions(from, t);
                } else if (message instanceof NewBlock nb) {
                    receive(from, List.of(nb.block()), true);
                } else if (message instanceof GetBlocks g) {
                    answer(from, g);
                } else if (message instanceof Blocks bs) {
                    onBlocks(from, bs);
                }
            });
        }

        @Override
        public void onConnected(PeerId peer) {
            if (closed) {
                return;
            }
            guarded(() -> {
                peers.put(peer, new Peer());
                transport.send(peer, status());
            });
        }

        @Override
        public void onDisconnected(PeerId peer) {
            peers.remove(peer);
            refused.remove(peer);
        }

        @Override
        public void onMalformed(PeerId from, String reason) {
            refuse(from, NodeCounter.MESSAGES_MALFORMED);
        }
    }

    private Status status() {
        BlockHeader head = reader.head();
        BlockHeader fin = reader.finalized();
        return new Status(Status.PROTOCOL_VERSION, chain.chainId(), chain.genesisHash(), head.number(), head.hash(),
                Bytes.EMPTY, fin.number(), fin.hash());
    }

    private void statusTick() {
        if (closed) {
            return;
        }
        guarded(() -> {
            transport.broadcast(status());
            for (Peer p : peers.values()) {
                p.served = 0;
            }
            for (Waiting w : waiting.values()) {
                if (mempool.contains(w.tx().hash())) {
                    outgoing.add(w.tx());
                }
            }
            if (!outgoing.isEmpty()) {
                send(outgoing, true);
            }
            if (!chain.heldBlocks().isEmpty()) {
                importHeld();
            }
        });
        loop.schedule(statusIntervalMillis, this::statusTick);
    }

    private void onStatus(PeerId from, Status s) {
        if (s.protocolVersion() != Status.PROTOCOL_VERSION || s.chainId() != chain.chainId()
                || !s.genesisHash().equals(chain.genesisHash())) {
            // Its status is not recorded, so it is never synced from; over TCP the handshake
            // disconnects such a peer.
            refuse(from, NodeCounter.PEERS_INCOMPATIBLE);
            return;
        }
        Peer p = peers.computeIfAbsent(from, k -> new Peer());
        p.status = s;
        if (known(s.headHash())) {
            return;
        }
        if (s.headNumber() > reader.head().number()) {
            syncFrom(from, p);
        } else {
            requestAncestors(from, s.headHash());
        }
    }

    private boolean known(Hash hash) {
        return reader.header(hash).isPresent();
    }

    /** Asks {@code peer} for its canonical blocks above this node's head, unless a request is out. */
    private void syncFrom(PeerId peerId, Peer peer) {
        long now = loop.now();
        if (peer.rangeRequest >= 0 && now - peer.rangeSentAt < requestTimeoutMillis) {
            return;
        }
        peer.rangeRequest = nextRequestId++;
        peer.rangeSentAt = now;
        bump(NodeCounter.REQUESTS_SENT);
        transport.send(peerId, GetBlocks.range(peer.rangeRequest, reader.head().number() + 1, syncBatch));
    }

    /** Asks {@code peer} for {@code hash} and its ancestors, at most once per timeout per hash. */
    private void requestAncestors(PeerId peer, Hash hash) {
        long now = loop.now();
        Optional<Long> last = requestedAncestors.get(hash);
        if (last.isPresent() && now - last.get() < requestTimeoutMillis) {
            return;
        }
        requestedAncestors.put(hash, now);
        long id = nextRequestId++;
        if (ancestorRequests.size() >= 4 * syncBatch) {
            ancestorRequests.clear();
        }
        ancestorRequests.put(id, peer);
        bump(NodeCounter.REQUESTS_SENT);
        transport.send(peer, GetBlocks.ancestors(id, hash, syncBatch));
    }

    private void answer(PeerId from, GetBlocks g) {
        Peer peer = peers.get(from);
        if (peer == null) {
            return;
        }
        int budget = Math.min(g.count(), serveBudget - peer.served);
        List<Bytes> out = new ArrayList<>();
        if (budget <= 0) {
            refuse(from, NodeCounter.REQUESTS_THROTTLED);
        } else if (g.hash().isPresent()) {
            // served as stored, not decoded and re-encoded: the peer decodes and checks them anyway
            Hash h = g.hash().get();
            Optional<BlockHeader> header = reader.header(h);
            while (header.isPresent() && header.get().number() > 0 && out.size() < budget) {
                Optional<Bytes> encoding = reader.blockEncoding(h);
                if (encoding.isEmpty()) {
                    break;
                }
                out.add(encoding.get());
                h = header.get().parentHash();
                header = reader.header(h);
            }
        } else {
            long top = reader.head().number();
            for (long n = g.number(); n <= top && out.size() < budget; n++) {
                Optional<Bytes> encoding = reader.canonicalHash(n).flatMap(reader::blockEncoding);
                if (encoding.isEmpty()) {
                    break;
                }
                out.add(encoding.get());
            }
        }
        List<Bytes> sent = out.subList(0, Blocks.fitting(out));
        peer.served += sent.size();
        bump(NodeCounter.REQUESTS_SERVED);
        transport.send(from, new Blocks(g.requestId(), sent));
    }

    private void onBlocks(PeerId from, Blocks bs) {
        Peer p = peers.get(from);
        if (p != null && bs.requestId() == p.rangeRequest) {
            p.rangeRequest = -1;
            long before = reader.head().number();
            receive(from, bs.blocks(), false);
            if (!bs.blocks().isEmpty() && reader.head().number() > before && p.status != null
                    && p.status.headNumber() > reader.head().number()) {
                syncFrom(from, p);
            }
            return;
        }
        PeerId asked = ancestorRequests.get(bs.requestId());
        if (asked == null || !asked.equals(from)) {
            refuse(from, NodeCounter.ANSWERS_UNSOLICITED);
            return;
        }
        ancestorRequests.remove(bs.requestId());
        List<Bytes> oldestFirst = new ArrayList<>(bs.blocks());
        java.util.Collections.reverse(oldestFirst);
        receive(from, oldestFirst, false);
    }

    private void onTransactions(PeerId from, Transactions t) {
        boolean admitted = false;
        List<Transaction> fresh = new ArrayList<>();
        java.util.Set<Hash> inMessage = new java.util.HashSet<>();
        for (Bytes encoded : t.transactions()) {
            // A transaction's hash is Keccak-256 of its encoding: a repeat is dropped before it is
            // decoded (gossip brings each transaction once from every peer), and a new one's
            // decoding takes this hash over rather than hashing the bytes again.
            TransactionBytes received = TransactionBytes.of(encoded);
            Hash h = received.hash();
            if (seenTransactions.get(h).isPresent() || !inMessage.add(h)) {
                continue;
            }
            try {
                fresh.add(Transaction.decode(received));
            } catch (LedgerException e) {
                refuse(from, NodeCounter.TRANSACTIONS_MALFORMED);
            }
        }
        // the message's signatures on all cores; the adds below then find them checked
        mempool.preverify(fresh);
        for (Transaction tx : fresh) {
            Validation v = mempool.add(tx);
            if (v.valid()) {
                bump(NodeCounter.TRANSACTIONS_ADMITTED);
                seenTransactions.put(tx.hash(), Boolean.TRUE);
                checked.put(tx.hash(), tx);
                announce(tx, false);
                admitted = true;
            } else {
                // Not marked seen: a transaction refused for a nonce gap may be admitted once its
                // predecessor arrives, and its submitter announces it again.
                bump(NodeCounter.TRANSACTIONS_REFUSED);
            }
        }
        if (admitted) {
            rescheduleSeal();
        }
    }

    // ------------------------------------------------------------------ import

    /**
     * Decodes and imports blocks from a peer, oldest first: a block whose parent is unknown waits
     * in the orphan pool while its ancestors are requested from {@code from}; an imported block
     * releases the orphans waiting for it; with {@code forward}, newly imported blocks are
     * forwarded to the other peers.
     */
    private void receive(PeerId from, List<Bytes> encodings, boolean forward) {
        for (Bytes bytes : encodings) {
            Hash hash;
            try {
                hash = Block.decodeHeader(bytes).hash();
            } catch (LedgerException e) {
                refuse(from, NodeCounter.BLOCKS_MALFORMED);
                continue;
            }
            if (known(hash) || orphans.contains(hash)) {
                continue;
            }
            Block block;
            try {
                block = Block.decode(bytes);
            } catch (LedgerException | IllegalArgumentException e) {
                refuse(from, NodeCounter.BLOCKS_MALFORMED);
                continue;
            }
            // A transaction this node admitted to its mempool or executed lately was checked
            // then: the block's copy takes that check over, so each signature is checked once per node.
            adoptChecks(block.transactions());
            importFrom(from, block, bytes.size(), forward);
        }
    }

    /** Lets each of {@code txs} take over the check of a copy this node holds, if any. */
    private void adoptChecks(List<Transaction> txs) {
        for (Transaction tx : txs) {
            Optional<Transaction> known = mempool.get(tx.hash());
            if (known.isEmpty()) {
                known = checked.get(tx.hash());
            }
            known.ifPresent(tx::adoptVerification);
        }
    }

    private void importFrom(PeerId from, Block first, int firstSize, boolean forward) {
        java.util.ArrayDeque<Block> work = new java.util.ArrayDeque<>();
        work.add(first);
        boolean isFirst = true;
        while (!work.isEmpty()) {
            Block block = work.poll();
            int size = isFirst ? firstSize : block.encode().size();
            isFirst = false;
            ImportResult r = importBlock(block);
            switch (r.status()) {
                case NEW_HEAD, REORGANIZED, SIDE_BLOCK -> {
                    bump(NodeCounter.BLOCKS_IMPORTED);
                    for (Transaction tx : block.transactions()) {
                        checked.put(tx.hash(), tx);
                    }
                    if (forward) {
                        NewBlock nb = new NewBlock(block.encode());
                        for (PeerId p : fanout(block.hash(), from)) {
                            transport.send(p, nb);
                        }
                    }
                    work.addAll(orphans.takeChildren(block.hash()));
                }
                case ALREADY_KNOWN -> { }
                case UNKNOWN_PARENT -> {
                    long droppedBefore = orphans.dropped();
                    if (orphans.add(block, block.hash(), size)) {
                        bump(NodeCounter.BLOCKS_ORPHANED);
                    }
                    counts.addAndGet(NodeCounter.ORPHANS_DROPPED.ordinal(), orphans.dropped() - droppedBefore);
                    BlockHeader h = block.header();
                    Peer p = peers.get(from);
                    if (p != null && h.number() > reader.head().number() + syncBatch) {
                        syncFrom(from, p);
                    } else {
                        requestAncestors(from, h.parentHash());
                    }
                }
                case HELD -> scheduleHeld(block.header().timestamp());
                case REJECTED -> refuse(from, NodeCounter.BLOCKS_REJECTED);
                case BELOW_FINALIZED -> refuse(from, NodeCounter.BLOCKS_BELOW_FINALIZED);
                case NOT_PROCESSED -> bump(NodeCounter.BLOCKS_NOT_PROCESSED);
                default -> throw new IllegalStateException("unknown import status " + r.status());
            }
        }
    }

    /** Imports one block through the chain, then handles what changed. */
    private ImportResult importBlock(Block block) {
        ImportResult r;
        try {
            r = chain.importBlock(block);
        } finally {
            afterImport();
        }
        return r;
    }

    private void importHeld() {
        try {
            for (ImportResult r : chain.importHeld()) {
                if (r.imported()) {
                    bump(NodeCounter.BLOCKS_IMPORTED);
                }
            }
        } finally {
            afterImport();
        }
    }

    private void scheduleHeld(long timestamp) {
        if (heldTimer != null) {
            heldTimer.cancel();
        }
        long due = timestamp - chain.maxFutureDriftMillis() - loop.now();
        heldTimer = loop.schedule(Math.max(1, due), () -> guarded(() -> {
            heldTimer = null;
            importHeld();
            if (!chain.heldBlocks().isEmpty()) {
                scheduleHeld(chain.heldBlocks().get(0).timestamp());
            }
        }));
    }

    /**
     * After an import: the mempool follows the new head (dropped transactions return, included
     * ones leave), futures of transactions made final complete, listeners hear of the changes,
     * and the sealing timer is renewed.
     */
    private void afterImport() {
        if (events.isEmpty()) {
            return;
        }
        List<List<BlockHeader>> reorgs = new ArrayList<>(reorganisations);
        reorganisations.clear();
        List<Consumer<ChainListener>> told = new ArrayList<>(events);
        events.clear();
        for (List<BlockHeader> dropped : reorgs) {
            mempool.reorganised(dropped, checked::get);
        }
        mempool.prune();
        BlockHeader fin = reader.finalized();
        if (fin.number() > finalSeen.number()) {
            completeFinal(finalSeen, fin);
            finalSeen = fin;
            orphans.dropAtOrBelow(fin.number());
        }
        for (Consumer<ChainListener> e : told) {
            for (ChainListener l : listeners) {
                try {
                    e.accept(l);
                } catch (RuntimeException ex) {
                    bump(NodeCounter.FAILURES);
                    LOG.log(System.Logger.Level.WARNING, name + ": a chain listener failed", ex);
                }
            }
        }
        rescheduleSeal();
    }

    /** Completes the futures of local transactions in the canonical blocks above {@code from} up to {@code to}. */
    private void completeFinal(BlockHeader from, BlockHeader to) {
        if (waiting.isEmpty()) {
            return;
        }
        for (long n = from.number() + 1; n <= to.number() && !waiting.isEmpty(); n++) {
            Optional<Block> b = reader.block(n);
            if (b.isEmpty()) {
                break;
            }
            List<Transaction> txs = b.get().transactions();
            List<Receipt> receipts = null;
            for (int i = 0; i < txs.size(); i++) {
                Waiting w = waiting.remove(txs.get(i).hash());
                if (w != null) {
                    if (receipts == null) {
                        receipts = reader.receipts(b.get().hash());
                    }
                    w.future().complete(receipts.get(i));
                }
            }
        }
    }

    // ------------------------------------------------------------------ sealing

    private void rescheduleSeal() {
        if (closed || engine.validator().isEmpty()) {
            return;
        }
        BlockHeader head = reader.head();
        boolean pendingNow = mempool.size() > 0;
        if (sealTimer != null && head.hash().equals(timerParent) && pendingNow == timerPending) {
            return;
        }
        if (sealTimer != null) {
            sealTimer.cancel();
            sealTimer = null;
        }
        Optional<SealSlot> slot = engine.nextSeal(headers, LedgerHeader.of(head), pendingNow, loop.now());
        if (slot.isEmpty()) {
            return;
        }
        timerParent = head.hash();
        timerPending = pendingNow;
        sealTimer = loop.schedule(Math.max(0, slot.get().atMillis() - loop.now()), () -> guarded(this::sealNow));
    }

    private void sealNow() {
        sealTimer = null;
        if (closed) {
            return;
        }
        BlockHeader parent = reader.head();
        if (!parent.hash().equals(timerParent)) {
            rescheduleSeal();
            return;
        }
        try {
            HeaderTemplate t = engine.prepare(headers, LedgerHeader.of(parent), loop.now());
            BuiltBlock built = chain.buildBlock(parent.hash(), mempool.pending(maxBlockTransactions), t.timestamp(),
                    t.consensusData());
            for (BuiltBlock.Skipped s : built.skipped()) {
                for (Transaction tx : mempool.removeWithSuccessors(s.transaction())) {
                    evicted(tx, tx.equals(s.transaction()) ? s.reason() : "predecessor rejected: " + s.reason());
                }
            }
            BlockHeader unsealed = built.block().header();
            Bytes seal = engine.seal(headers, LedgerHeader.of(unsealed));
            Block block = new Block(unsealed.withSeal(seal), built.block().transactions());
            ImportResult r = importBlock(block);
            if (r.imported()) {
                bump(NodeCounter.BLOCKS_SEALED);
                transport.broadcast(new NewBlock(block.encode()));
            } else {
                bump(NodeCounter.FAILURES);
                LOG.log(System.Logger.Level.WARNING, name + ": own block not imported: " + r.reason());
            }
        } finally {
            rescheduleSeal();
        }
    }

    /**
     * Builds a {@link LedgerNode}. Setters validate at once; {@link #build()} requires the
     * scheduler, transport, storage, genesis and consensus. Not thread-safe.
     */
    public static final class Builder {
        private Scheduler scheduler;
        private Transport transport;
        private KeyValueStorage storage;
        private Genesis genesis;
        private Consensus consensus;
        private TrieOptions stateOptions = TrieOptions.pruned();
        private int mempoolSize = 10_000;
        private int maxPendingPerSender = 100;
        private int maxBlockTransactions = 1_000;
        private int orphanBlocks = 1_024;
        private long orphanBytes = 64L * 1024 * 1024;
        private int syncBatch = 64;
        private long statusIntervalMillis = 2_000;
        private long requestTimeoutMillis = 2_000;
        private int seenTransactions = 65_536;
        private int serveBudget = 1_024;

        private Builder() {
        }

        /**
         * @param scheduler the node's event loop and clock (a {@link
         *     org.tem.consensus.scheduler.RealScheduler}, or a simulator's node scheduler); the
         *     chain judges block timestamps against its clock
         * @return this builder
         */
        public Builder scheduler(Scheduler scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
            return this;
        }

        /**
         * @param transport the node's connection to its peers, not started (the node starts it
         *     on its loop), delivering on the same scheduler
         * @return this builder
         */
        public Builder transport(Transport transport) {
            this.transport = Objects.requireNonNull(transport, "transport");
            return this;
        }

        /**
         * @param storage the chain's store (RocksDB or in memory); a node built again on the same
         *     store resumes from its head. Give a {@link PoaConsensus} the same store, so that its
         *     signer's finality-vote record survives a restart
         * @return this builder
         */
        public Builder storage(KeyValueStorage storage) {
            this.storage = Objects.requireNonNull(storage, "storage");
            return this;
        }

        /**
         * @param genesis the chain's definition; its consensus data must be the engine's
         *     {@link Consensus#genesisData()}
         * @return this builder
         */
        public Builder genesis(Genesis genesis) {
            this.genesis = Objects.requireNonNull(genesis, "genesis");
            return this;
        }

        /**
         * @param consensus the engine: with a validator key the node seals, without it the node
         *     only verifies
         * @return this builder
         */
        public Builder consensus(Consensus consensus) {
            this.consensus = Objects.requireNonNull(consensus, "consensus");
            return this;
        }

        /**
         * @param options how state versions are kept (default {@link TrieOptions#pruned()})
         * @return this builder
         */
        public Builder stateOptions(TrieOptions options) {
            this.stateOptions = Objects.requireNonNull(options, "options");
            return this;
        }

        /**
         * @param size the mempool bound, and the most local transactions awaiting finality,
         *     positive (default 10,000)
         * @param perSender the most pending transactions of one sender, in [1, size] (default 100)
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder mempool(int size, int perSender) {
            if (size < 1 || perSender < 1 || perSender > size) {
                throw new IllegalArgumentException("mempool size must be positive and the per-sender quota in [1, size],"
                        + " was " + size + " and " + perSender);
            }
            this.mempoolSize = size;
            this.maxPendingPerSender = perSender;
            return this;
        }

        /**
         * @param max the most transactions this node puts in a block it seals, in [1, {@link
         *     Block#MAX_TRANSACTIONS}] (default 1,000)
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder maxBlockTransactions(int max) {
            if (max < 1 || max > Block.MAX_TRANSACTIONS) {
                throw new IllegalArgumentException("maxBlockTransactions must be in [1, " + Block.MAX_TRANSACTIONS
                        + "], was " + max);
            }
            this.maxBlockTransactions = max;
            return this;
        }

        /**
         * @param blocks the most blocks kept while their parent is unknown, at least 1 (default
         *     1,024)
         * @param bytes the most encoded bytes of such blocks, at least {@link Block#MAX_ENCODED_BYTES}
         *     (default 64 MiB)
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder orphans(int blocks, long bytes) {
            if (blocks < 1 || bytes < Block.MAX_ENCODED_BYTES) {
                throw new IllegalArgumentException("orphan pool must hold at least 1 block and "
                        + Block.MAX_ENCODED_BYTES + " bytes, was " + blocks + " and " + bytes);
            }
            this.orphanBlocks = blocks;
            this.orphanBytes = bytes;
            return this;
        }

        /**
         * @param blocks how many blocks one sync request asks for, in [1, {@link
         *     GetBlocks#MAX_COUNT}] (default 64)
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder syncBatch(int blocks) {
            if (blocks < 1 || blocks > GetBlocks.MAX_COUNT) {
                throw new IllegalArgumentException("syncBatch must be in [1, " + GetBlocks.MAX_COUNT + "], was "
                        + blocks);
            }
            this.syncBatch = blocks;
            return this;
        }

        /**
         * @param millis how often the node sends its status to every peer and announces its own
         *     pending transactions again, at least 1 (default 2,000)
         * @return this builder
         * @throws IllegalArgumentException if below 1
         */
        public Builder statusIntervalMillis(long millis) {
            if (millis < 1) {
                throw new IllegalArgumentException("statusIntervalMillis must be at least 1, was " + millis);
            }
            this.statusIntervalMillis = millis;
            return this;
        }

        /**
         * @param millis how long before an unanswered block request may be sent again, at least 1
         *     (default 2,000)
         * @return this builder
         * @throws IllegalArgumentException if below 1
         */
        public Builder requestTimeoutMillis(long millis) {
            if (millis < 1) {
                throw new IllegalArgumentException("requestTimeoutMillis must be at least 1, was " + millis);
            }
            this.requestTimeoutMillis = millis;
            return this;
        }

        /**
         * @param hashes how many transaction hashes the gossip de-duplication remembers, at least
         *     1 (default 65,536)
         * @return this builder
         * @throws IllegalArgumentException if below 1
         */
        public Builder seenTransactions(int hashes) {
            if (hashes < 1) {
                throw new IllegalArgumentException("seenTransactions must be at least 1, was " + hashes);
            }
            this.seenTransactions = hashes;
            return this;
        }

        /**
         * @param blocks the most blocks this node sends one peer per status interval in answer to
         *     its requests, at least 1 (default 1,024); a request beyond it gets fewer blocks, or
         *     none, so that a peer asking for the same blocks again and again costs little
         * @return this builder
         * @throws IllegalArgumentException if below 1
         */
        public Builder serveBudget(int blocks) {
            if (blocks < 1) {
                throw new IllegalArgumentException("serveBudget must be at least 1, was " + blocks);
            }
            this.serveBudget = blocks;
            return this;
        }

        /**
         * Opens the chain on the storage (writing the genesis into empty storage) and assembles the
         * node; call {@link LedgerNode#start()} to run it.
         *
         * @return the node
         * @throws IllegalStateException if a required part is missing
         * @throws IllegalArgumentException if the genesis does not commit to the engine's
         *     parameters, or the storage holds another chain
         */
        public LedgerNode build() {
            if (scheduler == null || transport == null || storage == null || genesis == null || consensus == null) {
                throw new IllegalStateException("scheduler, transport, storage, genesis and consensus must be set");
            }
            return new LedgerNode(this);
        }
    }
}
