package org.tem.ledger.storage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BiConsumer;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Snapshot;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * A {@link KeyValueStorage} in a RocksDB database on disk: the default store of a node. A batch
 * is one RocksDB {@code WriteBatch}, written through the write-ahead log, so it is atomic across
 * crashes; with {@code sync} it is also flushed to the device before {@link #commit} returns
 * (surviving power loss, not only a killed process). Thread-safe: closing waits for the calls in
 * progress, and every call after it throws {@link StorageException}.
 */
public final class RocksDbStorage implements KeyValueStorage {

    static {
        RocksDB.loadLibrary();
    }

    private final Options options;
    private final RocksDB db;
    private final WriteOptions writeOptions;
    // Readers (get, scan, commit) share it; close takes it exclusively, so the native handle is
    // never freed under a call in progress (which would crash the JVM, not throw).
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private boolean closed;

    private RocksDbStorage(Options options, RocksDB db, WriteOptions writeOptions) {
        this.options = options;
        this.db = db;
        this.writeOptions = writeOptions;
    }

    /**
     * Opens or creates a database in a directory, with synchronous (fsync) commits.
     *
     * @param directory the database directory; created if absent
     * @return the open store
     * @throws StorageException if RocksDB cannot open it (for example another process holds it)
     */
    public static RocksDbStorage open(Path directory) {
        return open(directory, true);
    }

    /**
     * Opens or creates a database in a directory.
     *
     * @param directory the database directory; created if absent
     * @param sync whether each commit waits for an fsync of the write-ahead log
     * @return the open store
     * @throws StorageException if RocksDB cannot open it (for example another process holds it)
     */
    public static RocksDbStorage open(Path directory, boolean sync) {
        Options options = new Options().setCreateIfMissing(true);
        try {
            Files.createDirectories(directory);
            RocksDB db = RocksDB.open(options, directory.toString());
            return new RocksDbStorage(options, db, new WriteOptions().setSync(sync));
        } catch (RocksDBException | java.io.IOException e) {
            options.close();
            throw new StorageException("cannot open RocksDB at " + directory + ": " + e.getMessage(), e);
        }
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

    @Override
    public void commit(StorageBatch batch) {
        lock.readLock().lock();
        try (WriteBatch wb = new WriteBatch()) {
            checkOpen();
            for (StorageBatch.Op op : batch.operations()) {
                if (op.isDelete()) {
                    wb.delete(op.key());
                } else {
                    wb.put(op.key(), op.value());
                }
            }
            db.write(writeOptions, wb);
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
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new StorageException("storage is closed");
        }
    }
}
