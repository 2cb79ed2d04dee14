package org.tem.benchmarks.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.tem.consensus.network.InMemoryNetwork;
import org.tem.consensus.network.PeerId;
import org.tem.consensus.node.LedgerNode;
import org.tem.consensus.poa.PoaConsensus;
import org.tem.consensus.scheduler.RealScheduler;
import org.tem.ledger.storage.RocksDbStorage;

/**
 * The child process of {@code footprint}: opens one node's RocksDB directory (built by the parent)
 * as a validator or a normal node of the benchmark chain, starts it on its own event loop and the
 * wall clock, lets it settle for {@code settleMillis}, runs a full collection, and prints its last
 * line as {@code FOOTPRINT <head> <heap used bytes> <heap committed bytes> <VmRSS bytes>}.
 *
 * <p>Run by the parent as {@code java -Xmx… -cp <its class path> org.tem.benchmarks.harness.FootprintNode
 * <dir> <validator|normal> <pool|bilateral> <settleMillis>}.
 */
public final class FootprintNode {

    private FootprintNode() {
    }

    /**
     * @param args directory, kind, topology, settle milliseconds
     * @throws Exception if the node cannot be opened
     */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        boolean validator = args[1].equals("validator");
        boolean pool = args[2].equals("pool");
        long settle = Long.parseLong(args[3]);
        BenchChain chain = FootprintCommand.chain(pool);
        RocksDbStorage disk = RocksDbStorage.open(dir);
        try (RealScheduler loop = new RealScheduler("footprint-" + args[1]);
                RealScheduler net = new RealScheduler("footprint-net")) {
            PoaConsensus.Builder engine = PoaConsensus.builder(chain.params).store(disk);
            if (validator) {
                engine.validator(chain.validatorKeys.get(0));
            }
            LedgerNode node = LedgerNode.builder().scheduler(loop)
                    .transport(InMemoryNetwork.builder(net).build().join(new PeerId(args[1]), loop)).storage(disk)
                    .genesis(chain.genesis).consensus(engine.build()).build();
            node.start();
            Thread.sleep(settle);
            long head = node.head().number();
            System.gc();
            Thread.sleep(200);
            System.gc();
            Runtime rt = Runtime.getRuntime();
            long used = rt.totalMemory() - rt.freeMemory();
            long committed = rt.totalMemory();
            long rss = rssBytes();
            node.close();
            System.out.printf(Locale.ROOT, "FOOTPRINT %d %d %d %d%n", head, used, committed, rss);
        } finally {
            disk.close();
        }
    }

    /**
     * @return this process's resident set size from {@code /proc/self/status} (VmRSS), bytes; −1
     *     where that file does not exist
     * @throws IOException if it exists but cannot be read
     */
    static long rssBytes() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) {
            return -1;
        }
        for (String line : Files.readAllLines(status, StandardCharsets.US_ASCII)) {
            if (line.startsWith("VmRSS:")) {
                String[] f = line.substring(6).trim().split("\\s+");
                return Long.parseLong(f[0]) * 1024;
            }
        }
        return -1;
    }
}
