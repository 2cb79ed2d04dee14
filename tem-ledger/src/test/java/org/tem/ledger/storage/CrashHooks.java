package org.tem.ledger.storage;

import java.io.PrintStream;
import java.util.function.Predicate;

/**
 * Fault injection for the crash tests: parks the committing thread forever at a chosen point of a
 * chosen commit, after printing {@code parked <point> <operations>}, so that a test can kill the
 * process there. Runs in the victim process.
 */
public final class CrashHooks {

    private CrashHooks() {
    }

    /** Where to park. */
    public enum Point {
        /** Half of the batch's operations handed to the store, none written yet (atomic store). */
        HALF_STAGED,
        /** The batch written and synced, the commit not yet returned. */
        WRITTEN
    }

    /**
     * Arms a RocksDB store: the first commit whose batch {@code which} accepts parks at
     * {@code point}.
     */
    public static void parkAt(RocksDbStorage storage, Point point, Predicate<StorageBatch> which, PrintStream out) {
        RocksDbStorage.CommitPoint p = point == Point.HALF_STAGED ? RocksDbStorage.CommitPoint.HALF_STAGED
                : RocksDbStorage.CommitPoint.WRITTEN;
        storage.commitHook((at, batch) -> {
            if (at == p && which.test(batch)) {
                park(point, batch, out);
            }
        });
    }

    static void park(Point point, StorageBatch batch, PrintStream out) {
        out.println("parked " + point + " " + batch.size());
        out.flush();
        while (true) {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                // Keep parking: only the kill ends this thread.
            }
        }
    }

    /**
     * @param batch a batch
     * @param key a key
     * @return whether the batch writes or deletes that key
     */
    public static boolean touches(StorageBatch batch, byte[] key) {
        for (StorageBatch.Op op : batch.operations()) {
            if (java.util.Arrays.equals(op.key(), key)) {
                return true;
            }
        }
        return false;
    }
}
