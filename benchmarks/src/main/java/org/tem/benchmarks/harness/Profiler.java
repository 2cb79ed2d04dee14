package org.tem.benchmarks.harness;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A sampling profile of where the nodes' threads spend their time: every {@code intervalMillis} a
 * background thread takes the stacks of the runnable threads whose names start with one of the
 * given prefixes (the nodes' event loops and the transports' I/O threads) and counts each sample
 * under the first frame, from the top, whose class falls in a category: signature checks, hashing,
 * contract execution, block execution and state, storage, message and block codec, networking.
 * Samples of runnable threads only, so the shares say what the CPU did while the nodes were busy,
 * not how long they waited. Start it, run the load, {@link #close} it, read {@link #shares}.
 */
final class Profiler implements AutoCloseable {

    /** Categories in the order frames are matched against them; the first prefix that matches wins. */
    private static final List<String[]> CATEGORIES = List.of(
            new String[] {"signature checks", "org.tem.ledger.crypto.Secp256k1", "org.bouncycastle"},
            new String[] {"hashing (Keccak)", "org.tem.ledger.crypto.Keccak"},
            new String[] {"contract execution", "org.tem.solver.", "org.tem.ledger.contract."},
            new String[] {"state and execution", "org.tem.ledger.trie.", "org.tem.ledger.chain.", "org.tem.ledger.state."},
            new String[] {"storage", "org.tem.ledger.storage.", "org.rocksdb."},
            new String[] {"codec", "org.tem.ledger.block.", "org.tem.ledger.tx.", "org.tem.consensus.network.",
                "org.apache.tuweni.rlp."},
            new String[] {"networking", "io.netty."},
            new String[] {"consensus and node", "org.tem.consensus."});

    private final List<String> prefixes;
    private final long intervalMillis;
    private final Map<String, Long> counts = new LinkedHashMap<>();
    private final Thread sampler;
    private volatile boolean running = true;

    /**
     * @param intervalMillis the sampling interval
     * @param threadPrefixes the names of the threads sampled start with one of these
     */
    Profiler(long intervalMillis, List<String> threadPrefixes) {
        this.intervalMillis = intervalMillis;
        this.prefixes = List.copyOf(threadPrefixes);
        for (String[] c : CATEGORIES) {
            counts.put(c[0], 0L);
        }
        counts.put("other", 0L);
        sampler = new Thread(this::sample, "bench-profiler");
        sampler.setDaemon(true);
        sampler.start();
    }

    private void sample() {
        while (running) {
            for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
                Thread t = e.getKey();
                if (t.getState() != Thread.State.RUNNABLE || prefixes.stream().noneMatch(t.getName()::startsWith)
                        || t.getName().equals("bench-profiler")) {
                    continue;
                }
                String c = classify(e.getValue());
                if (c != null) {
                    synchronized (counts) {
                        counts.merge(c, 1L, Long::sum);
                    }
                }
            }
            try {
                Thread.sleep(intervalMillis);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The category of a stack, or null when the thread is parked in the JDK (an idle loop). */
    static String classify(StackTraceElement[] stack) {
        if (stack.length == 0 || idle(stack[0])) {
            return null;
        }
        for (StackTraceElement f : stack) {
            for (String[] c : CATEGORIES) {
                for (int i = 1; i < c.length; i++) {
                    if (f.getClassName().startsWith(c[i])) {
                        return c[0];
                    }
                }
            }
        }
        String top = stack[0].getClassName();
        if (top.startsWith("java.") || top.startsWith("jdk.")) {
            return null;
        }
        return "other";
    }

    /**
     * Whether a thread's top frame is a wait for work: a Netty I/O thread blocked in the selector
     * ({@code epoll_wait} and the like) is RUNNABLE to the JVM but does nothing.
     */
    static boolean idle(StackTraceElement top) {
        String c = top.getClassName();
        return c.startsWith("sun.nio.ch.") && (c.contains("EPoll") || c.contains("KQueue") || c.contains("Poll")
                || c.contains("SelectorImpl")) || c.startsWith("io.netty.channel.epoll.Native")
                || c.startsWith("io.netty.channel.kqueue.Native");
    }

    /** @return the samples by category, in a fixed order */
    Map<String, Long> counts() {
        synchronized (counts) {
            return new LinkedHashMap<>(counts);
        }
    }

    /** @return the categories with their share of the samples, largest first, as "name 42 %" */
    String shares() {
        Map<String, Long> c = counts();
        long total = c.values().stream().mapToLong(Long::longValue).sum();
        if (total == 0) {
            return "no samples";
        }
        return c.entrySet().stream().filter(e -> e.getValue() > 0)
                .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
                .map(e -> String.format(Locale.ROOT, "%s %.0f %%", e.getKey(), 100.0 * e.getValue() / total))
                .collect(Collectors.joining(", "));
    }

    /** Stops the sampler and waits for it (keeping this thread's interrupt status if interrupted). */
    @Override
    public void close() {
        running = false;
        sampler.interrupt();
        try {
            sampler.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
