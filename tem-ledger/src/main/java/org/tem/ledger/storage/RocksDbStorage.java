package org.tem.ledger.storage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BiConsumer;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.Cache;
import org.rocksdb.CompressionType;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.RocksObject;
import org.rocksdb.Snapshot;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * A {@link KeyValueStorage} in a RocksDB database on disk: the default store of a node.
 *
 * <p><b>Atomicity and durability.</b> A batch is one RocksDB {@code WriteBatch}, written as one
 * record of the write-ahead log: after a crash RocksDB recovers all of it or none of it (a torn
 * last record is discarded). With {@link Settings#sync()} (the default) the log is also flushed
 * to the device (fsync) before {@link #commit} returns, so a committed batch survives power loss,
 * not only a killed process; without it a committed batch survives a killed process but the last
 * ones may be lost with the power.
 *
 * <p><b>Tuning</b> ({@link Settings#defaults()}): a Bloom filter of 10 bits per key in every
 * table file (a read of an absent key, such as a trie node's count when the node is new, skips
 * the files that cannot hold it), a shared LRU block cache of 64 MiB, 16 KiB blocks, LZ4
 * compression on the upper levels and ZSTD on the bottommost (where most data settles); see
 * {@code benchmarks/README.md} for what each setting was measured to do. Whatever the settings, a
 * memtable (and so the write-ahead log not yet flushed into a table file) holds at most
 * {@link #WRITE_BUFFER_BYTES}, not RocksDB's 64 MiB: a ledger writes a little per block and
 * deletes most of it again (pruned state), so a large memtable mostly keeps garbage on disk and
 * in memory.
 *
 * <p>Thread-safe: closing waits for the calls in progress, and every call after it throws
 * {@link StorageException}.
 */
public final class RocksDbStorage implements KeyValueStorage {

    static {
        RocksDB.loadLibrary();
    }

    /** How table files are compressed. */
    public enum Compression {
        /** No compression. */
        NONE,
        /** Snappy on every level (RocksDB's own default). */
        SNAPPY,
        /** LZ4 on every level. */
        LZ4,
        /** LZ4 on the upper levels, ZSTD on the bottommost (the default). */
        LZ4_ZSTD,
        /** ZSTD on every level. */
        ZSTD
    }

    /**
     * How a database is opened. Immutable.
     *
     * @param sync whether each commit waits for an fsync of the write-ahead log (power-loss
     *     durability)
     * @param blockCacheBytes the LRU block cache, bytes (0: RocksDB's own small default)
     * @param bloomBitsPerKey bits per key of the table files' Bloom filters (0: no filter)
     * @param compression how table files are compressed
     */
    public record Settings(boolean sync, long blockCacheBytes, int bloomBitsPerKey, Compression compression) {

        /** The default block cache: 64 MiB. */
        public static final long DEFAULT_BLOCK_CACHE_BYTES = 64L * 1024 * 1024;

        /** The default Bloom filter: 10 bits per key (about 1 % false positives). */
        public static final int DEFAULT_BLOOM_BITS_PER_KEY = 10;

        /**
         * @param sync whether each commit waits for an fsync of the write-ahead log (power-loss
         *     durability)
         * @param blockCacheBytes the LRU block cache, bytes (0: RocksDB's own small default)
         * @param bloomBitsPerKey bits per key of the table files' Bloom filters (0: no filter)
         * @param compression how table files are compressed
         * @throws IllegalArgumentException if the cache size or the bits per key are negative
         */
        public Settings {
            Objects.requireNonNull(compression, "compression");
            if (blockCacheBytes < 0) {
                throw new IllegalArgumentException("blockCacheBytes must be >= 0, was " + blockCacheBytes);
            }
            if (bloomBitsPerKey < 0 || bloomBitsPerKey > 64) {
                throw new IllegalArgumentException("bloomBitsPerKey must be in [0, 64], was " + bloomBitsPerKey);
            }
        }

        /**
         * @return synchronous commits, a 64 MiB block cache, 10-bit Bloom filters, LZ4 + ZSTD
         */
        public static Settings defaults() {
            return new Settings(true, DEFAULT_BLOCK_CACHE_BYTES, DEFAULT_BLOOM_BITS_PER_KEY, Compression.LZ4_ZSTD);
        }

        /**
         * @return RocksDB's own defaults (no filter, its small block cache, Snappy), with
         *     synchronous commits: the baseline the defaults were measured against
         */
        public static Settings rocksDbDefaults() {
            return new Settings(true, 0, 0, Compression.SNAPPY);
        }

        /**
         * @param s whether commits wait for an fsync
         * @return these settings with that choice
         */
        public Settings withSync(boolean s) {
            return new Settings(s, blockCacheBytes, bloomBitsPerKey, compression);
        }
    }

    /**
     * Where a commit is; for fault-injection tests, which park the committing thread at one of
     * these points and kill the process.
     */
    enum CommitPoint {
        /** Half of the batch's operations are in the native write batch; nothing is written yet. */
        HALF_STAGED,
        /** The write batch is written (and synced, with {@link Settings#sync()}); not yet returned. */
        WRITTEN
    }

    /** Called by {@link #commit} at each {@link CommitPoint}; tests only. */
    @FunctionalInterface
    interface CommitHook {
        /**
         * @param point where the commit is
         * @param batch the batch being committed
         */
        void reached(CommitPoint point, StorageBatch batch);
    }

    /** The size of a memtable, bytes: 8 MiB (RocksDB's default is 64 MiB). */
    public static final long WRITE_BUFFER_BYTES = 8L * 1024 * 1024;

    private final Options options;
    private final List<RocksObject> natives;
    private final RocksDB db;
    private final WriteOptions writeOptions;
    // Readers (get, scan, commit) share it; close takes it exclusively, so the native handle is
    // never freed under a call in progress (which would crash the JVM, not throw).
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private volatile CommitHook hook;
    private boolean closed;

    private RocksDbStorage(Options options, List<RocksObject> natives, RocksDB db, WriteOptions writeOptions) {
        this.options = options;
        this.natives = natives;
        this.db = db;
        this.writeOptions = writeOptions;
    }

    /**
     * Opens or creates a database in a directory with {@link Settings#defaults()}: synchronous
     * (fsync) commits.
     *
     * @param directory the database directory; created if absent
     * @return the open store
     * @throws StorageException if RocksDB cannot open it (for example another process holds it)
     */
    public static RocksDbStorage open(Path directory) {
        return open(directory, Settings.defaults());
    }

    /**
     * Opens or creates a database in a directory with the default tuning.
     *
     * @param directory the database directory; created if absent
     * @param sync whether each commit waits for an fsync of the write-ahead log
     * @return the open store
     * @throws StorageException if RocksDB cannot open it (for example another process holds it)
     */
    public static RocksDbStorage open(Path directory, boolean sync) {
        return open(directory, Settings.defaults().withSync(sync));
    }

    /**
     * Opens or creates a database in a directory.
     *
     * @param directory the database directory; created if absent
     * @param settings durability and tuning
     * @return the open store
     * @throws StorageException if RocksDB cannot open it (for example another process holds it)
     */
    public static RocksDbStorage open(Path directory, Settings settings) {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(settings, "settings");
        Options options = new Options().setCreateIfMissing(true);
        List<RocksObject> natives = new java.util.ArrayList<>();
        BlockBasedTableConfig table = new BlockBasedTableConfig();
        if (settings.blockCacheBytes() > 0) {
            Cache cache = new LRUCache(settings.blockCacheBytes());
            natives.add(cache);
            table.setBlockCache(cache);
            table.setBlockSize(16 * 1024);
        }
        if (settings.bloomBitsPerKey() > 0) {
            BloomFilter filter = new BloomFilter(settings.bloomBitsPerKey(), false);
            natives.add(filter);
            table.setFilterPolicy(filter);
            table.setCacheIndexAndFilterBlocks(true);
            table.setPinL0FilterAndIndexBlocksInCache(true);
        }
        options.setTableFormatConfig(table);
        switch (settings.compression()) {
            case NONE -> options.setCompressionType(CompressionType.NO_COMPRESSION);
            case SNAPPY -> options.setCompressionType(CompressionType.SNAPPY_COMPRESSION);
            case LZ4 -> options.setCompressionType(CompressionType.LZ4_COMPRESSION);
            case LZ4_ZSTD -> options.setCompressionType(CompressionType.LZ4_COMPRESSION)
                    .setBottommostCompressionType(CompressionType.ZSTD_COMPRESSION);
            case ZSTD -> options.setCompressionType(CompressionType.ZSTD_COMPRESSION);
            default -> throw new IllegalStateException("unknown compression " + settings.compression());
        }
        options.setLevelCompactionDynamicLevelBytes(true);
        options.setWriteBufferSize(WRITE_BUFFER_BYTES);
        WriteOptions wo = new WriteOptions().setSync(settings.sync());
        try {
            Files.createDirectories(directory);
            RocksDB db = RocksDB.open(options, directory.toString());
            return new RocksDbStorage(options, natives, db, wo);
        } catch (RocksDBException | java.io.IOException e) {
            wo.close();
            options.close();
            closeAll(natives);
            throw new StorageException("cannot open RocksDB at " + directory + ": " + e.getMessage(), e);
        }
    }

    /** Sets (or clears, with null) the commit hook; tests only. */
    void commitHook(CommitHook h) {
        this.hook = h;
    }

    @Override
    public Optional<byte[]> get(byte[] key) {
        lock.readLock().lock();
        try {
            checkOpen();
            return Optional.ofNullable(db.get(key));
        } catch (RocksDBException e) {
            throw new StorageException("RocksDB read failed: " + e.getMessage(), e);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public void scan(byte[] prefix, BiConsumer<byte[], byte[]> visitor) {
        lock.readLock().lock();
        try {
            checkOpen();
            Snapshot snapshot = db.getSnapshot();
            try (ReadOptions ro = new ReadOptions().setSnapshot(snapshot);
                    RocksIterator it = db.newIterator(ro)) {
                for (it.seek(prefix); it.isValid(); it.next()) {
                    byte[] k = it.key();
                    if (!InMemoryStorage.startsWith(k, prefix)) {
                        break;
                    }
                    visitor.accept(k, it.value());
                }
                it.status();
            } catch (RocksDBException e) {
                throw new StorageException("RocksDB scan failed: " + e.getMessage(), e);
            } finally {
                db.releaseSnapshot(snapshot);
            }
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Writes the batch atomically: every operation goes into one native {@code WriteBatch}, which
     * RocksDB writes as one write-ahead-log record (fsynced with {@link Settings#sync()}) and then
     * applies to its memtable. A process killed at any point before that record is complete
     * leaves none of the batch; one killed after leaves all of it.
     */
    @Override
    public void commit(StorageBatch batch) {
        lock.readLock().lock();
        try (WriteBatch wb = new WriteBatch()) {
            checkOpen();
            CommitHook h = hook;
            List<StorageBatch.Op> ops = batch.operations();
            int half = ops.size() / 2;
            for (int i = 0; i < ops.size(); i++) {
                if (i == half && h != null) {
                    h.reached(CommitPoint.HALF_STAGED, batch);
                }
                StorageBatch.Op op = ops.get(i);
                if (op.isDelete()) {
                    wb.delete(op.key());
                } else {
                    wb.put(op.key(), op.value());
                }
            }
            db.write(writeOptions, wb);
            if (h != null) {
                h.reached(CommitPoint.WRITTEN, batch);
            }
        } catch (RocksDBException e) {
            throw new StorageException("RocksDB write failed: " + e.getMessage(), e);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Closes the database once every read, scan and commit in progress has finished; later calls
     * throw {@link StorageException}. Idempotent.
     */
    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                db.close();
                writeOptions.close();
                options.close();
                closeAll(natives);
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    private static void closeAll(List<RocksObject> natives) {
        natives.forEach(RocksObject::close);
    }

    private void checkOpen() {
        if (closed) {
            throw new StorageException("storage is closed");
        }
    }
}
