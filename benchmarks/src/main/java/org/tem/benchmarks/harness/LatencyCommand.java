package org.tem.benchmarks.harness;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.tem.ledger.crypto.SignatureMemo;
import org.tem.ledger.tx.Transaction;
import org.tem.solver.admm.AdmmOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code latency}: confirmation delay (submit at a normal node → the block holding the transaction
 * is imported at that node) and finality delay (→ that block is final at that node) at a steady
 * offered rate, for each validator count, on real threads and the wall clock.
 */
@Command(name = "latency", mixinStandardHelpOptions = true,
        description = "Confirmation and finality delay at a normal node under a steady signed submission load.")
final class LatencyCommand implements Callable<Integer> {

    @Option(names = "--validators", split = ",", defaultValue = "5,10,20", description = "validator counts (default ${DEFAULT-VALUE})")
    List<Integer> validators = new ArrayList<>();

    @Option(names = "--transport", defaultValue = "memory", description = "memory or tcp (default ${DEFAULT-VALUE})")
    String transport = "memory";

    @Option(names = "--rate", defaultValue = "100", description = "offered submissions per second (default ${DEFAULT-VALUE})")
    double rate = 100;

    @Option(names = "--seconds", defaultValue = "10", description = "measured seconds of load (default ${DEFAULT-VALUE})")
    double seconds = 10;

    @Option(names = "--warmup-seconds", defaultValue = "5", description = "load before measuring, not counted (default ${DEFAULT-VALUE})")
    double warmupSeconds = 5;

    @Option(names = "--groups", defaultValue = "20", description = "rounds side by side, 10 meters each (default ${DEFAULT-VALUE})")
    int groups = 20;

    @Option(names = "--latency-ms", split = ",", defaultValue = "1,5", description = "in-memory network latency min,max ms (default ${DEFAULT-VALUE})")
    List<Long> latencyMs = new ArrayList<>();

    @Option(names = "--finality-period-ms", defaultValue = "50", description = "empty-block interval while a transaction is not final (default ${DEFAULT-VALUE})")
    long finalityPeriodMs = 50;

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
        Report report = new Report("latency", "validators", "transport", "rate", "seconds", "submitted", "confirmed",
                "finalised", "failed", "conf_p50_ms", "conf_p95_ms", "conf_p99_ms", "conf_max_ms", "fin_p50_ms",
                "fin_p95_ms", "fin_p99_ms", "fin_max_ms", "blocks", "tx_per_block");
        List<String> headlines = new ArrayList<>();
        for (int n : validators) {
            BenchChain chain = new BenchChain(n, groups, 10, true, System.currentTimeMillis());
            int warm = (int) Math.round(rate * warmupSeconds);
            int measured = Math.max(1, (int) Math.round(rate * seconds));
            List<Transaction> load = LoadPlan.sign(chain, warm + measured);
            try (RealCluster c = new RealCluster(chain, transport, latencyMs.get(0), latencyMs.get(1),
                    finalityPeriodMs, batchMs)) {
                c.setUp(AdmmOptions.MAX_ITERATIONS);
                LoadPlan.pace(c, load, 0, warm, rate);
                long blocks0 = c.blocksSeen.get();
                long txs0 = c.transactionsSeen.get();
                List<RealCluster.Times> times = new ArrayList<>();
                double gap = 1e9 / rate;
                long start = System.nanoTime();
                for (int i = warm; i < warm + measured; i++) {
                    long due = start + (long) ((i - warm) * gap);
                    long wait = due - System.nanoTime();
                    if (wait > 20_000) {
                        java.util.concurrent.locks.LockSupport.parkNanos(wait);
                    }
                    times.add(c.submit(load.get(i)));
                }
                boolean all = c.awaitFinal(warm + measured, 60_000);
                long blocks = c.blocksSeen.get() - blocks0;
                long txs = c.transactionsSeen.get() - txs0;
                double[] conf = times.stream().filter(t -> t.confirmed != 0)
                        .mapToDouble(t -> (t.confirmed - t.submitted) / 1e6).toArray();
                double[] fin = times.stream().filter(t -> t.finalised != 0)
                        .mapToDouble(t -> (t.finalised - t.submitted) / 1e6).toArray();
                long failed = c.failedCalls.get() + c.refused.get();
                report.row(n, transport, rate, seconds, measured, conf.length, fin.length, failed,
                        Report.quantile(conf, 0.5), Report.quantile(conf, 0.95), Report.quantile(conf, 0.99),
                        Report.quantile(conf, 1.0), Report.quantile(fin, 0.5), Report.quantile(fin, 0.95),
                        Report.quantile(fin, 0.99), Report.quantile(fin, 1.0), blocks,
                        blocks == 0 ? Double.NaN : (double) txs / blocks);
                report.markdown(out, List.of("validators", "transport", "offered tx/s", "measured tx",
                        "confirmation p50 / p95 / p99 / max (ms)", "finality p50 / p95 / p99 / max (ms)",
                        "failed or refused", "blocks"), List.of(String.valueOf(n), transport, Report.format(rate),
                        String.valueOf(measured), quad(conf), quad(fin), String.valueOf(failed), String.valueOf(blocks)));
                headlines.add(String.format(Locale.ROOT,
                        "latency %d validators %s %.0f tx/s: confirmation p50 %.1f ms p99 %.1f ms max %.1f ms;"
                                + " finality p50 %.1f ms p99 %.1f ms%s%s",
                        n, transport, rate, Report.quantile(conf, 0.5), Report.quantile(conf, 0.99),
                        Report.quantile(conf, 1.0), Report.quantile(fin, 0.5), Report.quantile(fin, 0.99),
                        all ? "" : " (not all final within 60 s)",
                        failed == 0 ? "" : "; " + failed + " failed or refused: " + c.firstFailure()));
            }
        }
        report.write(out, "Confirmation and finality delay at " + Report.format(rate) + " tx/s (" + transport + ")",
                "validators", false, null, List.of("conf_p50_ms", "conf_p99_ms", "fin_p50_ms", "fin_p99_ms"),
                "milliseconds");
        headlines.forEach(System.out::println);
        return 0;
    }

    private static String quad(double[] v) {
        return String.format(Locale.ROOT, "%.1f / %.1f / %.1f / %.1f", Report.quantile(v, 0.5), Report.quantile(v, 0.95),
                Report.quantile(v, 0.99), Report.quantile(v, 1.0));
    }
}
