package org.tem.ledger.chain;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.apache.tuweni.bytes.Bytes;
import org.tem.api.contract.Limits;
import org.tem.ledger.LedgerException;
import org.tem.ledger.Validation;
import org.tem.ledger.block.Block;
import org.tem.ledger.block.BlockHeader;
import org.tem.ledger.crypto.Address;
import org.tem.ledger.crypto.Hash;
import org.tem.ledger.state.StateProof;
import org.tem.ledger.state.StateView;
import org.tem.ledger.storage.KeyValueStorage;
import org.tem.ledger.storage.StorageBatch;
import org.tem.ledger.storage.StorageException;
import org.tem.ledger.trie.StateTables;
import org.tem.ledger.trie.TrieOptions;
import org.tem.ledger.trie.TrieStore;
import org.tem.ledger.trie.TrieVersion;
import org.tem.ledger.tx.Receipt;
import org.tem.ledger.tx.Transaction;

/**
 * One node's copy of a chain over a {@link KeyValueStorage}: a block tree with a canonical branch
 * chosen by the consensus, block building and import on any retained block, and (through
 * {@link #reader()}) reads that never wait for an import.
 *
 * <p><b>Roles.</b> The chain is split by role: a block store with its indexes (every block,
 * canonical or side, with its receipts; the canonical chain by number; transactions by hash),
 * execution ({@code BlockExecutor}: transactions on a parent state, roots), state and proofs
 * ({@link StateView} over the versioned state trie) and queries ({@link ChainReader}). This class
 * orders imports and builds, applies fork choice and finality, prunes state and tells listeners.
 *
 * <p><b>Import.</b> {@link #importBlock} checks, in order: not already stored or held; the parent
 * stored (else {@link ImportResult.Status#UNKNOWN_PARENT}) or held; number = parent's + 1;
 * timestamp at least the parent's plus the genesis' block period; the block above the finalised
 * one and its branch leaving the canonical chain at or above it (else
 * {@link ImportResult.Status#BELOW_FINALIZED}: the chain never reorganises below a finalised
 * block); the header against its ancestors ({@link ConsensusHook#verify}); the transactions root.
 * A block stamped further ahead of this node's clock than the genesis' drift (or a child of a
 * held block) is then <em>held</em>. Otherwise its transactions are executed on its parent's
 * state, whatever branch the parent is on (chain id, permitted sender, next nonce, registered
 * contract, signature; then the call), and the receipts root and state root compared. A valid
 * block is stored; the consensus' {@link ConsensusHook#compare fork choice} between it and the
 * head says whether it becomes the head: extending the head's branch
 * ({@link ImportResult.Status#NEW_HEAD}), switching branches
 * ({@link ImportResult.Status#REORGANIZED}: the state is the new head's root, nothing to undo), or
 * staying a side block ({@link ImportResult.Status#SIDE_BLOCK}). The consensus then names the
 * new head's finalised block ({@link ConsensusHook#finalized}). The block, its receipts, its state
 * trie nodes, the canonical index changes, the head and the finalised pointer go to the store in
 * <b>one atomic batch</b>, so a crash leaves all of the block or none of it. A block that is not
 * imported changes nothing. {@link #importBlock} never throws for a bad block: the result says
 * why. The one exception it lets through is {@link StorageException}, a failure of this node's
 * store (and an exception thrown by a {@link ChainListener}, after the import).
 *
 * <p><b>Durability.</b> The commit is as durable as the store's: {@link
 * org.tem.ledger.storage.RocksDbStorage#open(java.nio.file.Path)} writes every batch synchronously
 * (fsync of the write-ahead log before the commit returns), so an imported block survives power
 * loss, not only a killed process.
 *
 * <p><b>Pruning.</b> Unless the state trie is opened in archive mode, when finality moves the state
 * versions that can no longer be needed are pruned: side branches that left the canonical chain
 * below the finalised block, and canonical versions more than {@link TrieOptions#window()} blocks
 * below it (their state stays provable until then). Blocks and receipts are never deleted.
 * Pruning commits its own batches after the block's, each leaving the store consistent; a crash
 * in the middle is repaired when the chain is next opened.
 *
 * <p><b>Execution</b> is deterministic: contracts see only the transaction, the header's number
 * and timestamp, the median timestamp, and their own state. A call that throws a
 * {@link RuntimeException} (or breaks a {@link Limits} rule) yields a failed receipt and changes
 * no contract state; its nonce is still used. A call that raises an {@link Error} is not a
 * deterministic outcome and never becomes a receipt: the builder leaves the transaction out
 * (with the reason in {@link BuiltBlock#skipped()}), and an import reports
 * {@link ImportResult.Status#NOT_PROCESSED} without marking the block invalid.
 *
 * <p><b>Threads.</b> Building, importing and integrity checks are serialised by one lock; reads
 * (every method that delegates to {@link #reader()}) take no lock and never wait for an import.
 * Listeners run on the importing thread, under the lock, after the commit.
 */
public final class Blockchain {

    /** The most blocks held for being stamped in the future. */
    public static final int MAX_HELD_BLOCKS = 32;

    /** The most encoded bytes of blocks held for being stamped in the future (64 MiB). */
    public static final long MAX_HELD_BYTES = 64L * 1024 * 1024;

    private final KeyValueStorage kv;
    private final long chainId;
    private final long blockPeriod;
    private final long maxDrift;
    private final ConsensusHook hook;
    private final LongSupplier clock;
    private final BlockStore store;
    private final TrieStore trie;
    private final BlockExecutor executor;
    private final ChainReader reader;
    private final HeldBlocks held = new HeldBlocks(MAX_HELD_BLOCKS, MAX_HELD_BYTES);
    private final Hash genesisHash;
    private final ReentrantLock lock = new ReentrantLock();
    private final CopyOnWriteArrayList<ChainListener> listeners = new CopyOnWriteArrayList<>();
    private volatile ChainReader.Tips tips;
    /** The last block built, reused when it comes back sealed; guarded by the lock. */
    private Built lastBuilt;

    private record Built(Hash parent, long timestamp, Hash transactionsRoot, BlockExecutor.Execution execution) {
        boolean matches(BlockHeader h) {
            return parent.equals(h.parentHash()) && timestamp == h.timestamp()
                    && transactionsRoot.equals(h.transactionsRoot());
        }
    }

    private Blockchain(KeyValueStorage storage, Genesis genesis, ConsensusHook hook, LongSupplier clock,
            TrieOptions stateOptions) {
        this.kv = storage;
        this.chainId = genesis.chainId();
        this.blockPeriod = genesis.blockPeriodMillis();
        this.maxDrift = genesis.maxFutureDriftMillis();
        this.hook = hook;
        this.clock = clock;
        this.store = new BlockStore(storage);
        this.trie = TrieStore.open(storage, stateOptions);
        StateTables tables = new StateTables(trie);
        this.executor = new BlockExecutor(tables, genesis);
        this.reader = new ChainReader(store, tables, executor, hook, chainId, () -> tips);
        BlockExecutor.Execution g = executor.genesis(genesis);
        this.genesisHash = g.header.hash();
        Optional<Hash> stored = store.canonical(0);
        if (stored.isEmpty()) {
            if (store.head().isPresent()) {
                throw new StorageException("storage has a head but no genesis");
            }
            StorageBatch batch = new StorageBatch();
            trie.commit(g.changes, genesisHash, null, batch);
            store.putBlock(batch, new Block(g.header, List.of()), List.of());
            store.putCanonical(batch, 0, genesisHash);
            store.putHead(batch, genesisHash);
            store.putFinalized(batch, genesisHash);
            store.putLayout(batch);
            commit(batch);
        } else if (!stored.get().equals(genesisHash)) {
            throw new IllegalArgumentException("storage holds a different chain: genesis " + stored.get()
                    + ", expected " + genesisHash);
        } else if (!store.layout().equals(Optional.of(BlockStore.LAYOUT))) {
            throw new IllegalArgumentException("storage was written in another layout: " + store.layout().orElse(0)
                    + ", expected " + BlockStore.LAYOUT);
        }
        BlockHeader head = stored(store.head(), "head");
        BlockHeader fin = stored(store.finalized(), "finalised block");
        this.tips = new ChainReader.Tips(head, fin);
        repairPruning(fin);
    }

    private BlockHeader stored(Optional<Hash> hash, String what) {
        Hash h = hash.orElseThrow(() -> new StorageException("storage has a genesis but no " + what));
        return store.header(h).orElseThrow(() -> new StorageException(what + " " + h + " missing from storage"));
    }

    /** Finishes pruning for the finalised block if a crash interrupted it. */
    private void repairPruning(BlockHeader fin) {
        if (trie.options().archive() || fin.number() == 0) {
            return;
        }
        Optional<TrieVersion> last = trie.lastFinalised();
        if (last.isEmpty() || !last.get().id().equals(fin.hash())) {
            prune(fin);
        }
    }

    /**
     * Opens a chain whose importer clock is the system clock, with pruned state (the default
     * window); see {@link #open(KeyValueStorage, Genesis, ConsensusHook, LongSupplier, TrieOptions)}.
     *
     * @param storage the store; the chain does not close it
     * @param genesis the chain's definition
     * @param hook the consensus
     * @return the chain
     * @throws IllegalArgumentException if the storage holds a chain with another genesis or layout
     * @throws StorageException if the storage is corrupt or fails
     */
    public static Blockchain open(KeyValueStorage storage, Genesis genesis, ConsensusHook hook) {
        return open(storage, genesis, hook, System::currentTimeMillis);
    }

    /**
     * Opens a chain with pruned state (the default window); see
     * {@link #open(KeyValueStorage, Genesis, ConsensusHook, LongSupplier, TrieOptions)}.
     *
     * @param storage the store; the chain does not close it
     * @param genesis the chain's definition
     * @param hook the consensus
     * @param clock this node's clock, milliseconds since the epoch
     * @return the chain
     * @throws IllegalArgumentException if the storage holds a chain with another genesis or layout
     * @throws StorageException if the storage is corrupt or fails
     */
    public static Blockchain open(KeyValueStorage storage, Genesis genesis, ConsensusHook hook, LongSupplier clock) {
        return open(storage, genesis, hook, clock, TrieOptions.pruned());
    }

    /**
     * Opens a chain: writes the genesis block into empty storage, or resumes from the head stored
     * in it (finishing a prune that a crash interrupted).
     *
     * @param storage the store; the chain does not close it
     * @param genesis the chain's definition
     * @param hook the consensus
     * @param clock this node's clock, milliseconds since the epoch, against which imported
     *     blocks' timestamps are judged (injected so that tests are deterministic)
     * @param stateOptions how state versions are kept: {@link TrieOptions#pruned(int)} with a
     *     window of blocks below the finalised one, or {@link TrieOptions#archival()}; fixed when
     *     the storage is first written
     * @return the chain
     * @throws IllegalArgumentException if the storage holds a chain with another genesis or
     *     layout, or state kept in the other mode
     * @throws StorageException if the storage is corrupt or fails
     */
    public static Blockchain open(KeyValueStorage storage, Genesis genesis, ConsensusHook hook, LongSupplier clock,
            TrieOptions stateOptions) {
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(genesis, "genesis");
        Objects.requireNonNull(hook, "hook");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(stateOptions, "stateOptions");
        return new Blockchain(storage, genesis, hook, clock, stateOptions);
    }

    // ------------------------------------------------------------------ properties and reads

    /**
     * @return the read side: blocks, receipts, state, proofs, queries; never waits for an import
     */
    public ChainReader reader() {
        return reader;
    }

    /**
     * @return the chain id
     */
    public long chainId() {
        return chainId;
    }

    /**
     * @return the genesis block's hash
     */
    public Hash genesisHash() {
        return genesisHash;
    }

    /**
     * @return the least time between a block and its parent, milliseconds (from the genesis)
     */
    public long blockPeriodMillis() {
        return blockPeriod;
    }

    /**
     * @return how far ahead of this node's clock a block may be stamped and still be imported at
     *     once, milliseconds (from the genesis)
     */
    public long maxFutureDriftMillis() {
        return maxDrift;
    }

    /**
     * @return the consensus hook this chain was opened with
     */
    public ConsensusHook consensus() {
        return hook;
    }

    /**
     * @return how the state trie keeps versions (archive, or pruned with its window)
     */
    public TrieOptions stateOptions() {
        return trie.options();
    }

    /**
     * @return the header of the head; see {@link ChainReader#head()}
     */
    public BlockHeader head() {
        return tips.head();
    }

    /**
     * @return the header of the highest final block; see {@link ChainReader#finalized()}
     */
    public BlockHeader finalized() {
        return tips.finalized();
    }

    /**
     * @param address a contract address
     * @return see {@link ChainReader#methods}
     */
    public Optional<Set<String>> methods(Address address) {
        return reader.methods(address);
    }

    /**
     * @return see {@link ChainReader#contracts}
     */
    public NavigableMap<Address, String> contracts() {
        return reader.contracts();
    }

    /**
     * @param number a block number
     * @return the canonical block at that height; see {@link ChainReader#block(long)}
     */
    public Optional<Block> block(long number) {
        return reader.block(number);
    }

    /**
     * @param hash a block hash
     * @return the stored block (canonical or side); see {@link ChainReader#block(Hash)}
     */
    public Optional<Block> block(Hash hash) {
        return reader.block(hash);
    }

    /**
     * @param blockHash a stored block's hash
     * @return its receipts; see {@link ChainReader#receipts}
     */
    public List<Receipt> receipts(Hash blockHash) {
        return reader.receipts(blockHash);
    }

    /**
     * @param txHash a transaction hash
     * @return its canonical receipt; see {@link ChainReader#receipt}
     */
    public Optional<Receipt> receipt(Hash txHash) {
        return reader.receipt(txHash);
    }

    /**
     * @param sender an address
     * @return its next nonce at the head; see {@link ChainReader#nonce}
     */
    public long nonce(Address sender) {
        return reader.nonce(sender);
    }

    /**
     * @param account an address
     * @return its key if permitted at the head; see {@link ChainReader#accountKey}
     */
    public Optional<Bytes> accountKey(Address account) {
        return reader.accountKey(account);
    }

    /**
     * @param contract a contract address (or a system table)
     * @param key a state key
     * @return the value at the head; see {@link ChainReader#get}
     */
    public Optional<Bytes> get(Address contract, Bytes key) {
        return reader.get(contract, key);
    }

    /**
     * @return the head's state; see {@link ChainReader#state()}
     */
    public StateView state() {
        return reader.state();
    }

    /**
     * @param contract a table
     * @param key an entry's key
     * @return the proof of its value or absence at the head; see {@link ChainReader#proof}
     */
    public StateProof proof(Address contract, Bytes key) {
        return reader.proof(contract, key);
    }

    /**
     * @return the head's state root recomputed from its entries; see
     *     {@link ChainReader#recomputeStateRoot()}
     */
    public Hash recomputeStateRoot() {
        return reader.recomputeStateRoot();
    }

    /**
     * @param contract the contract's address
     * @param method the query name
     * @param args the query's arguments
     * @return the answer at the head; see {@link ChainReader#query(Address, String, Bytes)}
     */
    public QueryResult query(Address contract, String method, Bytes args) {
        return reader.query(contract, method, args);
    }

    /**
     * @param tx a transaction
     * @return the cheap admission checks; see {@link ChainReader#precheck}
     */
    public Validation precheck(Transaction tx) {
        return reader.precheck(tx);
    }

    /**
     * @param tx a transaction
     * @return the signature check; see {@link ChainReader#authenticate}
     */
    public Validation authenticate(Transaction tx) {
        return reader.authenticate(tx);
    }

    /**
     * @return the headers of the blocks held for being stamped in the future, earliest first
     */
    public List<BlockHeader> heldBlocks() {
        return held.headers();
    }

    // ------------------------------------------------------------------ listeners

    /**
     * @param listener receives new heads, reorganisations and finality, from the next import on
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

    // ------------------------------------------------------------------ building

    /**
     * Builds an unsealed block on the head, with empty consensus data; see
     * {@link #buildBlock(Hash, List, long, Bytes)}.
     *
     * @param candidates transactions in the order to try them
     * @param timestamp the block timestamp in milliseconds; raised to the parent's plus the block
     *     period if earlier
     * @return the block, its receipts and the skipped candidates with the reasons
     * @throws IllegalArgumentException if there are more than {@link Block#MAX_TRANSACTIONS}
     * @throws IllegalStateException if no timestamp can follow the head's
     * @throws StorageException if the store fails
     */
    public BuiltBlock buildBlock(List<Transaction> candidates, long timestamp) {
        return buildBlock(head().hash(), candidates, timestamp, Bytes.EMPTY);
    }

    /**
     * Builds an unsealed block on any stored block whose state is retained: executes the
     * candidates in order on the parent's state, leaving out those that cannot execute (wrong
     * chain id, sender not permitted, wrong nonce, unknown contract, bad signature) or whose call
     * raised an {@link Error}, and computes the roots. Nothing is committed; seal the header
     * (the consensus data is covered by the sealing hash) and {@link #importBlock} it, which then
     * reuses this execution.
     *
     * @param parent the parent block's hash
     * @param candidates transactions in the order to try them
     * @param timestamp the block timestamp in milliseconds; raised to the parent's plus the block
     *     period if earlier
     * @param consensusData the consensus data to put in the header, at most
     *     {@link BlockHeader#MAX_CONSENSUS_DATA_BYTES}
     * @return the block, its receipts and the skipped candidates with the reasons
     * @throws IllegalArgumentException if there are more than {@link Block#MAX_TRANSACTIONS}
     *     candidates, the consensus data is too long, or the parent is unknown or its state no
     *     longer retained
     * @throws IllegalStateException if no timestamp can follow the parent's (it is within the
     *     block period of {@link Long#MAX_VALUE})
     * @throws StorageException if the store fails
     */
    public BuiltBlock buildBlock(Hash parent, List<Transaction> candidates, long timestamp, Bytes consensusData) {
        Objects.requireNonNull(parent, "parent");
        Objects.requireNonNull(consensusData, "consensusData");
        if (candidates.size() > Block.MAX_TRANSACTIONS) {
            throw new IllegalArgumentException("at most " + Block.MAX_TRANSACTIONS + " candidates, was "
                    + candidates.size());
        }
        if (consensusData.size() > BlockHeader.MAX_CONSENSUS_DATA_BYTES) {
            throw new IllegalArgumentException("consensusData of " + consensusData.size() + " bytes");
        }
        lock.lock();
        try {
            BlockHeader p = store.header(parent)
                    .orElseThrow(() -> new IllegalArgumentException("unknown parent " + parent));
            if (trie.version(parent).isEmpty()) {
                throw new IllegalArgumentException("the state of parent " + parent + " is no longer retained");
            }
            long earliest = earliestChildTimestamp(p);
            if (earliest < 0) {
                throw new IllegalStateException("no timestamp can follow the parent's " + p.timestamp());
            }
            long ts = Math.max(timestamp, earliest);
            BlockExecutor.Execution ex = executor.execute(p.stateRoot(), p.number() + 1, ts,
                    reader.medianTimestamp(store, p), candidates, true);
            BlockHeader header = new BlockHeader(parent, p.number() + 1, ts, Block.transactionsRoot(ex.included),
                    ex.stateRoot, ex.receiptsRoot, consensusData.copy(), Bytes.EMPTY);
            ex.header = header;
            lastBuilt = new Built(parent, ts, header.transactionsRoot(), ex);
            return new BuiltBlock(new Block(header, ex.included), ex.receipts, ex.skipped);
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------ import

    /**
     * Validates, executes and stores a block on any stored (or held) parent, after importing any
     * held block whose time has come; applies fork choice and finality. Never throws for a bad
     * block.
     *
     * @param block the block, untrusted
     * @return what happened (see {@link ImportResult.Status}); only an imported block changed
     *     anything
     * @throws StorageException only if the storage itself fails
     */
    public ImportResult importBlock(Block block) {
        Objects.requireNonNull(block, "block");
        lock.lock();
        try {
            Notices notices = new Notices();
            importDue(notices);
            ImportResult r = importOne(block, notices);
            notices.rethrow();
            return r;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Imports every held block whose time has come (its timestamp at most this node's clock plus
     * the drift) and whose parent is stored, earliest first, and forgets held blocks that can no
     * longer become canonical (at or below the finalised block). A node calls it when its clock
     * advances; {@link #importBlock} calls it first.
     *
     * @return the results of the held blocks it tried, in order (empty if none was due)
     * @throws StorageException if the storage fails
     */
    public List<ImportResult> importHeld() {
        lock.lock();
        try {
            Notices notices = new Notices();
            List<ImportResult> results = importDue(notices);
            notices.rethrow();
            return results;
        } finally {
            lock.unlock();
        }
    }

    private List<ImportResult> importDue(Notices notices) {
        List<ImportResult> results = new ArrayList<>();
        while (true) {
            Optional<Block> due = held.takeDue(latestImportableTimestamp(), store::contains);
            if (due.isEmpty()) {
                break;
            }
            results.add(importOne(due.get(), notices));
        }
        held.dropStale(tips.finalized().number());
        return results;
    }

    private ImportResult importOne(Block block, Notices notices) {
        BlockHeader h = block.header();
        Hash hash = h.hash();
        if (store.contains(hash)) {
            return new ImportResult(ImportResult.Status.ALREADY_KNOWN, "", List.of(), List.of(), List.of());
        }
        if (held.contains(hash)) {
            return ImportResult.of(ImportResult.Status.HELD, "already held: timestamp " + h.timestamp()
                    + " is more than " + maxDrift + " ms ahead of this node's clock");
        }
        ChainReader.Tips t = tips;
        BlockHeader parent = store.header(h.parentHash()).orElse(null);
        boolean parentHeld = false;
        if (parent == null) {
            parent = held.header(h.parentHash()).orElse(null);
            if (parent == null) {
                return ImportResult.of(ImportResult.Status.UNKNOWN_PARENT, "parent " + h.parentHash() + " is unknown");
            }
            parentHeld = true;
        }
        if (h.number() != parent.number() + 1) {
            return ImportResult.rejected("number " + h.number() + " does not follow " + parent.number());
        }
        long earliest = earliestChildTimestamp(parent);
        if (earliest < 0) {
            return ImportResult.rejected("no timestamp can follow the parent's " + parent.timestamp());
        }
        if (h.timestamp() < earliest) {
            return ImportResult.rejected("timestamp " + h.timestamp() + " before the parent's " + parent.timestamp()
                    + " + the block period " + blockPeriod);
        }
        String conflict = parentHeld ? belowFinalized(h, t.finalized()) : finalityConflict(parent, t.finalized());
        if (conflict != null) {
            return ImportResult.of(ImportResult.Status.BELOW_FINALIZED, conflict);
        }
        HeaderView view = importView(h);
        Validation seal;
        try {
            seal = hook.verify(view, h);
        } catch (RuntimeException e) {
            return hookFailed("verify", e);
        }
        if (!seal.valid()) {
            return ImportResult.rejected("bad seal: " + seal.reason());
        }
        if (!Block.transactionsRoot(block.transactions()).equals(h.transactionsRoot())) {
            return ImportResult.rejected("transactions root mismatch");
        }
        if (parentHeld || h.timestamp() > latestImportableTimestamp()) {
            if (!held.offer(block, block.encode().size())) {
                return ImportResult.of(ImportResult.Status.NOT_PROCESSED, "timestamp " + h.timestamp()
                        + " is in the future and the queue of held blocks is full of earlier ones");
            }
            return ImportResult.of(ImportResult.Status.HELD, parentHeld
                    ? "its parent is held for being stamped in the future"
                    : "timestamp " + h.timestamp() + " is more than " + maxDrift
                            + " ms ahead of this node's clock; held until then");
        }
        if (trie.version(parent.hash()).isEmpty()) {
            return ImportResult.of(ImportResult.Status.NOT_PROCESSED, "the state of parent " + parent.hash()
                    + " is no longer retained");
        }
        BlockExecutor.Execution ex;
        Built built = lastBuilt;
        lastBuilt = null;
        try {
            if (built != null && built.matches(h)) {
                ex = built.execution();
            } else {
                ex = executor.execute(parent.stateRoot(), h.number(), h.timestamp(),
                        reader.medianTimestamp(view, parent), block.transactions(), false);
            }
        } catch (StorageException e) {
            throw e;
        } catch (RuntimeException | VirtualMachineError e) {
            // Ledger code itself failed (out of memory, or a bug reached by this block): not a
            // judgement on the block.
            return ImportResult.of(ImportResult.Status.NOT_PROCESSED,
                    "could not execute the block on this node: " + e.getClass().getSimpleName());
        }
        if (ex.localFailure != null) {
            return ImportResult.of(ImportResult.Status.NOT_PROCESSED, ex.localFailure);
        }
        if (ex.invalid != null) {
            return ImportResult.rejected(ex.invalid);
        }
        if (!ex.receiptsRoot.equals(h.receiptsRoot())) {
            return ImportResult.rejected("receipts root mismatch: computed " + ex.receiptsRoot);
        }
        if (!ex.stateRoot.equals(h.stateRoot())) {
            return ImportResult.rejected("state root mismatch: computed " + ex.stateRoot);
        }
        return store(block, parent, ex, view, t, notices);
    }

    /** Fork choice, finality, the atomic commit, listeners and pruning for a valid block. */
    private ImportResult store(Block block, BlockHeader parent, BlockExecutor.Execution ex, HeaderView view,
            ChainReader.Tips t, Notices notices) {
        BlockHeader h = block.header();
        Hash hash = h.hash();
        int preference;
        try {
            preference = hook.compare(view, h, t.head());
        } catch (RuntimeException e) {
            return hookFailed("compare", e);
        }
        StorageBatch batch = new StorageBatch();
        List<BlockHeader> added = List.of();
        List<BlockHeader> dropped = List.of();
        BlockHeader fin = t.finalized();
        boolean finalityMoved = false;
        if (preference > 0) {
            added = branchAbove(h, parent);
            long fork = added.get(0).number() - 1;
            dropped = canonicalRange(fork + 1, t.head().number());
            BlockHeader named;
            try {
                Hash f = hook.finalized(view, h);
                named = view.ancestor(h, view.header(f).map(BlockHeader::number).orElse(-1L))
                        .filter(a -> a.hash().equals(f)).orElse(null);
            } catch (RuntimeException e) {
                return hookFailed("finalized", e);
            }
            if (named == null) {
                return ImportResult.of(ImportResult.Status.NOT_PROCESSED,
                        "the consensus named a final block that is not on the new head's branch");
            }
            if (named.number() > fin.number()) {
                fin = named;
                finalityMoved = true;
            }
        }
        // One batch, in this order: the state, the block with its receipts and indexes, then (for a
        // new head) the canonical index and the head and finalised pointers.
        try {
            trie.commit(ex.changes, hash, parent.hash(), batch);
        } catch (IllegalArgumentException | IllegalStateException | LedgerException e) {
            return ImportResult.of(ImportResult.Status.NOT_PROCESSED, "could not record the block's state: "
                    + e.getMessage());
        }
        store.putBlock(batch, block, ex.receipts);
        if (preference > 0) {
            for (BlockHeader a : added) {
                store.putCanonical(batch, a.number(), a.hash());
            }
            for (long n = h.number() + 1; n <= t.head().number(); n++) {
                store.deleteCanonical(batch, n);
            }
            store.putHead(batch, hash);
            if (finalityMoved) {
                store.putFinalized(batch, fin.hash());
            }
        }
        commit(batch);
        if (preference <= 0) {
            return new ImportResult(ImportResult.Status.SIDE_BLOCK, "", ex.receipts, List.of(), List.of());
        }
        BlockHeader finalFin = fin;
        tips = new ChainReader.Tips(h, fin);
        if (!dropped.isEmpty()) {
            List<BlockHeader> d = dropped;
            List<BlockHeader> a = added;
            notices.tell(listeners, l -> l.onReorganization(d, a));
        }
        notices.tell(listeners, l -> l.onNewHead(h));
        if (finalityMoved) {
            notices.tell(listeners, l -> l.onFinalized(finalFin));
            prune(fin);
            held.dropStale(fin.number());
        }
        return new ImportResult(dropped.isEmpty() ? ImportResult.Status.NEW_HEAD : ImportResult.Status.REORGANIZED,
                "", ex.receipts, dropped, added);
    }

    private static ImportResult hookFailed(String call, RuntimeException e) {
        return ImportResult.of(ImportResult.Status.NOT_PROCESSED, "the consensus hook's " + call + " failed: "
                + e.getClass().getSimpleName());
    }

    private void commit(StorageBatch batch) {
        try {
            kv.commit(batch);
        } catch (RuntimeException e) {
            trie.abandon();
            throw e;
        }
    }

    private void prune(BlockHeader fin) {
        try {
            trie.prune(fin.hash());
        } catch (StorageException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new StorageException("pruning state for finalised block " + fin.hash() + " failed: "
                    + e.getMessage(), e);
        }
    }

    /**
     * Why a block whose parent is stored can never become canonical here, or null: its parent must
     * be the finalised block or a descendant of it. Walks the parent's branch down to the
     * canonical chain (O(side-branch length)).
     */
    private String finalityConflict(BlockHeader parent, BlockHeader fin) {
        BlockHeader c = parent;
        while (!store.isCanonical(c)) {
            if (c.number() <= fin.number()) {
                break;
            }
            Hash p = c.parentHash();
            c = store.header(p).orElseThrow(() -> new StorageException("ancestor " + p + " missing from storage"));
        }
        if (c.number() < fin.number() || (c.number() == fin.number() && !c.hash().equals(fin.hash()))) {
            return "its branch leaves the canonical chain at height " + (c.number() + 1)
                    + ", at or below the finalised block " + fin.number() + " (" + fin.hash() + ")";
        }
        return null;
    }

    private static String belowFinalized(BlockHeader h, BlockHeader fin) {
        return h.number() <= fin.number() ? "height " + h.number() + " is not above the finalised block "
                + fin.number() + " (" + fin.hash() + ")" : null;
    }

    /** The new head's blocks that are not canonical yet, oldest first (ending with {@code h}). */
    private List<BlockHeader> branchAbove(BlockHeader h, BlockHeader parent) {
        List<BlockHeader> out = new ArrayList<>();
        out.add(h);
        BlockHeader c = parent;
        while (!store.isCanonical(c)) {
            out.add(c);
            Hash p = c.parentHash();
            c = store.header(p).orElseThrow(() -> new StorageException("ancestor " + p + " missing from storage"));
        }
        Collections.reverse(out);
        return out;
    }

    private List<BlockHeader> canonicalRange(long from, long to) {
        List<BlockHeader> out = new ArrayList<>();
        for (long n = from; n <= to; n++) {
            long at = n;
            Hash hash = store.canonical(n)
                    .orElseThrow(() -> new StorageException("canonical block " + at + " missing from the index"));
            out.add(store.header(hash)
                    .orElseThrow(() -> new StorageException("canonical block " + hash + " missing from storage")));
        }
        return out;
    }

    /** The stored headers, the held ones and the block being judged. */
    private HeaderView importView(BlockHeader pending) {
        Hash pendingHash = pending.hash();
        return hash -> {
            if (hash.equals(pendingHash)) {
                return Optional.of(pending);
            }
            Optional<BlockHeader> s = store.header(hash);
            return s.isPresent() ? s : held.header(hash);
        };
    }

    /** The parent's timestamp plus the block period, or -1 if that overflows. */
    private long earliestChildTimestamp(BlockHeader parent) {
        return parent.timestamp() > Long.MAX_VALUE - blockPeriod ? -1 : parent.timestamp() + blockPeriod;
    }

    /** This node's clock plus the drift, saturated. */
    private long latestImportableTimestamp() {
        long now = clock.getAsLong();
        return now > Long.MAX_VALUE - maxDrift ? Long.MAX_VALUE : now + maxDrift;
    }

    /** Listener calls of one import, and the first exception a listener threw. */
    private static final class Notices {
        private RuntimeException failure;

        void tell(List<ChainListener> listeners, Consumer<ChainListener> call) {
            for (ChainListener l : listeners) {
                try {
                    call.accept(l);
                } catch (RuntimeException e) {
                    if (failure == null) {
                        failure = e;
                    } else {
                        failure.addSuppressed(e);
                    }
                }
            }
        }

        void rethrow() {
            if (failure != null) {
                throw failure;
            }
        }
    }

    // ------------------------------------------------------------------ integrity

    /**
     * Checks the whole store against itself: the canonical index from the head down to the
     * genesis (numbers, parent links, stored blocks and receipts, transaction index entries), the
     * head and finalised pointers, the head's state (recomputed from its entries), every retained
     * state version against its block, and the state trie's own tables (see
     * {@link TrieStore#checkIntegrity()}). For operators and tests, after a crash or a disk
     * problem. Takes the import lock; costs O(blocks + transactions + state nodes).
     *
     * @return the problems found, empty for an intact store
     * @throws StorageException if the storage fails
     */
    public List<String> checkIntegrity() {
        lock.lock();
        try {
            List<String> problems = new ArrayList<>();
            ChainReader.Tips t = tips;
            if (!store.head().equals(Optional.of(t.head().hash()))) {
                problems.add("stored head " + store.head() + " is not the chain's head " + t.head().hash());
            }
            if (!store.finalized().equals(Optional.of(t.finalized().hash()))) {
                problems.add("stored finalised block " + store.finalized() + " is not " + t.finalized().hash());
            }
            Hash expected = t.head().hash();
            for (long n = t.head().number(); n >= 0; n--) {
                Optional<Hash> at = store.canonical(n);
                if (!at.equals(Optional.of(expected))) {
                    problems.add("canonical index at " + n + " is " + at + ", expected " + expected);
                    break;
                }
                Optional<Block> b = store.block(expected);
                if (b.isEmpty() || b.get().header().number() != n) {
                    problems.add("canonical block " + expected + " at " + n + " missing or misnumbered");
                    break;
                }
                checkBlock(b.get(), problems);
                expected = b.get().header().parentHash();
            }
            long top = t.head().number();
            store.forEachCanonical((n, hash) -> {
                if (n > top) {
                    problems.add("canonical index entry above the head at " + n);
                }
            });
            if (!reader.isCanonical(t.finalized().hash())) {
                problems.add("finalised block " + t.finalized().hash() + " is not canonical");
            }
            store.forEachBlock(hash -> {
                if (!store.hasReceipts(hash)) {
                    problems.add("block " + hash + " has no receipts");
                }
                Optional<TrieVersion> v = trie.version(hash);
                if (v.isPresent() && !v.get().root().equals(store.header(hash).orElseThrow().stateRoot())) {
                    problems.add("state version " + hash + " has root " + v.get().root() + ", its block another");
                }
            });
            try {
                Hash recomputed = reader.recomputeStateRoot();
                if (!recomputed.equals(t.head().stateRoot())) {
                    problems.add("head state recomputes to " + recomputed + ", header says " + t.head().stateRoot());
                }
            } catch (LedgerException e) {
                problems.add("head state unreadable: " + e.getMessage());
            }
            for (String p : trie.checkIntegrity()) {
                problems.add("state trie: " + p);
            }
            for (Hash id : trie.versionIds()) {
                if (!store.contains(id)) {
                    problems.add("state version " + id + " has no stored block");
                }
            }
            return problems;
        } finally {
            lock.unlock();
        }
    }

    private void checkBlock(Block b, List<String> problems) {
        Hash hash = b.hash();
        List<Receipt> rs = store.receipts(hash);
        if (rs.size() != b.transactions().size()) {
            problems.add("block " + hash + " has " + rs.size() + " receipts for " + b.transactions().size()
                    + " transactions");
        }
        for (Transaction tx : b.transactions()) {
            if (store.canonicalLocation(tx.hash()).map(l -> !l.block().equals(hash)).orElse(true)) {
                problems.add("transaction " + tx.hash() + " of canonical block " + hash + " is not indexed there");
            }
        }
    }
}
