package org.tem.ledger.storage;

import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

/**
 * A deliberately broken store for the crash test's control: it commits a batch one operation at
 * a time (each a synced single-operation batch of the RocksDB store underneath), so a process
 * killed in the middle leaves half a batch on disk. It can park the committing thread half-way
 * through a chosen batch, as {@link CrashHooks} does for the atomic store.
 */
public final class SplitCommitStorage implements KeyValueStorage {

    private final RocksDbStorage store;
    private volatile Predicate<StorageBatch> parkIn;
    private volatile PrintStream out;

    /** @param store the store underneath */
    public SplitCommitStorage(RocksDbStorage store) {
        this.store = store;
    }

    /** Parks half-way through the first commit whose batch {@code which} accepts. */
    public void parkHalfWay(Predicate<StorageBatch> which, PrintStream printTo) {
        this.out = printTo;
        this.parkIn = which;
    }

    @Override
    public Optional<byte[]> get(byte[] key) {
        return store.get(key);
    }

    @Override
    public void scan(byte[] prefix, BiConsumer<byte[], byte[]> visitor) {
        store.scan(prefix, visitor);
    }

    @Override
    public void commit(StorageBatch batch) {
        Predicate<StorageBatch> which = parkIn;
        boolean park = which != null && which.test(batch);
        List<StorageBatch.Op> ops = batch.operations();
        for (int i = 0; i < ops.size(); i++) {
            if (park && i == ops.size() / 2) {
                CrashHooks.park(CrashHooks.Point.HALF_STAGED, batch, out);
            }
            StorageBatch.Op op = ops.get(i);
            StorageBatch one = new StorageBatch();
            if (op.isDelete()) {
                one.delete(op.key());
            } else {
                one.put(op.key(), op.value());
            }
            store.commit(one);
        }
    }

    @Override
    public void close() {
        store.close();
    }
}
