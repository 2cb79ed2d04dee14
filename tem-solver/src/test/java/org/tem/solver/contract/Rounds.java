package org.tem.solver.contract;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.tem.ledger.crypto.KeyPair;
import org.tem.solver.admm.SilenceSchedule;

/** Argument encodings of the coordination contract and a driver that runs meters through a round. */
final class Rounds {
    private Rounds() {
    }

    static byte[] register(String id, KeyPair key) {
        return register(id, key.address().toArray());
    }

    static byte[] register(String id, byte[] address) {
        return Codec.list(w -> {
            w.writeByteArray(id.getBytes(StandardCharsets.UTF_8));
            w.writeByteArray(address);
        });
    }

    static byte[] open(long round, byte[] config) {
        return Codec.list(w -> {
            w.writeLong(round);
            w.writeByteArray(config);
        });
    }

    static byte[] submit(long round, int iteration, double[][] trades) {
        return submit(round, iteration, trades, 0);
    }

    static byte[] submit(long round, int iteration, double[][] trades, int absorbed) {
        return Codec.list(w -> {
            w.writeLong(round);
            w.writeInt(iteration);
            Codec.writeQuantities(w, trades);
            w.writeInt(absorbed);
        });
    }

    static byte[] round(long round) {
        return Codec.list(w -> w.writeLong(round));
    }

    static byte[] roundAndId(long round, String id) {
        return Codec.list(w -> {
            w.writeLong(round);
            Codec.writeString(w, id);
        });
    }

    /**
     * Runs the meters until the round closes. In each iteration every meter not silent by the
     * schedule steps; the block is sealed; if the iteration is still open (someone was silent),
     * the clock moves to its deadline, a block passes, and the operator advances it.
     *
     * @return the iterations run
     */
    static int drive(ContractChain chain, List<Meter> meters, long round, SilenceSchedule silence) {
        RoundView view = chain.coordination(ContractChain.OPERATOR).round(round);
        int iterations = 0;
        while (view.open()) {
            int k = view.iteration();
            for (int u = 0; u < meters.size(); u++) {
                if (!silence.silent(u, k)) {
                    meters.get(u).step();
                }
            }
            chain.seal();
            view = chain.coordination(ContractChain.OPERATOR).round(round);
            if (view.open() && view.iteration() == k) {
                chain.time = Math.max(chain.time, view.deadlineMillis());
                chain.seal();
                chain.ok(ContractChain.OPERATOR, "advance", round(round));
                view = chain.coordination(ContractChain.OPERATOR).round(round);
            }
            iterations++;
        }
        return iterations;
    }
}
