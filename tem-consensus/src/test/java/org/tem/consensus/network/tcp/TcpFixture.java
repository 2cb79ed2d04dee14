package org.tem.consensus.network.tcp;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.tem.consensus.network.Status;
import org.tem.consensus.scheduler.Scheduler;
import org.tem.ledger.crypto.Hash;
import org.tem.ledger.crypto.Keccak;
import org.tem.ledger.crypto.KeyPair;

/** Keys, chain and builders shared by the TCP tests. */
final class TcpFixture {

    static final long CHAIN = 7;
    static final Hash GENESIS = Keccak.hash256(Bytes.wrap("genesis".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));

    private TcpFixture() {
    }

    /** The node key of test node {@code i} (deterministic). */
    static KeyPair key(int i) {
        return KeyPair.fromPrivateKey(BigInteger.valueOf(1_000 + i));
    }

    /** The keys of nodes 0 to n-1. */
    static List<Bytes> keys(int n) {
        List<Bytes> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(key(i).publicKey());
        }
        return out;
    }

    static Status status(long chain, Hash genesis) {
        return new Status(Status.PROTOCOL_VERSION, chain, genesis, 0, genesis, Bytes.of(1), 0, genesis);
    }

    static Status status() {
        return status(CHAIN, GENESIS);
    }

    /** A builder for node {@code i} that allows nodes 0 to 9, with fast test timings. */
    static TcpTransport.Builder builder(int i, Scheduler s) {
        return TcpTransport.builder(key(i), s).chain(CHAIN, GENESIS).status(TcpFixture::status)
                .policy(NodeKeyPolicy.of(keys(10))).backoff(20, 500, i).pingInterval(5_000);
    }

    static InetSocketAddress loopback(int port) {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }
}
