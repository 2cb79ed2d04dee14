package org.tem.benchmarks.harness;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.tuweni.bytes.Bytes;
import org.tem.ledger.crypto.Address;
import org.tem.ledger.crypto.KeyPair;
import org.tem.ledger.crypto.Secp256k1;
import org.tem.ledger.crypto.SignatureMemo;
import org.tem.ledger.tx.Transaction;
import org.tem.solver.admm.AdmmOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code throughput}: the offered rate stepped up until saturation; per step the confirmed rate at
 * the normal node; and, in the same run, the crypto bound (single-core signature checks per second
 * × cores ÷ the nodes that check every transaction) and the ratio achieved/bound.
 */
@Command(name = "throughput", mixinStandardHelpOptions = true,
        description = "Confirmed transactions per second as the offered rate steps up, against the crypto bound.")
final class ThroughputCommand implements Callable<Integer> {

    @Option(names = "--validators", split = ",", defaultValue = "5,10,20", description = "validator counts (default ${DEFAULT-VALUE})")
    List<Integer> validators = new ArrayList<>();

    @Option(names = "--transport", defaultValue = "memory", description = "memory or tcp (default ${DEFAULT-VALUE})")
    String transport = "memory";

    @Option(names = "--rates", split = ",", defaultValue = "50,100,200,500,1000,2000,5000,10000,20000",
            description = "offered rates in tx/s, stepped up in this order (default ${DEFAULT-VALUE})")
    List<Double> rates = new ArrayList<>();

    @Option(names = "--step-seconds", defaultValue = "3", description = "seconds of load per step (default ${DEFAULT-VALUE})")
    double stepSeconds = 3;

    @Option(names = "--saturation", defaultValue = "0.8", description = "a step saturates when confirmed < this × offered (default ${DEFAULT-VALUE})")
    double saturation = 0.8;

    @Option(names = "--groups", defaultValue = "20", description = "rounds side by side, 10 meters each (default ${DEFAULT-VALUE})")
    int groups = 20;

    @Option(names = "--latency-ms", split = ",", defaultValue = "1,5", description = "in-memory network latency min,max ms (default ${DEFAULT-VALUE})")
    List<Long> latencyMs = new ArrayList<>();

    @Option(names = "--finality-period-ms", defaultValue = "50", description = "empty-block interval while a transaction is not final (default ${DEFAULT-VALUE})")
    long finalityPeriodMs = 50;

    @Option(names = "--crypto-seconds", defaultValue = "2", description = "seconds to time each signature check (default ${DEFAULT-VALUE})")
    double cryptoSeconds = 2;

    @Option(names = "--batch-ms", defaultValue = "0", description = "validators' batching delay: a block with"
            + " transactions no sooner than this after its parent (default ${DEFAULT-VALUE})")
    long batchMs;

    @Option(names = "--shared-memo", defaultValue = "false", description = "share signature checks between the nodes of this JVM"
            + " (default ${DEFAULT-VALUE}: each node checks every signature itself, as on a machine of its own)")
    boolean sharedMemo;

    @Option(names = "--out", defaultValue = "bench-out", description = "output directory (default ${DEFAULT-VALUE})")
    Path out = Path.of("bench-out");

    @Override
    public Integer call() throws Exception {
        boolean shared = SignatureMemo.isShared();
        SignatureMemo.setShared(sharedMemo);
        try {
            return run();
        } finally {
            SignatureMemo.setShared(shared);
        }
    }

    private int run() throws Exception {
        Report report = new Report("throughput", "validators", "transport", "offered_tps", "submitted", "confirmed",
                "confirmed_tps", "failed", "bound_tps", "ratio");
        List<String> headlines = new ArrayList<>();
        int cores = Runtime.getRuntime().availableProcessors();
        for (int n : validators) {
            BenchChain chain = new BenchChain(n, groups, 10, true, System.currentTimeMillis());
            Map<Address, Bytes> keys = new HashMap<>();
            for (List<KeyPair> g : chain.meterKeys) {
                for (KeyPair k : g) {
                    keys.put(k.address(), k.publicKey());
                }
            }
            CryptoBound crypto = CryptoBound.measure(LoadPlan.sign(chain, 200), cryptoSeconds,
                    t -> keys.get(t.sender()));
            int checkers = n + 1;
            double bound = crypto.verifiesPerSecond() * cores / checkers;
            double best = 0;
            double saturatedAt = Double.NaN;
            String profile;
            double curvePerTx;
            double blocksPerTx;
            try (RealCluster c = new RealCluster(chain, transport, latencyMs.get(0), latencyMs.get(1),
                    finalityPeriodMs, batchMs)) {
                c.setUp(AdmmOptions.MAX_ITERATIONS);
                int next = 0;
                Profiler profiler = new Profiler(10, List.of("bench-", "multiThreadIoEventLoopGroup", "tem-verify"));
                long curve0 = Secp256k1.computations();
                long blocks0 = c.blocksSeen.get();
                for (double rate : rates) {
                    int count = Math.max(1, (int) Math.round(rate * stepSeconds));
                    List<Transaction> load = LoadPlan.sign(chain, next, next + count);
                    next += count;
                    long failed0 = c.failedCalls.get() + c.refused.get();
                    List<RealCluster.Times> times = new ArrayList<>(count);
                    long start = System.nanoTime();
                    double gap = 1e9 / rate;
                    for (int i = 0; i < count; i++) {
                        long due = start + (long) (i * gap);
                        long wait = due - System.nanoTime();
                        if (wait > 20_000) {
                            java.util.concurrent.locks.LockSupport.parkNanos(wait);
                        }
                        times.add(c.submit(load.get(i)));
                    }
                    long drainDeadline = System.nanoTime() + (long) (Math.max(10, 3 * stepSeconds) * 1e9);
                    while (times.stream().anyMatch(t -> t.confirmed == 0) && System.nanoTime() < drainDeadline) {
                        Thread.sleep(10);
                    }
                    long confirmed = times.stream().filter(t -> t.confirmed != 0).count();
                    long last = times.stream().mapToLong(t -> t.confirmed).max().orElse(start);
                    long end = confirmed == count ? last : System.nanoTime();
                    double achieved = confirmed / ((end - start) / 1e9);
                    long failed = c.failedCalls.get() + c.refused.get() - failed0;
                    report.row(n, transport, rate, count, confirmed, achieved, failed, bound, achieved / bound);
                    System.out.printf(Locale.ROOT, "  %d validators: offered %.0f tx/s -> confirmed %.1f tx/s (%d/%d)%n",
                            n, rate, achieved, confirmed, count);
                    best = Math.max(best, achieved);
                    if (achieved < saturation * rate) {
                        saturatedAt = rate;
                        break;
                    }
                    // let the tail of this step finish before the next one
                    c.awaitFinal(next, 30_000);
                }
                profiler.close();
                profile = profiler.shares();
                curvePerTx = (double) (Secp256k1.computations() - curve0) / Math.max(1, c.confirmedCount.get());
                blocksPerTx = (double) (c.blocksSeen.get() - blocks0) / Math.max(1, c.confirmedCount.get());
            }
            String sat = Double.isNaN(saturatedAt) ? "not reached (highest step " + Report.format(rates.get(rates.size() - 1)) + ")"
                    : Report.format(saturatedAt) + " tx/s offered";
            report.markdown(out, List.of("validators", "transport", "peak confirmed tx/s", "saturation",
                    "verifies/s/core", "recoveries/s/core", "cores", "checking nodes", "bound tx/s", "achieved/bound",
                    "curve checks per confirmed tx (blocks per tx)", "node threads' CPU samples"),
                    List.of(String.valueOf(n), transport, Report.format(best), sat,
                            Report.format(crypto.verifiesPerSecond()), Report.format(crypto.recoveriesPerSecond()),
                            String.valueOf(cores), String.valueOf(checkers), Report.format(bound),
                            String.format(Locale.ROOT, "%.1f %%", 100 * best / bound),
                            String.format(Locale.ROOT, "%.2f (%.3f)", curvePerTx, blocksPerTx), profile));
            headlines.add(String.format(Locale.ROOT,
                    "throughput %d validators %s: peak %.1f confirmed tx/s, saturation %s; crypto bound %.0f tx/s"
                            + " (%.0f verifies/s/core, %.0f recoveries/s/core, %d cores, %d checking nodes);"
                            + " achieved/bound %.1f %%; %.2f curve checks per confirmed tx (%.3f blocks per tx,"
                            + " a seal recovery per block per node); profile: %s",
                    n, transport, best, sat, bound, crypto.verifiesPerSecond(), crypto.recoveriesPerSecond(), cores,
                    checkers, 100 * best / bound, curvePerTx, blocksPerTx, profile));
        }
        report.write(out, "Confirmed vs offered rate (" + transport + ")", "offered_tps", true, "validators",
                List.of("confirmed_tps"), "confirmed tx/s");
        headlines.forEach(System.out::println);
        return 0;
    }
}
