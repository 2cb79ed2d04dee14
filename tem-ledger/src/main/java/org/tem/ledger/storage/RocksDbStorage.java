package org.tem.ledger.storage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Snapshot;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;
import org.tem.ledger.LedgerException;

/**
 * A {@link KeyValueStorage} in a RocksDB database on disk: the default store of a node. A batch
 * is one RocksDB {@code WriteBatch}, written through the write-ahead log, so it is atomic across
 * crashes; with {@code sync} it is also flushed to the device before {@link #commit} returns
 * (surviving power loss, not only a killed process). Thread-safe.
 */
public final class RocksDbStorage implements KeyValueStorage {

    static {
        RocksDB.loadLibrary();
    }

    private final Options options;
    private final RocksDB db;
    private final WriteOptions writeOptions;
    private volatile boolean closed;

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
     * @throws LedgerException if RocksDB cannot open it (for example another process holds it)
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
     * @throws LedgerException if RocksDB cannot open it (for example another process holds it)
     */
    public static RocksDbStorage open(Path directory, boolean sync) {
        Options options = new Options().setCreateIfMissing(true);
        try {
            Files.createDirectories(directory);
            RocksDB db = RocksDB.open(options, directory.toString());
            return new RocksDbStorage(options, db, new WriteOptions().setSync(sync));
        } catch (RocksDBException | java.io.IOException e) {
            options.close();
            throw new LedgerException("cannot open RocksDB at " + directory + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<byte[]> get(byte[] key) {
        checkOpen();
        try {
            return Optional.ofNullable(db.get(key));
        } catch (RocksDBException e) {
            throw new LedgerException("RocksDB read failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void scan(byte[] prefix, BiConsumer<byte[], byte[]> visitor) {
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
            throw new LedgerException("RocksDB scan failed: " + e.getMessage(), e);
        } finally {
            db.releaseSnapshot(snapshot);
        }
    }

    @Override
    public void commit(StorageBatch batch) {
        checkOpen();
        try (WriteBatch wb = new WriteBatch()) {
            for (StorageBatch.Op op : batch.operations()) {
                if (op.isDelete()) {
                    wb.delete(op.key());
                } else {
                    wb.put(op.key(), op.value());
                }
            }
            db.write(writeOptions, wb);
        } catch (RocksDBException e) {
            throw new LedgerException("RocksDB write failed: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            db.close();
            writeOptions.close();
            options.close();
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("storage is closed");
        }
    }
}
