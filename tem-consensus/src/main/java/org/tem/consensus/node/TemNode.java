package org.tem.consensus.node;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;
import org.apache.tuweni.bytes.Bytes;
import org.tem.api.contract.ContractFactory;
import org.tem.consensus.network.InMemoryNetwork;
import org.tem.consensus.network.PeerId;
import org.tem.consensus.network.Status;
import org.tem.consensus.network.Transport;
import org.tem.consensus.network.tcp.TcpTransport;
import org.tem.consensus.poa.PoaConsensus;
import org.tem.consensus.scheduler.RealScheduler;
import org.tem.consensus.scheduler.Scheduler;
import org.tem.ledger.block.BlockHeader;
import org.tem.ledger.chain.Blockchain;
import org.tem.ledger.chain.ChainListener;
import org.tem.ledger.chain.ChainReader;
import org.tem.ledger.chain.ConsensusHook;
import org.tem.ledger.chain.Genesis;
import org.tem.ledger.chain.QueryResult;
import org.tem.ledger.crypto.Address;
import org.tem.ledger.crypto.Hash;
import org.tem.ledger.crypto.KeyPair;
import org.tem.ledger.storage.InMemoryStorage;
import org.tem.ledger.storage.KeyValueStorage;
import org.tem.ledger.storage.RocksDbStorage;
import org.tem.ledger.tx.Receipt;
import org.tem.ledger.tx.Transaction;

/**
 * A tem node, assembled: a chain specification ({@link ChainSpec}), a store (a RocksDB data
 * directory, or memory), the proof-of-authority engine (sealing if given a validator key), a
 * transport (TCP, authenticated with the node key against the chain's node-key list, or an
 * {@link InMemoryNetwork} for tests) and an event loop (a {@link RealScheduler} of its own by
 * default). It is the one object a meter vendor or an operator embeds; {@link LedgerNode} does the
 * work ({@link #ledger()}).
 *
 * <p><b>Node keys.</b> Over TCP a peer may connect only if its node key is on the chain's list
 * (see {@link ChainNodeKeys}: listed at the finalised block and at the head). When the list
 * changes (a block adds or removes a key) the node re-checks its connections and drops those no
 * longer allowed. This node's own key must be on the list for its peers to accept it.
 *
 * <p><b>Life cycle.</b> {@link Builder#build()} opens the store (a data directory resumes with
 * every block committed to it); {@link #start()} starts the transport, sealing and sync; {@link
 * #close()} stops them, waits for the node's own loop to finish its current task, and closes the
 * store it opened (each commit is already durable). Idempotent.
 *
 * <p><b>Threads.</b> Every method may be called from any thread. Listeners and futures run on the
 * node's loop, one at a time; they must not block it (see {@link LedgerNode}).
 */
public final class TemNode implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(TemNode.class.getName());

    private final ChainSpec spec;
    private final Scheduler loop;
    private final RealScheduler ownLoop;
    private final KeyValueStorage storage;
    private final boolean ownStorage;
    private final TcpTransport tcp;
    private final Transport transport;
    private final LedgerNode ledger;
    private final ChainNodeKeys nodeKeys = new ChainNodeKeys();
    private final Optional<Address> validator;
    private final InetSocketAddress listen;
    private boolean started;
    private boolean closed;

    private TemNode(Builder b, Genesis genesis) {
        this.spec = b.spec;
        this.validator = Optional.ofNullable(b.validatorKey).map(KeyPair::address);
        this.listen = b.listen;
        this.ownLoop = b.scheduler == null ? new RealScheduler("tem-node-" + b.name()) : null;
        this.loop = b.scheduler == null ? ownLoop : b.scheduler;
        this.ownStorage = b.storage == null;
        KeyValueStorage s = null;
        TcpTransport t = null;
        try {
            s = b.storage != null ? b.storage
                    : b.dataDir != null ? RocksDbStorage.open(b.dataDir.resolve("db")) : new InMemoryStorage();
            this.storage = s;
            PoaConsensus.Builder pb = PoaConsensus.builder(spec.poa()).store(storage)
                    .finalityPeriodMillis(spec.finalityPeriodMillis()).batchMillis(b.batchMillis).seed(b.seed);
            if (b.validatorKey != null) {
                pb.validator(b.validatorKey);
            }
            PoaConsensus engine = pb.build();
            Transport transport;
            LedgerNode[] self = new LedgerNode[1];
            if (b.network != null) {
                transport = b.network.join(new PeerId(b.name()), loop);
            } else {
                Hash genesisHash = Blockchain.open(new InMemoryStorage(), genesis, ConsensusHook.acceptAll())
                        .genesisHash();
                TcpTransport.Builder tb = TcpTransport.builder(b.nodeKey, loop).chain(spec.chainId(), genesisHash)
                        .status(() -> status(self[0], spec.chainId(), genesisHash)).policy(nodeKeys).listen(b.listen);
                b.staticPeers.forEach(tb::staticPeer);
                t = b.tcpOptions.apply(tb).build();
                transport = t;
            }
            this.tcp = t;
            this.transport = transport;
            this.ledger = b.nodeOptions.apply(LedgerNode.builder().scheduler(loop).transport(transport).storage(storage)
                    .genesis(genesis).consensus(engine)).build();
            self[0] = ledger;
        } catch (RuntimeException e) {
            if (t != null) {
                t.close();
            }
            if (ownLoop != null) {
                ownLoop.close();
            }
            if (s != null && b.storage == null) {
                s.close();
            }
            throw e;
        }
        nodeKeys.refresh(ledger.reader());
        ledger.addListener(new ChainListener() {
            @Override
            public void onNewHead(BlockHeader head) {
                refreshKeys();
            }

            @Override
            public void onFinalized(BlockHeader finalized) {
                refreshKeys();
            }
        });
    }

    /** The status sent in a TCP handshake: as {@link LedgerNode} sends it in its status messages. */
    private static Status status(LedgerNode node, long chainId, Hash genesisHash) {
        if (node == null) {
            throw new IllegalStateException("the node is not built yet");
        }
        BlockHeader head = node.head();
        BlockHeader fin = node.finalized();
        return new Status(Status.PROTOCOL_VERSION, chainId, genesisHash, head.number(), head.hash(), Bytes.EMPTY,
                fin.number(), fin.hash());
    }

    private void refreshKeys() {
        try {
            if (nodeKeys.refresh(ledger.reader()) && tcp != null) {
                LOG.log(System.Logger.Level.INFO, "node-key list changed: " + nodeKeys.allowed().size()
                        + " keys allowed; re-checking peers");
                tcp.revalidate();
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot read the node-key list", e);
        }
    }

    /**
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts the transport, sealing (with a validator key) and sync. On its own loop over TCP, it
     * returns once the node listens (so {@link #listenAddress()} answers); otherwise at once.
     *
     * @throws IllegalStateException if already started or closed, or if the node cannot listen
     *     on its address (the node is then closed)
     */
    public synchronized void start() {
        if (started || closed) {
            throw new IllegalStateException("already started or closed");
        }
        started = true;
        ledger.start();
        if (ownLoop != null && tcp != null && !ownLoop.inLoop()) {
            CompletableFuture<Void> listening = new CompletableFuture<>();
            loop.execute(() -> listening.complete(null));
            try {
                listening.get(30, TimeUnit.SECONDS);
                tcp.localAddress();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting", e);
            } catch (ExecutionException | TimeoutException | IllegalStateException e) {
                close();
                throw new IllegalStateException("cannot listen on " + listen, e);
            }
        }
    }

    /**
     * @return the TCP address the node listens on (its port chosen if 0 was asked), once started;
     *     empty on an in-memory network or before the transport listens
     */
    public Optional<InetSocketAddress> listenAddress() {
        if (tcp == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(tcp.localAddress());
        } catch (IllegalStateException e) {
            return Optional.empty();
        }
    }

    /**
     * Stops the node: closes the transport, stops sealing, waits for its own loop to finish the
     * task it runs (when the loop is the node's own), then closes the store it opened. Futures
     * still pending stay incomplete. Idempotent; any thread (from a listener on the node's own
     * loop it returns at once, and another thread closes the store once that task ends).
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        ledger.close();
        if (ownLoop != null && ownLoop.inLoop()) {
            // Called from a task on the loop: the loop cannot wait for itself, so another thread
            // waits for this task to end, then closes the store.
            Thread t = new Thread(() -> {
                ownLoop.close();
                if (ownStorage) {
                    storage.close();
                }
            }, "tem-node-close");
            t.start();
            return;
        }
        if (ownLoop != null) {
            ownLoop.close();
        }
        if (ownStorage) {
            if (ownLoop != null) {
                storage.close();
            } else {
                loop.execute(storage::close);
            }
        }
    }

    // ------------------------------------------------------------------ reads

    /**
     * @return the chain specification the node runs
     */
    public ChainSpec spec() {
        return spec;
    }

    /**
     * @return the engine of the node: blocks, mempool, consensus, transport, counters
     */
    public LedgerNode ledger() {
        return ledger;
    }

    /**
     * @return the node's event loop, where its listeners and futures run
     */
    public Scheduler scheduler() {
        return loop;
    }

    /**
     * @return the chain's read side; safe from any thread, never waits for an import
     */
    public ChainReader reader() {
        return ledger.reader();
    }

    /**
     * @return the head's header
     */
    public BlockHeader head() {
        return ledger.head();
    }

    /**
     * @return the finalised block's header
     */
    public BlockHeader finalized() {
        return ledger.finalized();
    }

    /**
     * @return this node's id on its network (over TCP, its node key's address in hex)
     */
    public PeerId id() {
        return ledger.id();
    }

    /**
     * @return the validator address this node seals with, if any
     */
    public Optional<Address> validator() {
        return validator;
    }

    /**
     * @return the peers connected now
     */
    public SortedSet<PeerId> peers() {
        return transport.peers();
    }

    /**
     * @return the TCP transport, if the node runs over TCP
     */
    public Optional<TcpTransport> tcp() {
        return Optional.ofNullable(tcp);
    }

    /**
     * @return the node-key policy the TCP transport checks peers against
     */
    public ChainNodeKeys nodeKeys() {
        return nodeKeys;
    }

    /**
     * A contract query at the head (a reorganisation may still change the answer).
     *
     * @param contract the contract
     * @param method the query
     * @param args its arguments
     * @return the answer or the failure's reason
     */
    public QueryResult query(Address contract, String method, Bytes args) {
        return ledger.query(contract, method, args);
    }

    /**
     * A contract query at the finalised block (the answer never changes).
     *
     * @param contract the contract
     * @param method the query
     * @param args its arguments
     * @return the answer or the failure's reason
     */
    public QueryResult queryFinalized(Address contract, String method, Bytes args) {
        return ledger.queryFinalized(contract, method, args);
    }

    // ------------------------------------------------------------------ writes and events

    /**
     * Submits a signed transaction (see {@link LedgerNode#submit}).
     *
     * @param tx the transaction
     * @return its receipt once the block holding it is final, or exceptionally a {@link
     *     org.tem.ledger.tx.TransactionRejectedException} with the reason this node refused it
     */
    public CompletableFuture<Receipt> submit(Transaction tx) {
        return ledger.submit(tx);
    }

    /**
     * Subscribes to new heads, reorganisations and finalised blocks; called on the node's loop.
     *
     * @param listener the listener
     */
    public void addListener(ChainListener listener) {
        ledger.addListener(listener);
    }

    /**
     * @param listener a listener added before
     * @return whether it was subscribed
     */
    public boolean removeListener(ChainListener listener) {
        return ledger.removeListener(listener);
    }

    /**
     * Votes to add ({@code authorize}) or drop a signer (see {@link LedgerNode#propose}).
     *
     * @param address the account
     * @param authorize {@code true} to add, {@code false} to drop
     */
    public void propose(Address address, boolean authorize) {
        ledger.propose(address, authorize);
    }

    /**
     * @param address an address this validator proposed about
     */
    public void discard(Address address) {
        ledger.discard(address);
    }

    /**
     * @return this validator's pending proposals (address to add {@code true} or drop)
     */
    public SortedMap<Address, Boolean> proposals() {
        return ledger.proposals();
    }

    /**
     * @param blockNumber a canonical block number, at most the head's
     * @return the signers of the block after it, ascending
     */
    public List<Address> signers(long blockNumber) {
        return ledger.signers(blockNumber);
    }

    /**
     * Builds a {@link TemNode}. Required: a chain specification, and a node key with TCP (the
     * default transport). Not thread-safe.
     */
    public static final class Builder {
        private ChainSpec spec;
        private Map<String, ContractFactory> factories;
        private Path dataDir;
        private KeyValueStorage storage;
        private KeyPair validatorKey;
        private KeyPair nodeKey;
        private InetSocketAddress listen = new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0);
        private final List<InetSocketAddress> staticPeers = new ArrayList<>();
        private InMemoryNetwork network;
        private String name;
        private Scheduler scheduler;
        private long seed;
        private long batchMillis;
        private UnaryOperator<LedgerNode.Builder> nodeOptions = x -> x;
        private UnaryOperator<TcpTransport.Builder> tcpOptions = x -> x;

        private Builder() {
        }

        private String name() {
            if (name != null) {
                return name;
            }
            if (nodeKey != null) {
                return TcpTransport.peerIdOf(nodeKey.publicKey()).name();
            }
            return validatorKey != null ? validatorKey.address().toHexString() : "node";
        }

        /**
         * @param spec the chain specification (required)
         * @return this builder
         */
        public Builder chainSpec(ChainSpec spec) {
            this.spec = Objects.requireNonNull(spec, "spec");
            return this;
        }

        /**
         * @param factories the contract factories by name (default: {@link
         *     ChainSpec#installedFactories()})
         * @return this builder
         */
        public Builder contractFactories(Map<String, ContractFactory> factories) {
            this.factories = Map.copyOf(factories);
            return this;
        }

        /**
         * @param dir the data directory: the RocksDB store is its {@code db} subdirectory, created
         *     if absent and resumed if present (default: none, the node keeps its chain in memory)
         * @return this builder
         */
        public Builder dataDir(Path dir) {
            this.dataDir = Objects.requireNonNull(dir, "dir");
            this.storage = null;
            return this;
        }

        /**
         * @param store a store the caller owns and closes (instead of a data directory); the node
         *     does not close it
         * @return this builder
         */
        public Builder storage(KeyValueStorage store) {
            this.storage = Objects.requireNonNull(store, "store");
            this.dataDir = null;
            return this;
        }

        /**
         * @param key the validator key to seal with; without it the node only follows the chain
         * @return this builder
         */
        public Builder validatorKey(KeyPair key) {
            this.validatorKey = Objects.requireNonNull(key, "key");
            return this;
        }

        /**
         * @param key the node key that authenticates this node to its peers over TCP (required
         *     for TCP; must be on the chain's node-key list for peers to accept it)
         * @return this builder
         */
        public Builder nodeKey(KeyPair key) {
            this.nodeKey = Objects.requireNonNull(key, "key");
            return this;
        }

        /**
         * @param address where to listen over TCP (default: loopback, a free port)
         * @return this builder
         */
        public Builder listen(InetSocketAddress address) {
            this.listen = Objects.requireNonNull(address, "address");
            return this;
        }

        /**
         * @param address a peer to dial and redial over TCP
         * @return this builder
         */
        public Builder staticPeer(InetSocketAddress address) {
            staticPeers.add(Objects.requireNonNull(address, "address"));
            return this;
        }

        /**
         * Uses an in-memory network instead of TCP (tests, simulations): the node joins it under
         * {@code name}; node keys are not checked.
         *
         * @param network the network
         * @param name the node's id on it
         * @return this builder
         */
        public Builder memory(InMemoryNetwork network, String name) {
            this.network = Objects.requireNonNull(network, "network");
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        /**
         * @param scheduler the node's event loop (default: a {@link RealScheduler} of its own,
         *     closed with the node); a given one is not closed by the node
         * @return this builder
         */
        public Builder scheduler(Scheduler scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
            return this;
        }

        /**
         * @param seed the seed of the engine's out-of-turn delays (default 0)
         * @return this builder
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * @param millis how long after its parent a validator waits at the earliest before sealing
         *     pending transactions, so that transactions arriving close together share a block
         *     (see {@link PoaConsensus.Builder#batchMillis}; a local policy, not part of the chain
         *     specification; default 0)
         * @return this builder
         * @throws IllegalArgumentException if {@code millis} is not in [0, 60,000]
         */
        public Builder batchMillis(long millis) {
            if (millis < 0 || millis > 60_000) {
                throw new IllegalArgumentException("batchMillis must be in [0, 60000], was " + millis);
            }
            this.batchMillis = millis;
            return this;
        }

        /**
         * @param options adjusts the {@link LedgerNode} builder (mempool, intervals, bounds)
         * @return this builder
         */
        public Builder nodeOptions(UnaryOperator<LedgerNode.Builder> options) {
            this.nodeOptions = Objects.requireNonNull(options, "options");
            return this;
        }

        /**
         * @param options adjusts the {@link TcpTransport} builder (limits, timeouts, back-off)
         * @return this builder
         */
        public Builder tcpOptions(UnaryOperator<TcpTransport.Builder> options) {
            this.tcpOptions = Objects.requireNonNull(options, "options");
            return this;
        }

        /**
         * Opens the store and assembles the node (not started).
         *
         * @return the node
         * @throws IllegalStateException if the chain specification is missing, or TCP is chosen
         *     without a node key
         * @throws ChainSpecException if the specification names a contract no factory makes
         * @throws org.tem.ledger.storage.StorageException if the data directory cannot be opened
         *     (for example another process holds it) or holds another chain
         */
        public TemNode build() {
            if (spec == null) {
                throw new IllegalStateException("a chain specification must be set");
            }
            if (network == null && nodeKey == null) {
                throw new IllegalStateException("a node key must be set for TCP");
            }
            Genesis genesis = factories == null ? spec.genesis() : spec.genesis(factories);
            return new TemNode(this, genesis);
        }
    }
}
