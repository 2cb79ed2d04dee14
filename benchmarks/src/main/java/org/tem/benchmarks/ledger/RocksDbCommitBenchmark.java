package org.tem.benchmarks.ledger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.tem.ledger.storage.RocksDbStorage;
import org.tem.ledger.storage.StorageBatch;

/**
 * {@link RocksDbStorage#commit} of a block-sized batch: {@code entries} puts of fresh random 32-byte
 * keys with {@code valueBytes}-byte values, into a database in a temp directory. {@code sync=true}
 * is the default ({@link RocksDbStorage#open(Path)}: fsync of the WAL per commit).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class RocksDbCommitBenchmark {
    @Param({"true", "false"})
    public boolean sync;

    @Param({"1000"})
    public int entries;

    @Param({"100"})
    public int valueBytes;

    private Path dir;
    private RocksDbStorage storage;
    private final Random random = new Random(17);
    private StorageBatch batch;

    @Setup(Level.Trial)
    public void open() throws IOException {
        dir = Files.createTempDirectory("tem-bench-rocks");
        storage = RocksDbStorage.open(dir, sync);
    }

    @Setup(Level.Invocation)
    public void newBatch() {
        batch = new StorageBatch();
        for (int i = 0; i < entries; i++) {
            byte[] k = new byte[32];
            byte[] v = new byte[valueBytes];
            random.nextBytes(k);
            random.nextBytes(v);
            batch.put(k, v);
        }
    }

    @Benchmark
    public void commit() {
        storage.commit(batch);
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        storage.close();
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
