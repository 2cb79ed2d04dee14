package org.tem.consensus.poa;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.tem.ledger.crypto.Address;
import org.tem.ledger.crypto.Hash;
import org.tem.ledger.crypto.Keccak;

/**
 * A block in a test block tree, with everything the consensus pieces compute for it: the Clique
 * snapshot and finality state after it, its total difficulty and EIP-3436 key. Immutable; the
 * hash is a Keccak digest of the parent's hash and the block's fields, so different blocks get
 * different hashes.
 */
final class Blk {

    final Blk parent;
    final PoaBlock block;
    final Hash hash;
    final long number;
    final PoaSnapshot snap;
    final PoaFinality fin;
    final long td;
    final int inTurnDistance;

    private Blk(Blk parent, PoaBlock block, Hash hash, long number, PoaSnapshot snap, PoaFinality fin, long td,
            int inTurnDistance) {
        this.parent = parent;
        this.block = block;
        this.hash = hash;
        this.number = number;
        this.snap = snap;
        this.fin = fin;
        this.td = td;
        this.inTurnDistance = inTurnDistance;
    }

    /** The genesis: difficulty 1, as in Clique genesis files. */
    static Blk genesis(List<Address> signers, long cliqueEpoch, long finalityEpoch) {
        PoaSnapshot s = PoaSnapshot.genesis(signers, cliqueEpoch);
        Hash h = Keccak.hash256(Bytes.wrap("tem-poa-test-genesis".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        return new Blk(null, null, h, 0, s, PoaFinality.genesis(h, s, finalityEpoch), 1, 0);
    }

    /** The child sealed by {@code signer}, or empty if the Clique rules reject it. */
    Optional<Blk> tryChild(Address signer, Optional<PoaVote> vote, boolean finalityVote) {
        long n = number + 1;
        PoaSnapshot.Step step = snap.apply(n, signer, vote);
        if (!step.accepted()) {
            return Optional.empty();
        }
        int difficulty = snap.difficulty(n, signer);
        Hash h = Keccak.hash256(Bytes.concatenate(hash.toBytes(), Bytes.ofUnsignedLong(n), signer.toBytes(),
                Bytes.of(finalityVote ? 1 : 0), vote.map(v -> Bytes.concatenate(v.target().toBytes(),
                        Bytes.of(v.authorize() ? 1 : 0))).orElse(Bytes.EMPTY)));
        PoaBlock b = new PoaBlock(h, n, signer, difficulty, finalityVote);
        PoaSnapshot next = step.next();
        return Optional.of(new Blk(this, b, h, n, next, fin.apply(b, next), td + difficulty,
                snap.inTurnDistance(n, signer)));
    }

    /** The child sealed by {@code signer} without a signer vote; fails the test if rejected. */
    Blk child(Address signer, boolean finalityVote) {
        return tryChild(signer, Optional.empty(), finalityVote)
                .orElseThrow(() -> new AssertionError(signer + " may not seal block " + (number + 1)));
    }

    /** Seals one voting block per letter of {@code signers}, in order. */
    Blk seal(String signers) {
        Blk b = this;
        for (char c : signers.toCharArray()) {
            b = b.child(Names.addr(c), true);
        }
        return b;
    }

    PoaHead head() {
        return new PoaHead(hash, number, td, inTurnDistance, fin.justified());
    }

    /** Whether {@code other} is this block or one of its ancestors. */
    boolean descendsFrom(Blk other) {
        Blk b = this;
        while (b != null && b.number > other.number) {
            b = b.parent;
        }
        return b != null && b.hash.equals(other.hash);
    }

    /** Whether the anchor is this block or one of its ancestors. */
    boolean contains(PoaAnchor a) {
        Blk b = this;
        while (b != null && b.number > a.number()) {
            b = b.parent;
        }
        return b != null && b.hash.equals(a.hash());
    }

    Blk ancestorAt(long n) {
        Blk b = this;
        while (b.number > n) {
            b = b.parent;
        }
        return b;
    }

    /** The blocks from the genesis (excluded) to this one, oldest first. */
    List<Blk> path() {
        List<Blk> out = new ArrayList<>();
        for (Blk b = this; b.parent != null; b = b.parent) {
            out.add(0, b);
        }
        return out;
    }

    @Override
    public String toString() {
        return "Blk#" + number + "(" + (block == null ? "genesis" : Names.names(List.of(block.signer()))) + ")";
    }
}
