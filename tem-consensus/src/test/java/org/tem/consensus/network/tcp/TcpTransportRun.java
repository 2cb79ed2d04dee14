package org.tem.consensus.network.tcp;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.tuweni.bytes.Bytes;
import org.tem.consensus.network.Message;
import org.tem.consensus.network.NewBlock;
import org.tem.consensus.network.PeerId;
import org.tem.consensus.network.Status;
import org.tem.consensus.network.Transactions;
import org.tem.consensus.network.Transport;
import org.tem.consensus.scheduler.RealScheduler;

/**
 * Measures the TCP transport between two nodes in one JVM on loopback (not a test): messages/s
 * and MB/s one way for transaction-sized and block-sized messages, and the round-trip time of a
 * small message (one node echoes what the other sends, one message in flight at a time). The
 * sender holds back while more than a quarter of its outbound bound is queued, as a node's
 * gossip would. Rate limits are lifted. Prints one line per measurement (the median of 3 runs
 * after a warm-up).
 * Usage: {@code TcpTransportRun [scale]} (message counts are multiplied by it; default 1).
 */
public final class TcpTransportRun {

    private TcpTransportRun() {
    }

    public static void main(String[] args) throws Exception {
        double scale = args.length > 0 ? Double.parseDouble(args[0]) : 1;
        try (Pair p = new Pair()) {
            Bytes tx = Bytes.random(250);
            throughput(p, "warm-up", new Transactions(List.of(tx)), (int) (50_000 * scale), 1);
            throughput(p, "1 transaction of 250 B", new Transactions(List.of(tx)), (int) (200_000 * scale), 3);
            List<Bytes> hundred = new java.util.ArrayList<>();
            for (int i = 0; i < 100; i++) {
                hundred.add(Bytes.random(250));
            }
            throughput(p, "100 transactions of 250 B", new Transactions(hundred), (int) (20_000 * scale), 3);
            throughput(p, "block of 64 KiB", new NewBlock(Bytes.random(64 * 1024)), (int) (5_000 * scale), 3);
            throughput(p, "block of 1 MiB", new NewBlock(Bytes.random(1024 * 1024)), (int) (500 * scale), 3);
            throughput(p, "block of 16 MiB (the largest)", new NewBlock(Bytes.random(16 * 1024 * 1024)),
                    (int) Math.max(10, 40 * scale), 3);
            roundTrip(p, new Transactions(List.of(tx)), (int) (2_000 * scale));
            roundTrip(p, new Transactions(List.of(tx)), (int) (20_000 * scale));
        }
    }

    private static void throughput(Pair p, String name, Message m, int n, int runs) throws InterruptedException {
        int size = m.encode().size();
        double[] rates = new double[runs];
        for (int r = 0; r < runs; r++) {
            long before = p.received.get();
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                while (p.a.queuedBytes(p.b.self()) > p.hold) {
                    LockSupport.parkNanos(20_000);
                }
                p.a.send(p.b.self(), m);
            }
            while (p.received.get() < before + n) {
                LockSupport.parkNanos(100_000);
            }
            rates[r] = n / ((System.nanoTime() - t0) / 1e9);
        }
        Arrays.sort(rates);
        double mps = rates[runs / 2];
        System.out.printf("%-32s %8d B  %12.0f messages/s  %9.1f MB/s  (dropped %d)%n", name, size, mps,
                mps * size / 1e6, p.a.stats().outboundDropped());
    }

    private static void roundTrip(Pair p, Message m, int n) throws InterruptedException {
        long[] rtt = new long[n];
        for (int i = 0; i < n; i++) {
            CountDownLatch back = new CountDownLatch(1);
            p.echoed = back;
            long t0 = System.nanoTime();
            p.a.send(p.b.self(), m);
            if (!back.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("no echo");
            }
            rtt[i] = System.nanoTime() - t0;
        }
        Arrays.sort(rtt);
        System.out.printf("round trip, %d B, %d rounds: p50 %.0f us, p99 %.0f us, max %.0f us%n", m.encode().size(), n,
                rtt[n / 2] / 1e3, rtt[(int) (n * 0.99)] / 1e3, rtt[n - 1] / 1e3);
    }

    /** Two connected nodes: a sends, b counts and echoes when asked. */
    private static final class Pair implements AutoCloseable {
        final RealScheduler sa = new RealScheduler("a");
        final RealScheduler sb = new RealScheduler("b");
        final TcpTransport a;
        final TcpTransport b;
        final AtomicLong received = new AtomicLong();
        final long hold;
        volatile CountDownLatch echoed;

        Pair() {
            a = fast(TcpFixture.builder(0, sa)).build();
            b = fast(TcpFixture.builder(1, sb)).build();
            hold = Frames.wireSize(Message.MAX_BYTES) * 2L / 4;
            CountDownLatch up = new CountDownLatch(1);
            b.start(new Transport.Handler() {
                @Override
                public void onMessage(PeerId from, Message m) {
                    if (m instanceof Status) {
                        return;
                    }
                    received.incrementAndGet();
                    if (echoed != null) {
                        b.send(from, m);
                    }
                }
            });
            a.start(new Transport.Handler() {
                @Override
                public void onMessage(PeerId from, Message m) {
                    CountDownLatch e = echoed;
                    if (!(m instanceof Status) && e != null) {
                        e.countDown();
                    }
                }

                @Override
                public void onConnected(PeerId peer) {
                    up.countDown();
                }
            });
            a.addStaticPeer(b.localAddress());
            try {
                if (!up.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("not connected");
                }
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }

        private static TcpTransport.Builder fast(TcpTransport.Builder x) {
            return x.rateLimit(1e9, 1e12, 1_000, 1_000).inboundQueue(64L * 1024 * 1024).pingInterval(5_000);
        }

        @Override
        public void close() {
            a.close();
            b.close();
            sa.close();
            sb.close();
        }
    }
}
