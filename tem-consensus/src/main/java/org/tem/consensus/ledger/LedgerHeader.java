package org.tem.consensus.ledger;

import java.util.List;
import java.util.Objects;
import org.apache.tuweni.bytes.Bytes;
import org.tem.consensus.ConsensusHeader;
import org.tem.ledger.block.Block;
import org.tem.ledger.block.BlockHeader;
import org.tem.ledger.crypto.Hash;

/**
 * tem-ledger's {@link BlockHeader} as the {@link ConsensusHeader} an engine reads. The two
 * digests are computed once, on first use (or the block hash is taken from the store that keyed
 * the header by it). A block is {@linkplain #empty() empty} when its transactions root is the
 * root of no transactions. Immutable and thread-safe.
 */
public final class LedgerHeader implements ConsensusHeader {

    /** The transactions root of a block with no transactions. */
    public static final Hash EMPTY_TRANSACTIONS_ROOT = Block.transactionsRoot(List.of());

    private final BlockHeader header;
    private volatile Hash hash;
    private volatile Hash sealingHash;

    private LedgerHeader(BlockHeader header, Hash hash) {
        this.header = Objects.requireNonNull(header, "header");
        this.hash = hash;
    }

    /**
     * @param header a ledger header
     * @return the engine's view of it
     */
    public static LedgerHeader of(BlockHeader header) {
        return new LedgerHeader(header, null);
    }

    /**
     * A header looked up by its hash in a store that keys headers by their hash (so the hash
     * need not be recomputed).
     *
     * @param header the stored header
     * @param hash its hash, as the store keyed it
     * @return the engine's view of it
     */
    static LedgerHeader stored(BlockHeader header, Hash hash) {
        return new LedgerHeader(header, Objects.requireNonNull(hash, "hash"));
    }

    /**
     * @return the ledger header
     */
    public BlockHeader header() {
        return header;
    }

    @Override
    public Hash hash() {
        Hash h = hash;
        if (h == null) {
            h = header.hash();
            hash = h;
        }
        return h;
    }

    @Override
    public Hash parentHash() {
        return header.parentHash();
    }

    @Override
    public long number() {
        return header.number();
    }

    @Override
    public long timestamp() {
        return header.timestamp();
    }

    @Override
    public Bytes consensusData() {
        return header.consensusData();
    }

    @Override
    public Bytes seal() {
        return header.seal();
    }

    @Override
    public Hash sealingHash() {
        Hash h = sealingHash;
        if (h == null) {
            h = header.sealingHash();
            sealingHash = h;
        }
        return h;
    }

    @Override
    public boolean empty() {
        return header.transactionsRoot().equals(EMPTY_TRANSACTIONS_ROOT);
    }

    /**
     * @param o another object
     * @return whether it is a {@link LedgerHeader} of an equal ledger header
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof LedgerHeader other && header.equals(other.header);
    }

    @Override
    public int hashCode() {
        return header.hashCode();
    }

    @Override
    public String toString() {
        return "#" + header.number() + " " + hash();
    }
}
