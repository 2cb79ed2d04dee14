package org.tem.consensus.sim;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.tuweni.bytes.Bytes;
import org.tem.consensus.BlockId;
import org.tem.consensus.ChainView;
import org.tem.consensus.Consensus;
import org.tem.consensus.ConsensusHeader;
import org.tem.consensus.Evidence;
import org.tem.consensus.HeaderTemplate;
import org.tem.consensus.SealSlot;
import org.tem.consensus.poa.PoaAnchor;
import org.tem.consensus.poa.PoaConsensus;
import org.tem.consensus.poa.PoaForkChoice;
import org.tem.consensus.poa.PoaHead;
import org.tem.consensus.poa.PoaHeaderData;
import org.tem.ledger.Validation;
import org.tem.ledger.crypto.Address;

/**
 * The unsafe rule the issue warns about, as an engine for the simulation: Clique's fork choice
 * alone ({@link PoaForkChoice#CLIQUE}) and "a block is final once {@code floor(N/2) + 1}
 * distinct signers have sealed on top of it". Sealing and verification are the reference
 * engine's. Used only to show that the simulation's checks catch a reverted final block.
 */
final class NaiveFinality implements Consensus {

    private final PoaConsensus poa;

    NaiveFinality(PoaConsensus poa) {
        this.poa = poa;
    }

    @Override
    public Bytes genesisData() {
        return poa.genesisData();
    }

    @Override
    public Optional<Address> validator() {
        return poa.validator();
    }

    @Override
    public Optional<SealSlot> nextSeal(ChainView chain, ConsensusHeader parent, boolean pending, long now) {
        return poa.nextSeal(chain, parent, pending, now);
    }

    @Override
    public HeaderTemplate prepare(ChainView chain, ConsensusHeader parent, long now) {
        return poa.prepare(chain, parent, now);
    }

    @Override
    public Bytes seal(ChainView chain, ConsensusHeader unsealed) {
        return poa.seal(chain, unsealed);
    }

    @Override
    public Validation verify(ChainView chain, ConsensusHeader header) {
        return poa.verify(chain, header);
    }

    @Override
    public int compare(ChainView chain, ConsensusHeader a, ConsensusHeader b) {
        return PoaForkChoice.CLIQUE.compare(head(chain, a), head(chain, b));
    }

    /** Clique's keys: total difficulty (recomputed by walking the chain) and EIP-3436's. */
    private PoaHead head(ChainView chain, ConsensusHeader h) {
        long td = 0;
        ConsensusHeader x = h;
        while (x.number() > 0) {
            td += PoaHeaderData.decode(x.consensusData()).difficulty();
            x = chain.header(x.parentHash()).orElseThrow();
        }
        int distance = 0;
        if (h.number() > 0) {
            ConsensusHeader parent = chain.header(h.parentHash()).orElseThrow();
            distance = poa.snapshot(chain, parent).inTurnDistance(h.number(), SealSignatures.signer(h));
        }
        return new PoaHead(h.hash(), h.number(), td, distance, new PoaAnchor(0, x.hash()));
    }

    @Override
    public BlockId finalized(ChainView chain, ConsensusHeader head) {
        int limit = poa.signers(chain, head).size() / 2 + 1;
        Set<Address> above = new HashSet<>();
        ConsensusHeader x = head;
        while (x.number() > 0) {
            if (above.size() >= limit) {
                return BlockId.of(x);
            }
            above.add(SealSignatures.signer(x));
            x = chain.header(x.parentHash()).orElseThrow();
        }
        return BlockId.of(x);
    }

    @Override
    public int timeWindow(ChainView chain, ConsensusHeader parent) {
        return poa.timeWindow(chain, parent);
    }

    @Override
    public List<Evidence> evidence() {
        return poa.evidence();
    }
}
