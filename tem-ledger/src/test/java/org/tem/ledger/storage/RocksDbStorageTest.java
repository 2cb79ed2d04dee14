package org.tem.ledger.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
}
