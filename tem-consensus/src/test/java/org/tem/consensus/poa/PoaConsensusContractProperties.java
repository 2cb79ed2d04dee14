package org.tem.consensus.poa;

import java.util.ArrayList;
import java.util.List;
import org.tem.consensus.Consensus;
import org.tem.consensus.ConsensusContract;
import org.tem.consensus.sim.Keys;
import org.tem.ledger.crypto.Address;
import org.tem.ledger.crypto.KeyPair;

/**
 * The shared {@link Consensus} contract, run against the reference proof-of-authority: three
 * signers, checkpoints every 5 blocks and finality epochs of 3, so the random trees cross both.
 */
class PoaConsensusContractProperties implements ConsensusContract {

    @Override
    public World world(long seed) {
        List<KeyPair> keys = new ArrayList<>();
        List<Address> addresses = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            keys.add(Keys.key(seed, i));
            addresses.add(keys.get(i).address());
        }
        PoaParams params = new PoaParams(addresses, 5, 3, 1_000);
        List<Consensus> sealers = new ArrayList<>();
        for (KeyPair k : keys) {
            sealers.add(PoaConsensus.builder(params).validator(k).seed(seed).build());
        }
        return new World(sealers, () -> PoaConsensus.builder(params).build());
    }
}
