package org.tem.benchmarks.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** How the throughput profile attributes a sampled stack. */
class ProfilerTest {

    private static StackTraceElement frame(String cls) {
        return new StackTraceElement(cls, "m", null, -1);
    }

    @Test
    void aNettyThreadWaitingInTheSelectorIsIdleNotNetworking() {
        assertNull(Profiler.classify(new StackTraceElement[] {frame("sun.nio.ch.EPoll"),
            frame("sun.nio.ch.EPollSelectorImpl"), frame("io.netty.channel.nio.NioIoHandler"),
            frame("io.netty.util.concurrent.SingleThreadEventExecutor")}));
    }

    @Test
    void theTopmostCategorisedFrameWins() {
        assertEquals("signature checks", Profiler.classify(new StackTraceElement[] {
            frame("org.bouncycastle.math.ec.ECPoint"), frame("org.tem.ledger.crypto.Secp256k1"),
            frame("org.tem.ledger.tx.Transaction"), frame("org.tem.consensus.node.LedgerNode")}));
        assertEquals("networking", Profiler.classify(new StackTraceElement[] {
            frame("io.netty.buffer.PooledByteBuf"), frame("io.netty.channel.nio.NioIoHandler")}));
        assertEquals("contract execution", Profiler.classify(new StackTraceElement[] {
            frame("org.tem.solver.admm.AdmmState"), frame("org.tem.ledger.chain.BlockExecutor")}));
    }
}
