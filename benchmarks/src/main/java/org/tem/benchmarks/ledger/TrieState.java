package org.tem.benchmarks.ledger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.Stream;
import org.tem.ledger.crypto.Address;
import org.tem.ledger.crypto.Hash;
import org.tem.ledger.crypto.Keccak;
import org.tem.ledger.storage.InMemoryStorage;
import org.tem.ledger.storage.KeyValueStorage;
import org.tem.ledger.storage.RocksDbStorage;
import org.tem.ledger.storage.StorageBatch;
import org.tem.ledger.trie.StateLayout;
import org.tem.ledger.trie.Trie;
import org.tem.ledger.trie.TrieOptions;
import org.tem.ledger.trie.TrieStore;
import org.tem.ledger.trie.TrieUpdate;
import org.tem.ledger.trie.TrieVersion;

/**
 * A chain of trie versions for the benchmarks: one table of {@code "key/<i>"} keys (state-layout
 * trie keys of 30-32 bytes) with random values, in memory or in RocksDB (no fsync), committed
 * block by block as versions and pruned with a window as a node would.
 */
final class TrieState {
    static final Address TABLE = Address.fromHexString("0x00000000000000000000000000000000000c0de1");

    final KeyValueStorage kv;
    final TrieStore store;
    final Path dir;
    final Random random = new Random(17);
    Hash head = Trie.EMPTY_ROOT;
    long height = -1;

    TrieState(String storage, TrieOptions options) {
        try {
            if (storage.equals("rocksdb")) {
                dir = Files.createTempDirectory("tem-bench-trie");
                kv = RocksDbStorage.open(dir, false);
            } else {
                dir = null;
                kv = new InMemoryStorage();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        store = TrieStore.open(kv, options);
    }

    static byte[] key(long i) {
        return StateLayout.key(TABLE, ("key/" + i).getBytes(StandardCharsets.US_ASCII));
    }

    static Hash id(long height) {
        return Keccak.hash256(java.nio.ByteBuffer.allocate(8).putLong(height).array());
    }

    byte[] value(int bytes) {
        byte[] v = new byte[bytes];
        random.nextBytes(v);
        return StateLayout.storedValue(v);
    }

    /**
     * Fills keys [0, n) in blocks of {@code perBlock}, pruning each fill block at once (a window
     * of 0), then commits {@code window + 2} one-key blocks so that the chain is in its steady
     * state: every new block pushes one old block out of the window.
     */
    void fill(long n, int perBlock, int valueBytes) {
        TrieStore filler = TrieStore.open(kv, TrieOptions.pruned(0).withCacheNodes(0));
        for (long i = 0; i < n || height < 0; i += perBlock) {
            TrieUpdate u = filler.update(head);
            for (long k = i; k < Math.min(n, i + perBlock); k++) {
                u.put(key(k), value(valueBytes));
            }
            StorageBatch batch = new StorageBatch();
            TrieVersion v = filler.commit(u.changes(), id(height + 1), height < 0 ? null : id(height), batch);
            kv.commit(batch);
            filler.prune(v.id());
            height++;
            head = v.root();
        }
        int steady = store.options().archive() ? 0 : store.options().window() + 2;
        for (int i = 0; i < steady; i++) {
            TrieUpdate u = store.update(head);
            u.put(key(random.nextInt((int) Math.max(n, 1))), value(valueBytes));
            commit(u);
        }
    }

    /** Commits an update as the next version and prunes as a node would. */
    TrieVersion commit(TrieUpdate u) {
        StorageBatch batch = new StorageBatch();
        TrieVersion v = store.commit(u.changes(), id(height + 1), height < 0 ? null : id(height), batch);
        kv.commit(batch);
        height++;
        head = v.root();
        store.prune(v.id());
        return v;
    }

    void close() {
        kv.close();
        if (dir != null) {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The size of a directory's files in bytes. */
    long diskBytes() {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
