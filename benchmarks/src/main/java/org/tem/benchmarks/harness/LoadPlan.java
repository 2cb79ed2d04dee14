package org.tem.benchmarks.harness;

import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.tem.ledger.tx.Transaction;

/**
 * The signed load, in submission order: iteration after iteration, in each every group's meters in
 * turn ({@code submit} of meter {@code u} of group {@code g} for iteration {@code k} has nonce
 * {@code k − 1}), so an iteration's last submission is sent {@code groups × meters − 1}
 * submissions after its first and the next iteration's submissions follow it. Signed on all cores
 * before anything is timed.
 */
final class LoadPlan {

    private LoadPlan() {
    }

    /**
     * @param chain the chain (its rounds must be open)
     * @param count how many submissions
     * @return the signed submissions in submission order
     */
    static List<Transaction> sign(BenchChain chain, int count) {
        return sign(chain, 0, count);
    }

    /**
     * @param chain the chain (its rounds must be open)
     * @param from the position of the first submission in the whole load
     * @param to one past the last
     * @return the signed submissions {@code [from, to)} of the load, in submission order
     */
    static List<Transaction> sign(BenchChain chain, int from, int to) {
        int perIteration = chain.groups * chain.meters;
        return IntStream.range(from, to).parallel().mapToObj(i -> {
            int k = i / perIteration + 1;
            int rem = i % perIteration;
            int g = rem / chain.meters;
            int u = rem % chain.meters;
            return chain.submission(g, u, BenchChain.round(g), k, k - 1L);
        }).collect(Collectors.toList());
    }

    /**
     * Submits {@code txs[from, to)} at the cluster's normal node at {@code rate} per second from
     * now, catching up without pause when behind.
     *
     * @param cluster the cluster
     * @param txs the load
     * @param from the first index
     * @param to one past the last
     * @param rate submissions per second, positive
     * @return the wall time the submissions took, nanoseconds
     */
    static long pace(RealCluster cluster, List<Transaction> txs, int from, int to, double rate) {
        long start = System.nanoTime();
        double gap = 1e9 / rate;
        for (int i = from; i < to; i++) {
            long due = start + (long) ((i - from) * gap);
            long wait = due - System.nanoTime();
            if (wait > 20_000) {
                LockSupport.parkNanos(wait);
            }
            cluster.submit(txs.get(i));
        }
        return System.nanoTime() - start;
    }
}
