package org.tem.ledger.chain;

import java.nio.ByteBuffer;
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
import java.util.TreeSet;
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
import org.tem.ledger.state.StateProof;
import org.tem.ledger.storage.InMemoryStorage;
import org.tem.ledger.storage.KeyValueStorage;
import org.tem.ledger.storage.StorageBatch;
import org.tem.ledger.tx.Receipt;
import org.tem.ledger.tx.Transaction;

/**
 * One node's copy of a chain over a {@link KeyValueStorage}: block building, block import,
 * state reads, state proofs and contract queries.
 *
 * <p>The chain is linear: a block is imported only on top of the current head (fork choice, if
 * any, is the consensus engine's business, above this class). Import checks, in order: not
 * already known, parent is the head, number is the head's + 1, timestamp not before the
 * parent's, the seal (through the {@link SealVerifier}), the transactions root, execution of
 * every transaction (each must have this chain's id, its sender's next nonce and a registered
 * contract, else the block is invalid), the receipts root and the state root; then the block,
 * its receipts, the state changes and the new head are committed in one atomic batch. A rejected
 * block changes nothing.
 *
 * <p>Execution is deterministic: contracts see only the transaction, the header's number and
 * timestamp, and their own state. A call that throws (or breaks a {@link Limits} rule) yields a
 * failed receipt and changes no contract state; its nonce is still used.
 *
 * <p>Thread-safe: every method is synchronized on the instance.
 */
public final class Blockchain {

    /** The name of the account-nonce pseudo-contract at the zero address. */
    public static final String NONCES = "nonces";

    private static final int MAX_REASON_CHARS = 256;

    private final KeyValueStorage storage;
    private final long chainId;
    private final SealVerifier sealVerifier;
    private final NavigableMap<Address, Contract> contracts;
    private final NavigableMap<Address, String> names = new TreeMap<>();
    private final Hash genesisHash;
    private BlockHeader head;
    private Execution lastBuilt;

    private Blockchain(KeyValueStorage storage, Genesis genesis, SealVerifier sealVerifier) {
        this.storage = storage;
        this.chainId = genesis.chainId();
        this.sealVerifier = sealVerifier;
        this.contracts = genesis.contracts();
        names.put(Address.ZERO, NONCES);
        contracts.forEach((a, c) -> names.put(a, c.name()));
        Execution g = genesisExecution(genesis);
        this.genesisHash = g.header.hash();
        Optional<byte[]> stored = storage.get(Layout.number(0));
        if (stored.isEmpty()) {
            commit(new Block(g.header, List.of()), g);
        } else if (!Arrays.equals(stored.get(), genesisHash.toArray())) {
            throw new IllegalArgumentException("storage holds a different chain: genesis "
                    + Bytes.wrap(stored.get()) + ", expected " + genesisHash);
        }
        byte[] headHash = storage.get(Layout.HEAD)
                .orElseThrow(() -> new LedgerException("storage has a genesis but no head"));
        this.head = block(Hash.of(headHash))
                .orElseThrow(() -> new LedgerException("head block missing from storage")).header();
    }

    /**
     * Opens a chain: writes the genesis block into empty storage, or resumes from the head
     * stored in it.
     *
     * @param storage the store; the chain does not close it
     * @param genesis the chain's definition
     * @param sealVerifier the consensus hook checking imported seals
     * @return the chain
     * @throws IllegalArgumentException if the storage holds a chain with another genesis
     * @throws LedgerException if the storage is corrupt or fails
     */
    public static Blockchain open(KeyValueStorage storage, Genesis genesis, SealVerifier sealVerifier) {
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(genesis, "genesis");
        Objects.requireNonNull(sealVerifier, "sealVerifier");
        return new Blockchain(storage, genesis, sealVerifier);
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
        Contract c = contracts.get(address);
        return c == null ? Optional.empty() : Optional.of(c.methods());
    }

    /**
     * @return the registered contracts' names by address (without the nonce table), sorted
     */
    public NavigableMap<Address, String> contracts() {
        NavigableMap<Address, String> m = new TreeMap<>(names);
        m.remove(Address.ZERO);
        return Collections.unmodifiableNavigableMap(m);
    }

    /**
     * @param number a block number
     * @return the committed block with that number, or empty if beyond the head
     */
    public synchronized Optional<Block> block(long number) {
        return storage.get(Layout.number(number)).flatMap(h -> block(Hash.of(h)));
    }

    /**
     * @param hash a block hash
     * @return the committed block with that hash, or empty
     */
    public synchronized Optional<Block> block(Hash hash) {
        return storage.get(Layout.hashKey(Layout.BLOCK, hash)).map(b -> Block.decode(Bytes.wrap(b)));
    }

    /**
     * @param blockHash a committed block's hash
     * @return its receipts in transaction order, or an empty list if the block is unknown
     */
    public synchronized List<Receipt> receipts(Hash blockHash) {
        Optional<byte[]> enc = storage.get(Layout.hashKey(Layout.RECEIPTS, blockHash));
        if (enc.isEmpty()) {
            return List.of();
        }
        List<Receipt> out = new ArrayList<>();
        RLP.decodeList(Bytes.wrap(enc.get()), r -> {
            while (!r.isComplete()) {
                out.add(Receipt.decode(r.readValue()));
            }
            return null;
        });
        return out;
    }

    /**
     * @param txHash a transaction hash
     * @return the receipt of the committed transaction, or empty if it is not in the chain
     */
    public synchronized Optional<Receipt> receipt(Hash txHash) {
        Optional<byte[]> loc = storage.get(Layout.hashKey(Layout.TX, txHash));
        if (loc.isEmpty()) {
            return Optional.empty();
        }
        long[] l = RLP.decodeList(Bytes.wrap(loc.get()), r -> new long[] {r.readLong(), r.readLong()});
        return block(l[0]).map(b -> receipts(b.hash()).get((int) l[1]));
    }

    /**
     * @param sender an address
     * @return the nonce its next transaction must carry (0 if it never sent one)
     */
    public synchronized long nonce(Address sender) {
        return readNonce(storage.get(nonceKey(sender)));
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
        String name = names.get(contract);
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
        for (Map.Entry<Address, String> e : names.entrySet()) {
            if (e.getKey().equals(contract)) {
                worldIndex = worldLeaves.size();
            }
            worldLeaves.add(StateProof.contractLeaf(e.getKey(), e.getValue(), storedRoot(e.getKey())));
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
        for (Map.Entry<Address, String> e : names.entrySet()) {
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
     *     {@link ContractException} message, oversized arguments)
     */
    public synchronized QueryResult query(Address contract, String method, Bytes args) {
        Contract c = contracts.get(contract);
        if (c == null) {
            return QueryResult.failed("unknown contract " + contract);
        }
        if (args.size() > Limits.MAX_ARGS_BYTES) {
            return QueryResult.failed("arguments too large: " + args.size() + " bytes");
        }
        ContractContext ctx = new ContractContext(contract, null, head.number(), head.timestamp(),
                medianTimestamp(head, sealVerifier.timeWindow(head)), new Overlay(storage), true);
        try {
            byte[] out = c.query(ctx, method, args.toArray());
            return new QueryResult(true, Bytes.wrap(out.clone()), "");
        } catch (ContractException e) {
            return QueryResult.failed(reason(e.getMessage(), "query rejected"));
        } catch (RuntimeException | StackOverflowError e) {
            return QueryResult.failed("query error: " + e.getClass().getSimpleName());
        }
    }

    /**
     * Checks what can be checked about a transaction against the head state without executing
     * it: chain id, that the nonce is not already used, and that the contract and method exist.
     * The mempool uses it for early rejection.
     *
     * @param tx the transaction
     * @return valid, or invalid with a reason
     */
    public synchronized Validation precheck(Transaction tx) {
        if (tx.chainId() != chainId) {
            return Validation.invalid("wrong chain id: expected " + chainId + ", was " + tx.chainId());
        }
        long expected = nonce(tx.sender());
        if (tx.nonce() < expected) {
            return Validation.invalid("nonce too low (replayed): expected " + expected + ", was " + tx.nonce());
        }
        Contract c = contracts.get(tx.to());
        if (c == null) {
            return Validation.invalid("unknown contract " + tx.to());
        }
        if (!c.methods().contains(tx.method())) {
            return Validation.invalid("unknown method " + tx.method() + " of contract " + c.name());
        }
        return Validation.ok();
    }

    /**
     * Builds an unsealed block on the head: executes the candidates in order, leaving out those
     * that cannot execute (wrong chain id, wrong nonce, unknown contract), and computes the
     * roots. Nothing is committed; seal the header and {@link #importBlock} it.
     *
     * @param candidates transactions in the order to try them
     * @param timestamp the block timestamp in milliseconds; raised to the parent's if earlier
     * @return the block, its receipts and the skipped candidates
     * @throws IllegalArgumentException if there are more than {@link Block#MAX_TRANSACTIONS}
     */
    public synchronized BuiltBlock buildBlock(List<Transaction> candidates, long timestamp) {
        if (candidates.size() > Block.MAX_TRANSACTIONS) {
            throw new IllegalArgumentException("at most " + Block.MAX_TRANSACTIONS + " candidates, was "
                    + candidates.size());
        }
        long ts = Math.max(timestamp, head.timestamp());
        Execution ex = execute(head.number() + 1, ts, candidates, true);
        BlockHeader header = new BlockHeader(head.hash(), head.number() + 1, ts,
                Block.transactionsRoot(ex.included), ex.stateRoot, ex.receiptsRoot, Bytes.EMPTY);
        ex.header = header;
        lastBuilt = ex;
        return new BuiltBlock(new Block(header, ex.included), ex.receipts, ex.skipped);
    }

    /**
     * Validates, executes and commits a block on top of the head. Never throws for a bad block.
     *
     * @param block the block, untrusted
     * @return imported with the receipts, already known, or rejected with the reason (then
     *     nothing changed)
     * @throws LedgerException only if the storage itself fails
     */
    public synchronized ImportResult importBlock(Block block) {
        BlockHeader h = block.header();
        Hash hash = h.hash();
        if (storage.get(Layout.hashKey(Layout.BLOCK, hash)).isPresent()) {
            return new ImportResult(ImportResult.Status.ALREADY_KNOWN, "", List.of());
        }
        if (!h.parentHash().equals(head.hash())) {
            return ImportResult.rejected("parent " + h.parentHash() + " is not the head " + head.hash());
        }
        if (h.number() != head.number() + 1) {
            return ImportResult.rejected("number " + h.number() + " does not follow " + head.number());
        }
        if (h.timestamp() < head.timestamp()) {
            return ImportResult.rejected("timestamp " + h.timestamp() + " before parent's " + head.timestamp());
        }
        Validation seal;
        try {
            seal = sealVerifier.verify(h, head);
        } catch (RuntimeException e) {
            seal = Validation.invalid("seal verifier failed: " + e);
        }
        if (!seal.valid()) {
            return ImportResult.rejected("bad seal: " + seal.reason());
        }
        if (!Block.transactionsRoot(block.transactions()).equals(h.transactionsRoot())) {
            return ImportResult.rejected("transactions root mismatch");
        }
        Execution ex;
        Execution built = lastBuilt;
        lastBuilt = null;
        if (built != null && built.header.sealingHash().equals(h.sealingHash())) {
            ex = built;
        } else {
            ex = execute(h.number(), h.timestamp(), block.transactions(), false);
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
        return new ImportResult(ImportResult.Status.IMPORTED, "", ex.receipts);
    }

    // ----- execution -----

    private static final class Execution {
        final List<Transaction> included = new ArrayList<>();
        final List<Receipt> receipts = new ArrayList<>();
        final List<BuiltBlock.Skipped> skipped = new ArrayList<>();
        Overlay overlay;
        Map<Address, Hash> newRoots;
        Hash stateRoot;
        Hash receiptsRoot;
        String invalid;
        BlockHeader header;
    }

    private Execution execute(long number, long timestamp, List<Transaction> txs, boolean building) {
        Execution ex = new Execution();
        Overlay block = new Overlay(storage);
        ex.overlay = block;
        long median = medianTimestamp(head, sealVerifier.timeWindow(head));
        for (int i = 0; i < txs.size(); i++) {
            Transaction tx = txs.get(i);
            String problem = checkExecutable(tx, block);
            if (problem != null) {
                if (building) {
                    ex.skipped.add(new BuiltBlock.Skipped(tx, problem));
                    continue;
                }
                ex.invalid = "transaction " + i + " (" + tx.hash() + "): " + problem;
                return ex;
            }
            block.put(nonceKey(tx.sender()), longBytes(tx.nonce() + 1));
            ex.included.add(tx);
            ex.receipts.add(call(tx, block, number, timestamp, median));
        }
        List<Bytes> receiptLeaves = new ArrayList<>();
        ex.receipts.forEach(r -> receiptLeaves.add(r.encode()));
        ex.receiptsRoot = MerkleTree.root(receiptLeaves);
        computeStateRoot(ex, storage);
        return ex;
    }

    private String checkExecutable(Transaction tx, Overlay state) {
        if (tx.chainId() != chainId) {
            return "wrong chain id: expected " + chainId + ", was " + tx.chainId();
        }
        long expected = readNonce(state.get(nonceKey(tx.sender())));
        if (tx.nonce() < expected) {
            return "nonce too low (replayed): expected " + expected + ", was " + tx.nonce();
        }
        if (tx.nonce() > expected) {
            return "nonce gap: expected " + expected + ", was " + tx.nonce();
        }
        if (!contracts.containsKey(tx.to())) {
            return "unknown contract " + tx.to();
        }
        return null;
    }

    private Receipt call(Transaction tx, Overlay block, long number, long timestamp, long median) {
        Contract c = contracts.get(tx.to());
        if (!c.methods().contains(tx.method())) {
            return Receipt.failed(tx.hash(), "unknown method " + tx.method() + " of contract " + c.name());
        }
        Overlay staged = block.child();
        ContractContext ctx = new ContractContext(tx.to(), tx.sender(), number, timestamp, median, staged, false);
        byte[] out;
        try {
            out = c.call(ctx, tx.method(), tx.args().toArray());
        } catch (ContractException e) {
            return Receipt.failed(tx.hash(), reason(e.getMessage(), "call rejected"));
        } catch (RuntimeException | StackOverflowError e) {
            return Receipt.failed(tx.hash(), "contract error: " + e.getClass().getSimpleName());
        }
        if (ctx.violation() != null) {
            return Receipt.failed(tx.hash(), ctx.violation());
        }
        if (out == null) {
            return Receipt.failed(tx.hash(), "contract returned null");
        }
        if (out.length > Limits.MAX_VALUE_BYTES) {
            return Receipt.failed(tx.hash(), "output too large: " + out.length + " bytes");
        }
        staged.mergeIntoParent();
        return new Receipt(tx.hash(), true, "", Bytes.wrap(out.clone()), ctx.events());
    }

    private void computeStateRoot(Execution ex, KeyValueStorage base) {
        Set<Address> touched = new TreeSet<>();
        ex.overlay.forEach((k, v) -> touched.add(Address.of(Arrays.copyOfRange(k, 1, 1 + Address.SIZE))));
        ex.newRoots = new TreeMap<>();
        List<Bytes> leaves = new ArrayList<>();
        for (Map.Entry<Address, String> e : names.entrySet()) {
            Address a = e.getKey();
            Hash root;
            if (touched.contains(a) || base != storage) {
                root = StateRoots.root(StateRoots.entries(base, ex.overlay, a));
                ex.newRoots.put(a, root);
            } else {
                root = storedRoot(a);
            }
            leaves.add(StateProof.contractLeaf(a, e.getValue(), root));
        }
        ex.stateRoot = MerkleTree.root(leaves);
    }

    private Execution genesisExecution(Genesis genesis) {
        Execution ex = new Execution();
        InMemoryStorage empty = new InMemoryStorage();
        ex.overlay = new Overlay(empty);
        genesis.state().forEach((a, entries) -> entries.forEach(
                (k, v) -> ex.overlay.put(Layout.key(Layout.STATE, a.toArray(), k), v)));
        ex.receiptsRoot = MerkleTree.EMPTY_ROOT;
        computeStateRoot(ex, empty);
        Bytes seal = RLP.encodeList(w -> {
            w.writeString("tem-genesis");
            w.writeLong(genesis.chainId());
        });
        ex.header = new BlockHeader(Hash.ZERO, 0, genesis.timestamp(), MerkleTree.EMPTY_ROOT, ex.stateRoot,
                MerkleTree.EMPTY_ROOT, seal);
        return ex;
    }

    private void commit(Block block, Execution ex) {
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
     * The median timestamp of the {@code window} blocks ending at {@code last} (fewer near
     * genesis); for an even count the lower middle, so the value is always a real block's.
     */
    private long medianTimestamp(BlockHeader last, int window) {
        int w = (int) Math.min(Math.max(1, window), last.number() + 1);
        long[] times = new long[w];
        times[0] = last.timestamp();
        Hash parent = last.parentHash();
        for (int i = 1; i < w; i++) {
            BlockHeader h = block(parent).orElseThrow(
                    () -> new LedgerException("ancestor missing from storage")).header();
            times[i] = h.timestamp();
            parent = h.parentHash();
        }
        Arrays.sort(times);
        return times[(w - 1) / 2];
    }

    private Hash storedRoot(Address a) {
        return storage.get(Layout.key(Layout.ROOT, a.toArray())).map(Hash::of)
                .orElseThrow(() -> new LedgerException("no stored root for contract " + a));
    }

    private static byte[] nonceKey(Address sender) {
        return Layout.key(Layout.STATE, Address.ZERO.toArray(), sender.toArray());
    }

    private static long readNonce(Optional<byte[]> v) {
        return v.map(b -> ByteBuffer.wrap(b).getLong()).orElse(0L);
    }

    private static byte[] longBytes(long v) {
        return ByteBuffer.allocate(8).putLong(v).array();
    }

    private static String reason(String message, String fallback) {
        String r = message == null || message.isBlank() ? fallback : message;
        return r.length() > MAX_REASON_CHARS ? r.substring(0, MAX_REASON_CHARS) : r;
    }
}
