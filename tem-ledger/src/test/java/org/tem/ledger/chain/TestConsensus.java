package org.tem.ledger.chain;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.tuweni.bytes.Bytes;
import org.tem.ledger.Validation;
import org.tem.ledger.block.BlockHeader;
import org.tem.ledger.crypto.Hash;

/**
 * A consensus hook for tests, shaped like Clique's fork choice: a block's difficulty is the
 * first byte of its consensus data (1 if empty; more than one byte is an invalid header); fork
 * choice is the higher total difficulty (summed over the whole branch, so it needs the
 * ancestors), then the higher block, then the lower hash; the finalised block is a fixed depth
 * below the head (never above the genesis if the depth is {@link Integer#MAX_VALUE}). Optionally
 * requires a non-empty seal.
 */
final class TestConsensus implements ConsensusHook {

    private final int finalityDepth;
    private final boolean sealRequired;
    private final Map<Hash, Long> totals = new ConcurrentHashMap<>();

    private TestConsensus(int finalityDepth, boolean sealRequired) {
        this.finalityDepth = finalityDepth;
        this.sealRequired = sealRequired;
    }

    /** Nothing is ever final beyond the genesis: any branch may win. */
    static TestConsensus noFinality() {
        return new TestConsensus(Integer.MAX_VALUE, false);
    }

    /** The block {@code depth} below the head is final. */
    static TestConsensus finalAtDepth(int depth) {
        return new TestConsensus(depth, false);
    }

    /** Like {@link #noFinality()}, and a header without a seal is invalid. */
    static TestConsensus sealRequired() {
        return new TestConsensus(Integer.MAX_VALUE, true);
    }

    /** The consensus data of a block of difficulty {@code d}. */
    static Bytes difficulty(int d) {
        return Bytes.of(d);
    }

    @Override
    public Validation verify(HeaderView chain, BlockHeader header) {
        if (header.consensusData().size() > 1) {
            return Validation.invalid("consensus data of " + header.consensusData().size() + " bytes");
        }
        if (sealRequired && header.seal().isEmpty()) {
            return Validation.invalid("no seal");
        }
        return Validation.ok();
    }

    @Override
    public int compare(HeaderView chain, BlockHeader a, BlockHeader b) {
        int c = Long.compare(total(chain, a), total(chain, b));
        return c != 0 ? c : ConsensusHook.highestThenLowestHash(a, b);
    }

    @Override
    public Hash finalized(HeaderView chain, BlockHeader head) {
        long number = finalityDepth == Integer.MAX_VALUE ? 0 : Math.max(0, head.number() - finalityDepth);
        return chain.ancestor(head, number).orElseThrow().hash();
    }

    /** The branch's total difficulty, memoised by block hash. */
    long total(HeaderView chain, BlockHeader h) {
        Long known = totals.get(h.hash());
        if (known != null) {
            return known;
        }
        long own = h.consensusData().isEmpty() ? 1 : h.consensusData().get(0) & 0xff;
        long t = h.number() == 0 ? 0 : own + total(chain, chain.header(h.parentHash()).orElseThrow());
        totals.put(h.hash(), t);
        return t;
    }
}
