package org.tem.consensus.node;

import java.util.List;
import java.util.SplittableRandom;
import org.apache.tuweni.bytes.Bytes;
import org.tem.consensus.internal.SealSignature;
import org.tem.consensus.network.Blocks;
import org.tem.consensus.network.GetBlocks;
import org.tem.consensus.network.InMemoryNetwork;
import org.tem.consensus.network.NewBlock;
import org.tem.consensus.network.PeerId;
import org.tem.consensus.network.Status;
import org.tem.consensus.network.Transactions;
import org.tem.consensus.poa.PoaHeaderData;
import org.tem.ledger.block.Block;
import org.tem.ledger.block.BlockHeader;
import org.tem.ledger.crypto.Hash;
import org.tem.ledger.crypto.KeyPair;

/**
 * What a hostile peer sends, a kind drawn at random each time: random bytes, undecodable blocks and
 * transactions, well-formed blocks on the genesis sealed by a key that is not a signer, blocks
 * with unknown parents (to fill the orphan pool), a status with a wrong genesis, answers to no
 * request, and requests for many blocks.
 */
final class Junk {

    private final LedgerCluster c;
    private final SplittableRandom random;
    private final KeyPair forger = LedgerCluster.key("forger");
    private final Hash genesis;

    Junk(LedgerCluster c, SplittableRandom random) {
        this.c = c;
        this.random = random;
        this.genesis = c.node("v0").reader().block(0).orElseThrow().hash();
    }

    private Bytes randomBytes(int max) {
        byte[] b = new byte[1 + random.nextInt(max)];
        random.nextBytes(b);
        return Bytes.wrap(b);
    }

    private Hash randomHash() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return Hash.of(Bytes.wrap(b));
    }

    /** A well-formed block on {@code parent}, sealed by the forger (not a signer). */
    private Bytes forged(Hash parent, long number) {
        BlockHeader h = new BlockHeader(parent, number, c.sim.now(), Block.transactionsRoot(List.of()), randomHash(),
                randomHash(), PoaHeaderData.plain(2, false).encode(), Bytes.EMPTY);
        return new Block(h.withSeal(SealSignature.sign(forger, h.sealingHash())), List.of()).encode();
    }

    /** Sends one junk message of the next kind to {@code to}. */
    void send(InMemoryNetwork.Endpoint from, PeerId to) {
        switch (random.nextInt(8)) {
            case 0 -> from.sendRaw(to, randomBytes(300));
            case 1 -> from.send(to, new NewBlock(randomBytes(300)));
            case 2 -> from.send(to, new NewBlock(forged(genesis, 1)));
            case 3 -> from.send(to, new NewBlock(forged(randomHash(), 5 + random.nextInt(50))));
            case 4 -> from.send(to, new Status(Status.PROTOCOL_VERSION, LedgerCluster.CHAIN_ID, randomHash(), 1_000,
                    randomHash(), Bytes.EMPTY, 0, randomHash()));
            case 5 -> from.send(to, new Blocks(random.nextLong(), List.of(forged(genesis, 1))));
            case 6 -> from.send(to, GetBlocks.range(random.nextLong(), 0, GetBlocks.MAX_COUNT));
            default -> from.send(to, new Transactions(List.of(randomBytes(200))));
        }
    }
}
