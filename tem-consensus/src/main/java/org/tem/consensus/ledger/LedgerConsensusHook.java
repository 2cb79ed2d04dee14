package org.tem.consensus.ledger;

import java.util.Objects;
import java.util.Optional;
import org.tem.consensus.ChainView;
import org.tem.consensus.Consensus;
import org.tem.consensus.ConsensusHeader;
import org.tem.ledger.Validation;
import org.tem.ledger.block.BlockHeader;
import org.tem.ledger.chain.ConsensusHook;
import org.tem.ledger.chain.Genesis;
import org.tem.ledger.chain.HeaderView;
import org.tem.ledger.crypto.Hash;

/**
 * A {@link Consensus} engine as the {@link ConsensusHook} of tem-ledger's chain: every hook call
 * is the engine's call on the same headers, through {@link LedgerHeader} (a ledger header as the
 * engine reads it) and {@link #view} (the chain's {@link HeaderView} as the engine's {@link
 * ChainView}). The ledger stays ignorant of the engine, and the engine of the ledger's types.
 *
 * <p>The hook's contract carries over: {@link #verify} never throws for bad input (the engine's
 * own promise), and the chain treats an exception from {@link #compare} or {@link #finalized}
 * (the engine's {@link IllegalArgumentException} for a chain it cannot read) as this node failing
 * to process the block. Thread-safe, as the engine is.
 */
public final class LedgerConsensusHook implements ConsensusHook {

    private final Consensus engine;

    private LedgerConsensusHook(Consensus engine) {
        this.engine = Objects.requireNonNull(engine, "engine");
    }

    /**
     * @param engine the consensus engine
     * @return the hook that asks it
     */
    public static LedgerConsensusHook of(Consensus engine) {
        return new LedgerConsensusHook(engine);
    }

    /**
     * Checks that a chain definition commits to this engine's parameters: its consensus data
     * must be what the engine puts in a genesis header, or nodes would disagree on the genesis.
     *
     * @param genesis a chain definition
     * @param engine the engine the chain is to run
     * @throws IllegalArgumentException if the genesis' consensus data is not the engine's
     */
    public static void checkGenesis(Genesis genesis, Consensus engine) {
        if (!genesis.consensusData().equals(engine.genesisData())) {
            throw new IllegalArgumentException("the genesis' consensus data (" + genesis.consensusData().size()
                    + " bytes) is not this engine's genesis data (" + engine.genesisData().size()
                    + " bytes): the chain was defined for other consensus parameters");
        }
    }

    /**
     * @return the engine
     */
    public Consensus engine() {
        return engine;
    }

    /**
     * @param headers the chain's headers
     * @return the same headers as the engine reads them
     */
    public static ChainView view(HeaderView headers) {
        Objects.requireNonNull(headers, "headers");
        return hash -> {
            Optional<BlockHeader> h = headers.header(hash);
            return h.map(x -> (ConsensusHeader) LedgerHeader.stored(x, hash));
        };
    }

    @Override
    public Validation verify(HeaderView chain, BlockHeader header) {
        return engine.verify(view(chain), LedgerHeader.of(header));
    }

    @Override
    public int compare(HeaderView chain, BlockHeader a, BlockHeader b) {
        return engine.compare(view(chain), LedgerHeader.of(a), LedgerHeader.of(b));
    }

    @Override
    public Hash finalized(HeaderView chain, BlockHeader head) {
        return engine.finalized(view(chain), LedgerHeader.of(head)).hash();
    }

    @Override
    public int timeWindow(HeaderView chain, BlockHeader parent) {
        return engine.timeWindow(view(chain), LedgerHeader.of(parent));
    }
}
