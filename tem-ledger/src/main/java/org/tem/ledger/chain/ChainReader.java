package org.tem.ledger.chain;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.tuweni.bytes.Bytes;
import org.tem.api.contract.Contract;
import org.tem.api.contract.ContractException;
import org.tem.api.contract.Limits;
import org.tem.ledger.Validation;
import org.tem.ledger.block.Block;
import org.tem.ledger.block.BlockHeader;
import org.tem.ledger.crypto.Address;
import org.tem.ledger.crypto.Hash;
import org.tem.ledger.internal.ContractContext;
import org.tem.ledger.internal.Overlay;
import org.tem.ledger.permission.Permissions;
import org.tem.ledger.state.StateProof;
import org.tem.ledger.state.StateView;
import org.tem.ledger.storage.StorageException;
import org.tem.ledger.trie.MissingNodeException;
import org.tem.ledger.trie.StateTables;
import org.tem.ledger.trie.TrieStore;
import org.tem.ledger.tx.Receipt;
import org.tem.ledger.tx.Transaction;

/**
 * The read side of a chain: blocks and receipts by hash or number, transactions' receipts, the
 * state of any retained block, proofs, contract queries and the cheap admission checks of a
 * transaction. Nothing here takes the chain's import lock: every read works on committed data
 * (a block is stored, and a branch becomes canonical, in one atomic batch) or on an immutable
 * state root, so reads from any thread never wait for an import and never see half of one. A
 * read "at the head" uses the head at the moment of the call.
 *
 * <p>Thread-safe. Failures of the store propagate as {@link StorageException}; a read at a block
 * whose state was pruned fails with {@link MissingNodeException} (the state of the finalised
 * block, the pruning window below it and every block above it stays readable).
 */
public final class ChainReader {

    /**
     * The most blocks a median timestamp is taken over, whatever the consensus hook answers (a
     * bound on the work per block: far more than any validator set needs).
     */
    public static final int MAX_TIME_WINDOW = 4096;

    /** The head and finalised block, published together after each commit. */
    record Tips(BlockHeader head, BlockHeader finalized) {
    }

    private final BlockStore store;
    private final StateTables tables;
    private final BlockExecutor executor;
    private final ConsensusHook hook;
    private final long chainId;
    private final Supplier<Tips> tips;

    ChainReader(BlockStore store, StateTables tables, BlockExecutor executor, ConsensusHook hook, long chainId,
            Supplier<Tips> tips) {
        this.store = store;
        this.tables = tables;
        this.executor = executor;
        this.hook = hook;
        this.chainId = chainId;
        this.tips = tips;
    }

    // ------------------------------------------------------------------ blocks

    /**
     * @return the header of the head (the canonical chain's tip)
     */
    public BlockHeader head() {
        return tips.get().head();
    }

    /**
     * @return the header of the highest final block: it and its ancestors never leave the
     *     canonical chain
     */
    public BlockHeader finalized() {
        return tips.get().finalized();
    }

    /**
     * @param number a block number
     * @return the canonical block at that height, or empty if beyond the head
     * @throws StorageException if the store fails or holds a block that does not decode
     */
    public Optional<Block> block(long number) {
        return store.canonical(number).flatMap(store::block);
    }

    /**
     * @param hash a block hash
     * @return the stored block with that hash (canonical or side), or empty
     * @throws StorageException if the store fails or holds a block that does not decode
     */
    public Optional<Block> block(Hash hash) {
        return store.block(hash);
    }

    /**
     * The stored encoding of a block, as {@link Block#encode()} gave it when the block was
     * imported, without decoding it: for serving blocks to peers (who decode and check what they
     * receive), a copy the caller may keep.
     *
     * @param hash a block hash
     * @return the encoding of the stored block with that hash (canonical or side), or empty
     * @throws StorageException if the store fails
     */
    public Optional<Bytes> blockEncoding(Hash hash) {
        return store.encoding(hash);
    }

    /**
     * @param number a block number
     * @return the hash of the canonical block at that height, or empty above the head or below 0
     * @throws StorageException if the store fails
     */
    public Optional<Hash> canonicalHash(long number) {
        return store.canonical(number);
    }

    /**
     * @param hash a block hash
     * @return the stored header with that hash (canonical or side), or empty
     * @throws StorageException if the store fails or holds a block that does not decode
     */
    public Optional<BlockHeader> header(Hash hash) {
        return store.header(hash);
    }

    /**
     * @param hash a block hash
     * @return whether it is a stored block on the canonical chain
     * @throws StorageException if the store fails
     */
    public boolean isCanonical(Hash hash) {
        return store.header(hash).map(store::isCanonical).orElse(false);
    }

    /**
     * @return every stored header, as the consensus hook sees them (canonical or not)
     */
    public HeaderView headers() {
        return store;
    }

    /**
     * @param blockHash a stored block's hash (canonical or side)
     * @return its receipts in transaction order, or an empty list if the block is unknown
     * @throws StorageException if the store fails or holds receipts that do not decode
     */
    public List<Receipt> receipts(Hash blockHash) {
        return store.receipts(blockHash);
    }

    /**
     * @param txHash a transaction hash
     * @return the receipt of the transaction in the canonical chain, or empty if no canonical
     *     block holds it (a side block's copy does not count)
     * @throws StorageException if the store fails or is inconsistent
     */
    public Optional<Receipt> receipt(Hash txHash) {
        Optional<BlockStore.Location> l = store.canonicalLocation(txHash);
        if (l.isEmpty()) {
            return Optional.empty();
        }
        List<Receipt> rs = store.receipts(l.get().block());
        if (l.get().index() >= rs.size()) {
            throw new StorageException("transaction " + txHash + " at a missing receipt index " + l.get().index());
        }
        return Optional.of(rs.get(l.get().index()));
    }

    /**
     * @param txHash a transaction hash
     * @return the header of the canonical block holding it, or empty
     * @throws StorageException if the store fails
     */
    public Optional<BlockHeader> blockOf(Hash txHash) {
        return store.canonicalLocation(txHash).flatMap(l -> store.header(l.block()));
    }

    // ------------------------------------------------------------------ state

    /**
     * @return the state of the head
     */
    public StateView state() {
        return new StateView(tables, head().stateRoot());
    }

    /**
     * @return the state of the finalised block
     */
    public StateView finalizedState() {
        return new StateView(tables, finalized().stateRoot());
    }

    /**
     * @param blockHash a block hash
     * @return the state after that block, if the block is stored and its state retained
     * @throws StorageException if the store fails
     */
    public Optional<StateView> state(Hash blockHash) {
        Optional<BlockHeader> h = store.header(blockHash);
        if (h.isEmpty() || tables.store().version(blockHash).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new StateView(tables, h.get().stateRoot()));
    }

    /**
     * @param sender an address
     * @return the nonce its next transaction must carry at the head (0 if it never sent one)
     */
    public long nonce(Address sender) {
        return state().nonce(sender);
    }

    /**
     * @param account an address
     * @return its 64-byte public key if the account may send transactions at the head, else
     *     empty
     */
    public Optional<Bytes> accountKey(Address account) {
        return state().accountKey(account);
    }

    /**
     * @param contract a contract address (or a system table)
     * @param key a state key, 1 to 256 bytes
     * @return the value at the head, or empty if absent
     */
    public Optional<Bytes> get(Address contract, Bytes key) {
        return state().get(contract, key);
    }

    /**
     * Proves a state entry's value, or its absence, at the head, against
     * {@code head().stateRoot()}.
     *
     * @param contract a contract address, {@link StateView#NONCES}, {@link Permissions#ADDRESS}
     *     or {@link Genesis#CHAIN_TABLE}
     * @param key the entry's key, 1 to 256 bytes
     * @return the proof
     */
    public StateProof proof(Address contract, Bytes key) {
        return state().prove(contract, key);
    }

    /**
     * Recomputes the head's state root from every entry of its state (see
     * {@link StateView#recomputeRoot()}): an integrity check of the store. O(state).
     *
     * @return the recomputed root, equal to {@code head().stateRoot()} for an intact store
     */
    public Hash recomputeStateRoot() {
        return state().recomputeRoot();
    }

    // ------------------------------------------------------------------ contracts

    /**
     * @param address a contract address
     * @return the methods the contract accepts, or empty if no contract is registered there
     */
    public Optional<Set<String>> methods(Address address) {
        Contract c = executor.contract(address);
        return c == null ? Optional.empty() : Optional.of(c.methods());
    }

    /**
     * @return the registered contracts' names by address (with the {@link Permissions} system
     *     contract), sorted
     */
    public NavigableMap<Address, String> contracts() {
        return Collections.unmodifiableNavigableMap(new TreeMap<>(executor.names()));
    }

    /**
     * Runs a read-only query against the head's state.
     *
     * @param contract the contract's address
     * @param method the query name
     * @param args the query's argument bytes, at most {@link Limits#MAX_ARGS_BYTES}
     * @return the answer, or a failure with the reason
     * @throws StorageException if the store fails
     */
    public QueryResult query(Address contract, String method, Bytes args) {
        return query(head(), contract, method, args);
    }

    /**
     * Runs a read-only query against the state of a stored block (for example the finalised
     * one, whose answers never change).
     *
     * @param blockHash the block to read
     * @param contract the contract's address
     * @param method the query name
     * @param args the query's argument bytes, at most {@link Limits#MAX_ARGS_BYTES}
     * @return the answer, or a failure with the reason (unknown block, state no longer retained,
     *     unknown contract, the contract's {@link ContractException} message, oversized
     *     arguments, any other exception or error the query raised)
     * @throws StorageException if the store fails
     */
    public QueryResult query(Hash blockHash, Address contract, String method, Bytes args) {
        Optional<BlockHeader> h = store.header(blockHash);
        if (h.isEmpty()) {
            return QueryResult.failed("unknown block " + blockHash);
        }
        return query(h.get(), contract, method, args);
    }

    private QueryResult query(BlockHeader at, Address contract, String method, Bytes args) {
        Contract c = executor.contract(contract);
        if (c == null) {
            return QueryResult.failed("unknown contract " + contract);
        }
        if (args.size() > Limits.MAX_ARGS_BYTES) {
            return QueryResult.failed("arguments too large: " + args.size() + " bytes");
        }
        long median;
        try {
            median = medianTimestamp(store, at);
        } catch (RuntimeException e) {
            return QueryResult.failed("no median time at block " + at.hash() + ": " + e.getClass().getSimpleName());
        }
        ContractContext ctx = new ContractContext(contract, null, at.number(), at.timestamp(), median,
                new Overlay(executor.reader(at.stateRoot())), true);
        byte[] out;
        try {
            out = c.query(ctx, method, args.toArray());
        } catch (StorageException e) {
            if (e.getCause() instanceof MissingNodeException && !retained(at)) {
                return QueryResult.failed("the state of block " + at.hash() + " is no longer retained");
            }
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

    private boolean retained(BlockHeader h) {
        TrieStore trie = tables.store();
        return trie.version(h.hash()).isPresent();
    }

    // ------------------------------------------------------------------ admission checks

    /**
     * The cheap checks of a transaction against the head state, without any signature work:
     * chain id, that the sender is permitted, that its nonce is not already used, and that the
     * contract and method exist. The mempool runs it before {@link #authenticate}.
     *
     * @param tx the transaction
     * @return valid, or invalid with a reason
     * @throws StorageException if the store fails
     */
    public Validation precheck(Transaction tx) {
        if (tx.chainId() != chainId) {
            return Validation.invalid("wrong chain id: expected " + chainId + ", was " + tx.chainId());
        }
        StateView s = state();
        if (s.accountKey(tx.sender()).isEmpty()) {
            return Validation.invalid("sender " + tx.sender() + " is not permitted");
        }
        long expected = s.nonce(tx.sender());
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
     * (the result is cached in the transaction, see {@link Transaction#verifySignature}).
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
     * The median timestamp that contracts see in a block on top of {@code parent} (and a query at
     * {@code parent}): over the {@link ConsensusHook#timeWindow} blocks ending at {@code parent}
     * (fewer near genesis, at most {@link #MAX_TIME_WINDOW}); for an even count the lower middle,
     * so the value is always a real block's.
     *
     * @throws StorageException if an ancestor is missing
     */
    long medianTimestamp(HeaderView view, BlockHeader parent) {
        long window = Math.min(MAX_TIME_WINDOW, Math.max(1, hook.timeWindow(view, parent)));
        int w = (int) Math.min(window, Math.min(parent.number() + 1, Integer.MAX_VALUE));
        long[] times = new long[w];
        times[0] = parent.timestamp();
        Hash ancestor = parent.parentHash();
        for (int i = 1; i < w; i++) {
            Hash at = ancestor;
            BlockHeader h = view.header(at)
                    .orElseThrow(() -> new StorageException("ancestor " + at + " missing from storage"));
            times[i] = h.timestamp();
            ancestor = h.parentHash();
        }
        Arrays.sort(times);
        return times[(w - 1) / 2];
    }
}
