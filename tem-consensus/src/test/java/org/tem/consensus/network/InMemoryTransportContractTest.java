package org.tem.consensus.network;

import java.util.ArrayList;
import java.util.List;
import org.tem.consensus.scheduler.RealScheduler;

/** The in-memory network's endpoints on real schedulers pass the shared transport contract. */
class InMemoryTransportContractTest extends TransportContract {

    @Override
    protected Cluster cluster(int n) {
        RealScheduler clock = new RealScheduler("net");
        InMemoryNetwork net = InMemoryNetwork.builder(clock).latency(1, 3).build();
        List<RealScheduler> loops = new ArrayList<>();
        List<InMemoryNetwork.Endpoint> ends = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            RealScheduler s = new RealScheduler("node-" + i);
            loops.add(s);
            ends.add(net.join(new PeerId("node-" + i), s));
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
                ends.get(i).start(handler);
            }

            @Override
            public void restart(int i) {
                ends.get(i).close();
                ends.set(i, net.join(ends.get(i).self(), loops.get(i)));
            }

            @Override
            public void close() {
                ends.forEach(InMemoryNetwork.Endpoint::close);
                loops.forEach(RealScheduler::close);
                clock.close();
            }
        };
    }
}
