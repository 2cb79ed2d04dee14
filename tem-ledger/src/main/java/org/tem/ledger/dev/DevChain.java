package org.tem.ledger.dev;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.apache.tuweni.bytes.Bytes;
import org.tem.ledger.LedgerException;
import org.tem.ledger.Validation;
import org.tem.ledger.block.Block;
import org.tem.ledger.block.BlockHeader;
import org.tem.ledger.chain.Blockchain;
import org.tem.ledger.chain.BuiltBlock;
import org.tem.ledger.chain.Genesis;
import org.tem.ledger.chain.ImportResult;
import org.tem.ledger.chain.QueryResult;
import org.tem.ledger.crypto.Address;
import org.tem.ledger.crypto.Hash;
import org.tem.ledger.crypto.KeyPair;
import org.tem.ledger.mempool.Mempool;
import org.tem.ledger.storage.KeyValueStorage;
import org.tem.ledger.tx.Receipt;
import org.tem.ledger.tx.Transaction;

/**
 * A single-validator chain that seals a block as soon as transactions are pending.
 *
 * <p>{@link #submit} admits a transaction to the mempool and returns a future of its receipt.
 * With auto-sealing on (the default) a background thread seals blocks of up to
 * {@code maxBlockTransactions} pending transactions until the pool is empty; with it off, call
 * {@link #sealPending()} (deterministic, for tests). Block timestamps come from the clock, never
 * earlier than the parent's. Thread-safe; {@link #close()} stops the sealing thread but does not
 * close the storage.
 */
public final class DevChain implements AutoCloseable {

    private final Blockchain chain;
    private final Mempool mempool;
    private final KeyPair validator;
    private final LongSupplier clock;
    private final int maxBlockTransactions;
    private final ExecutorService sealer;
    // Looked up by key only, never iterated.
    private final Map<Hash, CompletableFuture<Receipt>> waiting = new HashMap<>();

    private DevChain(Builder b) {
        this.validator = b.validator;
        this.chain = Blockchain.open(b.storage, b.genesis, DevSeal.verifier(validator.address()));
        this.mempool = new Mempool(chain, b.mempoolSize, b.mempoolSize);
        this.clock = b.clock;
        this.maxBlockTransactions = b.maxBlockTransactions;
        this.sealer = b.autoSeal ? Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "tem-dev-sealer");
            t.setDaemon(true);
            return t;
        }) : null;
    }

    /**
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @return the chain
     */
    public Blockchain chain() {
        return chain;
    }

    /**
     * @return the mempool
     */
    public Mempool mempool() {
        return mempool;
    }

    /**
     * @return the validator's address
     */
    public Address validator() {
        return validator.address();
    }

    /**
     * Submits a transaction.
     *
     * @param tx the transaction
     * @return a future completed with the receipt once the transaction is in a block, or
     *     exceptionally with a {@link TransactionRejectedException} naming the reason if it is
     *     rejected (at once, or when building the block)
     */
    public CompletableFuture<Receipt> submit(Transaction tx) {
        CompletableFuture<Receipt> f = new CompletableFuture<>();
        synchronized (this) {
            Validation v = mempool.add(tx);
            if (!v.valid()) {
                f.completeExceptionally(new TransactionRejectedException(v.reason()));
                return f;
            }
            waiting.put(tx.hash(), f);
        }
        if (sealer != null) {
            sealer.execute(this::sealAll);
        }
        return f;
    }

    /**
     * Submits untrusted transaction bytes.
     *
     * @param encoded the encoding
     * @return as {@link #submit(Transaction)}; a malformed encoding fails the future at once
     */
    public CompletableFuture<Receipt> submit(Bytes encoded) {
        try {
            return submit(Transaction.decode(encoded));
        } catch (LedgerException e) {
            return CompletableFuture.failedFuture(new TransactionRejectedException(e.getMessage()));
        }
    }

    /**
     * Seals one block from the pending transactions, if any.
     *
     * @return the imported block's header, or the head's if nothing was pending
     * @throws LedgerException if the block built here fails to import (a bug) or storage fails
     */
    public synchronized BlockHeader sealPending() {
        List<Transaction> candidates = mempool.pending(maxBlockTransactions);
        if (candidates.isEmpty()) {
            return chain.head();
        }
        BuiltBlock built = chain.buildBlock(candidates, clock.getAsLong());
        for (BuiltBlock.Skipped s : built.skipped()) {
            for (Transaction t : mempool.removeWithSuccessors(s.transaction())) {
                fail(t, t.equals(s.transaction()) ? s.reason() : "predecessor rejected: " + s.reason());
            }
        }
        Block block = new Block(DevSeal.seal(built.block().header(), validator), built.block().transactions());
        ImportResult result = chain.importBlock(block);
        if (!result.imported()) {
            throw new LedgerException("dev chain could not import its own block: " + result.reason());
        }
        mempool.prune();
        for (Receipt r : result.receipts()) {
            CompletableFuture<Receipt> f = waiting.remove(r.transactionHash());
            if (f != null) {
                f.complete(r);
            }
        }
        return block.header();
    }

    /**
     * Runs a read-only query on the head state.
     *
     * @param contract the contract
     * @param method the query name
     * @param args the argument bytes
     * @return the answer or the failure reason
     */
    public QueryResult query(Address contract, String method, Bytes args) {
        return chain.query(contract, method, args);
    }

    private void sealAll() {
        while (mempool.size() > 0) {
            sealPending();
        }
    }

    private void fail(Transaction t, String reason) {
        CompletableFuture<Receipt> f = waiting.remove(t.hash());
        if (f != null) {
            f.completeExceptionally(new TransactionRejectedException(reason));
        }
    }

    @Override
    public void close() {
        if (sealer != null) {
            sealer.shutdown();
            try {
                sealer.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Builds a {@link DevChain}. Setters validate at once; {@link #build()} requires storage,
     * genesis and validator. Not thread-safe.
     */
    public static final class Builder {
        private KeyValueStorage storage;
        private Genesis genesis;
        private KeyPair validator;
        private LongSupplier clock = System::currentTimeMillis;
        private boolean autoSeal = true;
        private int mempoolSize = 10_000;
        private int maxBlockTransactions = 1_000;

        private Builder() {
        }

        /**
         * @param storage the store (RocksDB for a persistent node, in-memory for tests)
         * @return this builder
         */
        public Builder storage(KeyValueStorage storage) {
            this.storage = Objects.requireNonNull(storage, "storage");
            return this;
        }

        /**
         * @param genesis the chain's definition
         * @return this builder
         */
        public Builder genesis(Genesis genesis) {
            this.genesis = Objects.requireNonNull(genesis, "genesis");
            return this;
        }

        /**
         * @param validator the sealing key
         * @return this builder
         */
        public Builder validator(KeyPair validator) {
            this.validator = Objects.requireNonNull(validator, "validator");
            return this;
        }

        /**
         * @param clock the source of block timestamps, milliseconds since the epoch (default the
         *     system clock)
         * @return this builder
         */
        public Builder clock(LongSupplier clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * @param autoSeal whether a background thread seals as soon as transactions are pending
         *     (default true)
         * @return this builder
         */
        public Builder autoSeal(boolean autoSeal) {
            this.autoSeal = autoSeal;
            return this;
        }

        /**
         * @param size the mempool bound, positive (default 10,000)
         * @return this builder
         * @throws IllegalArgumentException if not positive
         */
        public Builder mempoolSize(int size) {
            if (size <= 0) {
                throw new IllegalArgumentException("mempoolSize must be positive, was " + size);
            }
            this.mempoolSize = size;
            return this;
        }

        /**
         * @param max the most transactions per block, in [1, {@link Block#MAX_TRANSACTIONS}]
         *     (default 1,000)
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder maxBlockTransactions(int max) {
            if (max <= 0 || max > Block.MAX_TRANSACTIONS) {
                throw new IllegalArgumentException("maxBlockTransactions must be in [1, "
                        + Block.MAX_TRANSACTIONS + "], was " + max);
            }
            this.maxBlockTransactions = max;
            return this;
        }

        /**
         * @return the dev chain, opened on the storage (genesis written if empty)
         * @throws IllegalStateException if storage, genesis or validator is missing
         */
        public DevChain build() {
            if (storage == null || genesis == null || validator == null) {
                throw new IllegalStateException("storage, genesis and validator must be set");
            }
            return new DevChain(this);
        }
    }
}
