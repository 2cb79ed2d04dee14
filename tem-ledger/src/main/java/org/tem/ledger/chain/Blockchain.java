package org.tem.ledger.chain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.rlp.RLP;
import org.tem.api.contract.Contract;
import org.tem.api.contract.ContractException;
import org.tem.api.contract.Limits;
import org.tem.ledger.LedgerException;
import org.tem.ledger.Validation;
import org.tem.ledger.block.Block;
import org.tem.ledger.block.BlockHeader;
import org.tem.ledger.crypto.Address;
import org.tem.ledger.crypto.Hash;
import org.tem.ledger.internal.ContractContext;
import org.tem.ledger.internal.Layout;
import org.tem.ledger.internal.Overlay;
import org.tem.ledger.internal.StateRoots;
import org.tem.ledger.merkle.MerkleProof;
import org.tem.ledger.merkle.MerkleTree;
import org.tem.ledger.permission.Permissions;
import org.tem.ledger.state.StateProof;
import org.tem.ledger.storage.KeyValueStorage;
import org.tem.ledger.storage.StorageBatch;
import org.tem.ledger.storage.StorageException;
import org.tem.ledger.tx.Receipt;
import org.tem.ledger.tx.Transaction;

/**
 * One node's copy of a chain over a {@link KeyValueStorage}: block building, block import,
 * state reads, state proofs and contract queries.
 *
 * <p>The chain is linear: a block is imported only on top of the current head (fork choice, if
 * any, is the consensus engine's business, above this class). Import checks, in order: not
 * already known, parent is the head (or a held block), number is the parent's + 1, timestamp at
 * least the parent's plus the genesis' block period, the seal (through the {@link SealVerifier}),
 * the transactions root; then, if the timestamp is further ahead of this node's clock than the
 * genesis' drift allows, the block is <em>held</em> (see {@link ImportResult.Status#HELD});
 * otherwise every transaction is checked and executed (chain id, a sender on the permissions
 * list, its next nonce, a registered contract, the signature against the sender's listed key),
 * and the receipts root and state root are compared; then the block, its receipts, the state
 * changes and the new head are committed in one atomic batch. A block that is not imported
 * changes nothing.
 *
 * <p>{@link #importBlock} never throws for a bad block: it returns a result with the reason. The
 * one exception it lets through is {@link StorageException}, a failure of this node's store.
 *
 * <p>Execution is deterministic: contracts see only the transaction, the header's number and
 * timestamp, the median timestamp, and their own state. A call that throws a
 * {@link RuntimeException} (or breaks a {@link Limits} rule) yields a failed receipt and changes
 * no contract state; its nonce is still used. A call that raises an {@link Error} is not a
 * deterministic outcome and never becomes a receipt: the builder leaves the transaction out
 * (with the reason in {@link BuiltBlock#skipped()}), and an import reports
 * {@link ImportResult.Status#NOT_PROCESSED} without marking the block invalid.
 *
 * <p>Thread-safe: every method that reads or changes the chain is synchronized on the instance.
 */
public final class Blockchain {

    /** The name of the account-nonce pseudo-contract at the zero address. */
    public static final String NONCES = "nonces";

    /** The most blocks held for being stamped in the future. */
    public static final int MAX_HELD_BLOCKS = 32;

    /** The most encoded bytes of blocks held for being stamped in the future (64 MiB). */
    public static final long MAX_HELD_BYTES = 64L * 1024 * 1024;

    private final KeyValueStorage storage;
    private final long chainId;
    private final long blockPeriod;
    private final long maxDrift;
    private final SealVerifier sealVerifier;
    private final LongSupplier clock;
    private final BlockExecutor executor;
    private final HeldBlocks held = new HeldBlocks(MAX_HELD_BLOCKS, MAX_HELD_BYTES);
    private final Hash genesisHash;
    private BlockHeader head;
    private BlockExecutor.Execution lastBuilt;

    private Blockchain(KeyValueStorage storage, Genesis genesis, SealVerifier sealVerifier, LongSupplier clock) {
        this.storage = storage;
        this.chainId = genesis.chainId();
        this.blockPeriod = genesis.blockPeriodMillis();
        this.maxDrift = genesis.maxFutureDriftMillis();
        this.sealVerifier = sealVerifier;
        this.clock = clock;
        this.executor = new BlockExecutor(storage, genesis);
        BlockExecutor.Execution g = executor.genesis(genesis);
        this.genesisHash = g.header.hash();
        Optional<byte[]> stored = storage.get(Layout.number(0));
        if (stored.isEmpty()) {
            commit(new Block(g.header, List.of()), g);
        } else if (!Arrays.equals(stored.get(), genesisHash.toArray())) {
            throw new IllegalArgumentException("storage holds a different chain: genesis "
                    + Bytes.wrap(stored.get()) + ", expected " + genesisHash);
        }
        byte[] headHash = storage.get(Layout.HEAD)
                .orElseThrow(() -> new StorageException("storage has a genesis but no head"));
        this.head = storedHeader(Hash.of(headHash))
                .orElseThrow(() -> new StorageException("head block missing from storage"));
    }

    /**
     * Opens a chain whose importer clock is the system clock; see
     * {@link #open(KeyValueStorage, Genesis, SealVerifier, LongSupplier)}.
     *
     * @param storage the store; the chain does not close it
     * @param genesis the chain's definition
     * @param sealVerifier the consensus hook checking imported seals
     * @return the chain
     * @throws IllegalArgumentException if the storage holds a chain with another genesis
     * @throws StorageException if the storage is corrupt or fails
     */
    public static Blockchain open(KeyValueStorage storage, Genesis genesis, SealVerifier sealVerifier) {
        return open(storage, genesis, sealVerifier, System::currentTimeMillis);
    }

    /**
     * Opens a chain: writes the genesis block into empty storage, or resumes from the head
     * stored in it.
     *
     * @param storage the store; the chain does not close it
     * @param genesis the chain's definition
     * @param sealVerifier the consensus hook checking imported seals
     * @param clock this node's clock, milliseconds since the epoch, against which imported
     *     blocks' timestamps are judged (injected so that tests are deterministic)
     * @return the chain
     * @throws IllegalArgumentException if the storage holds a chain with another genesis
     * @throws StorageException if the storage is corrupt or fails
     */
    public static Blockchain open(KeyValueStorage storage, Genesis genesis, SealVerifier sealVerifier,
            LongSupplier clock) {
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(genesis, "genesis");
        Objects.requireNonNull(sealVerifier, "sealVerifier");
        Objects.requireNonNull(clock, "clock");
        return new Blockchain(storage, genesis, sealVerifier, clock);
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
     * @return the header of the latest committed block
     */
    public synchronized BlockHeader head() {
        return head;
    }

    /**
     * @param address a contract address
     * @return the methods the contract accepts, or empty if no contract is registered there
     */
    public Optional<Set<String>> methods(Address address) {
        Contract c = executor.contract(address);
        return c == null ? Optional.empty() : Optional.of(c.methods());
    }

    /**
     * @return the registered contracts' names by address (without the nonce table, with the
     *     {@link Permissions} system contract), sorted
     */
    public NavigableMap<Address, String> contracts() {
        NavigableMap<Address, String> m = new TreeMap<>(executor.names());
        m.remove(Address.ZERO);
        return Collections.unmodifiableNavigableMap(m);
    }

    /**
     * @param number a block number
     * @return the committed block with that number, or empty if beyond the head
     * @throws StorageException if the store fails or holds a block that does not decode
     */
    public synchronized Optional<Block> block(long number) {
        return storage.get(Layout.number(number)).flatMap(h -> block(Hash.of(h)));
    }

    /**
     * @param hash a block hash
     * @return the committed block with that hash, or empty
     * @throws StorageException if the store fails or holds a block that does not decode
     */
    public synchronized Optional<Block> block(Hash hash) {
        return storage.get(Layout.hashKey(Layout.BLOCK, hash)).map(b -> {
            try {
                return Block.decode(Bytes.wrap(b));
            } catch (LedgerException e) {
                throw new StorageException("stored block " + hash + " does not decode: " + e.getMessage(), e);
            }
        });
    }

    /**
     * @param blockHash a committed block's hash
     * @return its receipts in transaction order, or an empty list if the block is unknown
     * @throws StorageException if the store fails or holds receipts that do not decode
     */
    public synchronized List<Receipt> receipts(Hash blockHash) {
        Optional<byte[]> enc = storage.get(Layout.hashKey(Layout.RECEIPTS, blockHash));
        if (enc.isEmpty()) {
            return List.of();
        }
        List<Receipt> out = new ArrayList<>();
        try {
            RLP.decodeList(Bytes.wrap(enc.get()), r -> {
                while (!r.isComplete()) {
                    if (out.size() >= Block.MAX_TRANSACTIONS) {
                        throw new LedgerException("more receipts than a block can hold");
                    }
                    out.add(Receipt.decode(r.readValue()));
                }
                return null;
            });
        } catch (RuntimeException e) {
            throw new StorageException("stored receipts of " + blockHash + " do not decode: " + e.getMessage(), e);
        }
        return out;
    }

    /**
     * @param txHash a transaction hash
     * @return the receipt of the committed transaction, or empty if it is not in the chain
     * @throws StorageException if the store fails or is inconsistent
     */
    public synchronized Optional<Receipt> receipt(Hash txHash) {
        Optional<byte[]> loc = storage.get(Layout.hashKey(Layout.TX, txHash));
        if (loc.isEmpty()) {
            return Optional.empty();
        }
        long[] l;
        try {
            l = RLP.decodeList(Bytes.wrap(loc.get()), r -> new long[] {r.readLong(), r.readLong()});
        } catch (RuntimeException e) {
            throw new StorageException("stored location of " + txHash + " does not decode", e);
        }
        Hash blockHash = storage.get(Layout.number(l[0])).map(Hash::of)
                .orElseThrow(() -> new StorageException("transaction " + txHash + " in a missing block"));
        List<Receipt> rs = receipts(blockHash);
        if (l[1] < 0 || l[1] >= rs.size()) {
            throw new StorageException("transaction " + txHash + " at a missing receipt index " + l[1]);
        }
        return Optional.of(rs.get((int) l[1]));
    }

    /**
     * @param sender an address
     * @return the nonce its next transaction must carry (0 if it never sent one)
     */
    public synchronized long nonce(Address sender) {
        return BlockExecutor.readNonce(storage.get(BlockExecutor.nonceKey(sender)));
    }

    /**
     * @param account an address
     * @return its 64-byte public key if the account may send transactions at the head, else
     *     empty
     */
    public synchronized Optional<Bytes> accountKey(Address account) {
        return storage.get(BlockExecutor.permissionKey(account)).map(Bytes::wrap);
    }

    /**
     * @param contract a contract address
     * @param key a state key
     * @return the committed value at the head, or empty if absent
     */
    public synchronized Optional<Bytes> get(Address contract, Bytes key) {
        return storage.get(Layout.key(Layout.STATE, contract.toArray(), key.toArrayUnsafe())).map(Bytes::wrap);
    }

    /**
     * Proves a state entry at the head against {@code head().stateRoot()}.
     *
     * @param contract a contract address (or {@link Address#ZERO} for the nonce table)
     * @param key the entry's key
     * @return the proof, or empty if the contract or the key does not exist
     */
    public synchronized Optional<StateProof> proof(Address contract, Bytes key) {
        String name = executor.names().get(contract);
        if (name == null) {
            return Optional.empty();
        }
        TreeMap<byte[], byte[]> entries = StateRoots.entries(storage, null, contract);
        byte[] k = key.toArrayUnsafe();
        if (!entries.containsKey(k)) {
            return Optional.empty();
        }
        int index = entries.headMap(k, false).size();
        List<Bytes> leaves = StateRoots.leaves(entries);
        Hash contractRoot = MerkleTree.root(leaves);
        MerkleProof entryProof = MerkleTree.proof(leaves, index);
        List<Bytes> worldLeaves = new ArrayList<>();
        int worldIndex = 0;
        for (Map.Entry<Address, String> e : executor.names().entrySet()) {
            if (e.getKey().equals(contract)) {
                worldIndex = worldLeaves.size();
            }
            worldLeaves.add(StateProof.contractLeaf(e.getKey(), e.getValue(), executor.storedRoot(e.getKey())));
        }
        return Optional.of(new StateProof(contract, name, key.copy(), Bytes.wrap(entries.get(k)),
                contractRoot, entryProof, MerkleTree.proof(worldLeaves, worldIndex)));
    }

    /**
     * Recomputes the world-state root from every stored state entry, ignoring cached contract
     * roots: an integrity check of the store against {@code head().stateRoot()}.
     *
     * @return the recomputed root
     */
    public synchronized Hash recomputeStateRoot() {
        List<Bytes> leaves = new ArrayList<>();
        for (Map.Entry<Address, String> e : executor.names().entrySet()) {
            Hash root = StateRoots.root(StateRoots.entries(storage, null, e.getKey()));
            leaves.add(StateProof.contractLeaf(e.getKey(), e.getValue(), root));
        }
        return MerkleTree.root(leaves);
    }

    /**
     * Runs a read-only query against the head state.
     *
     * @param contract the contract's address
     * @param method the query name
     * @param args the query's argument bytes, at most {@link Limits#MAX_ARGS_BYTES}
     * @return the answer, or a failure with the reason (unknown contract, the contract's
     *     {@link ContractException} message, oversized arguments, any other exception or error
     *     the query raised)
     * @throws StorageException if the store fails
     */
    public synchronized QueryResult query(Address contract, String method, Bytes args) {
        Contract c = executor.contract(contract);
        if (c == null) {
            return QueryResult.failed("unknown contract " + contract);
        }
        if (args.size() > Limits.MAX_ARGS_BYTES) {
            return QueryResult.failed("arguments too large: " + args.size() + " bytes");
        }
        ContractContext ctx = new ContractContext(contract, null, head.number(), head.timestamp(),
                medianTimestamp(head), new Overlay(storage), true);
        byte[] out;
        try {
            out = c.query(ctx, method, args.toArray());
        } catch (StorageException e) {
            throw e;
        } catch (ContractException e) {
            return QueryResult.failed(BlockExecutor.reason(e.getMessage(), "query rejected"));
        } catch (RuntimeException | Error e) {
            return QueryResult.failed("query error: " + e.getClass().getSimpleName());
        }
        if (ctx.storageFailure() != null) {
            throw ctx.storageFailure();
        }
        if (out == null) {
            return QueryResult.failed("query returned null");
        }
        return new QueryResult(true, Bytes.wrap(out.clone()), "");
    }

    /**
     * The cheap checks of a transaction against the head state, without any signature work:
     * chain id, that the sender is permitted, that its nonce is not already used, and that the
     * contract and method exist. The mempool runs it before {@link #authenticate}.
     *
     * @param tx the transaction
     * @return valid, or invalid with a reason
     * @throws StorageException if the store fails
     */
    public synchronized Validation precheck(Transaction tx) {
        if (tx.chainId() != chainId) {
            return Validation.invalid("wrong chain id: expected " + chainId + ", was " + tx.chainId());
        }
        if (accountKey(tx.sender()).isEmpty()) {
            return Validation.invalid("sender " + tx.sender() + " is not permitted");
        }
        long expected = nonce(tx.sender());
        if (tx.nonce() < expected) {
            return Validation.invalid("nonce too low (replayed): expected " + expected + ", was " + tx.nonce());
        }
        Contract c = executor.contract(tx.to());
        if (c == null) {
            return Validation.invalid("unknown contract " + tx.to());
        }
        if (!c.methods().contains(tx.method())) {
            return Validation.invalid("unknown method " + tx.method() + " of contract " + c.name());
        }
        return Validation.ok();
    }

    /**
     * Verifies a transaction's signature against the key the head state lists for its sender
     * (the result is cached in the transaction, see {@link Transaction#verifySignature}). Not
     * synchronized while verifying, so admissions can verify in parallel.
     *
     * @param tx the transaction
     * @return valid, or invalid with the reason (sender not permitted, bad signature)
     * @throws StorageException if the store fails
     */
    public Validation authenticate(Transaction tx) {
        Optional<Bytes> key = accountKey(tx.sender());
        if (key.isEmpty()) {
            return Validation.invalid("sender " + tx.sender() + " is not permitted");
        }
        if (!tx.verifySignature(key.get())) {
            return Validation.invalid("bad signature: not signed by " + tx.sender());
        }
        return Validation.ok();
    }

    /**
     * Builds an unsealed block on the head: executes the candidates in order, leaving out those
     * that cannot execute (wrong chain id, sender not permitted, wrong nonce, unknown contract,
     * bad signature) or whose call raised an {@link Error}, and computes the roots. Nothing is
     * committed; seal the header and {@link #importBlock} it.
     *
     * @param candidates transactions in the order to try them
     * @param timestamp the block timestamp in milliseconds; raised to the parent's plus the block
     *     period if earlier
     * @return the block, its receipts and the skipped candidates with the reasons
     * @throws IllegalArgumentException if there are more than {@link Block#MAX_TRANSACTIONS}
     * @throws IllegalStateException if no timestamp can follow the head's (it is within the
     *     block period of {@link Long#MAX_VALUE})
     * @throws StorageException if the store fails
     */
    public synchronized BuiltBlock buildBlock(List<Transaction> candidates, long timestamp) {
        if (candidates.size() > Block.MAX_TRANSACTIONS) {
            throw new IllegalArgumentException("at most " + Block.MAX_TRANSACTIONS + " candidates, was "
                    + candidates.size());
        }
        long earliest = earliestChildTimestamp(head);
        if (earliest < 0) {
            throw new IllegalStateException("no timestamp can follow the head's " + head.timestamp());
        }
        long ts = Math.max(timestamp, earliest);
        BlockExecutor.Execution ex = executor.execute(head.number() + 1, ts, medianTimestamp(head), candidates, true);
        BlockHeader header = new BlockHeader(head.hash(), head.number() + 1, ts,
                Block.transactionsRoot(ex.included), ex.stateRoot, ex.receiptsRoot, Bytes.EMPTY);
        ex.header = header;
        lastBuilt = ex;
        return new BuiltBlock(new Block(header, ex.included), ex.receipts, ex.skipped);
    }

    /**
     * Validates, executes and commits a block on top of the head, after importing any held
     * block whose time has come. Never throws for a bad block.
     *
     * @param block the block, untrusted
     * @return imported with the receipts; already known; held (stamped beyond this node's clock
     *     plus the drift, queued); rejected with the reason; or not processed with the reason.
     *     Only an imported block changed anything.
     * @throws StorageException only if the storage itself fails
     */
    public synchronized ImportResult importBlock(Block block) {
        Objects.requireNonNull(block, "block");
        importHeld();
        return importOne(block);
    }

    /**
     * Imports every held block whose time has come (its timestamp at most this node's clock plus
     * the drift) on top of the head, in order, and forgets held blocks that can no longer follow
     * the head. A node calls it when its clock advances; {@link #importBlock} calls it first.
     *
     * @return the results of the held blocks it tried, in order (empty if none was due)
     * @throws StorageException if the storage fails
     */
    public synchronized List<ImportResult> importHeld() {
        List<ImportResult> results = new ArrayList<>();
        while (true) {
            long latest = latestImportableTimestamp();
            Optional<Block> due = held.takeDue(head.hash(), latest);
            if (due.isEmpty()) {
                break;
            }
            results.add(importOne(due.get()));
        }
        held.dropStale(head.number());
        return results;
    }

    /**
     * @return the headers of the blocks held for being stamped in the future, earliest first
     */
    public synchronized List<BlockHeader> heldBlocks() {
        return held.headers();
    }

    private ImportResult importOne(Block block) {
        BlockHeader h = block.header();
        Hash hash = h.hash();
        if (storage.get(Layout.hashKey(Layout.BLOCK, hash)).isPresent()) {
            return new ImportResult(ImportResult.Status.ALREADY_KNOWN, "", List.of());
        }
        if (held.contains(hash)) {
            return ImportResult.of(ImportResult.Status.HELD, "already held: timestamp " + h.timestamp()
                    + " is more than " + maxDrift + " ms ahead of this node's clock");
        }
        BlockHeader parent;
        if (h.parentHash().equals(head.hash())) {
            parent = head;
        } else {
            Optional<BlockHeader> heldParent = held.header(h.parentHash());
            if (heldParent.isEmpty()) {
                return ImportResult.rejected("parent " + h.parentHash() + " is not the head " + head.hash());
            }
            parent = heldParent.get();
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
        Validation seal;
        try {
            seal = sealVerifier.verify(h, parent);
        } catch (RuntimeException e) {
            seal = Validation.invalid("seal verifier failed: " + e.getClass().getSimpleName());
        }
        if (!seal.valid()) {
            return ImportResult.rejected("bad seal: " + seal.reason());
        }
        if (!Block.transactionsRoot(block.transactions()).equals(h.transactionsRoot())) {
            return ImportResult.rejected("transactions root mismatch");
        }
        if (parent != head || h.timestamp() > latestImportableTimestamp()) {
            if (!held.offer(block, block.encode().size())) {
                return ImportResult.of(ImportResult.Status.NOT_PROCESSED, "timestamp " + h.timestamp()
                        + " is in the future and the queue of held blocks is full of earlier ones");
            }
            return ImportResult.of(ImportResult.Status.HELD, "timestamp " + h.timestamp() + " is more than "
                    + maxDrift + " ms ahead of this node's clock; held until then");
        }
        BlockExecutor.Execution ex;
        BlockExecutor.Execution built = lastBuilt;
        lastBuilt = null;
        try {
            if (built != null && built.header.sealingHash().equals(h.sealingHash())) {
                ex = built;
            } else {
                ex = executor.execute(h.number(), h.timestamp(), medianTimestamp(head), block.transactions(), false);
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
        commit(block, ex);
        head = h;
        held.dropStale(head.number());
        return new ImportResult(ImportResult.Status.IMPORTED, "", ex.receipts);
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

    private void commit(Block block, BlockExecutor.Execution ex) {
        StorageBatch batch = new StorageBatch();
        ex.overlay.forEach((k, v) -> {
            if (v == null) {
                batch.delete(k);
            } else {
                batch.put(k, v);
            }
        });
        ex.newRoots.forEach((a, r) -> batch.put(Layout.key(Layout.ROOT, a.toArray()), r.toArray()));
        Hash hash = block.hash();
        batch.put(Layout.hashKey(Layout.BLOCK, hash), block.encode().toArrayUnsafe());
        batch.put(Layout.number(block.header().number()), hash.toArray());
        Bytes receipts = RLP.encodeList(w -> ex.receipts.forEach(r -> w.writeValue(r.encode())));
        batch.put(Layout.hashKey(Layout.RECEIPTS, hash), receipts.toArrayUnsafe());
        List<Transaction> txs = block.transactions();
        for (int i = 0; i < txs.size(); i++) {
            long index = i;
            batch.put(Layout.hashKey(Layout.TX, txs.get(i).hash()), RLP.encodeList(w -> {
                w.writeLong(block.header().number());
                w.writeLong(index);
            }).toArrayUnsafe());
        }
        batch.put(Layout.HEAD, hash.toArray());
        storage.commit(batch);
    }

    /**
     * The median timestamp that contracts see in a block on top of {@code parent}: over the
     * {@link SealVerifier#timeWindow} blocks ending at {@code parent} (fewer near genesis); for an
     * even count the lower middle, so the value is always a real block's.
     */
    private long medianTimestamp(BlockHeader parent) {
        long window = Math.max(1, sealVerifier.timeWindow(parent));
        int w = (int) Math.min(window, Math.min(parent.number() + 1, Integer.MAX_VALUE));
        long[] times = new long[w];
        times[0] = parent.timestamp();
        Hash ancestor = parent.parentHash();
        for (int i = 1; i < w; i++) {
            Hash at = ancestor;
            BlockHeader h = storedHeader(at)
                    .orElseThrow(() -> new StorageException("ancestor " + at + " missing from storage"));
            times[i] = h.timestamp();
            ancestor = h.parentHash();
        }
        Arrays.sort(times);
        return times[(w - 1) / 2];
    }

    private Optional<BlockHeader> storedHeader(Hash hash) {
        return storage.get(Layout.hashKey(Layout.BLOCK, hash)).map(b -> {
            try {
                return Block.decodeHeader(Bytes.wrap(b));
            } catch (LedgerException e) {
                throw new StorageException("stored block " + hash + " does not decode: " + e.getMessage(), e);
            }
        });
    }
}
