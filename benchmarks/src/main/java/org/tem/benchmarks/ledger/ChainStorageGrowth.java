package org.tem.benchmarks.ledger;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.tem.api.Vpp;
import org.tem.examples.ledger.DevGateway;
import org.tem.examples.ledger.LedgerAdmmSolver;
import org.tem.examples.synthetic.SyntheticScenario;
import org.tem.ledger.crypto.Address;
import org.tem.ledger.dev.DevChain;
import org.tem.ledger.permission.Permissions;
import org.tem.ledger.storage.RocksDbStorage;
import org.tem.ledger.trie.TrieOptions;
import org.tem.solver.admm.AdmmOptions;
import org.tem.solver.contract.Codec;
import org.tem.solver.contract.ContractCoordination;
import org.tem.solver.contract.Coordination;
import org.tem.solver.contract.Meter;
import org.tem.solver.contract.RoundView;
import org.tem.solver.contract.RoundConfig;

/**
 * Storage of a dev chain on RocksDB (default settings, synchronous commits) after many blocks of
 * the 10-home bilateral ADMM round ({@code SyntheticScenario.of(10, 1)}, the coordination
 * contract, every meter submitting every iteration, one block per iteration, as
 * {@link LedgerAdmmSolver} runs it), with state pruning (the default window) or an archive. When a
 * round closes (converged: its working state is deleted, its final trades kept) the operator opens
 * the next; the run stops at {@code blocks} blocks, mid-round if it falls there. Prints, every
 * {@code every} blocks, the database's size on disk and the elapsed wall and CPU time; at the end,
 * after reopening the store, the bytes of every namespace (first key byte: {@code T} state trie,
 * the others blocks, receipts and indexes).
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar org.tem.benchmarks.ledger.ChainStorageGrowth
 * [pruned|archive] [blocks=10000] [every=1000]}
 */
public final class ChainStorageGrowth {
    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();
    private static final Address CONTRACT = LedgerAdmmSolver.CONTRACT;

    private ChainStorageGrowth() {
    }

    /**
     * @param args mode, blocks, report interval
     * @throws IOException if the temporary directory cannot be made
     */
    public static void main(String[] args) throws IOException {
        boolean archive = args.length > 0 && args[0].equals("archive");
        int target = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int every = args.length > 2 ? Integer.parseInt(args[2]) : 1_000;
        Vpp vpp = SyntheticScenario.of(10, 1).build();
        AdmmOptions options = AdmmOptions.DEFAULT;
        Path dir = Files.createTempDirectory("tem-bench-growth");
        long[] clock = {0};
        long w0 = System.nanoTime();
        long c0 = MX.getCurrentThreadCpuTime();
        int rounds = 0;
        System.out.printf(Locale.ROOT, "%s, %d blocks of the 10-home bilateral round, RocksDB in %s%n",
                archive ? "archive" : "pruned", target, dir);
        try (RocksDbStorage storage = RocksDbStorage.open(dir);
                DevChain chain = DevChain.builder().storage(storage).genesis(LedgerAdmmSolver.genesis())
                .stateOptions(archive ? TrieOptions.archival() : TrieOptions.pruned())
                .validator(LedgerAdmmSolver.devKey("validator")).clock(() -> clock[0] += 1_000).autoSeal(false)
                .maxBlockTransactions(10_000).mempoolSize(20_000).maxPendingPerSender(20_000).build()) {
            DevGateway operator = new DevGateway(chain, LedgerAdmmSolver.devKey("operator"));
            for (var p : vpp.prosumers()) {
                operator.call(Permissions.ADDRESS, Permissions.ADD_ACCOUNT,
                        Permissions.addAccountArgs(LedgerAdmmSolver.devKey(p.id()).publicKey()).toArrayUnsafe());
                operator.call(CONTRACT, "register", Codec.list(w -> {
                    w.writeByteArray(p.id().getBytes(StandardCharsets.UTF_8));
                    w.writeByteArray(LedgerAdmmSolver.devKey(p.id()).address().toArray());
                }));
            }
            chain.sealPending();
            operator.checkReceipts();
            byte[] config = RoundConfig.of(vpp, options, 100, LedgerAdmmSolver.DEADLINE_MILLIS).encode();
            long nextReport = every;
            while (chain.chain().head().number() < target) {
                long round = ++rounds;
                operator.call(CONTRACT, "openRound", Codec.list(w -> {
                    w.writeLong(round);
                    w.writeByteArray(config);
                }));
                chain.sealPending();
                operator.checkReceipts();
                List<Meter> meters = new ArrayList<>();
                List<DevGateway> gateways = new ArrayList<>();
                for (int u = 0; u < vpp.size(); u++) {
                    String id = vpp.prosumers().get(u).id();
                    DevGateway g = new DevGateway(chain, LedgerAdmmSolver.devKey(id));
                    gateways.add(g);
                    meters.add(new Meter(vpp.prosumers().get(u), vpp.market(), new ContractCoordination(g), round,
                            () -> 0L, LedgerAdmmSolver.DEADLINE_MILLIS));
                }
                Coordination reader = new ContractCoordination(gateways.get(0));
                RoundView view = reader.round(round);
                while (view.open() && chain.chain().head().number() < target) {
                    int k = view.iteration();
                    for (Meter m : meters) {
                        m.step();
                        if (!m.failure().isEmpty()) {
                            throw new IllegalStateException(m.failure());
                        }
                    }
                    chain.sealPending();
                    for (DevGateway g : gateways) {
                        g.checkReceipts();
                    }
                    view = reader.round(round);
                    if (view.open() && view.iteration() == k) {
                        throw new IllegalStateException("iteration " + k + " did not close with every meter in");
                    }
                    long n = chain.chain().head().number();
                    if (n >= nextReport) {
                        nextReport += every;
                        System.out.printf(Locale.ROOT, "  block %6d round %2d iteration %5d diskMB %8.1f wall %6.1f s"
                                + " cpu %6.1f s%n", n, round, view.iteration(), diskBytes(dir) / 1e6,
                                (System.nanoTime() - w0) / 1e9, (MX.getCurrentThreadCpuTime() - c0) / 1e9);
                    }
                }
            }
        }
        try (RocksDbStorage reopened = RocksDbStorage.open(dir)) {
            TreeMap<Character, long[]> spaces = new TreeMap<>();
            reopened.scan(new byte[0], (k, v) -> {
                long[] s = spaces.computeIfAbsent((char) (k[0] & 0xff), c -> new long[2]);
                s[0]++;
                s[1] += k.length + v.length;
            });
            System.out.printf(Locale.ROOT, "  %d rounds opened; after reopening: diskMB %.1f%n", rounds,
                    diskBytes(dir) / 1e6);
            spaces.forEach((c, s) -> System.out.printf(Locale.ROOT, "  namespace '%c': %d entries, %.1f MB%n", c, s[0],
                    s[1] / 1e6));
        }
        ChainScaling.delete(dir);
    }

    private static long diskBytes(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
