package org.tem.consensus.sim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.tuweni.bytes.Bytes;
import org.tem.ledger.crypto.Hash;

/**
 * Measures the simulation (not a test): how fast it runs in wall time, and, in virtual time,
 * how long a transaction takes to be final at every node. Prints one line per configuration.
 * Usage: {@code SimulationRun [validators] [observers] [virtualSeconds] [finalityEpoch]} (the
 * finality epoch defaults to the number of validators).
 */
public final class SimulationRun {

    private SimulationRun() {
    }

    public static void main(String[] args) {
        int validators = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int observers = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 600;
        int epoch = args.length > 3 ? Integer.parseInt(args[3]) : validators;
        run("warm-up", validators, observers, epoch, 1_000, 60, 0);
        run("period 1000 ms, no load", validators, observers, epoch, 1_000, seconds, 0);
        run("period 1000 ms, 5 tx/s", validators, observers, epoch, 1_000, seconds, 200);
        run("period 0, 5 tx/s", validators, observers, epoch, 0, seconds, 200);
        run("period 0, 1 tx/10 s", validators, observers, epoch, 0, seconds, 10_000);
    }

    private static void run(String name, int validators, int observers, int epoch, long period, int seconds,
            long txEveryMillis) {
        SimCluster.Config cfg = new SimCluster.Config().validators(validators).observers(observers).period(period);
        cfg.finalityEpoch = epoch;
        SimCluster c = new SimCluster(cfg);
        Map<Hash, Long> submitted = new TreeMap<>();
        List<SimNode> nodes = c.nodes();
        if (txEveryMillis > 0) {
            Runnable[] submit = new Runnable[1];
            submit[0] = () -> {
                Bytes tx = c.newTx();
                submitted.put(SimBlock.txHash(tx), c.now());
                nodes.get(c.sim.random().nextInt(nodes.size())).submit(tx);
                if (c.now() - c.genesis.timestamp() < seconds * 1_000L - 30_000) {
                    c.sim.schedule(txEveryMillis, submit[0]);
                }
            };
            c.sim.schedule(1_000, submit[0]);
        }
        long t0 = System.nanoTime();
        c.sim.runFor(seconds * 1_000L);
        double wall = (System.nanoTime() - t0) / 1e9;
        List<Long> delays = new ArrayList<>();
        for (Map.Entry<Hash, Long> e : submitted.entrySet()) {
            Long at = c.finalEverywhereAt.get(e.getKey());
            if (at != null) {
                delays.add(at - e.getValue());
            }
        }
        Collections.sort(delays);
        SimNode n0 = nodes.get(0);
        System.out.printf("%-26s %d+%d nodes, E=%d, %d virtual s: %.2f s wall (%.0fx), %d blocks (%d sealed), %d events,"
                + " %d messages; final block %d; tx final everywhere %d/%d, median %s ms, p95 %s ms; violations %d%n",
                name, validators, observers, epoch, seconds, wall, seconds / wall, n0.head().header().number(), c.sealings.size(),
                c.sim.executedEvents(), c.network.delivered(), n0.finalSeen().number(), delays.size(), submitted.size(),
                pct(delays, 50), pct(delays, 95), c.violations.size());
    }

    private static String pct(List<Long> sorted, int p) {
        return sorted.isEmpty() ? "-" : String.valueOf(sorted.get(Math.min(sorted.size() - 1, sorted.size() * p / 100)));
    }
}
