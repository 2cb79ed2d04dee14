package org.tem.ledger.dev;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.apache.tuweni.bytes.Bytes;
import org.tem.ledger.LedgerException;
import org.tem.ledger.Validation;
import org.tem.ledger.block.Block;
import org.tem.ledger.block.BlockHeader;
import org.tem.ledger.chain.Blockchain;
import org.tem.ledger.chain.BuiltBlock;
import org.tem.ledger.chain.ChainListener;
import org.tem.ledger.chain.Genesis;
import org.tem.ledger.chain.ImportResult;
import org.tem.ledger.chain.QueryResult;
import org.tem.ledger.crypto.Address;
import org.tem.ledger.crypto.Hash;
import org.tem.ledger.crypto.KeyPair;
import org.tem.ledger.mempool.Mempool;
import org.tem.ledger.storage.KeyValueStorage;
import org.tem.ledger.storage.StorageException;
import org.tem.ledger.trie.TrieOptions;
import org.tem.ledger.tx.Receipt;
import org.tem.ledger.tx.Transaction;
import org.tem.ledger.tx.TransactionRejectedException;

/**
 * A single-validator chain that seals a block as soon as transactions are pending. Its consensus
 * is {@link DevSeal#verifier}: one trusted sealer, every new head final at once, so state is
 * pruned as blocks are sealed (the pruning window of the chain's default state options).
 *
 * <p>{@link #submit} admits a transaction to the mempool and returns a future of its receipt.
 * With auto-sealing on (the default) a background thread seals blocks of up to
 * {@code maxBlockTransactions} pending transactions until the pool is empty; with it off, call
 * {@link #sealPending()} (deterministic, for tests).
 *
 * <p>Time: the clock is read once per sealed block and is the block's timestamp; a block is
 * sealed only once the clock has reached the parent's timestamp plus the genesis' block period
 * (auto-sealing waits for it). The chain judges imported blocks against the latest reading.
 *
 * <p>Failures: a transaction the builder leaves out (not permitted, bad signature, a call that
 * raised an {@link Error} such as {@link OutOfMemoryError}, ...) leaves the mempool with its
 * sender's later transactions, and their futures fail with a
 * {@link TransactionRejectedException} naming the reason; the other candidates are sealed. If
 * sealing itself fails, every candidate of that block leaves the mempool and its future fails
 * (with the {@link StorageException} itself for a storage failure); the auto-sealer goes on with
 * what is left. Thread-safe; {@link #close()} stops the sealing thread but does not close the
 * storage.
 */
public final class DevChain implements AutoCloseable {

    /** The default bound of the mempool. */
    public static final int DEFAULT_MEMPOOL_SIZE = 10_000;

    /**
     * The largest default per-sender quota of the mempool; the default is a tenth of the mempool
     * size, at least 1 and at most this.
     */
    public static final int DEFAULT_MAX_PENDING_PER_SENDER = 100;

    private static final long UNREAD = Long.MIN_VALUE;
    private static final long MAX_POLL_MILLIS = 1_000;

    private final Blockchain chain;
    private final Mempool mempool;
    private final KeyPair validator;
    private final LongSupplier clock;
    private final int maxBlockTransactions;
    private final ScheduledThreadPoolExecutor sealer;
    private final ConcurrentHashMap<Hash, CompletableFuture<Receipt>> waiting = new ConcurrentHashMap<>();
    private volatile long lastReading = UNREAD;

    private enum Sealed { BLOCK, NOTHING_PENDING, NOT_YET }

    private DevChain(Builder b) {
        this.validator = b.validator;
        this.clock = b.clock;
        this.chain = Blockchain.open(b.storage, b.genesis, DevSeal.verifier(validator.address()),
                this::importerClock, b.stateOptions);
        int quota = b.maxPendingPerSender > 0 ? b.maxPendingPerSender
                : Math.max(1, Math.min(DEFAULT_MAX_PENDING_PER_SENDER, b.mempoolSize / 10));
        this.mempool = new Mempool(chain, b.mempoolSize, quota, this::fail);
        chain.addListener(new ChainListener() {
            @Override
            public void onReorganization(List<BlockHeader> dropped, List<BlockHeader> added) {
                mempool.reorganised(dropped);
            }
        });
        this.maxBlockTransactions = b.maxBlockTransactions;
        if (b.autoSeal) {
            this.sealer = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, "tem-dev-sealer");
                t.setDaemon(true);
                return t;
            });
            sealer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        } else {
            this.sealer = null;
        }
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
     *     rejected (at once, when building the block, or by eviction from a full mempool)
     * @throws StorageException if the store fails while admitting it (not a rejection)
     */
    public CompletableFuture<Receipt> submit(Transaction tx) {
        CompletableFuture<Receipt> f = new CompletableFuture<>();
        if (waiting.putIfAbsent(tx.hash(), f) != null) {
            f.completeExceptionally(new TransactionRejectedException("already pending: " + tx.hash()));
            return f;
        }
        Validation v;
        try {
            v = mempool.add(tx);
        } catch (RuntimeException e) {
            waiting.remove(tx.hash(), f);
            throw e;
        }
        if (!v.valid()) {
            waiting.remove(tx.hash(), f);
            f.completeExceptionally(new TransactionRejectedException(v.reason()));
            return f;
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
     * @throws StorageException if the store fails while admitting it (not a rejection)
     */
    public CompletableFuture<Receipt> submit(Bytes encoded) {
        Transaction tx;
        try {
            if (encoded.size() > Transaction.MAX_ENCODED_BYTES) {
                throw new TransactionRejectedException("transaction too large: " + encoded.size() + " bytes");
            }
            tx = Transaction.decode(encoded);
        } catch (LedgerException e) {
            return CompletableFuture.failedFuture(new TransactionRejectedException(e.getMessage()));
        }
        return submit(tx);
    }

    /**
     * Seals one block from the pending transactions, if any and if the clock has reached the
     * head's timestamp plus the block period.
     *
     * @return the imported block's header, or the head's if nothing was sealed
     * @throws StorageException if the store fails (the candidates' futures fail with it)
     * @throws IllegalStateException if the block built here fails to import (a bug; the
     *     candidates' futures fail with it)
     */
    public synchronized BlockHeader sealPending() {
        sealOnce();
        return chain.head();
    }

    private synchronized Sealed sealOnce() {
        List<Transaction> candidates = mempool.pending(maxBlockTransactions);
        if (candidates.isEmpty()) {
            return Sealed.NOTHING_PENDING;
        }
        long now = clock.getAsLong();
        lastReading = now;
        if (now < earliestNext()) {
            return Sealed.NOT_YET;
        }
        try {
            BuiltBlock built = chain.buildBlock(candidates, now);
            for (BuiltBlock.Skipped s : built.skipped()) {
                for (Transaction t : mempool.removeWithSuccessors(s.transaction())) {
                    fail(t, t.equals(s.transaction()) ? s.reason() : "predecessor rejected: " + s.reason());
                }
            }
            if (built.block().transactions().isEmpty()) {
                return Sealed.BLOCK;
            }
            Block block = new Block(DevSeal.seal(built.block().header(), validator), built.block().transactions());
            ImportResult result = chain.importBlock(block);
            if (!result.headChanged()) {
                throw new IllegalStateException("dev chain could not import its own block: " + result.reason());
            }
            mempool.prune();
            for (Receipt r : result.receipts()) {
                CompletableFuture<Receipt> f = waiting.remove(r.transactionHash());
                if (f != null) {
                    f.complete(r);
                }
            }
            return Sealed.BLOCK;
        } catch (RuntimeException | Error e) {
            for (Transaction c : candidates) {
                for (Transaction t : mempool.removeWithSuccessors(c)) {
                    CompletableFuture<Receipt> f = waiting.remove(t.hash());
                    if (f != null) {
                        f.completeExceptionally(e instanceof StorageException ? e
                                : new TransactionRejectedException("sealing failed: " + e, e));
                    }
                }
            }
            throw e;
        }
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

    /** The head's timestamp plus the block period, saturated. */
    private long earliestNext() {
        long ts = chain.head().timestamp();
        long period = chain.blockPeriodMillis();
        return ts > Long.MAX_VALUE - period ? Long.MAX_VALUE : ts + period;
    }

    private long importerClock() {
        long t = lastReading;
        return t == UNREAD ? clock.getAsLong() : t;
    }

    private void sealAll() {
        while (true) {
            int before = mempool.size();
            Sealed s;
            try {
                s = sealOnce();
            } catch (RuntimeException | Error e) {
                // The candidates left the mempool and their futures failed: go on with the rest,
                // unless nothing left (the failure came before any candidate was taken).
                if (mempool.size() >= before) {
                    return;
                }
                continue;
            }
            if (s == Sealed.NOTHING_PENDING) {
                return;
            }
            if (s == Sealed.NOT_YET) {
                // Wait for the clock to reach the head's time + the period (polling at least once
                // a second, in case the clock is not the system's).
                long ahead = earliestNext() - lastReading;
                long wait = ahead <= 0 || ahead > MAX_POLL_MILLIS ? MAX_POLL_MILLIS : ahead;
                sealer.schedule(this::sealAll, wait, TimeUnit.MILLISECONDS);
                return;
            }
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
        private int mempoolSize = DEFAULT_MEMPOOL_SIZE;
        private int maxPendingPerSender;
        private int maxBlockTransactions = 1_000;
        private TrieOptions stateOptions = TrieOptions.pruned();

        private Builder() {
        }

        /**
         * @param options how state versions are kept (default {@link TrieOptions#pruned()}: the
         *     default window below the head, which is final at once on the dev chain; or
         *     {@link TrieOptions#archival()}); fixed when the storage is first written
         * @return this builder
         */
        public Builder stateOptions(TrieOptions options) {
            this.stateOptions = Objects.requireNonNull(options, "options");
            return this;
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
         *     system clock), read once per sealed block
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
         * @param size the mempool bound, positive (default {@value DevChain#DEFAULT_MEMPOOL_SIZE})
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
         * @param max the most pending transactions of one sender, positive, at most the mempool
         *     size (default: a tenth of the mempool size, at least 1, at most
         *     {@value DevChain#DEFAULT_MAX_PENDING_PER_SENDER})
         * @return this builder
         * @throws IllegalArgumentException if not positive
         */
        public Builder maxPendingPerSender(int max) {
            if (max <= 0) {
                throw new IllegalArgumentException("maxPendingPerSender must be positive, was " + max);
            }
            this.maxPendingPerSender = max;
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
         * @throws IllegalStateException if storage, genesis or validator is missing, or the
         *     per-sender quota exceeds the mempool size
         */
        public DevChain build() {
            if (storage == null || genesis == null || validator == null) {
                throw new IllegalStateException("storage, genesis and validator must be set");
            }
            if (maxPendingPerSender > 0 && maxPendingPerSender > mempoolSize) {
                throw new IllegalStateException("maxPendingPerSender " + maxPendingPerSender
                        + " exceeds mempoolSize " + mempoolSize);
            }
            return new DevChain(this);
        }
    }
}
