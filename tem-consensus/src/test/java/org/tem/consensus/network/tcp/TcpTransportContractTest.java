package org.tem.consensus.network.tcp;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.tem.consensus.network.Transport;
import org.tem.consensus.network.TransportContract;
import org.tem.consensus.scheduler.RealScheduler;

/**
 * The TCP transport on loopback sockets passes the shared transport contract: each node listens
 * on an ephemeral port and dials the nodes started before it (so every pair has one static
 * link); a restarted node listens on its old port again and dials the same nodes, while the
 * nodes after it can only reach it by redialling its address after their back-off.
 */
class TcpTransportContractTest extends TransportContract {

    @Override
    protected Cluster cluster(int n) {
        List<RealScheduler> loops = new ArrayList<>();
        List<TcpTransport> ends = new ArrayList<>();
        List<InetSocketAddress> addrs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            RealScheduler s = new RealScheduler("node-" + i);
            loops.add(s);
            ends.add(TcpFixture.builder(i, s).build());
            addrs.add(null);
        }
        return new Cluster() {
            @Override
            public Transport transport(int i) {
                return ends.get(i);
            }

            @Override
            public RealScheduler scheduler(int i) {
                return loops.get(i);
            }

            @Override
            public void start(int i, Transport.Handler handler) {
                TcpTransport t = ends.get(i);
                t.start(handler);
                addrs.set(i, t.localAddress());
                for (int j = 0; j < i; j++) {
                    t.addStaticPeer(addrs.get(j));
                }
            }

            @Override
            public void restart(int i) {
                ends.get(i).close();
                ends.set(i, TcpFixture.builder(i, loops.get(i)).listen(addrs.get(i)).build());
            }

            @Override
            public void close() {
                ends.forEach(TcpTransport::close);
                loops.forEach(RealScheduler::close);
            }
        };
    }
}
