package org.tem.consensus.dev;

import java.util.List;
import org.tem.consensus.Consensus;
import org.tem.consensus.ConsensusContract;
import org.tem.consensus.sim.Keys;
import org.tem.ledger.crypto.KeyPair;

/** The shared {@link Consensus} contract, run against the single-signer dev engine. */
class DevConsensusContractProperties implements ConsensusContract {

    @Override
    public World world(long seed) {
        KeyPair k = Keys.key(seed, 0);
        return new World(List.of(DevConsensus.sealer(k, 0)), () -> DevConsensus.verifier(k.address(), 0));
    }
}
