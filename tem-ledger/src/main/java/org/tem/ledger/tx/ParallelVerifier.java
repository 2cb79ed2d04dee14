package org.tem.ledger.tx;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.tuweni.bytes.Bytes;

/**
 * Checks the signatures of a batch of transactions on all cores, so that the sequential checks
 * that follow (admission to the mempool, execution of a received block) find them done: {@link
 * Transaction#verifySignature(Bytes)} keeps a success in the object, and the sequential check then
 * costs a comparison. The result of a check made here is never used for anything else, so a
 * batch checked here behaves exactly as if it had been checked one by one.
 *
 * <p>The calling thread takes one share of the batch and a shared pool of {@code cores − 1} daemon
 * threads ({@code tem-verify-N}) the others; the call returns when all shares are done. The first
 * check that fails stops the others (a hostile batch costs at most one failed check per thread
 * beyond what the sequential checks would spend before refusing it). On one core the batch is
 * checked on the calling thread.
 *
 * <p>Thread-safe.
 */
public final class ParallelVerifier {

    /** The threads a batch is spread over, the caller's included: the cores of the machine. */
    public static final int THREADS = Math.max(1, Runtime.getRuntime().availableProcessors());

    private static final ExecutorService POOL = THREADS < 2 ? null : Executors.newFixedThreadPool(THREADS - 1,
            new java.util.concurrent.ThreadFactory() {
                private final AtomicInteger next = new AtomicInteger();

                @Override
                public Thread newThread(Runnable r) {
                    Thread t = new Thread(r, "tem-verify-" + next.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }
            });

    private ParallelVerifier() {
    }

    /**
     * Verifies {@code txs.get(i)} against {@code keys.get(i)} for every {@code i} whose key is not
     * null and whose transaction is not yet verified, on up to {@link #THREADS} threads, stopping
     * at the first failure. Returns nothing: the sequential check that follows decides.
     *
     * @param txs the transactions
     * @param keys for each, the 64-byte public key the chain lists for its sender, or null to skip it
     * @throws IllegalArgumentException if the lists differ in length
     */
    public static void verify(List<Transaction> txs, List<Bytes> keys) {
        if (txs.size() != keys.size()) {
            throw new IllegalArgumentException("txs and keys differ in length: " + txs.size() + " and " + keys.size());
        }
        List<Integer> todo = new ArrayList<>();
        for (int i = 0; i < txs.size(); i++) {
            if (keys.get(i) != null && txs.get(i).verifiedKey() == null) {
                todo.add(i);
            }
        }
        int shares = POOL == null ? 1 : Math.min(THREADS, todo.size());
        if (shares == 0) {
            return;
        }
        AtomicBoolean failed = new AtomicBoolean();
        List<Future<?>> others = new ArrayList<>();
        for (int s = 1; s < shares; s++) {
            int share = s;
            others.add(POOL.submit(() -> check(txs, keys, todo, share, shares, failed)));
        }
        check(txs, keys, todo, 0, shares, failed);
        boolean interrupted = false;
        for (Future<?> f : others) {
            while (true) {
                try {
                    f.get();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    // check() catches every exception; an Error is the only way here
                    if (e.getCause() instanceof Error err) {
                        throw err;
                    }
                    break;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static void check(List<Transaction> txs, List<Bytes> keys, List<Integer> todo, int share, int shares,
            AtomicBoolean failed) {
        for (int j = share; j < todo.size() && !failed.get(); j += shares) {
            int i = todo.get(j);
            try {
                if (!txs.get(i).verifySignature(keys.get(i))) {
                    failed.set(true);
                }
            } catch (RuntimeException e) {
                failed.set(true);
            }
        }
    }
}
