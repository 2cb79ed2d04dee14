package org.tem.benchmarks.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.tem.consensus.network.InMemoryNetwork;
import org.tem.consensus.network.PeerId;
import org.tem.consensus.node.LedgerNode;
import org.tem.consensus.poa.PoaConsensus;
import org.tem.consensus.scheduler.Simulator;
import org.tem.ledger.block.BlockHeader;
import org.tem.ledger.chain.ChainListener;
import org.tem.ledger.crypto.Hash;
import org.tem.ledger.storage.RocksDbStorage;
import org.tem.ledger.tx.Transaction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code footprint}: a validator's and a normal node's heap, RSS and RocksDB storage at a given
 * height under an ADMM workload of rounds of 10 prosumers (pool and bilateral with all pairs).
 *
 * <p>Two phases per topology. <b>Build</b> (in this process, on a discrete-event simulator so that
 * it runs as fast as the CPU allows): one validator and one normal node, each on its own RocksDB
 * directory, joined by an in-memory network; the operator registers ten meters and opens a round,
 * the meters submit their trade vectors through the normal node one iteration at a time (the next
 * iteration once the last is in a block), and after each round's iteration cap the operator opens
 * the next round, until the normal node's head reaches the height. <b>Measure</b>: each node's
 * directory is opened by a child JVM of its own (so its RSS is that node's alone), started on the
 * wall clock, given time to settle, fully collected, and its heap and {@code VmRSS} read; storage
 * is the directory's size once closed. Storage is measured twice: when the build has closed the
 * node (what a running node holds: table files, and the write-ahead log of what is not yet
 * flushed) and again after the child has reopened and closed it (the log replayed into a table
 * file). A node reopened at the height holds no load, so its RSS is
 * a floor; the build process's RSS at the end (both nodes under load, the simulator, one JVM with
 * the parent's heap settings) is reported beside it as a ceiling. The build commits without fsync
 * (the measured node reopens with the library's default, synchronous settings).
 */
@Command(name = "footprint", mixinStandardHelpOptions = true,
        description = "Heap, RSS and RocksDB storage of a validator and a normal node at a height under an ADMM load.")
final class FootprintCommand implements Callable<Integer> {

    @Option(names = "--height", defaultValue = "33846", description = "chain height to build (default ${DEFAULT-VALUE})")
    long height = 33_846;

    @Option(names = "--topologies", split = ",", defaultValue = "pool,bilateral", description = "pool and/or bilateral (default ${DEFAULT-VALUE})")
    List<String> topologies = new ArrayList<>();

    @Option(names = "--iterations-per-round", defaultValue = "200", description = "each round's iteration cap (default ${DEFAULT-VALUE})")
    int iterationsPerRound = 200;

    @Option(names = "--child-xmx", defaultValue = "256m", description = "the measured node's -Xmx (default ${DEFAULT-VALUE})")
    String childXmx = "256m";

    @Option(names = "--settle-ms", defaultValue = "3000", description = "wall time the measured node runs before measuring (default ${DEFAULT-VALUE})")
    long settleMillis = 3_000;

    @Option(names = "--out", defaultValue = "bench-out", description = "output directory (default ${DEFAULT-VALUE})")
    Path out = Path.of("bench-out");

    /**
     * @param pool the topology
     * @return the footprint chain: one validator, one group of 10 meters, a fixed genesis time
     */
    static BenchChain chain(boolean pool) {
        return new BenchChain(1, 1, 10, pool);
    }

    @Override
    public Integer call() throws Exception {
        Report report = new Report("footprint", "run", "topology", "kind", "height", "transactions", "storage_mb",
                "storage_reopened_mb", "heap_used_mb", "heap_committed_mb", "rss_mb", "build_seconds",
                "build_rss_mb");
        List<String> headlines = new ArrayList<>();
        int run = 0;
        for (String topology : topologies) {
            boolean pool = topology.equals("pool");
            if (!pool && !topology.equals("bilateral")) {
                throw new IllegalArgumentException("topology must be pool or bilateral, was " + topology);
            }
            Path dir = out.resolve("footprint-" + topology);
            deleteTree(dir);
            long t0 = System.nanoTime();
            long[] built = build(chain(pool), dir);
            double buildSeconds = (System.nanoTime() - t0) / 1e9;
            for (String kind : List.of("validator", "normal")) {
                Path db = dir.resolve(kind);
                long storage = treeBytes(db);
                long[] m = measure(db, kind, topology);
                long reopened = treeBytes(db);
                run++;
                report.row(run, topology, kind, built[0], built[1], storage / 1e6, reopened / 1e6, m[1] / 1e6,
                        m[2] / 1e6, m[3] / 1e6, buildSeconds, built[2] / 1e6);
                String paper = kind.equals("validator") ? "565 MB RAM / 157 MB storage" : "390 MB RAM / 23 MB storage";
                report.markdown(out, List.of("topology", "node", "height", "transactions", "heap used (MB)",
                        "RSS (MB)", "storage (MB)", "storage after reopening (MB)", "build process RSS, both nodes (MB)",
                        "paper at 33,846"),
                        List.of(topology, kind, String.valueOf(built[0]), String.valueOf(built[1]),
                        Report.format(m[1] / 1e6), Report.format(m[3] / 1e6), Report.format(storage / 1e6),
                        Report.format(reopened / 1e6), Report.format(built[2] / 1e6), paper));
                headlines.add(String.format(Locale.ROOT,
                        "footprint %s %s at height %d (%d transactions): RSS %.1f MB, heap used %.1f MB (-Xmx%s),"
                                + " storage %.1f MB (%.1f MB after reopening)",
                        topology, kind, built[0], built[1], m[3] / 1e6, m[1] / 1e6, childXmx, storage / 1e6,
                        reopened / 1e6));
            }
        }
        report.write(out, "Node footprint", "run", false, null, List.of("rss_mb", "heap_used_mb", "storage_mb"), "MB");
        headlines.forEach(System.out::println);
        return 0;
    }

    /**
     * Builds the chain to {@link #height} in {@code dir/validator} and {@code dir/normal}.
     *
     * @return the height reached, the transactions in the chain, and this process's RSS at the end
     *     of the build (both nodes, the load and the simulator in one JVM; bytes, −1 if unknown)
     * @throws IOException if the RSS cannot be read
     */
    private long[] build(BenchChain chain, Path dir) throws IOException {
        long start = 1_700_000_000_000L;
        Simulator sim = new Simulator(start, 1);
        InMemoryNetwork net = InMemoryNetwork.builder(sim).seed(2).latency(1, 5).build();
        RocksDbStorage vDisk = RocksDbStorage.open(dir.resolve("validator"), false);
        RocksDbStorage nDisk = RocksDbStorage.open(dir.resolve("normal"), false);
        try {
            Simulator.NodeScheduler vs = sim.newScheduler();
            Simulator.NodeScheduler ns = sim.newScheduler();
            LedgerNode validator = LedgerNode.builder().scheduler(vs).transport(net.join(new PeerId("validator"), vs))
                    .storage(vDisk).genesis(chain.genesis).consensus(PoaConsensus.builder(chain.params).store(vDisk)
                            .validator(chain.validatorKeys.get(0)).finalityPeriodMillis(1_000).seed(1).build())
                    .build();
            LedgerNode normal = LedgerNode.builder().scheduler(ns).transport(net.join(new PeerId("normal"), ns))
                    .storage(nDisk).genesis(chain.genesis).consensus(PoaConsensus.builder(chain.params).store(nDisk)
                            .finalityPeriodMillis(1_000).seed(2).build())
                    .build();
            Driver driver = new Driver(chain, normal, sim, dir);
            normal.addListener(driver);
            validator.start();
            normal.start();
            driver.next();
            sim.runUntil(() -> normal.head().number() >= height || !driver.failure.isEmpty()
                    || sim.now() - driver.lastHeadAt > 600_000, Long.MAX_VALUE);
            if (!driver.failure.isEmpty()) {
                throw new IllegalStateException("footprint load: " + driver.failure);
            }
            long reached = normal.head().number();
            long txs = 0;
            for (long n = 1; n <= reached; n++) {
                txs += normal.reader().block(n).orElseThrow().transactions().size();
            }
            long rss = FootprintNode.rssBytes();
            validator.close();
            normal.close();
            vs.stop();
            ns.stop();
            return new long[] {reached, txs, rss};
        } finally {
            vDisk.close();
            nDisk.close();
        }
    }

    /** Submits the load one batch at a time, the next once the last is in the normal node's chain. */
    private final class Driver implements ChainListener {
        final BenchChain chain;
        final LedgerNode node;
        final Simulator sim;
        final Path dir;
        final long startNanos = System.nanoTime();
        final Set<Hash> pending = new HashSet<>();
        final long[] nonces;
        long operatorNonce;
        long round = 1;
        int iteration;
        long lastHeadAt;
        long lastHead;
        String failure = "";

        Driver(BenchChain chain, LedgerNode node, Simulator sim, Path dir) {
            this.chain = chain;
            this.node = node;
            this.sim = sim;
            this.dir = dir;
            this.nonces = new long[chain.meters];
            this.lastHeadAt = sim.now();
        }

        /** Submits the next batch: set-up first, then iterations, a new round after each cap. */
        void next() {
            List<Transaction> batch = new ArrayList<>();
            if (iteration == 0 && round == 1) {
                batch.addAll(chain.setup(0, iterationsPerRound));
                operatorNonce = batch.size();
                iteration = 1;
            } else if (iteration > iterationsPerRound) {
                round++;
                iteration = 1;
                batch.add(chain.openRound(operatorNonce++, round, 0, iterationsPerRound));
            } else {
                for (int u = 0; u < chain.meters; u++) {
                    batch.add(chain.submission(0, u, round, iteration, nonces[u]++));
                }
                iteration++;
            }
            for (Transaction tx : batch) {
                pending.add(tx.hash());
                node.submit(tx).whenComplete((r, e) -> {
                    if (e != null) {
                        failure = "refused: " + e.getMessage();
                    } else if (!r.success()) {
                        failure = "failed: " + r.reason();
                    }
                });
            }
        }

        @Override
        public void onNewHead(BlockHeader head) {
            lastHeadAt = sim.now();
            for (long b = lastHead + 1; b <= head.number(); b++) {
                node.reader().block(b).ifPresent(block -> block.transactions().forEach(t -> pending.remove(t.hash())));
            }
            lastHead = head.number();
            if (head.number() % 1_000 == 0) {
                System.out.printf(Locale.ROOT, "  footprint build: height %d after %.0f s, storage validator %.1f MB,"
                        + " normal %.1f MB%n", head.number(), (System.nanoTime() - startNanos) / 1e9,
                        liveBytes(dir.resolve("validator")) / 1e6, liveBytes(dir.resolve("normal")) / 1e6);
            }
            if (pending.isEmpty() && head.number() < height) {
                next();
            }
        }
    }

    /** Runs one node in a child JVM and returns {head, heap used, heap committed, RSS}. */
    private long[] measure(Path db, String kind, String topology) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx" + childXmx, "-cp", System.getProperty("java.class.path"),
                FootprintNode.class.getName(), db.toString(), kind, topology, String.valueOf(settleMillis));
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("footprint child for " + kind + " failed:\n" + output);
        }
        String last = output.lines().filter(l -> l.startsWith("FOOTPRINT ")).reduce((a, b) -> b)
                .orElseThrow(() -> new IllegalStateException("no FOOTPRINT line from the child:\n" + output));
        String[] f = last.split(" ");
        return new long[] {Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]), Long.parseLong(f[4])};
    }

    /**
     * The size of a directory that RocksDB is writing: files that vanish during the walk (a
     * compaction deleting its inputs) count as zero.
     *
     * @param dir the directory
     * @return its regular files' bytes, or −1 if it cannot be walked
     */
    static long liveBytes(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.mapToLong(p -> {
                try {
                    return Files.isRegularFile(p) ? Files.size(p) : 0;
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException e) {
            return -1;
        }
    }

    static long treeBytes(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
