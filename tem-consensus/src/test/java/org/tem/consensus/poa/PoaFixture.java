package org.tem.consensus.poa;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.tem.consensus.HeaderTemplate;
import org.tem.consensus.sim.Keys;
import org.tem.consensus.sim.SealSignatures;
import org.tem.consensus.sim.SimBlock;
import org.tem.consensus.sim.SimHeader;
import org.tem.consensus.sim.SimTree;
import org.tem.ledger.crypto.Address;
import org.tem.ledger.crypto.KeyPair;
import org.tem.ledger.storage.InMemoryStorage;

/**
 * A proof-of-authority chain built by hand for engine tests: signer keys sorted by address (so
 * {@code key(i)} is {@code signers[i]}, in turn at blocks {@code n % N == i}), one engine per
 * signer, and a tree of simulation blocks.
 */
final class PoaFixture {

    static final long START = 1_700_000_000_000L;

    final List<KeyPair> keys = new ArrayList<>();
    final PoaParams params;
    final SimTree tree;
    final List<PoaConsensus> engines = new ArrayList<>();
    final List<InMemoryStorage> stores = new ArrayList<>();

    PoaFixture(int signers, long epoch, long finalityEpoch, long period) {
        for (int i = 0; i < signers; i++) {
            keys.add(Keys.key(42, i));
        }
        keys.sort(Comparator.comparing(KeyPair::address));
        List<Address> addresses = new ArrayList<>();
        for (KeyPair k : keys) {
            addresses.add(k.address());
        }
        params = new PoaParams(addresses, epoch, finalityEpoch, period);
        tree = new SimTree(SimHeader.genesis(START, params.encode()));
        for (KeyPair k : keys) {
            InMemoryStorage store = new InMemoryStorage();
            stores.add(store);
            engines.add(PoaConsensus.builder(params).validator(k).store(store).seed(7).build());
        }
    }

    SimBlock genesis() {
        return tree.genesis();
    }

    Address addr(int i) {
        return keys.get(i).address();
    }

    PoaConsensus verifier() {
        return PoaConsensus.builder(params).build();
    }

    /** Signer {@code i} seals on {@code parent} through its engine, at the parent's time plus the period. */
    SimBlock seal(SimBlock parent, int i) {
        return seal(parent, i, List.of());
    }

    SimBlock seal(SimBlock parent, int i, List<Bytes> body) {
        PoaConsensus e = engines.get(i);
        HeaderTemplate t = e.prepare(tree, parent.header(), parent.header().timestamp() + params.periodMillis());
        SimHeader h = new SimHeader(parent.hash(), parent.header().number() + 1, t.timestamp(), SimBlock.bodyHash(body),
                t.consensusData(), Bytes.EMPTY);
        SimBlock b = new SimBlock(h.withSeal(e.seal(tree, h)), body);
        tree.add(b);
        return b;
    }

    /** {@code count} blocks sealed in turn (or by the first signer allowed, if the in-turn one may not). */
    SimBlock run(SimBlock parent, int count) {
        SimBlock b = parent;
        for (int k = 0; k < count; k++) {
            int n = keys.size();
            PoaSnapshot s = engines.get(0).snapshot(tree, b.header());
            int i = (int) ((b.header().number() + 1) % n);
            while (!s.maySeal(addr(i))) {
                i = (i + 1) % n;
            }
            b = seal(b, i);
        }
        return b;
    }

    /** A header sealed by {@code key} with exactly the given fields, whatever the rules say; not added. */
    SimBlock forge(SimBlock parent, KeyPair key, Bytes data, long timestamp) {
        SimHeader h = new SimHeader(parent.hash(), parent.header().number() + 1, timestamp, SimHeader.EMPTY_BODY, data,
                Bytes.EMPTY);
        return new SimBlock(h.withSeal(SealSignatures.sign(key, h)), List.of());
    }

    /** The honest consensus data signer {@code i} would use on {@code parent}, as a starting point to break. */
    PoaHeaderData dataFor(SimBlock parent, int i) {
        return PoaHeaderData.decode(engines.get(i).prepare(tree, parent.header(), 0).consensusData());
    }
}
