package org.tem.ledger.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RocksDbStorageTest implements KeyValueStorageContract {

    @TempDir
    Path dir;

    @Override
    public KeyValueStorage create() {
        try {
            return RocksDbStorage.open(Files.createTempDirectory(dir, "db"), false);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void committedDataSurvivesReopening() {
        Path d = dir.resolve("reopen");
        try (RocksDbStorage s = RocksDbStorage.open(d)) {
            s.commit(new StorageBatch().put(new byte[] {1}, new byte[] {42}));
        }
        try (RocksDbStorage s = RocksDbStorage.open(d)) {
            assertArrayEquals(new byte[] {42}, s.get(new byte[] {1}).orElseThrow());
        }
    }

    /**
     * Closing frees RocksDB's native handle; doing that under a scan in progress would crash the
     * JVM rather than throw. So close waits for the scan, and later calls throw StorageException.
     */
    @Test
    void closeWaitsForAScanInProgressThenCallsFailWithStorageException() throws Exception {
        RocksDbStorage s = RocksDbStorage.open(dir.resolve("closing"), false);
        s.commit(new StorageBatch().put(new byte[] {1}, new byte[] {1}).put(new byte[] {2}, new byte[] {2}));
        CountDownLatch inScan = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<Byte> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread scanner = new Thread(() -> s.scan(new byte[0], (k, v) -> {
            inScan.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            seen.add(v[0]);
        }));
        scanner.start();
        assertTrue(inScan.await(10, TimeUnit.SECONDS));
        Thread closer = new Thread(s::close);
        closer.start();
        closer.join(300);
        assertTrue(closer.isAlive(), "close returned while a scan was reading");
        release.countDown();
        scanner.join(10_000);
        closer.join(10_000);
        assertFalse(closer.isAlive());
        assertEquals(List.of((byte) 1, (byte) 2), seen);
        assertThrows(StorageException.class, () -> s.get(new byte[] {1}));
    }
}
